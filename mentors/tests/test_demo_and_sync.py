"""Instructors become mentor records; the demo directory is built once."""

import io

from django.core.management import call_command

from home import demo as home_demo
from mentors import demo as mentors_demo
from mentors.models import Certificate, Mentor, MentorIndexPage, MentorPage
from mentors.services import sync_instructors
from portal.testing import LuminoTestCase


class SyncInstructorsTests(LuminoTestCase):
    def test_every_instructor_gets_one_linked_record(self):
        created = sync_instructors()
        self.assertEqual([mentor.user for mentor in created], [self.mentor])
        self.assertEqual(self.mentor.mentor.full_name, "Miguel Tamarit")
        self.assertEqual(sync_instructors(), [])
        call_command("sync_mentors", stdout=io.StringIO())
        self.assertEqual(Mentor.objects.filter(user=self.mentor).count(), 1)
        self.assertFalse(Mentor.objects.filter(user__in=[self.member, self.editor, self.manager]).exists())


class MentorsDemoTests(LuminoTestCase):
    def seed(self):
        context = home_demo.DemoContext(scale=1)
        home_demo.seed(context)
        mentors_demo.seed(context)
        return context

    def counts(self):
        return [model.objects.count() for model in (Mentor, MentorPage, Certificate)]

    def test_the_demo_builds_the_directory_once_with_the_instructor_linked(self):
        context = self.seed()
        first = self.counts()
        self.seed()
        self.assertEqual(self.counts(), first)
        index = MentorIndexPage.objects.get()
        self.assertEqual((index.slug, index.show_in_menus), ("mentores", True))
        self.assertEqual(MentorPage.objects.child_of(index).live().count(), 7)  # 6 + the demo instructor
        instructor = Mentor.objects.get(user=context.people["mentor"])
        self.assertTrue(instructor.areas.exists() and instructor.slots.exists())
        for mentor in Mentor.objects.all():
            self.assertTrue(mentor.areas.exists() and mentor.slots.exists() and mentor.certificates.exists())
        self.assertTrue(Certificate.objects.needing_attention().exists())
