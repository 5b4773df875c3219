"""`wagtail.search`, with index updates that are logged and retried instead of failing an edit.

Listed in INSTALLED_APPS in place of "wagtail.search" (same name and label, so migrations,
`update_index` and every Wagtail feature keep working). Upstream, a page save indexes through a
task that re-raises database-backend errors (on PostgreSQL, into the editor's own transaction
when the task runs in-process) and silently drops Elasticsearch errors. After the upstream
receivers are connected, they are swapped for `search.triggers`', which never raise and record
what failed so the sweep can retry it.
"""

from django.db.models.signals import post_delete, post_save

from wagtail.search.apps import WagtailSearchAppConfig


class WagtailSearchConfig(WagtailSearchAppConfig):
    default = False

    def ready(self):
        super().ready()
        from modelsearch import signal_handlers as upstream
        from modelsearch.index import get_indexed_models

        from search import triggers

        for model in get_indexed_models():
            if not getattr(model, "search_auto_update", True):
                continue
            post_save.disconnect(upstream.post_save_signal_handler, sender=model)
            post_delete.disconnect(upstream.post_delete_signal_handler, sender=model)
            post_save.connect(
                triggers.index_on_save, sender=model, dispatch_uid=f"search-index-save-{model._meta.label}"
            )
            post_delete.connect(
                triggers.unindex_on_delete, sender=model, dispatch_uid=f"search-index-delete-{model._meta.label}"
            )
