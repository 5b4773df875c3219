from django.test import TestCase

from courses import demo as courses_demo
from courses.models import Company, CourseIndexPage, CoursePage, Order, Reservation, Session
from home import demo as home_demo


class CourseDemoTests(TestCase):
    def seed(self):
        context = home_demo.DemoContext(scale=1)
        home_demo.seed(context)
        courses_demo.seed(context)
        return context

    def counts(self):
        return [model.objects.count() for model in (CoursePage, Session, Reservation, Order, Company)]

    def test_demo_builds_the_catalogue_and_the_members_places_once(self):
        context = self.seed()
        first = self.counts()
        self.seed()
        self.assertEqual(self.counts(), first)
        index = CourseIndexPage.objects.get()
        self.assertEqual((index.slug, index.show_in_menus), ("cursos", True))
        self.assertEqual(CoursePage.objects.child_of(index).count(), 12)
        self.assertTrue(CoursePage.objects.filter(price=0).exists() and CoursePage.objects.filter(price__gt=0).exists())
        for course in CoursePage.objects.all():
            sessions = list(course.sessions.upcoming())
            self.assertGreaterEqual(len(sessions), 2)
            self.assertTrue(all(8 <= session.capacity <= 30 for session in sessions))
        member = context.people["member"]
        statuses = sorted(Reservation.objects.filter(member=member).values_list("status", flat=True))
        self.assertEqual(statuses, ["confirmed", "held", "waitlisted"])
        self.assertEqual(Order.objects.get(member=member).provider, "bank_transfer")
        acme = Company.objects.get(name="Acme Formación S.L.")
        self.assertIn(context.people["company"], acme.managers.all())
        self.assertGreaterEqual(acme.members.count(), 4)
