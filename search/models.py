from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PendingIndexUpdate(models.Model):
    """An object whose search-index entry may be out of date.

    Written in the same transaction as the edit, so a crash between commit and enqueue, a
    queue that is down or a search engine that fails loses nothing: the sweep in
    `search.sweeps` re-enqueues every due row, and a successful update deletes it.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(_("object id"), max_length=64)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # When the object last changed; an update that started earlier does not clear the row.
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("pending search-index update")
        verbose_name_plural = _("pending search-index updates")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="search_pending_update_unique")
        ]

    def __str__(self):
        return f"{self.content_type.app_label}.{self.content_type.model} #{self.object_id}"
