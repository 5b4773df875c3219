"""Logging filters named in settings.LOGGING."""

import logging

# Django logs these refusals of a bad request (answered 400) at ERROR on django.security.<name>.
CLIENT_ERROR_LOGGERS = [
    "django.security.DisallowedHost",
    "django.security.RequestDataTooBig",
    "django.security.TooManyFieldsSent",
    "django.security.TooManyFilesSent",
]


class ClientErrorAsWarning(logging.Filter):
    """A client's bad request is worth a warning, not an error: errors page someone at night."""

    def filter(self, record):
        if record.levelno > logging.WARNING:
            record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        return True
