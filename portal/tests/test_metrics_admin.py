"""The metrics dashboard in the Wagtail admin: managers see every figure as a card, each breakdown
as a chart and a table; nobody else gets in; counting does not grow with the data."""

from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses.tests.factories import ReservationFactory, SessionFactory
from helpdesk.models import Ticket
from helpdesk.tests.factories import make_queue, open_ticket
from portal.metrics import Metric
from portal.testing import LuminoTestCase

from .metrics_support import contributed, hours_metrics

URL = "/admin/metrics/"


class MetricsDashboardTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.session = SessionFactory(capacity=50)
        ReservationFactory(session=cls.session)
        ReservationFactory(session=cls.session, status="cancelled")
        cls.queue = make_queue(agents=[cls.agent])

    def test_a_manager_sees_cards_charts_and_tables(self):
        self.client.force_login(self.manager)
        with contributed(news=hours_metrics):
            response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertContains(response, '<span class="metrics-card__value">1,234.57\u00a0h</span>', html=True)
        self.assertContains(response, "Test hours")
        self.assertContains(response, "Open tickets")
        self.assertContains(response, "Reservations")
        self.assertIn('<svg class="metric-chart"', html)
        self.assertIn('role="img" aria-labelledby="chart-test_hours-title chart-test_hours-desc"', html)
        self.assertIn("<caption>Test hours: the figures</caption>", html)
        self.assertInHTML('<th scope="row">Proyecto Brújula</th>', html)
        self.assertInHTML('<td class="metrics-table__figure">234.07\u00a0h</td>', html)
        # One chart and one table per breakdown: test hours, reservations, certificates, tickets at least.
        self.assertEqual(html.count('<svg class="metric-chart"'), html.count('<table class="listing metrics-table"'))
        self.assertGreaterEqual(html.count('<svg class="metric-chart"'), 4)

    def test_the_page_reads_in_spanish(self):
        self.client.force_login(self.manager)
        response = self.client.get(URL, HTTP_ACCEPT_LANGUAGE="es")
        self.assertContains(response, "Métricas")
        self.assertContains(response, "Tickets abiertos")

    def test_an_editor_a_mentor_and_an_agent_are_turned_away(self):
        for person in (self.editor, self.mentor, self.agent):
            with self.subTest(person=person.email):
                self.client.force_login(person)
                response = self.client.get(URL)
                self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)
                self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), URL)

    def test_a_member_is_refused_and_a_visitor_sent_to_log_in(self):
        self.client.force_login(self.member)
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 403)
        self.assertNotContains(response, "Open tickets", status_code=403)
        self.client.logout()
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(resolve_url(settings.LOGIN_URL)))
        self.assertIn(f"next={URL}", response["Location"])

    def test_a_manager_finds_it_in_the_menu_and_the_main_figures_on_the_admin_home(self):
        self.client.force_login(self.manager)
        home = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(home, URL)
        self.assertContains(home, "See the charts and tables")
        self.assertContains(home, "admin_metrics.css")

    def test_counting_does_not_grow_with_the_data(self):
        self.client.force_login(self.manager)

        def queries():
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(URL).status_code, 200)
            return len(captured)

        self.client.get(URL)  # Wagtail's first request in a test loads its site and settings
        few = queries()
        for _ in range(20):
            ReservationFactory(session=self.session, member=UserFactory())
            ticket = open_ticket(self.member, self.queue)
            Ticket.objects.filter(pk=ticket.pk).update(priority="urgent")
        self.assertEqual(queries(), few)
        cache.clear()
        urgent = '<tr><th scope="row">Urgent</th><td class="metrics-table__figure">20</td></tr>'
        self.assertInHTML(urgent, self.client.get(URL).content.decode())

    def test_hours_with_no_breakdown_rows_say_so_instead_of_an_empty_chart(self):
        def nothing_yet(today):
            return [Metric(key="test_empty", label="Hours per project", value=Decimal(0), unit="h", chart="bars")]

        self.client.force_login(self.manager)
        with contributed(news=nothing_yet):
            response = self.client.get(URL)
        self.assertContains(response, "Nothing to break down yet.")
        self.assertNotIn("chart-test_empty", response.content.decode())
