import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from openpyxl import Workbook

from courses.tests.factories import SessionFactory
from learning import services
from learning.errors import LearningError
from learning.models import Assessment, Score, final_grade, has_passed
from portal.testing import LuminoTestCase

from .factories import assessment, enrol, score, taught_course


def workbook(rows, name="notas.xlsx"):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


class FinalGradeTests(LuminoTestCase):
    def make(self, *specs):
        session = SessionFactory()
        return [assessment(session, f"A{i}", weight=w, maximum=m, passing=p) for i, (w, m, p) in enumerate(specs)]

    def test_the_final_grade_is_the_weighted_mean_on_ten(self):
        exam, project = self.make(("30", "10", "5"), ("70", "100", "50"))
        self.assertEqual(final_grade([exam, project], {exam.pk: 8, project.pk: 60}), Decimal("6.6"))

    def test_rounding_is_half_up_to_one_decimal(self):
        (exam,) = self.make(("1", "100", "0"))
        self.assertEqual(final_grade([exam], {exam.pk: Decimal("62.5")}), Decimal("6.3"))  # not banker's 6.2
        self.assertEqual(final_grade([exam], {exam.pk: Decimal("62.49")}), Decimal("6.2"))
        self.assertEqual(final_grade([exam], {exam.pk: Decimal("100")}), Decimal("10.0"))

    def test_no_final_grade_until_every_assessment_is_scored(self):
        exam, project = self.make(("1", "10", "5"), ("1", "10", "5"))
        self.assertIsNone(final_grade([exam, project], {exam.pk: 9}))
        self.assertFalse(has_passed([exam, project], {exam.pk: 9}))

    def test_passing_needs_every_score_at_or_above_its_passing_score(self):
        exam, project = self.make(("1", "10", "5"), ("1", "10", "5"))
        self.assertTrue(has_passed([exam, project], {exam.pk: 5, project.pk: 10}))
        self.assertFalse(has_passed([exam, project], {exam.pk: Decimal("4.99"), project.pk: 10}))

    def test_the_database_refuses_a_passing_score_above_the_maximum(self):
        session = SessionFactory()
        with self.assertRaises(IntegrityError), transaction.atomic():
            Assessment.objects.create(session=session, name="Mal", maximum=10, passing_score=11)


class GradebookTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.course, cls.session = taught_course()
        cls.session.instructor = cls.mentor
        cls.session.save()
        cls.exam = assessment(cls.session, "Examen", weight="40")
        cls.project = assessment(cls.session, "Proyecto", weight="60")

    def setUp(self):
        enrol(self.session, self.member)
        enrol(self.session, self.other_member)
        self.url = f"/admin/learning/gradebook/{self.session.pk}/"

    def cell(self, member, item):
        return f"score-{member.pk}-{item.pk}"

    def test_the_instructor_enters_scores_in_the_grid(self):
        self.client.force_login(self.mentor)
        response = self.client.get(self.url)
        self.assertContains(response, "Examen")
        self.assertContains(response, self.member.get_full_name())
        data = {
            self.cell(self.member, self.exam): "7,5",
            self.cell(self.member, self.project): "9",
            self.cell(self.other_member, self.exam): "",
            self.cell(self.other_member, self.project): "4",
        }
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Score.objects.get(member=self.member, assessment=self.exam).points, Decimal("7.50"))
        self.assertEqual(Score.objects.count(), 3)
        self.assertContains(self.client.get(self.url), "8.4")  # 0.4 × 7.5 + 0.6 × 9

    def test_one_bad_score_saves_nothing_and_names_the_problem(self):
        score(self.exam, self.member, 6)
        self.client.force_login(self.mentor)
        data = {
            self.cell(self.member, self.exam): "8",
            self.cell(self.member, self.project): "12",
            self.cell(self.other_member, self.exam): "siete",
        }
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "The score for Proyecto must be between 0 and 10.", status_code=400)
        self.assertContains(response, "Write the score for Examen as a number", status_code=400)
        self.assertEqual(Score.objects.get().points, Decimal("6"))

    def test_another_mentor_cannot_open_the_gradebook(self):
        from accounts.roles import Role
        from accounts.tests.factories import make_person

        stranger = make_person("mentor2", Role.MENTOR)
        self.client.force_login(stranger)
        response = self.client.get(self.url)  # Wagtail turns the refusal into a redirect with a message
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        with self.assertRaises(LearningError):
            services.save_scores(session=self.session, by=stranger, entries=[])

    def test_a_member_sees_her_own_grades_in_my_lumino(self):
        score(self.exam, self.member, 5)
        score(self.project, self.member, 10)
        score(self.exam, self.other_member, 1)
        self.client.force_login(self.member)
        response = self.client.get("/dashboard/")
        self.assertContains(response, "Examen: 5.00 / 10.00")
        self.assertContains(response, "Final grade: 8.0 / 10")
        self.assertNotContains(response, "1.00 / 10.00")


class ScoreImportTests(GradebookTests):
    def import_(self, upload, dry_run=False):
        return services.import_scores(session=self.session, upload=upload, by=self.mentor, dry_run=dry_run)

    def test_a_valid_workbook_writes_every_score(self):
        upload = workbook(
            [["email", "Examen", "Proyecto"], [self.member.email, 7, "8,5"], [self.other_member.email, 5, 5]]
        )
        report = self.import_(upload)
        self.assertTrue(report.ok, report.errors)
        self.assertEqual(report.written, 4)
        self.assertEqual(Score.objects.get(member=self.member, assessment=self.project).points, Decimal("8.5"))

    def test_each_wrong_row_is_named_and_nothing_is_written(self):
        upload = workbook(
            [
                ["email", "Examen", "Proyecto", "Extra"],
                [self.member.email, 7, 8],
                ["nadie@example.com", 5, 5],
                [self.other_member.email, 11, "x"],
            ]
        )
        report = self.import_(upload)
        messages = [f"{label}: {message}" for label, message in report.errors]
        self.assertIn("Header: Column 4: no assessment called “Extra”.", messages)
        self.assertIn("Row 3: “nadie@example.com” is not enrolled in this session.", messages)
        self.assertIn("Row 4, Examen: The score for Examen must be between 0 and 10.", messages)
        self.assertIn("Row 4, Proyecto: Write the score for Proyecto as a number, for example 7.5.", messages)
        self.assertFalse(Score.objects.exists())

    def test_a_dry_run_writes_nothing(self):
        report = self.import_(workbook([["email", "Examen"], [self.member.email, 7]]), dry_run=True)
        self.assertTrue(report.ok)
        self.assertFalse(Score.objects.exists())

    def test_a_file_that_is_not_a_workbook_is_refused_with_a_400(self):
        self.client.force_login(self.mentor)
        fake = SimpleUploadedFile("notas.xlsx", b"<html>no</html>")
        response = self.client.post(f"/admin/learning/gradebook/{self.session.pk}/import/", {"file": fake})
        self.assertContains(response, "The file is not a valid Excel workbook (.xlsx).", status_code=400)
        csv = SimpleUploadedFile("notas.csv", b"email,Examen\n")
        response = self.client.post(f"/admin/learning/gradebook/{self.session.pk}/import/", {"file": csv})
        self.assertContains(response, "Upload an Excel workbook (.xlsx).", status_code=400)
        self.assertFalse(Score.objects.exists())

    def test_the_downloaded_workbook_imports_back(self):
        score(self.exam, self.member, 3)
        self.client.force_login(self.mentor)
        response = self.client.get(f"/admin/learning/gradebook/{self.session.pk}/workbook/")
        self.assertEqual(response.status_code, 200)
        upload = SimpleUploadedFile("notas.xlsx", response.content)
        report = self.import_(upload)
        self.assertTrue(report.ok, report.errors)
        self.assertEqual(Score.objects.get().points, Decimal("3"))
