"""The demo's search index, built once every app has seeded its pages (see seed_demo)."""

import time

from .indexing import update_stale_objects_now


def after_seed(context):
    """Index everything the seed changed now, so search works with or without a task worker."""
    started = time.monotonic()
    updated, failed = update_stale_objects_now()
    context.report(f"  search index: {updated} updated, {failed} failed ({time.monotonic() - started:.1f} s)")
