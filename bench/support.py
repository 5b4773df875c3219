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
"""

import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_child(script, *args, timeout=600):
    """Run `script --child *args` on a fresh SQLite database and media folder; return its JSON."""
    with tempfile.TemporaryDirectory(prefix="lumino-bench-") as folder:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
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


def start_site(scale=1):
    """In a child: set Django up, migrate the empty database and load `seed_demo --scale N`."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host, and mail kept in memory
    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", scale=scale, stdout=io.StringIO())


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
