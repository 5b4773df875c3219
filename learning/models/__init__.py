"""Learning: modules and lessons, enrolments and progress, grades, certificates."""

from .certificates import EXPIRY_REMINDER, BulkIssue, Certificate, CertificatePolicy, new_certificate_code
from .enrolments import Enrolment, LessonCompletion
from .grades import Assessment, Score, final_grade, has_passed
from .pages import LessonPage, ModulePage

__all__ = [
    "EXPIRY_REMINDER",
    "Assessment",
    "BulkIssue",
    "Certificate",
    "CertificatePolicy",
    "Enrolment",
    "LessonCompletion",
    "LessonPage",
    "ModulePage",
    "Score",
    "final_grade",
    "has_passed",
    "new_certificate_code",
]
