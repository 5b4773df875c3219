"""The one shape every refusal takes, whichever app raises it."""


class DomainError(Exception):
    """A business rule said no. Apps subclass it once (ReservationError, TicketError…).

    `code` is stable for clients, `message` is a translatable sentence a person can act on,
    `field` names the input at fault (None for the request as a whole), and `status` is the
    HTTP status the API answers with.
    """

    status = 409

    def __init__(self, code, message, *, field=None, status=None, extra=None):
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field
        self.extra = extra or {}
        if status is not None:
            self.status = status


class BusyError(DomainError):
    """A lock could not be taken in time: the client should try again shortly."""

    status = 503
