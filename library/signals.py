"""Framework hooks: a new or replaced document file gets its text extracted in the background, and
the articles of a deleted document lose its text."""

from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save, pre_delete

from .models import LibraryArticlePage, LibraryDocument
from .services import refresh_attachments_text
from .tasks import request_extraction

_UNKNOWN = object()


def remember_file_name(sender, instance, **kwargs):
    # Read the raw attribute: touching `instance.file` on a deferred load would run a query.
    value = instance.__dict__.get("file", _UNKNOWN)
    instance._lumino_saved_file = getattr(value, "name", value)


def document_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and "file" not in update_fields):
        return
    before = getattr(instance, "_lumino_saved_file", _UNKNOWN)
    if created or (before is not _UNKNOWN and instance.file.name != before):
        request_extraction(document=instance)
    instance._lumino_saved_file = instance.file.name


def document_deleting(sender, instance, **kwargs):
    # The attachments go with the document (CASCADE); remember whose text must be recomputed.
    instance._lumino_article_ids = list(
        LibraryArticlePage.objects.filter(attachments__document=instance).values_list("pk", flat=True)
    )


def document_deleted(sender, instance, **kwargs):
    page_ids = getattr(instance, "_lumino_article_ids", None)
    if page_ids:
        transaction.on_commit(lambda: refresh_attachments_text(page_ids=page_ids), robust=True)


def connect():
    post_init.connect(remember_file_name, sender=LibraryDocument, dispatch_uid="library_document_file")
    post_save.connect(document_saved, sender=LibraryDocument, dispatch_uid="library_document_saved")
    pre_delete.connect(document_deleting, sender=LibraryDocument, dispatch_uid="library_document_deleting")
    post_delete.connect(document_deleted, sender=LibraryDocument, dispatch_uid="library_document_deleted")
