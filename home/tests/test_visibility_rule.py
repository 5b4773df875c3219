"""One rule decides which pages a person may find (home/visibility.py), and it holds in every
listing, the feeds, the sitemap and search: a password section is never listed, even to someone
who gave the password, while the page and its documents open for them."""

from django.test import override_settings

from wagtail.models import PageViewRestriction

from accounts.tests.factories import Role, make_person
from home.visibility import visible_pages
from library.tests.factories import make_article, make_document, make_library_index
from news.tests.factories import make_news, make_news_index
from portal.testing import LuminoTestCase
from search.indexing import update_stale_objects_now
from search.tests import builders


@override_settings(LANGUAGE_CODE="en")
class PasswordSectionTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = make_news_index()
        cls.open = make_news(cls.index, "Convocatoria abierta de becas")
        cls.secret = make_news(cls.index, "Convocatoria secreta de becas")
        cls.restriction = builders.restrict(cls.secret, PageViewRestriction.PASSWORD, password="clave")
        cls.document = make_document("Bases secretas")
        library = make_library_index()
        cls.article = make_article(library, "Bases de la convocatoria", documents=[cls.document])
        cls.article_restriction = builders.restrict(cls.article, PageViewRestriction.PASSWORD, password="clave")
        update_stale_objects_now()

    def give_passwords(self):
        session = self.client.session
        key = PageViewRestriction.passed_view_restrictions_session_key
        session[key] = [self.restriction.pk, self.article_restriction.pk]
        session.save()

    def listed(self):
        titles = {page.title for page in self.client.get(self.index.url).context["items"]}
        feed = self.client.get(f"{self.index.url}rss/").content.decode()
        sitemap = self.client.get("/sitemap.xml").content.decode()
        return {
            "index": self.secret.title in titles,
            "feed": self.secret.title in feed,
            "sitemap": self.secret.slug in sitemap,
            "search": self.secret.title in self.client.get("/search/", {"q": "convocatoria becas"}).content.decode(),
        }

    def test_nobody_finds_a_password_section_in_any_listing(self):
        for who in (None, self.member, self.editor):
            with self.subTest(who=who and who.username):
                self.client.logout()
                if who:
                    self.client.force_login(who)
                self.give_passwords()
                self.assertEqual(self.listed(), {"index": False, "feed": False, "sitemap": False, "search": False})
                self.assertContains(self.client.get("/search/", {"q": "convocatoria becas"}), self.open.title)
                self.assertNotIn(self.secret.pk, visible_pages(who).values_list("pk", flat=True))
                self.assertContains(self.client.get(self.secret.url), self.secret.intro)

    def test_the_page_and_its_documents_open_only_with_the_password(self):
        response = self.client.get(self.secret.url)
        self.assertNotContains(response, self.secret.intro)
        self.assertEqual(self.client.get(self.document.url).status_code, 302)
        self.give_passwords()
        self.assertContains(self.client.get(self.secret.url), self.secret.intro)
        self.assertEqual(self.client.get(self.document.url).status_code, 200)


class SubqueryFormTests(LuminoTestCase):
    """Search on the database backends runs the rule as a subquery on the restrictions table; it
    must find exactly what the path-filter form (the one a search index can apply) finds."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = make_news_index()
        cls.public = make_news(cls.index, "Abierta")
        section = make_news_index(title="Socios", slug="socios")
        cls.in_section = make_news(section, "Dentro de la sección")
        cls.for_members = make_news(cls.index, "Para socios")
        cls.for_editors = make_news(cls.index, "Para editores")
        cls.with_password = make_news(cls.index, "Con clave")
        builders.restrict(section)
        builders.restrict(cls.for_members)
        builders.restrict(cls.for_editors, PageViewRestriction.GROUPS, groups=cls.editor.groups.all())
        builders.restrict(cls.with_password, PageViewRestriction.PASSWORD, password="clave")
        cls.superuser = make_person("root", Role.MEMBER, is_superuser=True)

    def found(self, who, **form):
        titles = visible_pages(who, **form).values_list("title", flat=True)
        return set(titles) & {"Abierta", "Dentro de la sección", "Para socios", "Para editores", "Con clave"}

    def test_both_forms_find_the_same_pages_for_everyone(self):
        expected = {
            None: {"Abierta"},
            "member": {"Abierta", "Dentro de la sección", "Para socios"},
            "editor": {"Abierta", "Dentro de la sección", "Para socios", "Para editores"},
            "root": {"Abierta", "Dentro de la sección", "Para socios", "Para editores"},
        }
        people = {None: None, "member": self.member, "editor": self.editor, "root": self.superuser}
        for name, who in people.items():
            with self.subTest(who=name):
                self.assertEqual(self.found(who), expected[name])
                self.assertEqual(self.found(who, subquery=True), expected[name])

    def test_the_subquery_form_costs_one_query_however_many_restrictions(self):
        with self.assertNumQueries(1):
            pages = visible_pages(self.member, subquery=True)
        with self.assertNumQueries(1):
            list(pages)

    @override_settings(LUMINO_FRAGMENT_TIMEOUT=300)
    def test_the_restricted_sections_are_remembered_until_privacy_changes(self):
        visible_pages(None, subquery=True)
        with self.assertNumQueries(0):
            pages = visible_pages(None, subquery=True)
        self.assertNotIn("Dentro de la sección", set(pages.values_list("title", flat=True)))
        section = make_news_index(title="Privado", slug="privado")
        make_news(section, "Dentro de lo privado")
        self.assertIn("Dentro de lo privado", self.found_titles())
        builders.restrict(section)
        self.assertNotIn("Dentro de lo privado", self.found_titles())

    def found_titles(self):
        return set(visible_pages(None, subquery=True).values_list("title", flat=True))
