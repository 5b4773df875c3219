"""A small site shared by the search tests: public, members-only, group- and password-restricted pages."""

import datetime

from django.contrib.auth.models import Group

from wagtail.models import PageViewRestriction

from accounts.roles import Role
from portal.testing import LuminoTestCase
from search.tests import builders


class SearchSiteTestCase(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with cls.captureOnCommitCallbacks(execute=True):
            cls.index = builders.indexes()
            programming = builders.library_category("Programación")
            education = builders.library_category("Educación")
            cls.open_day = builders.news(
                cls.index["news"],
                "Jornada de puertas abiertas",
                body="Hablaremos de Python y de datos.",
                tags=["Python", "Eventos"],
                date=datetime.date(2024, 6, 1),
            )
            cls.accented = builders.news(
                cls.index["news"], "Tecnología para todos", body="Lo último en tecnología.", tags=["Tecnología"]
            )
            cls.python_intro = builders.article(
                cls.index["library"],
                "Introducción a Python",
                body="Primeros pasos.",
                tags=["Python"],
                category=programming,
                date=datetime.date(2023, 2, 1),
            )
            cls.plain = builders.article(
                cls.index["library"],
                "Guia de tecnologia educativa",
                body="Sin acentos: tecnologia.",
                category=education,
                date=datetime.date(2022, 9, 1),
            )
            imaging = builders.course_category()
            cls.photo_course = builders.course(
                cls.index["course"], "Curso de fotografía", summary="Luz y encuadre.", category=imaging
            )
            cls.members_only = builders.news(cls.index["news"], "Python para socios", body="Solo para miembros.")
            cls.editors_only = builders.article(cls.index["library"], "Python interno", body="Notas del equipo.")
            cls.with_password = builders.news(cls.index["news"], "Python con contraseña", body="Acceso con clave.")
        builders.restrict(cls.members_only)
        builders.restrict(
            cls.editors_only, PageViewRestriction.GROUPS, groups=[Group.objects.get(name=Role.EDITOR.group_name)]
        )
        builders.restrict(cls.with_password, PageViewRestriction.PASSWORD, password="clave-secreta")

    PUBLIC_PYTHON = ["Introducción a Python", "Jornada de puertas abiertas"]
