from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.urls import register_converter

        from .params import IdConverter, TextConverter

        register_converter(IdConverter, "id")
        register_converter(TextConverter, "text")
