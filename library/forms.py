"""The admin's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE): Wagtail's, plus content checks."""

from django import forms
from django.core.files.uploadedfile import UploadedFile

from wagtail.documents.forms import BaseDocumentForm

from .errors import LibraryError
from .files import check_document_file


class LibraryDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # Only a new upload is checked; an unchanged file was checked when it arrived.
        if isinstance(upload, UploadedFile):
            try:
                check_document_file(upload, upload.name, size=upload.size)
            except LibraryError as exc:
                raise forms.ValidationError(exc.message, code=exc.code) from exc
        return upload

    class Meta(BaseDocumentForm.Meta):
        pass
