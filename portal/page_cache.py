"""Anonymous pages: cacheable by browsers and proxies, and served from Django's cache.

- `CacheHeadersMiddleware` says who may keep an answer. A visitor's successful GET that sets no
  cookie and did not decide for itself (views that answer one person say `private` or
  `never_cache`) gets `Cache-Control: public, max-age=LUMINO_PUBLIC_MAX_AGE` and
  `Vary: Cookie, Accept-Language`; an answer to a logged-in person is `private`. The personal
  parts of public pages come as fragments of their own (accounts' menu, a course's sessions), so
  the page itself is the same for every visitor.
- `UpdatePageCacheMiddleware` / `FetchPageCacheMiddleware`: Django's own per-site cache, keyed by
  the content version (home/fragments.py), so a publish or unpublish shows within seconds instead
  of when the entry expires. Only what `CacheHeadersMiddleware` made public is stored (Django
  never stores a `private` answer or one that sets a cookie). `LUMINO_PAGE_CACHE` turns it off.

nginx in docker-compose micro-caches the same answers for a few seconds in front of all this.
"""

from django.conf import settings
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers

from home.fragments import content_version

SAFE_METHODS = ("GET", "HEAD")


def _excluded(request):
    path = request.path_info
    return path.startswith((settings.LUMINO_ADMIN_PATH_PREFIX, "/api/", "/metrics", "/healthz"))


class CacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS or _excluded(request) or response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
        elif self.is_public(request, response):
            patch_cache_control(response, public=True, max_age=settings.LUMINO_PUBLIC_MAX_AGE)
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response

    @staticmethod
    def is_public(request, response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            # A page that used the request's CSP nonce holds it: it belongs to this answer only.
            and getattr(request, "_csp_nonce", None) is None
        )


class VersionedKeyPrefix:
    """Django's cache middleware with the content version in its keys (a change empties it)."""

    @property
    def key_prefix(self):
        return f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}page:{content_version()}"

    @key_prefix.setter
    def key_prefix(self, value):
        """Django's __init__ sets a fixed prefix; the versioned one above is used instead."""


class UpdatePageCacheMiddleware(VersionedKeyPrefix, UpdateCacheMiddleware):
    def _should_update_cache(self, request, response):
        return settings.LUMINO_PAGE_CACHE and super()._should_update_cache(request, response)


class FetchPageCacheMiddleware(VersionedKeyPrefix, FetchFromCacheMiddleware):
    def process_request(self, request):
        if not settings.LUMINO_PAGE_CACHE or _excluded(request):
            request._cache_update_cache = False
            return None
        return super().process_request(request)
