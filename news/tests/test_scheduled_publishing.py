import datetime

from django.core.management import call_command
from django.utils import timezone

from freezegun import freeze_time

from news.models import NewsPage
from portal.testing import LuminoTestCase

from .factories import make_news_index


class ScheduledPublishingTests(LuminoTestCase):
    def test_future_news_stays_hidden_until_publish_scheduled_runs_after_its_time(self):
        index = make_news_index()
        start = timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 0))
        go_live = start + datetime.timedelta(days=2)
        with freeze_time(start):
            page = NewsPage(title="Anuncio programado", slug="anuncio", intro="Pronto.", live=False)
            index.add_child(instance=page)
            page.go_live_at = go_live
            page.save_revision(user=self.editor).publish(user=self.editor)
            page.refresh_from_db()
            self.assertFalse(page.live)
            self.assertNotContains(self.client.get("/noticias/"), "Anuncio programado")
            self.assertNotContains(self.client.get("/noticias/rss/"), "Anuncio programado")
            self.assertEqual(self.client.get("/noticias/anuncio/").status_code, 404)

        with freeze_time(go_live - datetime.timedelta(minutes=1)):
            call_command("publish_scheduled")
            page.refresh_from_db()
            self.assertFalse(page.live)

        with freeze_time(go_live + datetime.timedelta(minutes=1)):
            call_command("publish_scheduled")
            page.refresh_from_db()
            self.assertTrue(page.live)
            self.assertContains(self.client.get("/noticias/"), "Anuncio programado")
            self.assertContains(self.client.get("/noticias/rss/"), "Anuncio programado")
            self.assertEqual(self.client.get("/noticias/anuncio/").status_code, 200)
