import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")

application = get_wsgi_application()

# What start-up loaded (Django, Wagtail, every app's models) lives as long as the process: moved
# out of the garbage collector's reach, so its full passes scan only what requests create, instead
# of stopping a request now and then for tens of milliseconds.
gc.freeze()
