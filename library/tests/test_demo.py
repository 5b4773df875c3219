from django.contrib.auth.models import Group

from wagtail.models import CollectionViewRestriction, PageViewRestriction, Revision

from home.demo import DemoContext
from home.models import HomePage
from library import demo
from library.models import Category, ExtractionStatus, LibraryArticlePage, LibraryDocument
from news import demo as news_demo
from news.models import NewsPage
from portal.testing import LuminoTestCase


class LibraryDemoTests(LuminoTestCase):
    def counts(self):
        return {
            "articles": LibraryArticlePage.objects.count(),
            "categories": Category.objects.count(),
            "documents": LibraryDocument.objects.count(),
            "page restrictions": PageViewRestriction.objects.count(),
            "collection restrictions": CollectionViewRestriction.objects.count(),
            "revisions": Revision.objects.count(),
            "groups": Group.objects.count(),
        }

    def test_seed_twice_creates_nothing_new_and_builds_a_working_library(self):
        context = DemoContext(scale=1, people={"editor": self.editor, "mentor": self.mentor})
        home = HomePage.objects.get()
        home.hero_title = "Lumino"
        home.save_revision().publish()
        news_demo.seed(context, count=12)
        demo.seed(context, count=20)
        first = self.counts()
        news_demo.seed(context, count=12)
        demo.seed(context, count=20)
        self.assertEqual(self.counts(), first)

        self.assertEqual(first["articles"], 20)
        self.assertEqual(first["page restrictions"], 1 + 2)  # one news item, two articles
        self.assertFalse(LibraryDocument.objects.exclude(extraction_status=ExtractionStatus.DONE).exists())
        self.assertTrue(LibraryArticlePage.objects.exclude(attachments_text="").exists())
        members_docs = LibraryDocument.objects.filter(collection__name="Solo miembros")
        self.assertTrue(members_docs.exists())
        # Members-only documents are attached only to members-only articles.
        for article in LibraryArticlePage.objects.filter(attachments__document__in=members_docs):
            self.assertFalse(LibraryArticlePage.objects.filter(pk=article.pk).public().exists())

        featured = [block.value.pk for block in HomePage.objects.get().featured]
        self.assertEqual(len(featured), 6)
        self.assertTrue(NewsPage.objects.filter(pk__in=featured).public().count() == 3)

        response = self.client.get("/biblioteca/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["page_obj"].paginator.count, 18)
        self.assertEqual(self.client.get("/noticias/").context["page_obj"].paginator.count, 11)
        self.assertContains(self.client.get("/"), "/biblioteca/articulo-0001/")
