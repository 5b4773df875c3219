from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = _("Library")

    def ready(self):
        from home.fragments import invalidate_on

        from . import signals
        from .models import Category

        signals.connect()
        # The library's filters list its categories.
        invalidate_on(Category)
