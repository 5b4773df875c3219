"""The public mentor directory: cards with areas, filters by area, level and weekday, a page per mentor, search."""

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.testing import LuminoTestCase

from .factories import make_area, make_directory, make_mentor, make_page


class DirectoryTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.python, cls.cloud = make_area("Python"), make_area("Cloud y DevOps", "cloud")
        cls.directory = make_directory()
        with cls.captureOnCommitCallbacks(execute=True):
            cls.laura = make_mentor(
                "Laura Gómez",
                areas=[(cls.python, 4)],
                slots=[(1, 9, 13)],
                phone="+34 600 111 222",
                national_id="12345678Z",
            )
            cls.javier = make_mentor("Javier Martín", areas=[(cls.python, 2), (cls.cloud, 4)], slots=[(3, 16, 19)])
            cls.laura_page = make_page(cls.directory, cls.laura, intro="Ingeniera de datos y pitonisa.", tags=["Datos"])
            cls.javier_page = make_page(cls.directory, cls.javier, intro="Arquitecto de contenedores.")

    def setUp(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def get(self, **params):
        response = self.client.get(self.directory.url, params)
        self.assertEqual(response.status_code, 200)
        return response

    def test_the_directory_lists_every_mentor_with_areas_and_levels(self):
        response = self.get()
        self.assertContains(response, "Laura Gómez")
        self.assertContains(response, "Javier Martín")
        self.assertContains(response, "Python · Expert")
        self.assertContains(response, "Cloud y DevOps · Expert")
        self.assertContains(response, "2 mentors")

    def test_filters_by_area_level_and_weekday(self):
        self.assertNotContains(self.get(area="cloud"), "Laura Gómez")
        self.assertContains(self.get(area="cloud"), "Javier Martín")
        self.assertNotContains(self.get(weekday="1"), "Javier Martín")
        self.assertContains(self.get(weekday="1"), "Laura Gómez")
        self.assertContains(self.get(level="4"), "Javier Martín")  # expert in cloud

    def test_area_and_level_together_mean_that_level_in_that_area(self):
        response = self.get(area="python", level="3")
        self.assertContains(response, "Laura Gómez")
        self.assertNotContains(response, "Javier Martín")  # expert in cloud, basic-ish in Python
        self.assertContains(response, "1 mentor")

    def test_a_bad_filter_value_is_ignored_not_an_error(self):
        for params in ({"level": "9"}, {"weekday": "lunes"}, {"area": "<script>"}, {"page": "999"}):
            with self.subTest(params=params):
                self.assertContains(self.get(**params), "2 mentors")

    def test_filters_offer_only_values_that_find_someone(self):
        response = self.get(weekday="1")
        self.assertContains(response, "?area=python&amp;weekday=1")
        self.assertNotContains(response, "?area=cloud")
        everyone = self.get()
        self.assertContains(everyone, "?weekday=3")
        self.assertNotContains(everyone, "?weekday=6")  # nobody works on Saturdays
        self.assertContains(everyone, "?level=4")
        self.assertNotContains(self.get(area="python", weekday="3"), "level=3")  # Javier: Python at level 2

    def test_the_mentor_page_shows_areas_and_availability_but_no_private_data(self):
        response = self.client.get(self.laura_page.url)
        self.assertContains(response, "Ingeniera de datos y pitonisa.")
        self.assertContains(response, "Monday, 09:00 to 13:00")
        self.assertContains(response, "Expert")
        self.assertNotContains(response, "600 111 222")
        self.assertNotContains(response, "12345678Z")

    def test_the_directory_is_in_the_menu(self):
        self.assertContains(self.client.get("/"), self.directory.url)

    def test_the_search_box_finds_a_mentor(self):
        response = self.client.get("/search/", {"q": "pitonisa"})
        self.assertContains(response, "Laura Gómez")
        self.assertContains(self.client.get("/search/", {"q": "Javier", "type": "mentor"}), "Javier Martín")

    def test_the_directory_runs_the_same_queries_for_2_and_20_mentors(self):
        def count():
            with CaptureQueriesContext(connection) as queries:
                self.get()
            return len(queries)

        count()
        few = count()
        for number in range(18):
            mentor = make_mentor(f"Mentora {number}", areas=[(self.python, 1 + number % 4), (self.cloud, 2)])
            make_page(self.directory, mentor, tags=["Datos"])
        self.assertEqual(count(), few)
