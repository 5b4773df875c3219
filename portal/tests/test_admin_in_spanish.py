"""An editor whose admin speaks Spanish reads Spanish on the screens used every day.

Wagtail 8's Spanish catalogue lacks some strings ("Schedule to publish", the privacy choices, the
validation banner, the dashboard counts); the project's catalogue supplies them. The default
workflow, created by Wagtail's migration as "Moderators approval", is renamed by a migration.
"""

from datetime import timedelta
from html import unescape

from django.utils import timezone

from wagtail.models import Task, Workflow
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from library.tests.factories import make_category, make_document
from news.tests.factories import make_image, make_news, make_news_index
from portal.i18n_checks import untranslated_lookups
from portal.testing import LuminoTestCase

ENGLISH_LEFT_BEFORE = [
    "Schedule to publish",
    "Private, accessible to any logged-in users",
    "could not be created due to validation errors",
    "could not be saved due to validation errors",
    "Search…",
    "Moderators approval",
]


class AdminInSpanishTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = make_news_index()
        cls.news = make_news(cls.index, "Jornada de puertas abiertas")
        cls.image = make_image("Cartel")
        cls.document = make_document("Guía del alumno")
        make_category("Redes")

    def setUp(self):
        super().setUp()
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "es"
        self.client.force_login(self.editor)

    def get(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return unescape(response.content.decode())

    def invalid_news(self, url):
        data = nested_form_data(
            {
                "title": "",
                "slug": "",
                "date": "",
                "intro": "",
                "body": streamfield([]),
                "related_links": inline_formset([]),
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200, url)
        return unescape(response.content.decode())

    def assertNoEnglish(self, html, url=""):
        for english in ENGLISH_LEFT_BEFORE:
            self.assertNotIn(english, html, url)

    def test_the_default_workflow_is_named_in_spanish(self):
        self.assertTrue(Workflow.objects.filter(name="Aprobación de moderadores").exists())
        self.assertFalse(Task.objects.filter(name="Moderators approval").exists())
        html = self.get(f"/admin/pages/{self.news.pk}/edit/")
        self.assertIn("Enviar a Aprobación de moderadores", html)
        self.assertNoEnglish(html)

    def test_a_new_page_with_errors_says_so_in_spanish(self):
        url = f"/admin/pages/add/news/newspage/{self.index.pk}/"
        self.assertNoEnglish(self.get(url))
        html = self.invalid_news(url)
        self.assertIn("No se ha podido crear la página porque tiene errores de validación.", html)
        self.assertIn("Ir al primer error", html)
        self.assertNoEnglish(html)

    def test_an_existing_page_with_errors_says_so_in_spanish(self):
        html = self.invalid_news(f"/admin/pages/{self.news.pk}/edit/")
        self.assertIn("No se ha podido guardar la página porque tiene errores de validación.", html)
        self.assertNoEnglish(html)

    def test_a_page_with_a_publishing_date_ahead_offers_to_schedule_it(self):
        self.news.go_live_at = timezone.now() + timedelta(days=3)
        self.news.save_revision(user=self.editor)
        html = self.get(f"/admin/pages/{self.news.pk}/edit/")
        self.assertIn("Programar la publicación", html)
        self.assertNoEnglish(html)

    def test_the_privacy_dialog_offers_its_choices_in_spanish(self):
        html = unescape(self.client.get(f"/admin/pages/{self.news.pk}/privacy/").json()["html"])
        self.assertIn("Privada, accesible para cualquier usuario con sesión iniciada", html)
        self.assertIn("Privada, accesible con una contraseña compartida", html)
        self.assertNoEnglish(html)

    def test_the_dashboard_counts_pages_and_the_search_box_invites_in_spanish(self):
        html = self.get("/admin/")
        self.assertRegex(html, r"\d+ páginas")
        self.assertNotRegex(html, r"\d+ Pages")
        self.assertNoEnglish(html)
        html = self.get("/admin/images/")
        self.assertIn('placeholder="Buscar…"', html)
        self.assertNoEnglish(html)

    def test_the_admin_scripts_get_the_strings_wagtails_javascript_catalogue_lacks(self):
        script = self.client.get("/admin/jsi18n/").content.decode()
        self.assertIn("Fijar la barra de herramientas", script)
        self.assertIn("Los cambios se han guardado autom", script)

    def test_every_string_of_the_editors_everyday_screens_has_spanish(self):
        screens = [
            "/admin/",
            "/admin/pages/",
            f"/admin/pages/{self.index.pk}/",
            f"/admin/pages/{self.news.pk}/edit/",
            f"/admin/pages/add/news/newspage/{self.index.pk}/",
            f"/admin/pages/{self.news.pk}/history/",
            f"/admin/pages/{self.news.pk}/delete/",
            "/admin/pages/search/?q=jornada",
            "/admin/images/",
            f"/admin/images/{self.image.pk}/",
            "/admin/images/multiple/add/",
            "/admin/documents/",
            f"/admin/documents/edit/{self.document.pk}/",
            "/admin/snippets/library/category/",
            "/admin/account/",
        ]
        with untranslated_lookups("es") as missing:
            for url in screens:
                self.assertNoEnglish(self.get(url), url)
            self.invalid_news(f"/admin/pages/{self.news.pk}/edit/")
        # Strings that read the same in Spanish, or are not words.
        same_in_spanish = {"", " ", "%s", "%(value)s"}
        self.assertEqual(sorted(missing - same_in_spanish), [])
