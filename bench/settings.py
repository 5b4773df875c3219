"""Settings for benchmarks: the test settings (DEBUG off, cached templates, memory cache) on a
throwaway database and media folder given by the bench script through the environment."""

import os
from pathlib import Path

from portal.settings.test import *  # noqa: F403
from portal.settings.test import STORAGES

ALLOWED_HOSTS = ["testserver", "localhost"]
_files = Path(os.environ["BENCH_FILES_DIR"])
MEDIA_ROOT = _files / "public"
PRIVATE_MEDIA_ROOT = _files / "private"
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT
LOGGING = {**LOGGING, "root": {**LOGGING["root"], "level": "WARNING"}}  # noqa: F405 - seeding logs every page
# Benchmarks measure the site as it runs in production: fragments cached.
LUMINO_FRAGMENT_TIMEOUT = 300
