from django.core import mail

from learning import services, sweeps
from learning.errors import LearningError
from learning.models import BulkIssue, Certificate
from portal.testing import LuminoTestCase

from .factories import assessment, enrol, lessons_of, score, taught_course


class BulkIssueTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.course, cls.session = taught_course(modules=1, lessons=1)
        cls.lesson = lessons_of(cls.course)[0]
        cls.exam = assessment(cls.session)

    def setUp(self):
        self.learners = [self.member, self.other_member, self.company_manager]
        for person in self.learners:
            enrol(self.session, person)
        # Two finished (one already certified by hand), one did not.
        for person in self.learners[:2]:
            score(self.exam, person, 7)
            services.complete_lesson(member=person, lesson=self.lesson)

    def test_a_bulk_issue_certifies_those_who_finished_and_skips_the_rest(self):
        Certificate.objects.all().delete()  # as if the lessons were done before the grades
        with self.captureOnCommitCallbacks(execute=True):
            job = services.start_bulk_issue(session=self.session, by=self.manager)
        job.refresh_from_db()
        self.assertEqual(job.status, BulkIssue.Status.DONE)
        self.assertEqual((job.total, job.processed, job.issued, job.skipped), (3, 3, 2, 1))
        self.assertEqual(Certificate.objects.filter(status=Certificate.Status.ISSUED).count(), 2)
        self.assertEqual(len(mail.outbox), 2)

    def test_every_learner_when_asked_and_nobody_twice(self):
        with self.captureOnCommitCallbacks(execute=True):
            job = services.start_bulk_issue(session=self.session, by=self.manager, only_eligible=False)
        job.refresh_from_db()
        self.assertEqual((job.issued, job.skipped), (1, 2))  # two already had theirs
        self.assertEqual(Certificate.objects.count(), 3)

    def test_one_bulk_issue_at_a_time_per_session(self):
        services.start_bulk_issue(session=self.session, by=self.manager)  # queued, its task not run
        with self.assertRaises(LearningError) as caught:
            services.start_bulk_issue(session=self.session, by=self.manager)
        self.assertEqual(caught.exception.code, "bulk_running")
        self.assertEqual(BulkIssue.objects.count(), 1)

    def test_only_certificate_staff_start_one(self):
        with self.assertRaises(LearningError):
            services.start_bulk_issue(session=self.session, by=self.mentor)
        self.assertFalse(BulkIssue.objects.exists())

    def test_a_stalled_run_is_resumed_by_the_sweep_and_finishes(self):
        from datetime import timedelta

        from django.utils import timezone

        job = services.start_bulk_issue(session=self.session, by=self.manager, only_eligible=False)
        later = timezone.now() + timedelta(minutes=30)
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(sweeps.resume_bulk_issues(now=later), 1)
        job.refresh_from_db()
        self.assertEqual(job.status, BulkIssue.Status.DONE)
        self.assertEqual(Certificate.objects.count(), 3)

    def test_the_manager_follows_the_progress_page_and_can_come_back(self):
        self.client.force_login(self.manager)
        url = f"/admin/learning/sessions/{self.session.pk}/certificates/"
        self.assertContains(self.client.get(url), "3 learners are enrolled")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, {"only_eligible": "on"})
        job = BulkIssue.objects.get()
        self.assertRedirects(response, f"/admin/learning/bulk-issues/{job.pk}/", fetch_redirect_response=False)
        response = self.client.get(f"/admin/learning/bulk-issues/{job.pk}/")
        self.assertContains(response, 'data-status="done"')
        self.assertContains(response, "3 of 3 learners (100%)")
        self.assertNotContains(response, 'http-equiv="refresh"')

    def test_a_running_issue_page_refreshes_itself(self):
        job = services.start_bulk_issue(session=self.session, by=self.manager)
        self.client.force_login(self.manager)
        response = self.client.get(f"/admin/learning/bulk-issues/{job.pk}/")
        self.assertContains(response, 'http-equiv="refresh"')
        self.assertContains(response, "You can leave this page")
