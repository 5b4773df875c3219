"""The demo's projects and hours: three projects, a few weeks of hours in every state, and a second
run that adds nothing."""

from home.demo import DemoContext
from mentors import projects_demo
from mentors.models import HoursEntry, Mentor, Project, ProjectGroup
from portal.testing import LuminoTestCase


class ProjectsDemoTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.mentor_record = Mentor.objects.create(user=cls.mentor, full_name="Miguel Tamarit")

    def seed(self):
        projects_demo.seed(DemoContext(people={"manager": self.manager, "member": self.member}))

    def test_projects_groups_and_four_weeks_of_hours(self):
        self.seed()
        demo = Project.objects.filter(code__in=[code for code, *_rest in projects_demo.PROJECTS])
        self.assertEqual(demo.count(), 3)
        self.assertEqual(demo.filter(status=Project.Status.FINISHED).count(), 1)
        self.assertTrue(all(list(project.supervisors.all()) == [self.manager] for project in demo))
        groups = ProjectGroup.objects.filter(project__in=demo)
        self.assertTrue(groups.filter(mentors=self.mentor_record, learners=self.member).exists())
        mine = HoursEntry.objects.filter(mentor=self.mentor_record)
        self.assertEqual(mine.count(), 12)
        self.assertEqual(mine.filter(status="approved").count(), 6)
        rejected = mine.get(status="rejected")
        self.assertTrue(rejected.review_note)
        self.assertEqual(mine.filter(status="pending").count(), 5)

    def test_a_second_run_adds_nothing(self):
        self.seed()
        counts = (Project.objects.count(), ProjectGroup.objects.count(), HoursEntry.objects.count())
        self.seed()
        self.assertEqual((Project.objects.count(), ProjectGroup.objects.count(), HoursEntry.objects.count()), counts)
