"""The portal's public address (SITE_URL), for links made where there is no request.

E-mails, calendar files and tasks call `absolute_url`. Views that have a request build links from
it. Page URLs come from the Wagtail Site record, which `sync_default_site` keeps at the same host
and port (after every `migrate`, and in `seed_demo`), so both kinds of link agree.
"""

import logging
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction

from wagtail.models import Site

logger = logging.getLogger(__name__)


def absolute_url(path=""):
    """`path` on the public address; a URL that is already absolute comes back unchanged."""
    return urljoin(f"{settings.SITE_URL}/", str(path or ""))


def site_hostname():
    return urlsplit(settings.SITE_URL).hostname


def site_domain():
    """Host and port, as in "lumino.example" or "127.0.0.1:8000"."""
    return urlsplit(settings.SITE_URL).netloc


def site_address():
    """(hostname, port) of SITE_URL, as the Wagtail Site record stores them."""
    parts = urlsplit(settings.SITE_URL)
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def sync_default_site(using=DEFAULT_DB_ALIAS):
    """Give the default Wagtail Site the host and port of SITE_URL. Returns True if it changed.

    Wagtail builds a page's full URL from it as http://host:port (https:// only on port 443).
    """
    if Site._meta.db_table not in connections[using].introspection.table_names():
        return False  # a partial migrate, before Wagtail's tables exist
    site = Site.objects.using(using).filter(is_default_site=True).first()
    hostname, port = site_address()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    try:
        with transaction.atomic(using=using):
            site.save(using=using, update_fields=["hostname", "port"])
    except IntegrityError:
        logger.warning("Another Wagtail Site answers at %s:%s; the default site keeps its address.", hostname, port)
        return False
    return True
