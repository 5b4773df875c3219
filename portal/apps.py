from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.conf import settings
        from django.core.signals import request_finished
        from django.urls import register_converter

        from . import lookups  # noqa: F401 - registers `__in_array`
        from .outages import probe_redis
        from .params import IdConverter, TextConverter
        from .signals import sync_site_after_migrate

        if settings.REDIS_URL:
            request_finished.connect(probe_redis, dispatch_uid="portal-probe-redis")
        post_migrate.connect(sync_site_after_migrate, sender=self, dispatch_uid="portal-sync-site")
        register_converter(IdConverter, "id")
        register_converter(TextConverter, "text")
