"""The news author is chosen among staff, searched in a chooser: learners are never listed."""

from django.urls import reverse

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from news.models import NewsPage
from portal.testing import PeopleMixin

from .factories import make_news_index


class AuthorChooserTests(PeopleMixin, WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.create_people()
        cls.index = make_news_index()

    def choose(self, **params):
        return self.client.get(reverse("staff_chooser:choose"), params)

    def test_the_chooser_lists_staff_and_never_learners(self):
        self.client.force_login(self.editor)
        response = self.choose()
        self.assertEqual(response.status_code, 200)
        listed = set(response.context["results"])
        self.assertIn(self.mentor, listed)
        self.assertIn(self.manager, listed)
        self.assertNotIn(self.member, listed)
        self.assertNotIn(self.company_manager, listed)

    def test_the_chooser_searches_by_name_or_e_mail(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("staff_chooser:choose_results"), {"q": "Miguel"})
        self.assertEqual(list(response.context["results"]), [self.mentor])
        response = self.client.get(reverse("staff_chooser:choose_results"), {"q": "Marta"})
        self.assertEqual(list(response.context["results"]), [])

    def test_the_edit_form_uses_the_chooser_and_refuses_a_learner_as_author(self):
        self.client.force_login(self.editor)
        add_url = reverse("wagtailadmin_pages:add", args=("news", "newspage", self.index.pk))
        form_page = self.client.get(add_url)
        self.assertContains(form_page, reverse("staff_chooser:choose"))
        self.assertNotContains(form_page, self.member.email)
        data = nested_form_data(
            {
                "title": "Nueva convocatoria",
                "slug": "nueva-convocatoria",
                "date": "2026-03-01",
                "author": self.member.pk,
                "intro": "Abrimos plazo.",
                "body": streamfield([("paragraph", rich_text("<p>Texto.</p>"))]),
                "tags": "",
                "related_links-TOTAL_FORMS": 0,
                "related_links-INITIAL_FORMS": 0,
                "related_links-MIN_NUM_FORMS": 0,
                "related_links-MAX_NUM_FORMS": 6,
            }
        )
        response = self.client.post(add_url, data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("author", response.context["form"].errors)
        self.assertFalse(NewsPage.objects.filter(slug="nueva-convocatoria").exists())
        data["author"] = self.mentor.pk
        self.client.post(add_url, data)
        self.assertEqual(NewsPage.objects.get(slug="nueva-convocatoria").author, self.mentor)
