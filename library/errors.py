from portal.errors import DomainError


class LibraryError(DomainError):
    """A library rule said no: an unsafe or mismatched upload, an unreadable document."""

    status = 400
