"""Every page of the seeded demo answers, for every role, with the production settings.

After `seed_demo`, each role (a visitor, the demo member, the demo editor) crawls the site from
every live page, the listings, feeds, sitemap, robots.txt and the search page, following the
links it finds (see crawler.py). Static files are collected for real into a temporary
STATIC_ROOT and served through WhiteNoise's manifest storage, so a missing or misspelt
`{% static %}` is a 500 here as it would be in production. A new app that adds its pages to
the demo is crawled without touching this file.
"""

import shutil
import tempfile
import time
from io import StringIO
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.core.management import call_command
from django.test import Client, TestCase, override_settings

from wagtail.models import Page, Site

import pytest

from .crawler import NOT_FILTERS, Crawler

PRODUCTION_STATIC = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
LISTINGS = ["/noticias/", "/biblioteca/", "/cursos/"]
EXTRA_SEEDS = [
    "/noticias/rss/",
    "/noticias/atom/",
    "/sitemap.xml",
    "/robots.txt",
    "/search/",
    "/search/?q=python",
    "/search/?q=python&page=2",
    "/search/?q=datos&type=library",
    # The service desk is personal (a member's own tickets): nothing public links to it.
    "/helpdesk/",
    "/helpdesk/new/",
    "/helpdesk/similar/?q=video",
    "/certificates/verify/",  # the public certificate check (learning); codes are linked from My Lumino
]
# Where people are sent to log in, or to confirm their password before a sensitive step (allauth
# asks again when the login is not recent, and the test client's login never is).
LOGIN_PATHS = ("/accounts/login/", "/accounts/reauthenticate/")
# The logged-out menu is in every page's HTML (a member's menu replaces it in the browser), so the
# crawl follows "log in" and "sign up" as a member too: allauth sends a logged-in person home.
ACCOUNT_ENTRY_PATHS = ("/accounts/login/", "/accounts/signup/")


def filters_of(url):
    query = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    return {key: value for key, value in query.items() if value and key not in NOT_FILTERS}


@pytest.mark.spanish_default
@pytest.mark.timeout(1200)  # seed, collectstatic, ~2,600 requests (3 roles): 3.5 min on 2 cores (18 before fragments)
class SeededSiteCrawlTests(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.static_root = tempfile.mkdtemp(prefix="lumino-static-")
        cls.production = override_settings(
            DEBUG=False,
            STATIC_ROOT=cls.static_root,
            STORAGES=PRODUCTION_STATIC,
            WHITENOISE_USE_FINDERS=False,
            WHITENOISE_AUTOREFRESH=False,
            LUMINO_FRAGMENT_TIMEOUT=300,  # fragments cached as in production, per role
        )
        cls.production.enable()
        cls.addClassCleanup(shutil.rmtree, cls.static_root, ignore_errors=True)
        cls.addClassCleanup(cls.production.disable)
        call_command("collectstatic", interactive=False, verbosity=0)
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=StringIO())

    def client_for(self, role):
        from accounts.models import User

        client = Client(raise_request_exception=False)
        if role != "visitor":
            # With DEBUG off the demo people have no usable password; a real member has one
            # (without it, "change password" rightly sends them to "set password").
            person = User.objects.get(username=role)
            person.set_password("crawl-demo-2026")
            person.save()
            client.force_login(person)
        return client

    def seeds(self):
        pages = [page.url for page in Page.objects.live().filter(depth__gt=1).specific()]
        return [*dict.fromkeys([*pages, *LISTINGS, *EXTRA_SEEDS])]

    def crawl_as(self, role):
        hosts = {"testserver", *Site.objects.values_list("hostname", flat=True)}
        crawler = Crawler(self.client_for(role), hosts)
        return crawler, crawler.crawl(self.seeds())

    @staticmethod
    def problem(visit):
        """Why an answer is wrong, or "" when it is one a person may get."""
        if visit.status in (200, 204, 404):  # 204: a personal fragment with nothing to show
            return ""
        if visit.status in (301, 302) and visit.location.startswith(LOGIN_PATHS):
            return ""
        path = urlsplit(visit.url).path
        if visit.status == 302 and path in ACCOUNT_ENTRY_PATHS and visit.location == settings.LOGIN_REDIRECT_URL:
            return ""
        detail = f" to {visit.location}" if visit.location else ""
        return f"{visit.status}{detail}{f' ({visit.error})' if visit.error else ''}"

    def test_every_page_answers_for_every_role(self):
        started, cpu, bad, empty, counts = time.monotonic(), time.process_time(), [], [], {}
        for role in ("visitor", "member", "editor"):
            crawler, visits = self.crawl_as(role)
            counts[role] = len(visits)
            for visit in visits.values():
                if reason := self.problem(visit):
                    bad.append(f"{role:<8} {visit.url} → {reason} (linked from {visit.found_on})")
                # A filter a listing offers must find something (listings report their count).
                if visit.listing_count == 0 and filters_of(visit.url) and visit.found_on != "(start)":
                    empty.append(f"{role:<8} {visit.url} lists nothing (offered on {visit.found_on})")
            for path in sorted(crawler.language_links):
                response = Client().get(f"{path}?next=/biblioteca/")
                if (response.status_code, response.headers.get("Location")) != (302, "/biblioteca/"):
                    bad.append(f"{role:<8} {path} → {response.status_code} (the language switch goes back)")
        self.assertEqual(bad, [], "\n" + "\n".join(bad))
        self.assertEqual(empty, [], "\n" + "\n".join(empty))
        # The crawl really went through the demo: every live page plus the listings' filters.
        self.assertGreater(min(counts.values()), Page.objects.live().count() + 50, counts)
        elapsed = f"{time.monotonic() - started:.1f}s, {time.process_time() - cpu:.1f}s of CPU"
        print(f"\ncrawled {counts} in {elapsed}")  # noqa: T201
