"""No page, public or admin, makes the browser fetch anything from another site (avatars included)."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.test import override_settings

from home.models import HomePage
from news.tests.factories import make_news, make_news_index
from portal.testing import LuminoTestCase

RESOURCE_ATTRIBUTES = {"src", "srcset", "poster", "data"}
FETCHED_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


class FetchedUrls(HTMLParser):
    """Every URL a browser loads while showing the page (not the links a person may follow)."""

    def __init__(self):
        super().__init__()
        self.urls, self._in = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in = tag
        for name in RESOURCE_ATTRIBUTES & attrs.keys():
            self.urls += [part.split()[0] for part in (attrs[name] or "").split(",") if part.strip()]
        if tag == "link" and FETCHED_LINKS & set((attrs.get("rel") or "").lower().split()):
            self.urls.append(attrs.get("href") or "")
        self.urls += CSS_URL.findall(attrs.get("style") or "")

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "style":
            self.urls += CSS_URL.findall(data)
        elif self._in == "script" and data.strip().startswith(("{", "[")):
            # Wagtail's sidebar is drawn from JSON props; its avatar is loaded from "avatarUrl".
            try:
                self.urls += list(_json_image_urls(json.loads(data)))
            except ValueError:
                pass


def _json_image_urls(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and key.lower().endswith(("avatarurl", "src", "imageurl")):
                yield item
            else:
                yield from _json_image_urls(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_image_urls(item)


def outside_urls(html):
    parser = FetchedUrls()
    parser.feed(html)
    return [url for url in parser.urls if urlsplit(url.strip()).netloc not in ("", "testserver")]


class NoOutsideRequestsTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.home = HomePage.objects.get()
        cls.news = make_news(make_news_index(), "Novedades del campus", slug="novedades")

    def assert_nothing_from_outside(self, paths):
        for path in paths:
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(outside_urls(response.content.decode()), [])

    def test_admin_pages_load_nothing_from_another_site(self):
        self.manager.is_superuser = True
        self.manager.save(update_fields=["is_superuser"])
        self.client.force_login(self.manager)
        self.assert_nothing_from_outside(
            [
                "/admin/",
                "/admin/pages/",
                f"/admin/pages/{self.home.pk}/",
                f"/admin/pages/{self.news.pk}/edit/",
                "/admin/account/",
            ]
        )

    def test_public_pages_load_nothing_from_another_site(self):
        self.assert_nothing_from_outside(["/", self.news.url, "/search/?q=campus", "/accounts/login/"])
        self.client.force_login(self.member)
        self.assert_nothing_from_outside(["/", "/dashboard/", self.news.url])

    @override_settings(WAGTAIL_GRAVATAR_PROVIDER_URL="//www.gravatar.com/avatar")
    def test_the_check_sees_an_avatar_from_gravatar(self):
        self.client.force_login(self.editor)
        self.assertIn("www.gravatar.com", " ".join(outside_urls(self.client.get("/admin/account/").content.decode())))
