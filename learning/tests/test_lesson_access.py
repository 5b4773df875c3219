from django.test import override_settings

from courses.tests.factories import SessionFactory
from portal.testing import LuminoTestCase

from .factories import enrol, lessons_of, taught_course

BODY = "Contenido de Lección 1.1"


class LessonAccessTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.course, cls.session = taught_course()
        cls.lesson = lessons_of(cls.course)[0]

    def assertLocked(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(BODY, response.content.decode(), "the lesson body is shown")
        self.assertContains(response, "The lessons are for enrolled learners")
        self.assertContains(response, "Lección 2.2")  # the outline: titles and durations
        self.assertContains(response, "10 min")

    def assertOpen(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertIn(BODY, response.content.decode(), "the lesson body is missing")

    def test_a_visitor_sees_the_outline_and_a_call_to_reserve(self):
        response = self.client.get(self.lesson.url)
        self.assertLocked(response)
        self.assertContains(response, "/accounts/login/?next=")
        self.assertIn("private", response["Cache-Control"])

    def test_a_member_not_enrolled_sees_the_outline_only(self):
        self.client.force_login(self.other_member)
        self.assertLocked(self.client.get(self.lesson.url))

    def test_an_enrolled_member_reads_the_lesson_and_can_mark_it_complete(self):
        enrol(self.session, self.member)
        self.client.force_login(self.member)
        response = self.client.get(self.lesson.url)
        self.assertOpen(response)
        self.assertContains(response, "Mark as complete")

    def test_a_member_whose_seat_was_cancelled_is_locked_out_again(self):
        enrolment = enrol(self.session, self.member)
        enrolment.reservation.status = "cancelled"
        enrolment.reservation.save()
        self.client.force_login(self.member)
        self.assertLocked(self.client.get(self.lesson.url))

    def test_the_course_instructor_reads_the_lessons(self):
        self.course.instructors.add(self.mentor)
        self.course.save()
        self.client.force_login(self.mentor)
        response = self.client.get(self.lesson.url)
        self.assertOpen(response)
        self.assertNotContains(response, "Mark as complete")

    def test_the_sessions_instructor_reads_the_lessons(self):
        SessionFactory(course=self.course, instructor=self.mentor)
        self.client.force_login(self.mentor)
        self.assertOpen(self.client.get(self.lesson.url))

    def test_a_mentor_of_another_course_does_not(self):
        self.client.force_login(self.mentor)
        self.assertLocked(self.client.get(self.lesson.url))

    def test_editors_and_managers_read_the_lessons(self):
        for person in (self.editor, self.manager):
            self.client.force_login(person)
            self.assertOpen(self.client.get(self.lesson.url))

    def test_the_module_page_lists_its_lessons_for_everyone(self):
        module = self.lesson.get_parent()
        response = self.client.get(module.url)
        self.assertContains(response, "Lección 1.2")
        self.assertContains(response, "The lessons are for enrolled learners")

    def test_the_course_page_shows_the_outline_with_its_durations(self):
        response = self.client.get(self.course.url)
        self.assertContains(response, "Modules and lessons")
        self.assertContains(response, "4 lessons")
        self.assertContains(response, "40 min in all")
        self.assertContains(response, f"/learning/courses/{self.course.pk}/progress/")

    def test_lessons_stay_out_of_the_sitemap_and_the_site_search(self):
        sitemap = self.client.get("/sitemap.xml").content.decode()
        self.assertIn(self.course.slug, sitemap)
        self.assertNotIn(self.lesson.slug, sitemap)
        self.assertNotIn("modulo-1", sitemap)
        with override_settings(WAGTAILSEARCH_BACKENDS={"default": {"BACKEND": "modelsearch.backends.database"}}):
            response = self.client.get("/search/", {"q": "Lección"})
        self.assertNotContains(response, self.lesson.url)

    def test_the_outline_and_the_call_to_reserve_speak_spanish(self):
        response = self.client.get(self.lesson.url, HTTP_ACCEPT_LANGUAGE="es")
        self.assertContains(response, "Las lecciones son para quienes están matriculados")
        self.assertContains(response, "Ver sesiones y reservar")
        self.assertContains(response, "Índice del curso")

    def test_the_lesson_template_is_not_served_to_an_anonymous_preview(self):
        response = self.client.get(self.lesson.url + "?preview=1")
        self.assertNotContains(response, BODY)


class LessonPreviewTests(LuminoTestCase):
    def test_an_editor_previews_a_new_lesson_before_saving_it(self):
        from learning.models import ModulePage

        course, _session = taught_course("Curso con vista previa")
        module = ModulePage.objects.child_of(course).first()
        self.client.force_login(self.editor)
        url = f"/admin/pages/add/learning/lessonpage/{module.pk}/preview/"
        data = {
            "title": "Borrador",
            "slug": "borrador",
            "summary": "",
            "estimated_minutes": "5",
            "required": "on",
            "body-count": "0",
        }
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200, response.content[:300])
        self.assertTrue(response.json()["is_valid"])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Borrador")
