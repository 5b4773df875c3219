"""Who may do what on /api/v1/mentors/: every role against every endpoint and kind of field.

Each row of MATRIX is one request; its columns say the status each role gets. "own" and
"other" are the two records: the mentor's own (linked to her account) and a colleague's.
Every request runs in a savepoint that is rolled back, so the rows do not affect each other.
"""

import datetime

from django.db import transaction

from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from mentors.models import AvailabilityException, Mentor
from portal.testing import LuminoTestCase

from .factories import make_area, make_mentor

URL = "/api/v1/mentors/"
ROLES = ("anonymous", "member", "mentor_own", "mentor_other", "agent", "editor", "manager", "superuser")
SLOTS = [{"weekday": 2, "starts_at": "10:00", "ends_at": "12:00"}]
EXCEPTIONS = [{"kind": "leave", "starts_on": "2026-08-03", "ends_on": "2026-08-14", "note": "Vacaciones"}]
NEW = {"full_name": "Nueva Mentora", "areas": [{"area": "python", "level": 2}]}

# (what, method, address, body): {role: status}
# A mentor acts on her own record as "mentor_own" and on a colleague's as "mentor_other";
# everyone else acts on the colleague's record.
#               anon member own  other agent editor manager super
ONLY_MANAGERS = (401, 403, 403, 403, 403, 403, 200, 200)
HERSELF_TOO = (401, 403, 200, 403, 403, 403, 200, 200)
MATRIX = [
    ("list", "get", "list", None, (200, 200, 200, 200, 200, 200, 200, 200)),
    ("read", "get", "detail", None, (200, 200, 200, 200, 200, 200, 200, 200)),
    ("read availability", "get", "availability", None, (200, 200, 200, 200, 200, 200, 200, 200)),
    ("create", "post", "list", NEW, (401, 403, 403, 403, 403, 403, 201, 201)),
    ("update: name", "patch", "detail", {"full_name": "Otro Nombre"}, ONLY_MANAGERS),
    ("update: active flag", "patch", "detail", {"active": False}, ONLY_MANAGERS),
    ("update: areas", "patch", "detail", {"areas": [{"area": "python", "level": 4}]}, ONLY_MANAGERS),
    ("update: national id", "patch", "detail", {"national_id": "00000000T"}, ONLY_MANAGERS),
    ("update: linked account", "patch", "detail", {"user": None}, ONLY_MANAGERS),
    ("update: name with availability", "patch", "detail", {"full_name": "X", "availability": SLOTS}, ONLY_MANAGERS),
    ("update: phone and e-mail", "patch", "detail", {"phone": "+34 699 000 111", "email": "a@b.es"}, HERSELF_TOO),
    ("update: availability", "patch", "detail", {"availability": SLOTS, "exceptions": EXCEPTIONS}, HERSELF_TOO),
    ("replace: whole record", "put", "detail", {"full_name": "Otra", "active": True}, ONLY_MANAGERS),
    ("replace: availability", "put", "availability", {"availability": SLOTS, "exceptions": EXCEPTIONS}, HERSELF_TOO),
    ("delete", "delete", "detail", None, (401, 403, 403, 403, 403, 403, 204, 204)),
]
# Who reads the private fields (phone, national id, e-mail, account) and the exceptions' notes.
SEES_PRIVATE = {"mentor_own", "manager", "superuser"}


class MentorsPermissionMatrixTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_area("Python")
        cls.superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
        cls.own = make_mentor("Miguel Tamarit", user=cls.mentor, phone="+34 600 111 222", national_id="12345678Z")
        cls.other = make_mentor("Laura Gómez", phone="+34 611 222 333", national_id="87654321X")
        for record in (cls.own, cls.other):
            AvailabilityException.objects.create(
                mentor=record,
                kind="leave",
                starts_on=datetime.date(2026, 7, 1),
                ends_on=datetime.date(2026, 7, 15),
                note="Baja médica",
            )

    def client_for(self, role):
        api = APIClient()
        user = {
            "anonymous": None,
            "member": self.member,
            "mentor_own": self.mentor,
            "mentor_other": self.mentor,
            "agent": self.agent,
            "editor": self.editor,
            "manager": self.manager,
            "superuser": self.superuser,
        }[role]
        if user is not None:
            api.force_authenticate(user)
        return api

    def address(self, kind, role):
        record = self.own if role == "mentor_own" else self.other
        return {"list": URL, "detail": f"{URL}{record.pk}/", "availability": f"{URL}{record.pk}/availability/"}[kind]

    def request(self, role, method, kind, body):
        with transaction.atomic():
            response = getattr(self.client_for(role), method)(self.address(kind, role), body, format="json")
            transaction.set_rollback(True)
        return response

    def test_every_role_gets_the_expected_status_on_every_endpoint(self):
        for what, method, kind, body, statuses in MATRIX:
            for role, expected in zip(ROLES, statuses, strict=True):
                with self.subTest(what=what, role=role):
                    response = self.request(role, method, kind, body)
                    self.assertEqual(response.status_code, expected, response.content)
                    if expected >= 400:
                        body_json = response.json()
                        self.assertIs(body_json["success"], False)
                        self.assertTrue(body_json["message"])

    def test_refusals_to_a_mentor_name_the_fields_only_managers_change(self):
        response = self.request("mentor_own", "patch", "detail", {"full_name": "X", "areas": [], "phone": "1"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["code"], "managers_only")
        self.assertIn("areas, full_name", response.json()["message"])
        self.assertEqual(Mentor.objects.get(pk=self.own.pk).full_name, "Miguel Tamarit")

    def test_private_fields_and_notes_are_shown_only_to_the_mentor_and_managers(self):
        for role in ROLES:
            for kind in ("detail", "availability", "list"):
                with self.subTest(role=role, kind=kind):
                    data = self.client_for(role).get(self.address(kind, role)).json()
                    if kind == "list":
                        record = self.own if role == "mentor_own" else self.other
                        data = next(item for item in data["results"] if item["id"] == record.pk)
                    exception = data["exceptions"][0]
                    self.assertEqual(
                        (exception["kind"], exception["starts_on"], exception["ends_on"]),
                        ("leave", "2026-07-01", "2026-07-15"),
                    )
                    if role in SEES_PRIVATE:
                        self.assertEqual(exception["note"], "Baja médica")
                        if kind != "availability":
                            self.assertIn("national_id", data)
                            self.assertIn("phone", data)
                    else:
                        self.assertNotIn("note", exception)
                        for field in ("phone", "national_id", "email", "user"):
                            self.assertNotIn(field, data)

    def test_a_mentor_never_reads_a_colleagues_notes(self):
        data = self.client_for("mentor_other").get(f"{URL}{self.other.pk}/availability/").json()
        self.assertNotIn("note", data["exceptions"][0])
