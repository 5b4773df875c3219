from django.forms.models import apply_limit_choices_to_to_formfield

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import HomePage
from library.models import LibraryArticlePage, LibraryIndexPage
from portal.testing import PeopleMixin

from .factories import make_category, make_document, make_library_index


class LibraryPageRulesTests(PeopleMixin, WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.create_people()
        cls.index = make_library_index()

    def test_index_lives_under_the_home_page_and_holds_only_articles(self):
        self.assertCanCreateAt(HomePage, LibraryIndexPage)
        self.assertAllowedParentPageTypes(LibraryIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(LibraryIndexPage, {LibraryArticlePage})

    def test_articles_only_go_under_a_library_index(self):
        self.assertAllowedParentPageTypes(LibraryArticlePage, {LibraryIndexPage})
        self.assertCanNotCreateAt(HomePage, LibraryArticlePage)
        self.assertAllowedSubpageTypes(LibraryArticlePage, set())

    def test_an_editor_creates_an_article_with_an_attachment_in_the_admin(self):
        category = make_category("Redes")
        document = make_document("Apuntes de redes")
        self.client.force_login(self.editor)
        data = nested_form_data(
            {
                "title": "Subredes sin misterio",
                "slug": "subredes",
                "date": "2026-03-01",
                "intro": "Cómo calcular una máscara.",
                "category": category.pk,
                "level": "beginner",
                "body": streamfield(
                    [
                        ("paragraph", rich_text("<p>Una red /24 tiene 254 direcciones útiles.</p>")),
                        ("code", {"language": "bash", "code": "ip -brief address", "caption": ""}),
                    ]
                ),
                "tags": "redes, IPv4",
                "attachments": inline_formset([{"document": document.pk, "title": ""}]),
            }
        )
        data["authors"] = [self.editor.pk, self.mentor.pk]  # a multiple choice, not a nested list
        self.assertCanCreate(self.index, LibraryArticlePage, data)
        page = LibraryArticlePage.objects.get(slug="subredes")
        self.assertEqual([a.document_id for a in page.attachments.all()], [document.pk])
        self.assertCountEqual(page.authors.all(), [self.editor, self.mentor])
        self.assertEqual(page.category, category)

    def test_only_writers_can_be_chosen_as_authors(self):
        field = LibraryArticlePage._meta.get_field("authors").formfield()
        apply_limit_choices_to_to_formfield(field)
        choices = set(field.queryset)
        self.assertIn(self.editor, choices)
        self.assertIn(self.mentor, choices)
        self.assertNotIn(self.member, choices)
