"""The portal as `make audit` serves it: production settings, and media files served the way nginx
would in production (WhiteNoise here, since the audit runs without nginx)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from whitenoise import WhiteNoise

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")

# autorefresh: image renditions are made while pages render, after the server has started.
application = WhiteNoise(get_wsgi_application(), autorefresh=True, max_age=3600)
application.add_files(str(settings.MEDIA_ROOT), prefix=settings.MEDIA_URL)
