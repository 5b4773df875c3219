"""Cached fragments (home/fragments.py): a warm page runs few queries, and no change to what a
page shows is ever hidden behind the cache: publishing, unpublishing, a reservation, privacy."""

from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from accounts.tests.factories import UserFactory
from courses.models import Reservation
from courses.tests.factories import ReservationFactory, SessionFactory, course_index, make_course
from home import fragments
from home.fragments import bump_content_version, content_version, forget_version, fragments_on
from home.models import ContentChange
from home.sweeps import prune_content_versions
from library.tests.factories import make_article, make_library_index
from news.tests.factories import make_news, make_news_index
from portal.testing import LuminoTestCase

# What a page may still run once its fragments are cached: the site, the route to the page, its
# privacy. Whatever the amount of content.
WARM_PAGE_QUERY_BUDGET = 10


@override_settings(LUMINO_FRAGMENT_TIMEOUT=300)
class FragmentCacheTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.news_index = make_news_index()
        cls.library = make_library_index()
        cls.courses = course_index()
        for number in range(15):
            make_news(cls.news_index, f"Noticia {number}", tags=["becas"])
            make_article(cls.library, f"Artículo {number}", tags=["becas"])
            SessionFactory(course=make_course(f"Curso {number}", tags=["becas"]))
        cls.course = make_course("Curso de Django", tags=["web"])
        cls.session = SessionFactory(course=cls.course, capacity=5)
        cls.news = make_news(cls.news_index, "Noticia con etiqueta", tags=["becas"])

    def pages(self):
        return {
            "home": "/",
            "news index": self.news_index.url,
            "news item": self.news.url,
            "library index": self.library.url,
            "article": make_article(self.library, "Otro artículo").url,
            "course index": self.courses.url,
            "course": self.course.url,
        }

    def warm_queries(self, url):
        self.assertEqual(self.client.get(url).status_code, 200)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_a_warm_page_runs_at_most_ten_queries(self):
        for name, url in self.pages().items():
            with self.subTest(page=name):
                self.assertLessEqual(self.warm_queries(url), WARM_PAGE_QUERY_BUDGET)

    def test_the_same_page_is_served_from_the_cache_with_the_same_text(self):
        first = self.client.get(self.courses.url).content
        with CaptureQueriesContext(connection) as queries:
            second = self.client.get(self.courses.url).content
        self.assertEqual(first, second)
        self.assertNotIn("courses_session", " ".join(query["sql"] for query in queries))

    def test_a_published_page_shows_at_once_and_an_unpublished_one_goes(self):
        self.assertNotContains(self.client.get(self.news_index.url), "Noticia recién publicada")
        fresh = make_news(self.news_index, "Noticia recién publicada", live=False)
        fresh.save_revision().publish()
        self.assertContains(self.client.get(self.news_index.url), "Noticia recién publicada")
        fresh.refresh_from_db()
        fresh.unpublish()
        self.assertNotContains(self.client.get(self.news_index.url), "Noticia recién publicada")

    def test_an_edited_and_republished_page_shows_its_new_text(self):
        self.assertContains(self.client.get(self.course.url), "Curso de Django")
        self.assertContains(self.client.get(self.courses.url, {"tag": "web"}), "Curso de Django")
        self.course.title = "Curso de Django avanzado"
        self.course.save_revision().publish()
        self.assertContains(self.client.get(self.course.url), "Curso de Django avanzado")
        self.assertContains(self.client.get(self.courses.url, {"tag": "web"}), "Curso de Django avanzado")

    def test_a_reservation_updates_the_seats_left_on_the_course_card(self):
        self.assertContains(self.client.get(self.courses.url, {"tag": "web"}), "5 seats left")
        ReservationFactory(session=self.session, status=Reservation.Status.CONFIRMED)
        self.assertContains(self.client.get(self.courses.url, {"tag": "web"}), "4 seats left")

    def test_members_only_pages_never_reach_a_visitor_through_a_member_s_cached_listing(self):
        secret = make_news(self.news_index, "Noticia para socios", members_only=True)
        member = UserFactory()
        self.client.force_login(member)
        self.assertContains(self.client.get(self.news_index.url), "Noticia para socios")
        self.client.logout()
        self.assertNotContains(self.client.get(self.news_index.url), "Noticia para socios")
        # …and a page made private later disappears from the visitors' cached listing.
        PageViewRestriction.objects.filter(page=secret).delete()
        self.assertContains(self.client.get(self.news_index.url), "Noticia para socios")
        PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
        self.assertNotContains(self.client.get(self.news_index.url), "Noticia para socios")

    def test_the_navigation_marks_the_current_section_on_every_page(self):
        current = f'<a href="{self.courses.url}" aria-current="page">'
        self.assertContains(self.client.get(self.course.url), current, html=False)
        self.assertNotContains(self.client.get(self.news.url), current, html=False)
        self.assertContains(self.client.get(self.courses.url), current, html=False)

    def test_an_editor_s_preview_is_never_served_from_nor_stored_in_the_cache(self):
        self.assertContains(self.client.get(self.course.url), "Curso de Django")  # cached now
        draft = self.course.specific_class.objects.get(pk=self.course.pk)
        draft.title = "Borrador sin publicar"
        preview = draft.make_preview_request()
        self.assertContains(preview, "Borrador sin publicar")
        self.assertNotContains(self.client.get(self.course.url), "Borrador sin publicar")


class ContentVersionTests(LuminoTestCase):
    def test_a_change_made_by_another_process_shows_within_the_version_lifetime(self):
        forget_version()
        before = content_version()
        ContentChange.objects.create()  # as another process would, without touching our memo
        self.assertEqual(content_version(), before)  # read again only after the lifetime
        with override_settings(LUMINO_CONTENT_VERSION_TTL=0):
            self.assertGreater(content_version(), before)

    def test_the_process_that_makes_a_change_sees_it_at_once(self):
        before = content_version()
        bump_content_version()
        self.assertGreater(content_version(), before)

    @override_settings(LUMINO_FRAGMENT_TIMEOUT=300)
    def test_a_transaction_that_changed_content_shares_and_caches_nothing_until_it_commits(self):
        before = content_version()
        with self.captureOnCommitCallbacks(execute=True), transaction.atomic():
            bump_content_version()
            self.assertFalse(fragments_on())
            self.assertGreater(content_version(), before)  # its own view...
            self.assertIsNone(fragments._shared["version"])  # ...never the other threads'
        self.assertTrue(fragments_on())
        self.assertGreater(content_version(), before)

    @override_settings(LUMINO_FRAGMENT_TIMEOUT=300)
    def test_after_a_rollback_fragments_are_cached_again(self):
        with self.assertRaises(RuntimeError), transaction.atomic():
            bump_content_version()
            raise RuntimeError("rolled back")
        self.assertTrue(fragments_on())

    def test_the_sweep_keeps_only_the_newest_change(self):
        for _ in range(3):
            bump_content_version()
        newest = content_version()
        prune_content_versions()
        self.assertEqual(list(ContentChange.objects.values_list("pk", flat=True)), [newest])
        forget_version()
        self.assertEqual(content_version(), newest)


@override_settings(LUMINO_FRAGMENT_TIMEOUT=300)
class CachedRouteAndAudienceTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = make_news_index()
        cls.news = make_news(cls.index, "Noticia con dirección", slug="noticia-direccion")

    def test_a_warm_address_still_reaches_sub_routes_and_follows_a_new_slug(self):
        for _ in range(2):  # cold, then from the remembered route
            self.assertContains(self.client.get("/noticias/noticia-direccion/"), "Noticia con dirección")
            self.assertEqual(self.client.get("/noticias/rss/").status_code, 200)
            self.assertEqual(self.client.get("/noticias/no-existe/").status_code, 404)
        page = self.news.specific_class.objects.get(pk=self.news.pk)
        page.slug = "noticia-nueva-direccion"
        page.save_revision().publish()
        self.assertEqual(self.client.get("/noticias/noticia-direccion/").status_code, 404)
        self.assertContains(self.client.get("/noticias/noticia-nueva-direccion/"), "Noticia con dirección")

    def test_an_unpublished_page_is_gone_from_its_remembered_address(self):
        self.assertEqual(self.client.get(self.news.url).status_code, 200)
        self.news.specific_class.objects.get(pk=self.news.pk).unpublish()
        self.assertEqual(self.client.get("/noticias/noticia-direccion/").status_code, 404)

    def test_joining_or_leaving_a_group_changes_what_a_member_is_listed_at_once(self):
        from django.contrib.auth.models import Group

        staff_group = Group.objects.create(name="Equipo docente")
        secret = make_news(self.index, "Noticia del equipo docente")
        restriction = PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.add(staff_group)
        member = UserFactory()
        self.client.force_login(member)
        self.assertNotContains(self.client.get(self.index.url), "Noticia del equipo docente")
        member.groups.add(staff_group)
        self.assertContains(self.client.get(self.index.url), "Noticia del equipo docente")
        staff_group.user_set.clear()
        self.assertNotContains(self.client.get(self.index.url), "Noticia del equipo docente")


class DeployTests(LuminoTestCase):
    def test_a_migrate_run_by_a_deploy_makes_every_fragment_stale(self):
        from django.core.management import call_command

        before = content_version()
        call_command("migrate", verbosity=0, interactive=False)
        self.assertGreater(content_version(), before)
