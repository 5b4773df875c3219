from portal.sweeps import register


@register
def retry_search_index_updates():
    """Index updates that failed (search engine down, queue refused) are tried again."""
    from .indexing import requeue_pending_index_updates

    return requeue_pending_index_updates()
