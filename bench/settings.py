"""Settings for benchmarks: the test settings (DEBUG off, cached templates, memory cache) on a
throwaway database and media folder given by the bench script through the environment."""

import os
from pathlib import Path

from portal.settings.env import env_bool
from portal.settings.test import *  # noqa: F403
from portal.settings.test import STORAGES

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
_files = Path(os.environ["BENCH_FILES_DIR"])
MEDIA_ROOT = _files / "public"
PRIVATE_MEDIA_ROOT = _files / "private"
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT
LOGGING = {**LOGGING, "root": {**LOGGING["root"], "level": "WARNING"}}  # noqa: F405 - seeding logs every page
# Benchmarks measure the site as it runs in production: fragments cached; the whole-page cache
# only when a benchmark asks for it (PAGE_CACHE=1), to measure pages rendered and pages cached.
LUMINO_FRAGMENT_TIMEOUT = 300
LUMINO_PAGE_CACHE = env_bool("PAGE_CACHE", False)
ROOT_URLCONF = "bench.urls"  # the site plus /bench/trivial/
