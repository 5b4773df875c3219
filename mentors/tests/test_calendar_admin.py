"""The "Academic calendar" admin menu: terms, holidays and classes, kept by managers and editors."""

from django.conf import settings
from django.urls import reverse

from mentors.models import Holiday, Term
from portal.i18n_checks import untranslated_lookups
from portal.testing import LuminoTestCase

from .calendar_factories import make_class, make_holiday, make_term

TERMS = "wagtailsnippets_mentors_term"
HOLIDAYS = "wagtailsnippets_mentors_holiday"
CLASSES = "wagtailsnippets_mentors_classschedule"


class CalendarAdminTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.first = make_term()
        cls.second = make_term("Segundo trimestre 2026-2027", "2027-01-11", "2027-03-26")
        make_holiday("Inmaculada Concepción", "2026-12-08", term=cls.first)
        make_holiday("San José", "2027-03-19", term=cls.second)
        make_class(cls.first, "Python desde cero", 1)
        make_class(cls.second, "Django para la web", 3)

    def setUp(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
        self.client.force_login(self.manager)

    def add_term(self, name, starts_on, ends_on):
        return self.client.post(reverse(f"{TERMS}:add"), {"name": name, "starts_on": starts_on, "ends_on": ends_on})

    def test_a_manager_adds_a_term(self):
        response = self.add_term("Tercer trimestre 2026-2027", "2027-04-05", "2027-06-18")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Term.objects.filter(name="Tercer trimestre 2026-2027").exists())

    def test_overlapping_terms_are_refused_in_spanish_naming_the_other_term(self):
        response = self.add_term("Trimestre intensivo", "2026-12-14", "2027-01-15")
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response,
            "Estas fechas se solapan con el periodo lectivo «Primer trimestre 2026-2027» (14/09/2026 – 18/12/2026)",
        )
        self.assertFalse(Term.objects.filter(name="Trimestre intensivo").exists())

    def test_moving_a_term_onto_another_is_refused_but_editing_it_in_place_is_not(self):
        url = reverse(f"{TERMS}:edit", args=[self.second.pk])
        refused = self.client.post(url, {"name": self.second.name, "starts_on": "2026-12-01", "ends_on": "2027-03-26"})
        self.assertContains(refused, "se solapan con el periodo lectivo «Primer trimestre 2026-2027»")
        self.second.refresh_from_db()
        self.assertEqual(str(self.second.starts_on), "2027-01-11")
        accepted = self.client.post(url, {"name": self.second.name, "starts_on": "2027-01-08", "ends_on": "2027-03-26"})
        self.assertEqual(accepted.status_code, 302)

    def test_an_end_before_the_start_is_refused_in_spanish(self):
        response = self.add_term("Al revés", "2027-06-18", "2027-04-05")
        self.assertContains(response, "La fecha de fin no puede ser anterior a la de inicio.")
        holiday = self.client.post(
            reverse(f"{HOLIDAYS}:add"), {"name": "Puente", "starts_on": "2027-05-03", "ends_on": "2027-05-01"}
        )
        self.assertContains(holiday, "La fecha de fin no puede ser anterior a la de inicio.")
        self.assertFalse(Term.objects.filter(name="Al revés").exists())
        self.assertFalse(Holiday.objects.filter(name="Puente").exists())

    def test_a_holiday_outside_its_term_is_refused(self):
        response = self.client.post(
            reverse(f"{HOLIDAYS}:add"),
            {"name": "Fiesta Nacional", "starts_on": "2027-10-12", "ends_on": "2027-10-12", "term": self.first.pk},
        )
        self.assertContains(response, "Este festivo no tiene ningún día dentro del periodo lectivo")
        self.assertFalse(Holiday.objects.filter(name="Fiesta Nacional").exists())

    def test_a_class_that_ends_before_it_starts_is_refused_in_spanish(self):
        response = self.client.post(
            reverse(f"{CLASSES}:add"),
            {"term": self.first.pk, "title": "Taller", "weekday": 2, "starts_at": "20:00", "ends_at": "18:00"},
        )
        self.assertContains(response, "La clase debe terminar después de empezar.")

    def test_holidays_and_classes_are_filtered_by_term(self):
        holidays = self.client.get(reverse(f"{HOLIDAYS}:list"), {"term": self.second.pk})
        self.assertContains(holidays, "San José")
        self.assertNotContains(holidays, "Inmaculada Concepción")
        classes = self.client.get(reverse(f"{CLASSES}:list"), {"term": self.first.pk})
        self.assertContains(classes, "Python desde cero")
        self.assertNotContains(classes, "Django para la web")

    def test_the_menu_reads_in_spanish(self):
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, '"label": "Calendario acad\\u00e9mico"')  # the sidebar's JSON
        listing = self.client.get(reverse(f"{TERMS}:list"))
        self.assertContains(listing, "Periodos lectivos")

    def test_every_string_of_the_calendar_screens_has_spanish(self):
        self.client.force_login(self.editor)
        screens = [reverse(f"{name}:{view}") for name in (TERMS, HOLIDAYS, CLASSES) for view in ("list", "add")]
        screens += [
            reverse(f"{TERMS}:edit", args=[self.first.pk]),
            reverse(f"{HOLIDAYS}:list") + f"?term={self.first.pk}",
        ]
        with untranslated_lookups("es") as missing:
            for url in screens:
                self.assertEqual(self.client.get(url).status_code, 200, url)
            self.add_term("Solapado", "2026-12-01", "2027-01-20")
        self.assertEqual(sorted(missing - {"", " ", "%s", "%(value)s"}), [])

    def test_editors_keep_the_calendar_members_and_mentors_do_not(self):
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(reverse(f"{TERMS}:list")).status_code, 200)
        response = self.add_term("Tercer trimestre 2026-2027", "2027-04-05", "2027-06-18")
        self.assertEqual(response.status_code, 302)
        for person in (self.member, self.mentor):
            with self.subTest(user=person.username):
                self.client.force_login(person)
                for name in (TERMS, HOLIDAYS, CLASSES):
                    self.assertIn(self.client.get(reverse(f"{name}:list")).status_code, (302, 403))
