"""Business operations of the learning app. Views, API, admin and tasks call only these.

    sync_enrolment(reservation)                                     # from the Reservation save
    enrol_member(*, session, member, by) -> Enrolment               # staff, by hand
    end_enrolment(*, enrolment, by) -> Enrolment                    # staff
    complete_lesson(*, member, lesson) -> LessonCompletion
    undo_completion(*, member, lesson) -> bool
    record_visit(*, enrolment, lesson)
    save_scores(*, session, by, entries, dry_run=False) -> GradeReport
    import_scores(*, session, upload, by, dry_run=False) -> GradeReport
    issue_if_eligible(enrolment) -> Certificate | None
    issue_certificate(*, enrolment, by, check_eligibility=False) -> Certificate
    reissue_certificate(*, certificate, by) -> Certificate
    revoke_certificate(*, certificate, by, reason) -> Certificate
    set_visibility(*, certificate, by, show_name, show_grade) -> Certificate
    produce_certificate(certificate_id) -> str                      # the task: PDF, then e-mail
    start_bulk_issue(*, session, by, only_eligible=True) -> BulkIssue
    run_bulk_issue(job_id) -> BulkIssue | None                      # the task

Refusals raise learning.errors.LearningError (a portal DomainError).
"""

from .bulk import run_bulk_issue, start_bulk_issue
from .certificates import (
    eligibility,
    issue_certificate,
    issue_if_eligible,
    produce_certificate,
    reissue_certificate,
    revoke_certificate,
    set_visibility,
)
from .enrolments import end_enrolment, enrol_member, sync_enrolment
from .grades import GradeReport, import_scores, save_scores
from .progress import complete_lesson, record_visit, undo_completion

__all__ = [
    "GradeReport",
    "complete_lesson",
    "eligibility",
    "end_enrolment",
    "enrol_member",
    "import_scores",
    "issue_certificate",
    "issue_if_eligible",
    "produce_certificate",
    "record_visit",
    "reissue_certificate",
    "revoke_certificate",
    "run_bulk_issue",
    "save_scores",
    "set_visibility",
    "start_bulk_issue",
    "sync_enrolment",
    "undo_completion",
]
