"""Framework hooks: a new or replaced document file gets its text extracted in the background."""

from django.db.models.signals import post_init, post_save

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
        from .services import request_extraction

        request_extraction(document=instance)
    instance._lumino_saved_file = instance.file.name


def connect():
    from .models import LibraryDocument

    post_init.connect(remember_file_name, sender=LibraryDocument, dispatch_uid="library_document_file")
    post_save.connect(document_saved, sender=LibraryDocument, dispatch_uid="library_document_saved")
