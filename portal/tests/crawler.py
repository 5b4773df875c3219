"""A bounded same-site crawler for the test client: what a visitor can reach by following links.

It requests each URL once, reads the links of every HTML page (``<a href>``, ``<link href>``,
the personal fragments loaded by ``data-fragment``) and the addresses of feeds and sitemaps,
and submits each GET form once per choice of each of its selects, as a browser sends it (the
other fields keep their current values, empty ones included). Listings are followed one filter
deep and to their second page, which keeps the crawl finite however many filters combine.
"""

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.core.signals import got_request_exception

SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/static/", "/media/", "/api/")
# Query parameters that do not filter a listing: the search words and the page number.
NOT_FILTERS = {"q", "page"}
# Where to go after logging in changes nothing on the page itself: /accounts/login/ is crawled once.
IGNORED_PARAMS = {"next"}
XML_ADDRESS = re.compile(r"<(?:loc|link)(?:\s[^>]*)?>\s*([^<\s]+)\s*</(?:loc|link)>|<link[^>]*\bhref=\"([^\"]+)\"")


class LinkParser(HTMLParser):
    """Collects the links of a page and the URLs its GET forms can submit."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.forms = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("a", "link") and attrs.get("href") and attrs.get("rel") != "stylesheet":
            self.links.append(attrs["href"])
        if attrs.get("data-fragment"):
            self.links.append(attrs["data-fragment"])
        if tag == "form":
            get = (attrs.get("method") or "get").lower() == "get"
            self._form = {"action": attrs.get("action") or "", "fields": [], "selects": {}} if get else None
            if get:
                self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea") and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._form["fields"].append([attrs["name"], attrs.get("value") or ("on" if kind == "checkbox" else "")])
        elif self._form is not None and tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            self._form["fields"].append([self._select, None])
            self._form["selects"][self._select] = []
        elif self._select and tag == "option":
            self._form["selects"][self._select].append((attrs.get("value", ""), "selected" in attrs))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None

    def form_urls(self):
        """For each GET form: one URL per option of each select, the rest as the page shows it."""
        urls = []
        for form in self.forms:
            current = {}
            for name, options in form["selects"].items():
                chosen = [value for value, selected in options if selected]
                current[name] = chosen[0] if chosen else (options[0][0] if options else "")
            base = [(name, current[name] if value is None else value) for name, value in form["fields"]]
            for name, options in form["selects"].items():
                for value, _selected in options:
                    if value != current[name]:
                        query = [(key, value if key == name else old) for key, old in base]
                        urls.append(f"{form['action']}?{urlencode(query)}")
        return urls


@dataclass
class Visit:
    url: str
    status: int
    found_on: str
    location: str = ""
    error: str = ""
    listing_count: int | None = None
    filters: dict = field(default_factory=dict)


class Crawler:
    """Crawls from `seeds` with one test client, never leaving the site's own hosts."""

    def __init__(self, client, hosts, limit=3000):
        self.client = client
        self.hosts = {"", *hosts}
        self.limit = limit
        self.visits = {}
        self.language_links = set()

    def normalise(self, href, base):
        """The same-site path and query of a link, or None for links the crawl leaves alone."""
        href = href.strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
            return None
        parts = urlsplit(urljoin(base, href))
        if parts.scheme not in ("http", "https") or parts.netloc.split(":")[0] not in self.hosts:
            return None
        path = parts.path or "/"
        if path.startswith(SKIPPED_PREFIXES) or "logout" in path:
            return None
        if path.startswith("/language/"):
            self.language_links.add(path)
            return None
        query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in IGNORED_PARAMS)
        return f"{path}?{urlencode(query)}" if query else path

    @staticmethod
    def worth_following(url):
        """One filter at a time and at most the second page of each listing."""
        query = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
        filters = [key for key, value in query.items() if value and key not in NOT_FILTERS]
        return len(filters) <= 1 and query.get("page", "1") in ("1", "2")

    def crawl(self, seeds):
        queue = deque((url, "(start)") for url in seeds)
        queued = {url for url, _found_on in queue}
        errors = []

        def remember(sender, request=None, **kwargs):
            import sys

            errors.append(repr(sys.exc_info()[1]))

        got_request_exception.connect(remember, weak=False)
        try:
            while queue:
                if len(self.visits) >= self.limit:
                    raise AssertionError(f"the crawl passed {self.limit} URLs; is a link generating new ones?")
                url, found_on = queue.popleft()
                errors.clear()
                visit, links = self.visit(url, found_on)
                visit.error = "; ".join(errors)
                self.visits[url] = visit
                for link in links:
                    target = self.normalise(link, "http://testserver" + url)
                    if target and target not in queued and self.worth_following(target):
                        queued.add(target)
                        queue.append((target, url))
        finally:
            got_request_exception.disconnect(remember)
        return self.visits

    def visit(self, url, found_on):
        response = self.client.get(url)
        visit = Visit(url=url, status=response.status_code, found_on=found_on)
        visit.location = response.headers.get("Location", "")
        links = []
        if response.status_code == 200:
            content_type = response.headers.get("Content-Type", "")
            if getattr(response, "streaming", False):
                # Read to the end: the client's wrapper then closes the file without closing the
                # test's database connection (response.close() on its own would, on PostgreSQL).
                b"".join(response.streaming_content)
            elif content_type.startswith("text/html"):
                parser = LinkParser()
                parser.feed(response.content.decode())
                links = parser.links + parser.form_urls()
                page_obj = response.context and response.context.get("page_obj")
                if page_obj is not None and hasattr(page_obj, "paginator"):
                    visit.listing_count = page_obj.paginator.count
            elif "xml" in content_type:
                links = [loc or href for loc, href in XML_ADDRESS.findall(response.content.decode())]
        return visit, links
