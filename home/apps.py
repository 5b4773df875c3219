from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home and site settings")

    def ready(self):
        from wagtail.images import get_image_model
        from wagtail.signals import page_published

        from . import signals
        from .models import SiteSettings

        page_published.connect(signals.renditions_on_publish, dispatch_uid="home-renditions-on-publish")
        post_save.connect(
            signals.renditions_on_image_save, sender=get_image_model(), dispatch_uid="home-renditions-on-image-save"
        )
        post_save.connect(
            signals.renditions_on_settings_save, sender=SiteSettings, dispatch_uid="home-renditions-on-settings-save"
        )
