"""seed_demo publishes its pages as an editor would, and running it again changes nothing."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from wagtail.models import Page, PageLogEntry, Revision

from freezegun import freeze_time

from accounts.models import User
from courses.models import CoursePage
from library.models import LibraryArticlePage
from news.models import NewsPage


class SeedDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=StringIO())
        cls.editor = User.objects.get(username="editor")

    def test_every_seeded_page_is_live_from_its_latest_revision(self):
        pages = Page.objects.live().filter(depth__gt=1)
        self.assertGreater(pages.count(), 100)
        wrong = [
            (page.url_path, page.live_revision_id, page.latest_revision_id)
            for page in pages
            if page.live_revision_id is None
            or page.live_revision_id != page.latest_revision_id
            or page.has_unpublished_changes
            or page.first_published_at is None
        ]
        self.assertEqual(wrong, [])
        published = set(PageLogEntry.objects.filter(action="wagtail.publish").values_list("page_id", flat=True))
        self.assertEqual(set(pages.values_list("pk", flat=True)) - published, set())

    def test_seeded_news_keep_their_back_dated_publication(self):
        oldest = NewsPage.objects.order_by("date").first()
        self.assertEqual(timezone.localdate(oldest.first_published_at), oldest.date)
        self.assertEqual(oldest.last_published_at, oldest.first_published_at)

    def test_scheduling_a_change_to_a_seeded_page_keeps_the_published_version_online(self):
        for model in (NewsPage, LibraryArticlePage, CoursePage):
            page = model.objects.live().public().order_by("pk").first()
            old_title, go_live = page.title, timezone.now() + datetime.timedelta(days=3)
            page.title = "Versión programada"
            page.go_live_at = go_live
            page.save_revision(user=self.editor).publish(user=self.editor)

            page.refresh_from_db()
            self.assertTrue(page.live, model)
            self.assertEqual(page.title, old_title)
            response = self.client.get(page.url)
            self.assertContains(response, old_title)
            self.assertNotContains(response, "Versión programada")

            with freeze_time(go_live + datetime.timedelta(minutes=1)):
                call_command("publish_scheduled", stdout=StringIO())
            page.refresh_from_db()
            self.assertEqual((page.live, page.title), (True, "Versión programada"), model)

    def test_a_second_run_adds_no_page_and_no_revision(self):
        before = (Page.objects.count(), Revision.objects.count())
        call_command("seed_demo", stdout=StringIO())
        self.assertEqual((Page.objects.count(), Revision.objects.count()), before)

    def test_pages_seeded_without_a_revision_by_an_older_version_get_one(self):
        course = CoursePage.objects.order_by("pk").first()
        CoursePage.objects.filter(pk=course.pk).update(live_revision=None, latest_revision=None)
        call_command("seed_demo", stdout=StringIO())
        course.refresh_from_db()
        self.assertIsNotNone(course.live_revision_id)
        self.assertEqual(course.live_revision_id, course.latest_revision_id)
