"""Real threads against PostgreSQL: a learner's certificate is recorded once, however many
requests finish the course at the same moment (double clicks, staff issuing by hand meanwhile)."""

import threading

from django.db import connection
from django.test import TransactionTestCase

from accounts.roles import Role
from accounts.tests.factories import make_person
from learning import services
from learning.errors import LearningError
from learning.models import Certificate
from portal.testing import requires_postgres

from .factories import assessment, enrol, lessons_of, score, taught_course

ATTEMPTS = 12


@requires_postgres
class ConcurrentCertificateTests(TransactionTestCase):
    serialized_rollback = True  # keep the home page the migrations created for the next tests

    def test_twelve_simultaneous_finishes_record_one_certificate(self):
        course, session = taught_course(modules=1, lessons=1)
        member = make_person("learner", Role.MEMBER)
        manager = make_person("boss", Role.MANAGER)
        enrolment = enrol(session, member)
        score(assessment(session), member, 9)
        lesson = lessons_of(course)[0]
        start = threading.Barrier(ATTEMPTS)
        unexpected = []

        def attempt(number):
            try:
                start.wait()
                if number % 2:
                    services.complete_lesson(member=member, lesson=lesson)
                else:
                    services.issue_certificate(enrolment=enrolment, by=manager)
            except LearningError as exc:
                if exc.code != "already_certified":
                    unexpected.append(exc.code)
            except Exception as exc:  # noqa: BLE001 - every other failure is what this test looks for
                unexpected.append(repr(exc))
            finally:
                connection.close()

        threads = [threading.Thread(target=attempt, args=(number,)) for number in range(ATTEMPTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

        self.assertEqual(unexpected, [])
        self.assertEqual(Certificate.objects.filter(member=member, session=session).count(), 1)
