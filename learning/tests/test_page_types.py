from wagtail.test.utils import WagtailPageTestCase

from courses.models import CourseIndexPage, CoursePage
from home.models import HomePage
from learning.models import LessonPage, ModulePage


class LearningPageTypeTests(WagtailPageTestCase):
    def test_modules_go_under_courses_and_lessons_under_modules(self):
        self.assertCanCreateAt(CoursePage, ModulePage)
        self.assertCanCreateAt(ModulePage, LessonPage)
        self.assertCanNotCreateAt(CoursePage, LessonPage)
        self.assertCanNotCreateAt(HomePage, ModulePage)
        self.assertCanNotCreateAt(CourseIndexPage, ModulePage)
        self.assertAllowedSubpageTypes(LessonPage, {})
