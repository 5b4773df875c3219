"""Real threads against PostgreSQL: replacing a timetable is all-or-nothing under contention."""

import datetime
import random
import threading
import time

from django.db import connection
from django.test import TransactionTestCase

from mentors.services import replace_availability
from portal.errors import BusyError
from portal.testing import requires_postgres

from .factories import make_mentor

WRITERS = 8


@requires_postgres
class ConcurrentAvailabilityTests(TransactionTestCase):
    serialized_rollback = True  # keep the home page the migrations created for the next tests

    def test_eight_saves_at_once_leave_exactly_one_of_the_timetables(self):
        mentor = make_mentor("Laura Gómez", slots=[(7, 10, 11)])
        # Writer n offers n + 1 slots and one exception noted "n": two saves merged would show as extra rows.
        timetables = {
            n: [
                {"weekday": (n % 7) + 1, "starts_at": datetime.time(8 + h), "ends_at": datetime.time(9 + h)}
                for h in range(n + 1)
            ]
            for n in range(WRITERS)
        }
        start = threading.Barrier(WRITERS)
        unexpected = []

        def write(n):
            try:
                start.wait()
                for _try in range(50):
                    try:
                        holiday = {"kind": "holiday", "starts_on": datetime.date(2026, 8, n + 1)}
                        replace_availability(
                            mentor=mentor,
                            slots=timetables[n],
                            exceptions=[{**holiday, "ends_on": holiday["starts_on"], "note": str(n)}],
                            by=None,
                        )
                        return
                    except BusyError:
                        time.sleep(random.uniform(0.01, 0.1))
                unexpected.append(f"writer {n} never got through")
            except Exception as exc:  # noqa: BLE001 - every other failure is what this test looks for
                unexpected.append(repr(exc))
            finally:
                connection.close()

        threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

        self.assertEqual(unexpected, [])
        exceptions = list(mentor.exceptions.all())
        self.assertEqual(len(exceptions), 1)
        winner = int(exceptions[0].note)
        stored = [(slot.weekday, slot.starts_at, slot.ends_at) for slot in mentor.slots.order_by("starts_at")]
        expected = [(slot["weekday"], slot["starts_at"], slot["ends_at"]) for slot in timetables[winner]]
        self.assertEqual(stored, expected)
