"""Schemathesis over /api/schema/: generated requests never get a 5xx nor an answer the document
does not describe. Every operation the document lists is covered (an app's new endpoints too,
with no list of paths here), anonymously and as each kind of signed-in client: a member, a
mentor with her own record, and a manager who may write everything. Bounded: a few
derandomized examples per operation."""

import itertools

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from rest_framework_simplejwt.tokens import RefreshToken
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from accounts.roles import Role
from accounts.tests.factories import UserFactory, make_person
from courses.tests.factories import ReservationFactory, SessionFactory, make_course
from mentors.tests.factories import make_area, make_mentor
from news.tests.factories import make_news, make_news_index

MAX_EXAMPLES = 6
# Two checks ask more of the document than JSON Schema states here: a slug filter refuses "RÔÊ"
# with a documented 400 (Unicode slugs), and an empty filter (`level=`) means "no filter", as in
# django-filter. Every other check runs: no 5xx, documented statuses, bodies, headers.
EXCLUDED = [positive_data_acceptance, negative_data_rejection]


@pytest.fixture
def in_test_transaction():
    """Requests go through the WSGI handler inside the test's transaction: Django would otherwise
    close the connection at each request's start and end, as it does between real requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, in_test_transaction):
    """The signed-in clients, and objects whose ids the requests aim at (so that not every
    request with an id in its address ends in a 404)."""
    member = UserFactory(email="marta@example.com")
    session = SessionFactory(course=make_course("Python para datos", tags=["python"]))
    reservation = ReservationFactory(session=session, member=member)
    make_news(make_news_index(), "Python en la empresa", tags=["python"])
    mentor = make_person("mentora", Role.MENTOR)
    record = make_mentor("Miguel Tamarit", user=mentor, areas=[(make_area("Python"), 3)], slots=[(1, 9, 12)])
    manager = make_person("direccion", Role.MANAGER)
    tokens = {person: f"Bearer {RefreshToken.for_user(person).access_token}" for person in (member, mentor, manager)}
    return {
        "clients": itertools.cycle(tokens.values()),
        "ids": itertools.cycle([record.pk, session.pk, reservation.pk, member.pk]),
        "turn": itertools.count(),
    }


def aim_at_existing_objects(case, world):
    """Every other example: ids in the address become ids of objects that exist."""
    if next(world["turn"]) % 2 and case.path_parameters:
        case.path_parameters = {
            name: next(world["ids"]) if isinstance(value, int) else value
            for name, value in case.path_parameters.items()
        }


# Read from the site itself, as a client would; building the document needs no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler())


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_documented_promises(case, world):
    aim_at_existing_objects(case, world)
    case.call_and_validate(excluded_checks=EXCLUDED)
    # Each example also goes out signed in, as the member, the mentor and the manager in turn.
    case.call_and_validate(headers={"Authorization": next(world["clients"])}, excluded_checks=EXCLUDED)
