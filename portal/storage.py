"""Where private files live (certificates, ticket evidence): the "private" storage of STORAGES,
never served from a public media URL; each app serves its files through a view that checks who asks."""

from django.core.files.storage import storages


def private_storage():
    """A FileField's `storage`: a callable, so migrations name it instead of freezing a path."""
    return storages["private"]
