from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home and site settings")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from wagtail.contrib.settings.models import BaseSiteSetting
        from wagtail.images import get_image_model
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import signals
        from .fragments import (
            bump_after_migrate,
            bump_content_version,
            bump_unless_bookkeeping,
            forget_audience,
            invalidate_on,
        )
        from .models import SiteSettings

        # What every public page may show: pages, their privacy, images, sites and site settings.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(bump_content_version, dispatch_uid=f"lumino-fragments-{signal}", weak=False)
        post_delete.connect(bump_content_version, sender=Page, dispatch_uid="lumino-fragments-page-delete", weak=False)
        settings_models = [model for model in apps.get_models() if issubclass(model, BaseSiteSetting)]
        invalidate_on(Site, PageViewRestriction, *settings_models)
        image = get_image_model()
        post_save.connect(bump_unless_bookkeeping, sender=image, dispatch_uid="lumino-fragments-image-save", weak=False)
        post_delete.connect(
            bump_content_version, sender=image, dispatch_uid="lumino-fragments-image-delete", weak=False
        )
        # Each deploy (it runs `migrate`) starts with every fragment stale.
        post_migrate.connect(bump_after_migrate, sender=self, dispatch_uid="lumino-fragments-migrate", weak=False)
        # A person's audience (their groups) is cached too: forgotten when the groups change.
        m2m_changed.connect(
            forget_audience, sender=get_user_model().groups.through, dispatch_uid="lumino-audience", weak=False
        )
        # Image renditions are made ahead (home/renditions.py, a task), never while a visitor waits.
        page_published.connect(signals.renditions_on_publish, dispatch_uid="home-renditions-on-publish")
        post_save.connect(
            signals.renditions_on_image_save, sender=get_image_model(), dispatch_uid="home-renditions-on-image-save"
        )
        post_save.connect(
            signals.renditions_on_settings_save, sender=SiteSettings, dispatch_uid="home-renditions-on-settings-save"
        )
