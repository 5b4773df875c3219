from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.urls import register_converter

        from .params import IdConverter, TextConverter
        from .signals import sync_site_after_migrate

        post_migrate.connect(sync_site_after_migrate, sender=self, dispatch_uid="portal-sync-site")
        register_converter(IdConverter, "id")
        register_converter(TextConverter, "text")
