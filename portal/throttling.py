"""Rate limits for the API's writes, by scope: logging in, changing mentors, booking, logging hours.

Reading is limited by the default throttles (anonymous and per-user rates). Writes that can be
abused get a stricter budget of their own: a view names its scope and adds `WriteRateThrottle`
(or `ScopedWritesMixin` for a viewset), and the scope's rate lives in
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (settings, read from the environment):

    class BookingViewSet(ScopedWritesMixin, viewsets.ModelViewSet):
        throttle_scope = "bookings"

The rate is read on every request, so a scope without a rate (None) is not limited: the test
settings switch the scopes off that way, and a test turns one on with override_settings.
"""

from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class WriteRateThrottle(SimpleRateThrottle):
    """Counts POST, PUT, PATCH and DELETE per person (per address when anonymous) and scope."""

    scope_attr = "throttle_scope"

    def __init__(self):
        # The scope, and so the rate, is known only once a view asks.
        pass

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        self.scope = getattr(view, self.scope_attr, None) or self.scope
        self.rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) if self.scope else None
        self.num_requests, self.duration = self.parse_rate(self.rate)
        if self.rate is None:
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        ident = request.user.pk if request.user and request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AuthRateThrottle(WriteRateThrottle):
    """Token requests (obtain, refresh, log out): per address, whoever asks."""

    scope = "auth"
    scope_attr = "auth_throttle_scope"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ScopedWritesMixin:
    """A view whose writes count against its `throttle_scope`, on top of the default throttles."""

    throttle_scope = None

    def get_throttles(self):
        return [*super().get_throttles(), WriteRateThrottle()]
