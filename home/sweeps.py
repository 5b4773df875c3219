from portal.sweeps import register

from .fragments import prune_content_changes


@register
def prune_content_versions():
    """Only the newest content change is needed: it is the version every cached fragment holds."""
    return prune_content_changes()
