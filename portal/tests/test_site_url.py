"""Every absolute link the portal writes points at SITE_URL (or the request's own address)."""

import re
from datetime import UTC, datetime, timedelta
from unittest import mock

from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import TestCase, override_settings

from wagtail.models import Site

from defusedxml import ElementTree
from icalendar import Calendar

from courses.services import reserve_seat
from courses.tests.factories import SessionFactory, make_course
from news.tests.factories import make_news, make_news_index
from portal.settings.env import env_url
from portal.site_url import absolute_url, sync_default_site
from portal.testing import LuminoTestCase

SITE = "https://formacion.example.org"
PRODUCTION = {"SITE_URL": SITE, "WAGTAILADMIN_BASE_URL": SITE, "ALLOWED_HOSTS": ["formacion.example.org"]}
URL = re.compile(r"https?://[^\s\"'<>]+")


def urls_in(text):
    return URL.findall(text)


@override_settings(**PRODUCTION)
class ProductionAddressTests(LuminoTestCase):
    def setUp(self):
        sync_default_site()  # what every `migrate` does
        # Behind the proxy, as production serves it.
        self.client.defaults.update(HTTP_HOST="formacion.example.org", HTTP_X_FORWARDED_PROTO="https")
        self.course = make_course("Python para datos", slug="python-datos")

    def assert_all_on_site(self, urls):
        self.assertTrue(urls)
        for url in urls:
            self.assertTrue(url.startswith(f"{SITE}/"), url)

    def reserve(self):
        start = datetime(2031, 3, 14, 9, 30, tzinfo=UTC)
        session = SessionFactory(course=self.course, starts_at=start, ends_at=start + timedelta(hours=3))
        with self.captureOnCommitCallbacks(execute=True):
            return reserve_seat(session=session, member=self.member, by=self.member)

    def test_reservation_email_links_point_at_the_site(self):
        self.reserve()
        message = mail.outbox[0]
        self.assertIn(f"{SITE}/cursos/python-datos/", message.body)
        self.assertIn(f"{SITE}/dashboard/", message.body)
        self.assert_all_on_site(urls_in(message.body))
        self.assert_all_on_site([url for url in urls_in(message.alternatives[0][0]) if "w3.org" not in url])

    def test_calendar_file_links_and_uid_use_the_site(self):
        reservation = self.reserve()
        (_name, content, _mimetype) = mail.outbox[0].attachments[0]
        event = Calendar.from_ical(content).walk("VEVENT")[0]
        self.assertEqual(str(event["UID"]), f"reservation-{reservation.pk}@formacion.example.org")
        self.assertIn(f"{SITE}/cursos/python-datos/", str(event["DESCRIPTION"]))
        self.assert_all_on_site(urls_in(str(event["DESCRIPTION"])))

    def test_feed_item_links_point_at_the_site(self):
        index = make_news_index()
        news = make_news(index, "Nueva convocatoria", slug="nueva-convocatoria")
        response = self.client.get("/noticias/rss/")
        self.assertEqual(response.status_code, 200)
        channel = ElementTree.fromstring(response.content).find("channel")
        self.assertEqual(channel.find("item").findtext("link"), f"{SITE}/noticias/nueva-convocatoria/")
        self.assertEqual(news.full_url, f"{SITE}/noticias/nueva-convocatoria/")
        self.assert_all_on_site(urls_in(response.content.decode().replace("http://www.w3.org/2005/Atom", "")))

    def test_sitemap_lists_pages_at_the_site(self):
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
        self.assertIn(f"{SITE}/cursos/python-datos/", locations)
        self.assert_all_on_site(locations)

    def test_robots_txt_names_the_sitemap_at_the_site(self):
        response = self.client.get("/robots.txt")
        self.assertIn(f"Sitemap: {SITE}/sitemap.xml", response.content.decode().splitlines())

    def test_api_course_urls_point_at_the_site(self):
        response = self.client.get("/api/v1/courses/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["results"][0]["url"], f"{SITE}/cursos/python-datos/")


class SiteRecordTests(TestCase):
    @override_settings(**PRODUCTION)
    def test_migrate_gives_the_default_site_the_host_and_port_of_site_url(self):
        call_command("migrate", interactive=False, verbosity=0)
        site = Site.objects.get(is_default_site=True)
        self.assertEqual((site.hostname, site.port, site.root_url), ("formacion.example.org", 443, SITE))

    @override_settings(SITE_URL="http://127.0.0.1:8123")
    def test_the_development_server_port_is_followed(self):
        # `make run PORT=8123` sets SITE_URL=http://127.0.0.1:8123; seed_demo and migrate apply it.
        self.assertTrue(sync_default_site())
        self.assertEqual(Site.objects.get(is_default_site=True).root_url, "http://127.0.0.1:8123")
        self.assertEqual(absolute_url("/dashboard/"), "http://127.0.0.1:8123/dashboard/")
        self.assertFalse(sync_default_site())  # nothing left to change

    def test_an_absolute_url_is_kept(self):
        self.assertEqual(absolute_url("https://cdn.example.org/x.png"), "https://cdn.example.org/x.png")


class SiteUrlSettingTests(TestCase):
    def test_a_site_url_without_scheme_or_with_a_path_is_refused_at_start_up(self):
        for bad in ("formacion.example.org", "ftp://formacion.example.org", "https://formacion.example.org/portal"):
            with (
                mock.patch.dict("os.environ", {"SITE_URL": bad}),
                self.assertRaisesMessage(ImproperlyConfigured, "SITE_URL must"),
            ):
                env_url("SITE_URL", "http://127.0.0.1:8000")
        with mock.patch.dict("os.environ", {"SITE_URL": " https://formacion.example.org/ "}):
            self.assertEqual(env_url("SITE_URL", "http://127.0.0.1:8000"), SITE)
