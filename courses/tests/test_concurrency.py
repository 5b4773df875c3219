"""Real threads against PostgreSQL: the session lock and the capacity guard under contention."""

import random
import threading
import time

from django.db import connection
from django.test import TransactionTestCase

from accounts.tests.factories import UserFactory
from courses.models import Reservation
from courses.services import reserve_seat
from portal.errors import BusyError
from portal.testing import requires_postgres

from .factories import SessionFactory

PEOPLE, SEATS = 50, 10


@requires_postgres
class ConcurrentReservationTests(TransactionTestCase):
    serialized_rollback = True  # keep the home page the migrations created for the next tests

    def test_fifty_people_for_ten_seats_book_exactly_ten(self):
        session = SessionFactory(capacity=SEATS)
        members = [UserFactory(verified=False) for _ in range(PEOPLE)]
        start = threading.Barrier(PEOPLE)
        outcomes, unexpected, retries = [], [], []

        def attempt(member):
            try:
                start.wait()
                for _try in range(50):
                    try:
                        outcomes.append(reserve_seat(session=session, member=member, by=member).status)
                        return
                    except BusyError:
                        retries.append(member.pk)
                        time.sleep(random.uniform(0.01, 0.1))
                unexpected.append(f"{member} never got through")
            except Exception as exc:  # noqa: BLE001 - every other failure is what this test looks for
                unexpected.append(repr(exc))
            finally:
                connection.close()

        threads = [threading.Thread(target=attempt, args=(member,)) for member in members]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

        self.assertEqual(unexpected, [])
        self.assertEqual(sorted(outcomes).count("confirmed"), SEATS)
        self.assertEqual(sorted(outcomes).count("waitlisted"), PEOPLE - SEATS)
        stored = Reservation.objects.filter(session=session)
        self.assertEqual(stored.filter(status="confirmed").count(), SEATS)
        self.assertEqual(stored.filter(status="waitlisted").count(), PEOPLE - SEATS)
        positions = sorted(r.waitlist_position for r in stored.filter(status="waitlisted"))
        self.assertEqual(positions, list(range(1, PEOPLE - SEATS + 1)))
