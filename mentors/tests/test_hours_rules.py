"""The rules of hours worked (mentors/hours.py): each refusal names its rule, and nothing is stored."""

import datetime

from django.utils import formats, timezone, translation

from mentors import hours as services
from mentors.models import HoursEntry, Mentor, Project, ProjectGroup

from .projects_factories import ProjectsTestCase, make_entry, make_group, make_project

T = datetime.time


class LoggingHoursTests(ProjectsTestCase):
    def log(self, **fields):
        values = {"by": self.mentor, "project": self.project, "date": self.monday, "description": "Tutorías"}
        return services.log_hours(**{**values, **fields})

    def assertRefused(self, code, field, message, **fields):
        before = HoursEntry.objects.count()
        with self.assertRaises(services.HoursError) as caught:
            self.log(**fields)
        self.assertEqual(caught.exception.code, code)
        self.assertEqual(caught.exception.field, field)
        self.assertEqual(str(caught.exception.message), message)
        self.assertEqual(HoursEntry.objects.count(), before)
        return caught.exception

    def test_a_range_gives_the_minutes(self):
        entry = self.log(starts_at=T(9, 15), ends_at=T(13, 45))
        self.assertEqual((entry.minutes, entry.hours, entry.status), (270, 4.5, HoursEntry.Status.PENDING))
        self.assertEqual(entry.mentor, self.mentor_record)

    def test_a_duration_alone_is_enough(self):
        entry = self.log(minutes=90)
        self.assertEqual((entry.minutes, entry.starts_at, entry.ends_at), (90, None, None))

    def test_nothing_given_is_refused(self):
        self.assertRefused("no_duration", "minutes", "Give the start and end times, or the duration.")

    def test_half_a_range_is_refused(self):
        self.assertRefused(
            "half_range",
            "ends_at",
            "Give both the start and the end time, or neither and the duration.",
            starts_at=T(9),
        )

    def test_a_range_that_ends_before_it_starts_is_refused(self):
        self.assertRefused(
            "range_order",
            "ends_at",
            "The end time (09:00) must be after the start time (12:00).",
            starts_at=T(12),
            ends_at=T(9),
        )

    def test_a_duration_that_disagrees_with_the_range_is_refused(self):
        self.assertRefused(
            "duration_mismatch",
            "minutes",
            "From 09:00 to 11:00 is 2 h, not 3 h: correct the duration or leave it empty.",
            starts_at=T(9),
            ends_at=T(11),
            minutes=180,
        )

    def test_a_future_date_is_refused(self):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        exc = self.assertRefused("future_date", "date", _future_message(tomorrow), date=tomorrow, minutes=60)
        self.assertEqual(exc.status, 400)

    def test_today_is_accepted(self):
        self.assertEqual(self.log(date=timezone.localdate(), minutes=60).date, timezone.localdate())

    def test_an_inactive_project_is_refused(self):
        self.project.status = Project.Status.PAUSED
        self.project.save()
        self.assertRefused(
            "project_inactive",
            "project",
            "The project Campus digital is paused: hours can only be logged on active projects.",
            minutes=60,
        )

    def test_a_day_before_the_project_starts_is_refused(self):
        self.project.starts_on = self.monday + datetime.timedelta(days=1)
        self.project.save()
        self.assertRefused(
            "before_project",
            "date",
            f"The project Campus digital starts on {_day(self.project.starts_on)}: log hours from that day on.",
            minutes=60,
        )

    def test_a_project_she_is_not_assigned_to_is_refused(self):
        self.assertRefused(
            "not_assigned",
            "project",
            "You are not in any active group of Datos abiertos: ask its supervisor to add you, or choose another "
            "project.",
            project=self.other_project,
            minutes=60,
        )

    def test_a_closed_group_does_not_assign(self):
        ProjectGroup.objects.filter(pk=self.group.pk).update(status=ProjectGroup.Status.CLOSED)
        self.assertRefused("not_assigned", "project", _not_assigned("Campus digital"), minutes=60)

    def test_an_overlapping_range_is_refused(self):
        make_entry(self.mentor_record, self.project, self.monday, start=9, end=12)
        self.assertRefused(
            "overlap",
            "starts_at",
            f"From 11:00 to 13:00 overlaps your entry of 09:00–12:00 on {_day(self.monday)}: change the times.",
            starts_at=T(11),
            ends_at=T(13),
        )

    def test_adjacent_ranges_and_entries_without_range_do_not_overlap(self):
        make_entry(self.mentor_record, self.project, self.monday, start=9, end=12)
        make_entry(self.mentor_record, self.project, self.monday, minutes=120)
        self.assertEqual(self.log(starts_at=T(12), ends_at=T(14)).minutes, 120)

    def test_another_mentors_range_does_not_overlap(self):
        make_entry(self.other_record, self.project, self.monday, start=9, end=12)
        self.assertEqual(self.log(starts_at=T(9), ends_at=T(12)).minutes, 180)

    def test_more_than_24_hours_in_a_day_is_refused(self):
        make_entry(self.mentor_record, self.project, self.monday, minutes=20 * 60)
        self.assertRefused(
            "day_over_24h",
            "minutes",
            f"You already have 20 h logged on {_day(self.monday)}: with these 6 h you would go over 24 h in a day.",
            minutes=6 * 60,
        )

    def test_the_message_is_in_spanish_for_a_spanish_request(self):
        make_entry(self.mentor_record, self.project, datetime.date(2026, 11, 3), minutes=20 * 60)
        with translation.override("es"):
            exc = self.assertRefused(
                "day_over_24h",
                "minutes",
                "Ya tienes 20 h registradas el 3 de noviembre de 2026: con estas 6 h pasarías de 24 h en un día.",
                date=datetime.date(2026, 11, 3),
                minutes=6 * 60,
                today=datetime.date(2026, 11, 30),
            )
        self.assertEqual(exc.code, "day_over_24h")

    def test_exactly_24_hours_is_accepted_and_rejected_entries_do_not_count(self):
        make_entry(self.mentor_record, self.project, self.monday, minutes=20 * 60)
        make_entry(self.mentor_record, self.project, self.monday, minutes=3 * 60, status=HoursEntry.Status.REJECTED)
        self.assertEqual(self.log(minutes=4 * 60).minutes, 240)

    def test_a_week_with_approved_hours_is_locked(self):
        make_entry(self.mentor_record, self.project, self.monday, minutes=60, status=HoursEntry.Status.APPROVED)
        exc = self.assertRefused(
            "week_locked",
            "date",
            f"The week of {_day(self.monday)} already has approved hours, so it is locked: ask the project's "
            "supervisor if something must change.",
            date=self.monday + datetime.timedelta(days=6),
            minutes=60,
        )
        self.assertEqual(exc.status, 409)

    def test_the_next_week_and_other_mentors_are_not_locked(self):
        make_entry(self.mentor_record, self.project, self.monday, minutes=60, status=HoursEntry.Status.APPROVED)
        self.assertTrue(self.log(date=self.monday + datetime.timedelta(days=7), minutes=60).pk)
        entry = services.log_hours(
            by=self.other_mentor, project=self.project, date=self.monday, minutes=60, description="Revisión"
        )
        self.assertEqual(entry.mentor, self.other_record)

    def test_someone_without_a_mentor_record_cannot_log(self):
        with self.assertRaises(services.HoursError) as caught:
            self.log(by=self.supervisor, minutes=60)
        self.assertEqual((caught.exception.code, caught.exception.status), ("not_a_mentor", 403))


class ChangingHoursTests(ProjectsTestCase):
    def test_the_owner_corrects_a_rejected_entry_and_it_is_pending_again(self):
        entry = make_entry(
            self.mentor_record, self.project, self.monday, minutes=150, status=HoursEntry.Status.REJECTED
        )
        entry.review_note = "Fueron 2 h."
        entry.save()
        services.update_hours(entry=entry, by=self.mentor, minutes=120)
        entry.refresh_from_db()
        self.assertEqual((entry.minutes, entry.status), (120, HoursEntry.Status.PENDING))

    def test_a_new_range_replaces_the_duration(self):
        entry = make_entry(self.mentor_record, self.project, self.monday, minutes=150)
        services.update_hours(entry=entry, by=self.mentor, starts_at=T(10), ends_at=T(11, 30))
        entry.refresh_from_db()
        self.assertEqual((entry.minutes, entry.starts_at), (90, T(10)))

    def test_an_update_is_checked_against_the_other_entries_of_the_day(self):
        make_entry(self.mentor_record, self.project, self.monday, minutes=23 * 60)
        entry = make_entry(self.mentor_record, self.project, self.monday, minutes=30)
        with self.assertRaises(services.HoursError) as caught:
            services.update_hours(entry=entry, by=self.mentor, minutes=90)
        self.assertEqual(caught.exception.code, "day_over_24h")
        entry.refresh_from_db()
        self.assertEqual(entry.minutes, 30)

    def test_an_entry_does_not_overlap_itself(self):
        entry = make_entry(self.mentor_record, self.project, self.monday, start=9, end=12)
        services.update_hours(entry=entry, by=self.mentor, starts_at=T(10), ends_at=T(12))
        entry.refresh_from_db()
        self.assertEqual(entry.minutes, 120)

    def test_nobody_else_changes_or_deletes_an_entry(self):
        entry = make_entry(self.mentor_record, self.project, self.monday, minutes=60)
        for person in (self.other_mentor, self.supervisor, self.manager):
            with self.subTest(person=person.username), self.assertRaises(services.HoursError) as caught:
                services.update_hours(entry=entry, by=person, minutes=30)
            self.assertEqual(caught.exception.code, "not_owner")
            with self.assertRaises(services.HoursError):
                services.delete_hours(entry=entry, by=person)
        entry.refresh_from_db()
        self.assertEqual(entry.minutes, 60)

    def test_an_approved_entry_cannot_be_changed_or_deleted(self):
        entry = make_entry(self.mentor_record, self.project, self.monday, minutes=60, status=HoursEntry.Status.APPROVED)
        with self.assertRaises(services.HoursError) as caught:
            services.update_hours(entry=entry, by=self.mentor, minutes=30)
        self.assertEqual(caught.exception.code, "not_editable")
        with self.assertRaises(services.HoursError):
            services.delete_hours(entry=entry, by=self.mentor)
        self.assertTrue(HoursEntry.objects.filter(pk=entry.pk).exists())

    def test_a_pending_entry_in_a_locked_week_cannot_be_changed_moved_or_deleted(self):
        make_entry(self.mentor_record, self.project, self.monday, minutes=60, status=HoursEntry.Status.APPROVED)
        pending = make_entry(self.mentor_record, self.project, self.monday + datetime.timedelta(days=2), minutes=60)
        elsewhere = self.monday - datetime.timedelta(days=7)
        for changes in ({"minutes": 30}, {"date": elsewhere}):
            with self.subTest(changes=changes), self.assertRaises(services.HoursError) as caught:
                services.update_hours(entry=pending, by=self.mentor, **changes)
            self.assertEqual(caught.exception.code, "week_locked")
        with self.assertRaises(services.HoursError) as caught:
            services.delete_hours(entry=pending, by=self.mentor)
        self.assertEqual(caught.exception.code, "week_locked")
        pending.refresh_from_db()
        self.assertEqual((pending.minutes, pending.date), (60, self.monday + datetime.timedelta(days=2)))

    def test_an_entry_cannot_be_moved_into_a_locked_week(self):
        make_entry(self.mentor_record, self.project, self.monday, minutes=60, status=HoursEntry.Status.APPROVED)
        entry = make_entry(self.mentor_record, self.project, self.monday - datetime.timedelta(days=7), minutes=60)
        with self.assertRaises(services.HoursError) as caught:
            services.update_hours(entry=entry, by=self.mentor, date=self.monday + datetime.timedelta(days=1))
        self.assertEqual(caught.exception.code, "week_locked")

    def test_the_owner_deletes_a_pending_entry(self):
        entry = make_entry(self.mentor_record, self.project, self.monday, minutes=60)
        services.delete_hours(entry=entry, by=self.mentor)
        self.assertFalse(HoursEntry.objects.filter(pk=entry.pk).exists())


class ReviewingHoursTests(ProjectsTestCase):
    def setUp(self):
        self.entry = make_entry(self.mentor_record, self.project, self.monday, minutes=60)

    def test_the_projects_supervisor_approves_and_the_week_locks(self):
        services.approve_hours(entry=self.entry, by=self.supervisor)
        self.entry.refresh_from_db()
        self.assertEqual((self.entry.status, self.entry.reviewed_by), (HoursEntry.Status.APPROVED, self.supervisor))
        self.assertIsNotNone(self.entry.reviewed_at)
        self.assertTrue(services.is_week_locked(self.mentor_record, self.monday + datetime.timedelta(days=6)))
        self.assertTrue(self.entry.is_locked)

    def test_reviews_are_in_the_site_history(self):
        from wagtail.models import ModelLogEntry

        services.reject_hours(entry=self.entry, by=self.supervisor, note="Falta el proyecto correcto")
        entry = ModelLogEntry.objects.get()
        self.assertEqual((entry.action, entry.user), ("mentors.hours.rejected", self.supervisor))
        self.assertEqual(entry.data["note"], "Falta el proyecto correcto")
        self.assertEqual(entry.message, "Hours: Rejected")

    def test_a_manager_approves_any_project(self):
        services.approve_hours(entry=self.entry, by=self.manager)
        self.entry.refresh_from_db()
        self.assertEqual(self.entry.status, HoursEntry.Status.APPROVED)

    def test_others_may_not_review(self):
        for person in (self.other_mentor, self.agent, self.member):
            with self.subTest(person=person.username), self.assertRaises(services.HoursError) as caught:
                services.approve_hours(entry=self.entry, by=person)
            self.assertEqual((caught.exception.code, caught.exception.status), ("not_supervisor", 403))
        self.entry.refresh_from_db()
        self.assertEqual(self.entry.status, HoursEntry.Status.PENDING)

    def test_nobody_reviews_her_own_hours_not_even_a_supervising_manager(self):
        self.project.supervisors.add(self.mentor)
        self.project.save()
        with self.assertRaises(services.HoursError) as caught:
            services.approve_hours(entry=self.entry, by=self.mentor)
        self.assertEqual(caught.exception.code, "own_hours")
        record = Mentor.objects.create(user=self.manager, full_name="Lucía Ibáñez")
        make_group(self.project, "Dirección", mentors=[record])
        own = services.log_hours(by=self.manager, project=self.project, date=self.monday, minutes=60, description="x")
        with self.assertRaises(services.HoursError) as caught:
            services.approve_hours(entry=own, by=self.manager)
        self.assertEqual(caught.exception.code, "own_hours")
        with self.assertRaises(services.HoursError):
            services.approve_week(mentor=record, day=self.monday, by=self.manager)

    def test_rejecting_needs_a_note_the_mentor_then_sees(self):
        with self.assertRaises(services.HoursError) as caught:
            services.reject_hours(entry=self.entry, by=self.supervisor, note="  ")
        self.assertEqual((caught.exception.code, caught.exception.field), ("note_required", "review_note"))
        services.reject_hours(entry=self.entry, by=self.supervisor, note="Fueron 45 minutos.")
        self.entry.refresh_from_db()
        self.assertEqual(
            (self.entry.status, self.entry.review_note), (HoursEntry.Status.REJECTED, "Fueron 45 minutos.")
        )
        self.assertFalse(self.entry.is_locked)

    def test_only_pending_hours_are_reviewed(self):
        services.approve_hours(entry=self.entry, by=self.supervisor)
        with self.assertRaises(services.HoursError) as caught:
            services.reject_hours(entry=self.entry, by=self.supervisor, note="No")
        self.assertEqual((caught.exception.code, caught.exception.status), ("not_pending", 409))

    def test_approving_a_week_takes_every_pending_entry_of_that_week_on_supervised_projects(self):
        sunday = self.monday + datetime.timedelta(days=6)
        second = make_entry(self.mentor_record, self.project, sunday, minutes=30)
        next_week = make_entry(self.mentor_record, self.project, sunday + datetime.timedelta(days=1), minutes=30)
        elsewhere = make_project("Otro proyecto")
        make_group(elsewhere, mentors=[self.mentor_record])
        unsupervised = make_entry(self.mentor_record, elsewhere, self.monday, minutes=30)
        rejected = make_entry(self.mentor_record, self.project, self.monday, minutes=30, status="rejected")

        self.assertEqual(services.approve_week(mentor=self.mentor_record, day=sunday, by=self.supervisor), 2)

        statuses = dict(HoursEntry.objects.values_list("pk", "status"))
        self.assertEqual(statuses[self.entry.pk], "approved")
        self.assertEqual(statuses[second.pk], "approved")
        self.assertEqual(statuses[next_week.pk], "pending")
        self.assertEqual(statuses[unsupervised.pk], "pending")
        self.assertEqual(statuses[rejected.pk], "rejected")

    def test_a_week_with_nothing_to_approve_says_so(self):
        with self.assertRaises(services.HoursError) as caught:
            services.approve_week(
                mentor=self.mentor_record, day=self.monday - datetime.timedelta(days=7), by=self.manager
            )
        self.assertEqual(caught.exception.code, "nothing_to_approve")


class ProjectDeletionTests(ProjectsTestCase):
    def test_a_project_with_hours_is_kept(self):
        make_entry(self.mentor_record, self.project, self.monday, minutes=60)
        with self.assertRaises(services.HoursError) as caught:
            services.delete_project(project=self.project)
        self.assertEqual(caught.exception.code, "project_has_hours")
        self.assertTrue(Project.objects.filter(pk=self.project.pk).exists())

    def test_a_project_without_hours_goes_with_its_groups(self):
        services.delete_project(project=self.other_project)
        self.assertFalse(ProjectGroup.objects.filter(project_id=self.other_project.pk).exists())


def _day(day):
    return formats.date_format(day, "DATE_FORMAT")


def _future_message(day):
    return f"{_day(day)} is in the future: you can log hours up to today ({_day(timezone.localdate())})."


def _not_assigned(project):
    return f"You are not in any active group of {project}: ask its supervisor to add you, or choose another project."
