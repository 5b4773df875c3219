"""The image a visitor sees first on a course page or the catalogue loads first, at the size shown."""

from html.parser import HTMLParser

from wagtail.test.utils import WagtailPageTestCase

from home.demo import demo_image

from .factories import course_index, make_course


class Pictures(HTMLParser):
    """The <img> and <source> tags of a page, in order, as attribute dicts."""

    def __init__(self, html):
        super().__init__()
        self.images, self.sources = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))
        elif tag == "source":
            self.sources.append(dict(attrs))


class CourseImageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = course_index()
        image = demo_image("Portada", (1280, 720), "#1f4fd1")
        cls.first = make_course("Python para datos", image=image)
        cls.second = make_course("React práctico", image=image)

    def pictures(self, page):
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        return Pictures(response.content.decode())

    def test_the_course_image_is_fetched_first_and_never_lazily(self):
        image = next(img for img in self.pictures(self.first).images if "course__image" in img.get("class", ""))
        self.assertEqual(image.get("fetchpriority"), "high")
        self.assertNotIn("loading", image)

    def test_phones_get_a_rendition_for_their_width_not_the_desktop_one(self):
        sources = self.pictures(self.first).sources
        self.assertTrue(sources)
        for source in sources:
            self.assertTrue(source["sizes"].startswith("(max-width: 52em) calc(100vw - 2rem)"), source["sizes"])
            self.assertIn(" 480w", source["srcset"])

    def test_the_first_card_of_the_catalogue_is_eager_and_the_others_lazy(self):
        first, second = (img for img in self.pictures(self.index).images if "card__image" in img.get("class", ""))
        self.assertEqual(first.get("fetchpriority"), "high")
        self.assertNotIn("loading", first)
        self.assertEqual(second.get("loading"), "lazy")
        self.assertNotIn("fetchpriority", second)

    def test_card_sizes_follow_the_card_width(self):
        sizes = {source["sizes"] for source in self.pictures(self.index).sources}
        self.assertEqual(sizes, {"(max-width: 35em) calc(100vw - 2rem), (max-width: 60em) 50vw, 17rem"})
