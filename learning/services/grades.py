"""Entering scores: the gradebook grid and the XLSX import share one all-or-nothing writer."""

import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.uploads import ZipRefused, inspect_zip

from ..access import may_grade
from ..errors import LearningError
from ..models import Assessment, Enrolment, Score

MAX_WORKBOOK_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 500
MAX_ROWS = 5000


def parse_points(raw, assessment):
    """A score typed by a person: "7,5", "7.5", 7.5 or empty (None). Raises LearningError."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    text = str(raw).strip().replace(",", ".")
    try:
        points = Decimal(text)
    except InvalidOperation as exc:
        raise LearningError("score_invalid", assessment=assessment.name) from exc
    if not points.is_finite():
        raise LearningError("score_invalid", assessment=assessment.name)
    if points < 0 or points > assessment.maximum:
        raise LearningError("score_too_high", assessment=assessment.name, maximum=f"{assessment.maximum.normalize():f}")
    return points.quantize(Decimal("0.01"))


@dataclass
class GradeReport:
    written: int = 0
    cleared: int = 0
    errors: list = field(default_factory=list)  # [(row label, message)]

    @property
    def ok(self):
        return not self.errors


def save_scores(*, session, by, entries, dry_run=False):
    """Write scores for `session`: entries are (member_id, assessment_id, raw value).

    Every value is checked first and nothing is written unless all are valid (the report
    lists each problem). An empty value clears a score. Learners who now finish get their
    certificate recorded. Raises forbidden.
    """
    from .certificates import issue_if_eligible

    if not may_grade(by, session):
        raise LearningError("forbidden")
    assessments = {a.pk: a for a in Assessment.objects.filter(session=session)}
    enrolments = {e.member_id: e for e in Enrolment.objects.active().filter(session=session)}
    report, parsed = GradeReport(), []
    for label, member_id, assessment_id, raw in entries:
        assessment = assessments.get(assessment_id)
        if assessment is None or member_id not in enrolments:
            report.errors.append((label, _("This learner or assessment is not part of the session.")))
            continue
        try:
            parsed.append((member_id, assessment, parse_points(raw, assessment)))
        except LearningError as exc:
            report.errors.append((label, exc.message))
    if report.errors or dry_run:
        report.written = sum(1 for *_rest, points in parsed if points is not None)
        return report
    with transaction.atomic():
        touched = set()
        for member_id, assessment, points in parsed:
            if points is None:
                report.cleared += Score.objects.filter(assessment=assessment, member_id=member_id).delete()[0]
                continue
            Score.objects.update_or_create(
                assessment=assessment, member_id=member_id, defaults={"points": points, "graded_by": by}
            )
            report.written += 1
            touched.add(member_id)
        for member_id in sorted(touched):
            issue_if_eligible(enrolments[member_id])
    return report


def _check_workbook(upload):
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise LearningError("workbook_invalid", problem=_("Upload an Excel workbook (.xlsx)."))
    if upload.size > MAX_WORKBOOK_BYTES:
        raise LearningError("workbook_invalid", problem=_("The workbook is larger than 5 MB."))
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            try:
                entries = inspect_zip(archive, max_entries=MAX_ENTRIES, max_unpacked=MAX_UNPACKED_BYTES)
            except ZipRefused as refused:
                problem = _("The workbook unpacks to too much data.")
                raise LearningError("workbook_invalid", problem=problem) from refused
            names = {entry.filename for entry in entries}
            if "xl/workbook.xml" not in names:
                raise zipfile.BadZipFile("no workbook part")
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise LearningError("workbook_invalid", problem=_("The file is not a valid Excel workbook (.xlsx).")) from exc
    upload.seek(0)


def read_score_rows(*, session, upload):
    """The entries of a score workbook: first row headers ("email", then one column per
    assessment name), one learner per row. Returns (entries, errors)."""
    from openpyxl import load_workbook

    _check_workbook(upload)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:
        raise LearningError("workbook_invalid", problem=_("The workbook could not be read.")) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    headers = [str(cell or "").strip() for cell in next(rows, ())]
    if not headers or headers[0].lower() not in ("email", "correo", "correo electrónico", "e-mail"):
        workbook.close()
        raise LearningError("workbook_invalid", problem=_("The first column must be headed “email”."))
    assessments = {a.name.strip().lower(): a for a in Assessment.objects.filter(session=session)}
    columns, errors = [], []
    for index, header in enumerate(headers[1:], start=2):
        if not header:
            continue
        assessment = assessments.get(header.lower())
        if assessment is None:
            errors.append(
                (
                    _("Header"),
                    format_lazy(_("Column {column}: no assessment called “{name}”."), column=index, name=header),
                )
            )
        else:
            columns.append((index, assessment))
    members = {
        email.lower(): member_id
        for member_id, email in Enrolment.objects.active()
        .filter(session=session)
        .values_list("member_id", "member__email")
    }
    entries = []
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            errors.append((_("Workbook"), _("The workbook has more than 5,000 rows; split it.")))
            break
        if not row or all(cell is None or str(cell).strip() == "" for cell in row):
            continue
        email = str(row[0] or "").strip().lower()
        label = format_lazy(_("Row {row}"), row=number)
        if email not in members:
            errors.append((label, format_lazy(_("“{email}” is not enrolled in this session."), email=email or "—")))
            continue
        for index, assessment in columns:
            value = row[index - 1] if index - 1 < len(row) else None
            entries.append(
                (
                    format_lazy(_("Row {row}, {assessment}"), row=number, assessment=assessment.name),
                    members[email],
                    assessment.pk,
                    value,
                )
            )
    workbook.close()
    return entries, errors


def import_scores(*, session, upload, by, dry_run=False):
    """Scores from an XLSX workbook, checked row by row; nothing is written if any row is wrong."""
    if not may_grade(by, session):
        raise LearningError("forbidden")
    entries, errors = read_score_rows(session=session, upload=upload)
    report = save_scores(session=session, by=by, entries=entries, dry_run=dry_run or bool(errors))
    report.errors = errors + report.errors
    if report.errors:
        report.written = report.cleared = 0
    return report
