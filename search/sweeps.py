from portal.sweeps import register

from .triggers import requeue_pending_index_updates


@register
def retry_search_index_updates():
    """Index updates that failed (search engine down, queue refused) are tried again."""
    return requeue_pending_index_updates()
