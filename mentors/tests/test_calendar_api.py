"""/api/v1/calendar/: terms with their holidays and weekly classes, for anyone, filtered by year."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.testing import LuminoTestCase

from .calendar_factories import make_class, make_holiday, make_term

URL = "/api/v1/calendar/"


class CalendarApiTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.first = make_term()
        cls.second = make_term("Segundo trimestre 2026-2027", "2027-01-11", "2027-03-26")
        cls.next_year = make_term("Primer trimestre 2027-2028", "2027-09-13", "2027-12-17")
        make_class(cls.first, "Python desde cero", 1)
        make_class(cls.first, "Análisis de datos", 2, start=(9, 0), end=(11, 0))
        make_holiday("Inmaculada Concepción", "2026-12-08", term=cls.first)
        make_holiday("Vacaciones de Navidad", "2026-12-24", "2027-01-06")  # between the terms
        make_holiday("Vacaciones de Semana Santa", "2027-03-22", "2027-03-29")  # touches the second term

    def test_anyone_reads_the_terms_with_their_holidays_and_classes(self):
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        terms = response.json()["results"]
        self.assertEqual([term["name"] for term in terms], [self.first.name, self.second.name, self.next_year.name])
        first = terms[0]
        self.assertEqual((first["starts_on"], first["ends_on"]), ("2026-09-14", "2026-12-18"))
        self.assertEqual([holiday["name"] for holiday in first["holidays"]], ["Inmaculada Concepción"])
        self.assertEqual(
            [(item["weekday"], item["weekday_label"], item["starts_at"], item["title"]) for item in first["classes"]],
            [(1, "Monday", "18:00:00", "Python desde cero"), (2, "Tuesday", "09:00:00", "Análisis de datos")],
        )
        # Holidays go with the terms whose days they touch, whatever term they name (or none).
        self.assertEqual([holiday["name"] for holiday in terms[1]["holidays"]], ["Vacaciones de Semana Santa"])
        self.assertEqual(terms[2]["holidays"], [])

    def test_the_year_filter_keeps_the_terms_with_a_day_in_that_year(self):
        names = [term["name"] for term in self.client.get(URL, {"year": 2027}).json()["results"]]
        self.assertEqual(names, [self.second.name, self.next_year.name])
        self.assertEqual(self.client.get(URL, {"year": 2030}).json()["results"], [])

    def test_a_bad_year_is_a_400_in_the_shared_shape(self):
        for value in ("dos mil", "2026.5", "99999", "-1"):
            with self.subTest(year=value):
                response = self.client.get(URL, {"year": value})
                self.assertEqual(response.status_code, 400)
                body = response.json()
                self.assertFalse(body["success"])
                self.assertIn("year", body["errors"])
                self.assertTrue(body["message"].startswith("year:"))

    def test_the_calendar_is_read_only(self):
        self.client.force_login(self.manager)
        response = self.client.post(URL, {"name": "Nuevo"}, content_type="application/json")
        self.assertEqual(response.status_code, 405)
        self.assertFalse(response.json()["success"])

    def test_query_count_does_not_grow_with_terms_holidays_and_classes(self):
        def count():
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(URL).status_code, 200)
            return len(queries)

        before = count()
        for number in range(20):
            term = make_term(f"Curso {number}", f"{2030 + number}-09-01", f"{2030 + number}-12-20")
            make_class(term, f"Clase {number}", number % 7 + 1)
            make_holiday(f"Fiesta {number}", f"{2030 + number}-10-12", term=term)
        self.assertEqual(count(), before)

    def test_the_endpoint_is_in_the_schema(self):
        schema = self.client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
        operation = schema["paths"]["/api/v1/calendar/"]["get"]
        self.assertIn("year", [parameter["name"] for parameter in operation["parameters"]])
        self.assertIn("400", operation["responses"])
        self.assertNotIn("post", schema["paths"]["/api/v1/calendar/"])
