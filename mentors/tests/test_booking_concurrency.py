"""Real threads against PostgreSQL: many people, one advisory slot, exactly one booking."""

import random
import threading
import time
from unittest import mock

from django.db import connection
from django.test import TransactionTestCase

from accounts.tests.factories import UserFactory
from mentors.bookings import book_advisory
from mentors.errors import MentorError
from mentors.models import Booking
from portal.errors import BusyError
from portal.testing import requires_postgres

from .booking_factories import NOW, local, make_advisor

PEOPLE = 30


@requires_postgres
class ConcurrentBookingTests(TransactionTestCase):
    serialized_rollback = True  # keep the home page the migrations created for the next tests

    def test_thirty_people_for_one_slot_make_exactly_one_booking(self):
        mentor = make_advisor()
        members = [UserFactory(verified=False) for _ in range(PEOPLE)]
        start = threading.Barrier(PEOPLE)
        booked, taken, unexpected = [], [], []

        def attempt(member):
            try:
                start.wait()
                for _try in range(50):
                    try:
                        booked.append(
                            book_advisory(mentor=mentor, member=member, starts_at=local(2026, 2, 4, 10), topic="Python")
                        )
                        return
                    except BusyError:
                        time.sleep(random.uniform(0.01, 0.1))
                    except MentorError as exc:
                        taken.append(exc.code)
                        return
                unexpected.append(f"{member} never got through")
            except Exception as exc:  # noqa: BLE001 - every other failure is what this test looks for
                unexpected.append(repr(exc))
            finally:
                connection.close()

        # A frozen clock (freezegun) is not thread-safe; the services only need timezone.now.
        with mock.patch("django.utils.timezone.now", return_value=NOW):
            threads = [threading.Thread(target=attempt, args=(member,)) for member in members]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)

        self.assertEqual(unexpected, [])
        self.assertEqual(len(booked), 1)
        self.assertEqual(taken, ["slot_taken"] * (PEOPLE - 1))
        stored = Booking.objects.filter(mentor=mentor)
        self.assertEqual(stored.count(), 1)
        self.assertEqual(stored.get().member, booked[0].member)
