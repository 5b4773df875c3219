"""mentors/metrics.py against known data: projects, mentors and the hours they work."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentors.metrics import metrics
from mentors.models import Mentor, Project

from .projects_factories import ProjectsTestCase, make_entry, make_project

TODAY = datetime.date(2026, 11, 30)


class MetricsTests(ProjectsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_project("Cerrado", status=Project.Status.FINISHED)
        Mentor.objects.create(full_name="Inactiva", active=False)
        make_entry(cls.mentor_record, cls.project, datetime.date(2026, 11, 2), minutes=90)
        make_entry(cls.mentor_record, cls.project, datetime.date(2026, 10, 15), minutes=60, status="approved")
        make_entry(cls.other_record, cls.other_project, datetime.date(2026, 11, 20), minutes=240)
        make_entry(cls.other_record, cls.project, datetime.date(2025, 12, 1), minutes=30, status="approved")
        # Out of the last twelve months, still in the total.
        make_entry(cls.other_record, cls.project, datetime.date(2025, 11, 30), minutes=120, status="approved")
        # Rejected hours are not hours worked.
        make_entry(cls.mentor_record, cls.project, datetime.date(2026, 11, 3), minutes=600, status="rejected")

    def by_key(self):
        return {metric.key: metric for metric in metrics(TODAY)}

    def test_counts(self):
        figures = self.by_key()
        self.assertEqual(figures["active_projects"].value, 2)
        self.assertEqual(figures["active_mentors"].value, 2)
        self.assertEqual((figures["hours_total"].value, figures["hours_total"].unit), (Decimal("9.00"), "h"))

    def test_monthly_hours_cover_twelve_months_oldest_first(self):
        monthly = self.by_key()["hours_monthly"]
        self.assertEqual((monthly.value, monthly.chart, monthly.unit), (Decimal("5.50"), "columns", "h"))
        self.assertEqual(len(monthly.breakdown), 12)
        self.assertEqual(monthly.breakdown[0], ("dec 2025", Decimal("0.50")))
        self.assertEqual(monthly.breakdown[-2], ("oct 2026", Decimal("1.00")))
        self.assertEqual(monthly.breakdown[-1], ("nov 2026", Decimal("5.50")))
        self.assertEqual(sum(value for _label, value in monthly.breakdown), Decimal("7.00"))

    def test_hours_per_project_and_per_mentor(self):
        figures = self.by_key()
        self.assertEqual(
            figures["hours_per_project"].breakdown,
            (("Campus digital", Decimal("5.00")), ("Datos abiertos", Decimal("4.00"))),
        )
        self.assertEqual(figures["hours_per_project"].chart, "bars")
        self.assertEqual(
            figures["hours_per_mentor"].breakdown,
            (("Nuria Vela", Decimal("6.50")), ("Miguel Tamarit", Decimal("2.50"))),
        )

    def test_the_number_of_queries_does_not_grow_with_the_data(self):
        with CaptureQueriesContext(connection) as few:
            metrics(TODAY)
        for day in range(1, 25):
            make_entry(self.mentor_record, make_project(f"P{day}"), datetime.date(2026, 6, day), minutes=30)
        with CaptureQueriesContext(connection) as many:
            figures = {metric.key: metric for metric in metrics(TODAY)}
        self.assertEqual(len(many), len(few))
        self.assertEqual(len(figures["hours_per_project"].breakdown), 26)
