"""Shared test helpers: the named people every test module can rely on."""

from django.db import connection
from django.test import TestCase

import pytest

from accounts.roles import Role
from accounts.tests.factories import make_person


class PeopleMixin:
    """Adds the cast of DESIGN.md: a member, a company manager, an editor, an agent, a mentor
    and a manager (plus a second member, to test that people cannot see each other's data).
    Their names are fixed, so a search by name finds the same people on every run."""

    @classmethod
    def create_people(cls):
        cls.member = make_person("member", Role.MEMBER, first_name="Marta", last_name="Ruiz")
        cls.other_member = make_person("other", Role.MEMBER, first_name="Óscar", last_name="Prieto")
        cls.company_manager = make_person(
            "boss", Role.MEMBER, Role.COMPANY_MANAGER, first_name="Carmen", last_name="Vidal"
        )
        cls.editor = make_person("editor", Role.EDITOR, first_name="Elena", last_name="Navarro")
        cls.agent = make_person("agent", Role.AGENT, first_name="Ángel", last_name="Castro")
        cls.mentor = make_person("mentor", Role.MENTOR, first_name="Miguel", last_name="Tamarit")
        cls.manager = make_person("manager", Role.MANAGER, first_name="Lucía", last_name="Ibáñez")


class LuminoTestCase(PeopleMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.create_people()


requires_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL: set DATABASE_URL=postgres://…"
)
