"""Real threads against PostgreSQL: two submissions at once cannot together pass 24 h in a day."""

import threading

from django.db import connection
from django.test import TransactionTestCase

from accounts.roles import Role
from accounts.tests.factories import make_person
from mentors import hours as services
from mentors.models import HoursEntry, Mentor
from portal.errors import BusyError
from portal.testing import requires_postgres

from .projects_factories import make_group, make_project, past_monday


@requires_postgres
class ConcurrentHoursTests(TransactionTestCase):
    serialized_rollback = True  # keep the home page the migrations created for the next tests

    def test_two_submissions_of_13_hours_the_same_day_one_is_refused(self):
        user = make_person("miguel", Role.MENTOR)
        mentor = Mentor.objects.create(user=user, full_name="Miguel Tamarit")
        project = make_project("Campus digital")
        make_group(project, mentors=[mentor])
        day = past_monday(1)
        start = threading.Barrier(2)
        outcomes, unexpected = [], []

        def attempt():
            try:
                start.wait()
                for _try in range(20):
                    try:
                        services.log_hours(by=user, project=project, date=day, minutes=13 * 60, description="x")
                        outcomes.append("logged")
                        return
                    except BusyError:
                        continue
                    except services.HoursError as exc:
                        outcomes.append(exc.code)
                        return
            except Exception as exc:  # noqa: BLE001 - every other failure is what this test looks for
                unexpected.append(repr(exc))
            finally:
                connection.close()

        threads = [threading.Thread(target=attempt) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        self.assertEqual(unexpected, [])
        self.assertEqual(sorted(outcomes), ["day_over_24h", "logged"])
        self.assertEqual(HoursEntry.objects.filter(mentor=mentor, date=day).count(), 1)
