from django.urls import reverse

from learning import services
from learning.errors import LearningError
from learning.models import LessonCompletion
from learning.outline import course_outline, percent
from portal.testing import LuminoTestCase

from .factories import add_module, enrol, lessons_of, taught_course


class PercentTests(LuminoTestCase):
    def test_percentages_are_whole_and_rounded_half_up(self):
        self.assertEqual(percent(1, 3), 33)
        self.assertEqual(percent(2, 3), 67)
        self.assertEqual(percent(1, 8), 13)  # 12.5 → 13
        self.assertEqual(percent(0, 0), 0)
        self.assertEqual(percent(4, 4), 100)


class ProgressTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.course, cls.session = taught_course(modules=1, lessons=3)
        add_module(cls.course, "Extra", [{"title": "Opcional", "required": False}])
        cls.lessons = lessons_of(cls.course)

    def setUp(self):
        self.enrolment = enrol(self.session, self.member)

    def test_completing_lessons_moves_the_module_and_course_percentages(self):
        services.complete_lesson(member=self.member, lesson=self.lessons[0])
        outline = course_outline(self.course, member=self.member)
        self.assertEqual((outline.done, outline.total, outline.percent), (1, 4, 25))
        self.assertEqual([m.percent for m in outline.modules], [33, 0])
        services.complete_lesson(member=self.member, lesson=self.lessons[1])
        outline = course_outline(self.course, member=self.member)
        self.assertEqual([m.percent for m in outline.modules], [67, 0])

    def test_completing_twice_records_once_and_undo_removes_it(self):
        services.complete_lesson(member=self.member, lesson=self.lessons[0])
        services.complete_lesson(member=self.member, lesson=self.lessons[0])
        self.assertEqual(LessonCompletion.objects.filter(member=self.member).count(), 1)
        self.assertTrue(services.undo_completion(member=self.member, lesson=self.lessons[0]))
        self.assertFalse(LessonCompletion.objects.exists())

    def test_someone_not_enrolled_cannot_record_progress(self):
        with self.assertRaises(LearningError) as caught:
            services.complete_lesson(member=self.other_member, lesson=self.lessons[0])
        self.assertEqual(caught.exception.code, "not_enrolled")
        self.assertFalse(LessonCompletion.objects.exists())

    def test_optional_lessons_count_in_the_percentage_but_not_for_the_certificate(self):
        for lesson in self.lessons[:3]:
            services.complete_lesson(member=self.member, lesson=lesson)
        outline = course_outline(self.course, member=self.member)
        self.assertTrue(outline.required_done)
        self.assertEqual(outline.percent, 75)

    def test_resume_goes_to_the_last_lesson_opened_or_the_next_not_done(self):
        self.client.force_login(self.member)
        self.client.get(self.lessons[1].url)
        self.enrolment.refresh_from_db()
        self.assertEqual(self.enrolment.last_lesson_id, self.lessons[1].pk)
        outline = course_outline(self.course, member=self.member, last_lesson_id=self.enrolment.last_lesson_id)
        self.assertEqual(outline.resume, self.lessons[1])
        services.complete_lesson(member=self.member, lesson=self.lessons[1])
        outline = course_outline(self.course, member=self.member, last_lesson_id=self.enrolment.last_lesson_id)
        self.assertEqual(outline.resume, self.lessons[2])

    def test_the_complete_button_records_and_goes_to_the_next_lesson(self):
        self.client.force_login(self.member)
        response = self.client.post(reverse("learning:complete_lesson", args=[self.lessons[0].pk]))
        self.assertRedirects(response, self.lessons[1].url, fetch_redirect_response=False)
        self.assertTrue(LessonCompletion.objects.filter(member=self.member, lesson=self.lessons[0]).exists())
        response = self.client.post(reverse("learning:undo_lesson", args=[self.lessons[0].pk]))
        self.assertFalse(LessonCompletion.objects.exists())

    def test_the_complete_button_refuses_a_member_not_enrolled(self):
        self.client.force_login(self.other_member)
        response = self.client.post(reverse("learning:complete_lesson", args=[self.lessons[0].pk]), follow=True)
        self.assertContains(response, "Reserve a seat in this course to open its lessons.")
        self.assertFalse(LessonCompletion.objects.exists())

    def test_the_complete_button_needs_a_post_and_a_known_lesson(self):
        self.client.force_login(self.member)
        self.assertEqual(
            self.client.get(reverse("learning:complete_lesson", args=[self.lessons[0].pk])).status_code, 405
        )
        self.assertEqual(self.client.post(reverse("learning:complete_lesson", args=[999999])).status_code, 404)

    def test_the_course_page_fragment_shows_progress_and_resume_to_the_learner_only(self):
        services.complete_lesson(member=self.member, lesson=self.lessons[0])
        url = reverse("learning:course_progress", args=[self.course.pk])
        self.assertEqual(self.client.get(url).status_code, 204)
        self.client.force_login(self.member)
        response = self.client.get(url)
        self.assertContains(response, "1 of 4 lessons done (25%).")
        self.assertContains(response, "Resume where you left off")
        self.assertContains(response, self.lessons[1].url)
