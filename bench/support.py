"""Helpers shared by bench scripts: a throwaway demo site per process, and timing figures.

Django's settings are fixed once per process, so a script that compares configurations (scale 1
against scale 3, say) runs itself once per configuration with `run_child`, and the child prints
its figures as one JSON line that the parent collects:

    if "--child" in sys.argv:
        site = start_site(scale=int(sys.argv[-1]))      # migrated, seeded SQLite in a temp dir
        print(json.dumps(measure(...)))
    else:
        for scale in (1, 3):
            results[scale] = run_child(__file__, scale)

`run_child(..., database_url=os.environ["DATABASE_URL"])` runs the child on a throwaway PostgreSQL
database instead (created on that server and dropped afterwards).
"""

import io
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def run_child(script, *args, timeout=600, database_url=None):
    """Run `script --child *args` on a fresh database and media folder; return its JSON.

    The database is SQLite in a temporary folder, or, when `database_url` names a PostgreSQL
    server, a new database on that server, dropped afterwards (the URL's own database is untouched)."""
    with tempfile.TemporaryDirectory(prefix="lumino-bench-") as folder, throwaway_database(folder, database_url) as url:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": url,
            "BENCH_FILES_DIR": folder,
            "PYTHONPATH": str(ROOT),
        }
        for name in ("REDIS_URL", "ELASTICSEARCH_URL", "OPENSEARCH_URL"):
            env.pop(name, None)
        result = subprocess.run(
            [sys.executable, str(script), "--child", *map(str, args)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    if result.returncode:
        sys.stderr.write(result.stdout[-2000:] + result.stderr[-4000:])
        raise SystemExit(f"{Path(script).name} --child {' '.join(map(str, args))} failed (exit {result.returncode})")
    return json.loads(result.stdout.strip().splitlines()[-1])


def is_postgres(database_url):
    return bool(database_url) and database_url.split(":", 1)[0] in ("postgres", "postgresql")


@contextmanager
def throwaway_database(folder, database_url=None):
    """A database URL for one child: SQLite in `folder`, or a new PostgreSQL database on the
    server of `database_url`, dropped when the child is done."""
    if not is_postgres(database_url):
        yield f"sqlite:///{folder}/db.sqlite3"
        return
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    name = f"lumino_bench_{os.getpid()}_{time.time_ns()}"
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def free_port():
    """A TCP port nothing listens on at 127.0.0.1 now, for a server a script starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_site(scale=1, **options):
    """In a child: set Django up, migrate the empty database and load `seed_demo --scale N`
    (with `options`, e.g. library_scale=500)."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host, and mail kept in memory
    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", scale=scale, stdout=io.StringIO(), **options)


def figures(run, repeat=30, warmup=3):
    """Call `run()` warmup + repeat times; return median and 95th percentile in milliseconds."""
    for _ in range(warmup):
        run()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[round(0.95 * (len(samples) - 1))]
    return {"median_ms": round(statistics.median(samples), 2), "p95_ms": round(p95, 2)}
