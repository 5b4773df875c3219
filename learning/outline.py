"""A course's modules and lessons, with one person's progress, in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from .access import active_enrolment, may_open_lessons


def percent(done, total):
    """Whole percent, rounded half up (1 of 3 → 33, 2 of 3 → 67); 0 for nothing to do."""
    if not total:
        return 0
    return int((Decimal(done * 100) / Decimal(total)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class ModuleOutline:
    page: object
    lessons: list = field(default_factory=list)
    done: int = 0

    @property
    def total(self):
        return len(self.lessons)

    @property
    def percent(self):
        return percent(self.done, self.total)

    @property
    def minutes(self):
        return sum(lesson.estimated_minutes for lesson in self.lessons)


@dataclass
class Outline:
    course: object
    modules: list = field(default_factory=list)
    completed_ids: set = field(default_factory=set)
    last_lesson_id: int | None = None

    @property
    def lessons(self):
        return [lesson for module in self.modules for lesson in module.lessons]

    @property
    def total(self):
        return len(self.lessons)

    @property
    def done(self):
        return sum(module.done for module in self.modules)

    @property
    def percent(self):
        return percent(self.done, self.total)

    @property
    def minutes(self):
        return sum(module.minutes for module in self.modules)

    @property
    def required_done(self):
        return all(lesson.pk in self.completed_ids for lesson in self.lessons if lesson.required)

    @property
    def resume(self):
        """Where to carry on: the last lesson opened if it is not done, else the next one not done."""
        lessons = self.lessons
        ids = [lesson.pk for lesson in lessons]
        start = ids.index(self.last_lesson_id) if self.last_lesson_id in ids else 0
        for lesson in lessons[start:] + lessons[:start]:
            if lesson.pk not in self.completed_ids:
                return lesson
        return None

    def neighbours(self, lesson):
        lessons = self.lessons
        ids = [item.pk for item in lessons]
        if lesson.pk not in ids:
            return None, None
        index = ids.index(lesson.pk)
        following = lessons[index + 1] if index + 1 < len(lessons) else None
        return following, lessons[index - 1] if index else None


def _lessons_under(courses):
    from .models import LessonPage, ModulePage

    if not courses:
        return [], []
    under = Q()
    for course in courses:
        under |= Q(path__startswith=course.path, depth__gt=course.depth)
    modules = list(ModulePage.objects.live().filter(under).order_by("path"))
    lessons = list(LessonPage.objects.live().filter(under).order_by("path"))
    return modules, lessons


def outlines_for(courses, member=None, last_lessons=None):
    """{course id: Outline} for these courses: three queries, whatever their number."""
    from .models import LessonCompletion

    courses = [course for course in courses if course is not None]
    modules, lessons = _lessons_under(courses)
    steplen = 4  # treebeard's path step: a child's path is its parent's plus four characters
    by_module = defaultdict(list)
    for lesson in lessons:
        by_module[lesson.path[:-steplen]].append(lesson)
    completed = set()
    if member is not None and member.is_authenticated and lessons:
        completed = set(
            LessonCompletion.objects.filter(member=member, lesson__in=[lesson.pk for lesson in lessons]).values_list(
                "lesson_id", flat=True
            )
        )
    result = {}
    for course in courses:
        outline = Outline(course=course, completed_ids=completed, last_lesson_id=(last_lessons or {}).get(course.pk))
        for module in modules:
            if module.path.startswith(course.path) and module.depth == course.depth + 1:
                items = by_module.get(module.path, [])
                done = sum(1 for lesson in items if lesson.pk in completed)
                outline.modules.append(ModuleOutline(page=module, lessons=items, done=done))
        result[course.pk] = outline
    return result


def course_outline(course, member=None, last_lesson_id=None):
    if course is None:
        return Outline(course=None)
    return outlines_for([course], member, {course.pk: last_lesson_id})[course.pk]


def learner_view(user, course):
    """What the lesson and module templates need to know about the person looking."""
    enrolment = active_enrolment(user, course)
    return {
        "course": course,
        "enrolment": enrolment,
        "may_open": may_open_lessons(user, course, enrolment),
    }
