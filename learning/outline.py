"""A course's modules and lessons, with one person's progress, in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.db.models.functions import Greatest, Length, Substr

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


def _build(course, modules, by_module, completed, last_lesson_id=None):
    outline = Outline(course=course, completed_ids=completed, last_lesson_id=last_lesson_id)
    for module in modules:
        if module.path.startswith(course.path) and module.depth == course.depth + 1:
            items = by_module.get(module.path, [])
            done = sum(1 for lesson in items if lesson.pk in completed)
            outline.modules.append(ModuleOutline(page=module, lessons=items, done=done))
    return outline


def _grouped(courses):
    modules, lessons = _lessons_under(courses)
    steplen = 4  # treebeard's path step: a child's path is its parent's plus four characters
    by_module = defaultdict(list)
    for lesson in lessons:
        by_module[lesson.path[:-steplen]].append(lesson)
    return modules, lessons, by_module


def outlines_for(courses, member=None, last_lessons=None):
    """{course id: Outline} of one person for these courses: three queries, whatever their number."""
    courses = [course for course in courses if course is not None]
    member_id = member.pk if member is not None and member.is_authenticated else None
    outlines = outlines_for_people([(member_id, course) for course in courses], last_lessons)
    return {course.pk: outlines[(member_id, course.pk)] for course in courses}


def outlines_for_people(pairs, last_lessons=None):
    """{(member id, course id): Outline} for (member id, course) pairs: three queries in all."""
    from .models import LessonCompletion

    courses = list({course.pk: course for _member, course in pairs}.values())
    modules, lessons, by_module = _grouped(courses)
    members = {member_id for member_id, _course in pairs if member_id is not None}
    completed = defaultdict(set)
    if members and lessons:
        rows = LessonCompletion.objects.filter(member_id__in=members, lesson__in=[lesson.pk for lesson in lessons])
        for member_id, lesson_id in rows.values_list("member_id", "lesson_id"):
            completed[member_id].add(lesson_id)
    return {
        (member_id, course.pk): _build(
            course, modules, by_module, completed[member_id], (last_lessons or {}).get(course.pk)
        )
        for member_id, course in pairs
    }


def outlines_for_enrolments(enrolments, rows):
    """{(member id, course id): Outline} for listings: `enrolments` is the (unevaluated) queryset
    `rows` came from. Always three queries (modules, lessons, completions), built from subqueries,
    so a listing runs the same queries whether it shows nothing, 2 rows or 50."""
    from courses.models import CoursePage

    from .models import LessonCompletion, LessonPage, ModulePage

    # PostgreSQL evaluates the substring on rows of every depth: Greatest keeps its length >= 0.
    course_paths = CoursePage.objects.filter(pk__in=enrolments.values("course_id")).values("path")
    steplen = 4  # treebeard's path step: a child's path is its parent's plus four characters
    modules = list(
        ModulePage.objects.live()
        .annotate(course_path=Substr("path", 1, Greatest(Length("path") - steplen, 0)))
        .filter(course_path__in=course_paths)
        .order_by("path")
    )
    lessons = (
        LessonPage.objects.live()
        .annotate(course_path=Substr("path", 1, Greatest(Length("path") - 2 * steplen, 0)))
        .filter(course_path__in=course_paths)
    )
    completed = defaultdict(set)
    done = LessonCompletion.objects.filter(
        member_id__in=enrolments.values("member_id"), lesson__in=lessons.values("pk")
    )
    for member_id, lesson_id in done.values_list("member_id", "lesson_id"):
        completed[member_id].add(lesson_id)
    by_module = defaultdict(list)
    for lesson in lessons.order_by("path"):
        by_module[lesson.path[:-steplen]].append(lesson)
    return {
        (row.member_id, row.course_id): _build(row.course, modules, by_module, completed[row.member_id]) for row in rows
    }


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
