"""Cached fragments of public pages, and the one number that throws them all away.

Every fragment a visitor sees that is made of content (the navigation, the listings' filters and
cards) is cached under a key holding the *content version*: a number stored in the database and
bumped in the same transaction as any change that public pages show: a page published,
unpublished, moved or deleted, a page's privacy, an image, a site setting, or a model an app
registers with `invalidate_on` (course sessions, library categories…). Old entries are never
looked for again and expire (`LUMINO_FRAGMENT_TIMEOUT`); nothing has to know which fragments a
change touched.

The version is the newest row of `ContentChange`, a table that is only inserted into: a change
adds a row in its own transaction (no row lock, so it never makes two bookings or two publishes
wait for each other), and others see the new version exactly when they can see the change. It
lives in the database, not in the cache, so every process (web workers, the task worker publishing
a scheduled page) sees it whatever the cache is; each process reads it at most once every
`LUMINO_CONTENT_VERSION_TTL` seconds (2 by default): a change shows within seconds, a warm page
costs no query for it, and the process that made the change sees it at once. The sweep keeps
only the newest row. A thread whose transaction has bumped the version but not committed yet reads
its own view and neither remembers it for the process nor caches fragments until the commit:
other threads must not file fragments of the old content under a version they cannot see yet, nor
may content that could still be rolled back be cached at all.

Fragments vary by language and by audience (`audience_key`): visitors share one copy; logged-in
people share one per set of groups, because members-only pages are listed to them.
"""

import functools
import hashlib
import threading
import time

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import connections, models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import translation

_shared = {"version": None, "read_at": 0.0}
_lock = threading.Lock()
_changing = threading.local()  # .flag: this thread's open transaction bumped the version


def _read_version():
    from .models import ContentChange

    return ContentChange.objects.aggregate(version=models.Max("pk"))["version"] or 0


def content_version():
    """The current content version (read from the database at most every few seconds)."""
    if changing_now():
        return _read_version()  # this transaction's own view: never shared with other threads
    now = time.monotonic()
    with _lock:
        if _shared["version"] is not None and now - _shared["read_at"] < settings.LUMINO_CONTENT_VERSION_TTL:
            return _shared["version"]
    version = _read_version()
    with _lock:
        _shared.update(version=version, read_at=now)
    return version


def forget_version():
    """Read the version from the database on the next call (after a change, and in tests)."""
    with _lock:
        _shared.update(version=None, read_at=0.0)


def bump_content_version(**_kwargs):
    """Record that public content changed: every cached fragment and page is stale from now on.

    The row is inserted in the caller's transaction, so other processes see the new version exactly
    when they can see the change; this process forgets its copy now and again after the commit."""
    from .models import ContentChange

    ContentChange.objects.create()
    forget_version()
    if _in_transaction():
        _changing.flag = True
        transaction.on_commit(_committed)


def _committed():
    _changing.flag = False
    forget_version()


def _in_transaction():
    """Inside an atomic block of the code's own (TestCase wraps each test in blocks that stand for
    the database as committed: they do not count)."""
    return any(not getattr(block, "_from_testcase", False) for block in transaction.get_connection().atomic_blocks)


def changing_now():
    """Whether this thread is inside a transaction that bumped the version and has not committed.
    Out of it (committed, or rolled back: then no commit callback runs), the flag is dropped."""
    if not getattr(_changing, "flag", False):
        return False
    if _in_transaction():
        return True
    _changing.flag = False
    return False


def bump_unless_bookkeeping(sender, update_fields=None, **kwargs):
    """Images: Wagtail saves the file's size and hash on first use (a visitor's view); that
    changes nothing anyone sees, so it must not empty every cache."""
    if update_fields and set(update_fields) <= IMAGE_BOOKKEEPING_FIELDS:
        return
    bump_content_version()


IMAGE_BOOKKEEPING_FIELDS = {"file_size", "file_hash"}


def invalidate_on(*model_classes):
    """Bump the content version whenever one of these models is saved or deleted."""
    for model in model_classes:
        uid = f"lumino-fragments-{model._meta.label_lower}"
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-save", weak=False)
        post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-delete", weak=False)


def audience_key(request):
    """Who a fragment was made for: 'visitor', or a logged-in person's groups (members-only
    pages listed to them depend on nothing else; superusers pass every group restriction)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "visitor"
    audience = getattr(request, "_lumino_audience", None)
    if audience is None:
        audience = request._lumino_audience = audience_of(user)
    return audience


def audience_of(user):
    """`audience_key` for a person (None or anonymous for a visitor), without a request."""
    if user is None or not user.is_authenticated:
        return "visitor"
    if user.is_superuser:
        return "superuser"
    key = audience_cache_key(user.pk)
    audience = cache.get(key)
    if audience is None:
        audience = "member:" + ",".join(map(str, sorted(user.groups.values_list("pk", flat=True))))
        cache.set(key, audience, settings.LUMINO_FRAGMENT_TIMEOUT)
    return audience


def audience_cache_key(user_id):
    return f"lumino:audience:{user_id}"


def forget_audience(instance=None, action="", pk_set=None, reverse=False, **_kwargs):
    """A person's groups changed (m2m_changed on User.groups, from either side): their cached
    audience goes. A group emptied all at once is handled before it is emptied."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        user_ids = [instance.pk]
    elif action == "pre_clear":
        user_ids = list(instance.user_set.values_list("pk", flat=True))
    else:
        user_ids = list(pk_set or ())
    cache.delete_many([audience_cache_key(user_id) for user_id in user_ids])


def cached_route(root, request, path_components, walk):
    """Where `path_components` lead from `root` (the site's home page), remembered per content
    version: the page Wagtail's walk down the tree ended at and how many components it took. A
    warm address then costs one query (the page itself) instead of two per level; the page's own
    `route` still runs on what is left (a routable page's sub-route, the live check)."""
    if not path_components or not fragments_on(request):
        return walk()
    key = f"lumino:route:{content_version()}:{root.pk}:{hashlib.sha256('/'.join(path_components).encode()).hexdigest()}"
    found = cache.get(key)
    if found is not None:
        content_type_id, page_id, taken = found
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.filter(pk=page_id).first() if model is not None else None
        if page is not None:
            return page.route(request, path_components[taken:])
    result = walk()  # Http404 when nothing is there: never remembered
    page = result[0]
    cache.set(key, (page.content_type_id, page.pk, page.depth - root.depth), settings.LUMINO_FRAGMENT_TIMEOUT)
    return result


def fragments_on(request=None):
    """Whether fragments are cached at all (not in the test settings, timeout 0) and, given a
    request, for it: GET/HEAD views of live pages, never an editor's preview."""
    if not settings.LUMINO_FRAGMENT_TIMEOUT or changing_now():
        return False
    return request is None or (request.method in ("GET", "HEAD") and not getattr(request, "is_preview", False))


def fragment_key(name, request, *parts, per_address=True):
    """The cache key of fragment `name` for this request: content version, language, audience,
    scheme and host, the address with its query string (unless `per_address` is False: the same
    fragment on every page, like the footer), and any `parts` the caller adds."""
    address = request.get_full_path() if per_address else ""
    raw = "|".join(
        map(
            str,
            (
                content_version(),
                static_release(),
                translation.get_language(),
                audience_key(request),
                request.scheme,
                request.get_host(),
                address,
                *parts,
            ),
        )
    )
    return f"lumino:fragment:{name}:{hashlib.sha256(raw.encode()).hexdigest()}"


@functools.cache
def static_release():
    """The static files' manifest hash: fragments hold hashed static URLs (the logo, scripts), so a
    deploy with new static files must not serve old fragments. Empty without a manifest."""
    return getattr(staticfiles_storage, "manifest_hash", "") or ""


def bump_after_migrate(using="default", **_kwargs):
    """A deploy runs `migrate`: new templates and code must not be served from old fragments."""
    from .models import ContentChange

    if ContentChange._meta.db_table in connections[using].introspection.table_names():
        ContentChange.objects.using(using).create()
        forget_version()


def cached_fragment(name, request, render, *parts, per_address=True):
    """The fragment's text from the cache, or `render()` stored for next time."""
    if not fragments_on(request):
        return render()
    return _kept(fragment_key(name, request, *parts, per_address=per_address), render)


def remembered(name, compute, vary=tuple):
    """`compute()` (a picklable value) kept like a fragment: for the current content version and
    what `vary()` returns, `LUMINO_FRAGMENT_TIMEOUT` at most; computed every time (and `vary` not
    called) when fragments are off."""
    if not fragments_on():
        return compute()
    raw = "|".join(map(str, (content_version(), *vary())))
    return _kept(f"lumino:remembered:{name}:{hashlib.sha256(raw.encode()).hexdigest()}", compute)


def _kept(key, compute):
    """The cached value under `key`, or `compute()` stored there for the fragments' timeout."""
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.LUMINO_FRAGMENT_TIMEOUT)
    return value


class Deferred:
    """Context that a page's cached fragment needs, computed only when the fragment is not cached:
    `{% fragment "page" context=page_context %}` calls `.context(request)` on a miss."""

    do_not_call_in_templates = True

    def __init__(self, compute):
        self.compute = compute

    def context(self, request):
        return self.compute(request)


class DeferredContextPage:
    """A page type whose template wraps its body in `{% fragment "page" context=page_context %}`:
    `fragment_context(request)` (what the body needs that costs queries) runs only on a miss.
    Put it before `Page` in the bases."""

    def fragment_context(self, request):
        return {}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["page_context"] = Deferred(self.fragment_context)
        return context


def prune_content_changes():
    """Keep only the newest ContentChange row (the sweep): the version is its id."""
    from .models import ContentChange

    newest = _read_version()
    deleted, _per_model = ContentChange.objects.filter(pk__lt=newest).delete()
    return deleted
