"""Requests per second, p50 and p99 for each kind of page, as a ratio to a trivial Django view.

One throwaway SQLite demo (`seed_demo`, scale 1) is served by gunicorn on 127.0.0.1 (sync workers,
two per core) with the benchmark settings: DEBUG off, fragments cached in each worker's memory.
`wrk` (Debian's package) loads each address for a few seconds with 8 connections:

- the trivial view (`/bench/trivial/`: every middleware, no template, no query), the yardstick,
  measured before and after the pages (the mean is used);
- home, course index, a course, news index, a news item, library index, an article and a search,
  for a visitor and for the logged-in demo member (a real session cookie);
- twice: pages rendered (Django's page cache off, as a miss finds them) and served from the page
  cache (`PAGE_CACHE=1`; only visitors' pages are public, so members' figures repeat rendering).

The goals (issue 14) are marked beside each ratio: rendered pages at least 5 % of the trivial
view, cached pages at least 50 %. Timings never fail the script; a page that does not answer 200
or runs more than 10 queries once warm does (queries counted with Django's test client).
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.support import ROOT, free_port

DURATION = os.environ.get("BENCH_SECONDS", "4")
CONNECTIONS = "8"
QUERY_BUDGET = 10
RENDERED_GOAL, CACHED_GOAL = 0.05, 0.50


def pages():
    """(name, address) of one page of each kind, from the seeded demo."""
    from courses.models import CoursePage
    from library.models import LibraryArticlePage
    from news.models import NewsPage

    def first(model):
        return model.objects.live().public().order_by("path").first().url

    return [
        ("trivial view", "/bench/trivial/"),
        ("home", "/"),
        ("course index", "/cursos/"),
        ("course", first(CoursePage)),
        ("news index", "/noticias/"),
        ("news item", first(NewsPage)),
        ("library index", "/biblioteca/"),
        ("article", first(LibraryArticlePage)),
        ("search", "/search/?q=python"),
    ]


def seed():
    """In a child: migrate, seed, count warm queries per page; print addresses and a session."""
    import io

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", stdout=io.StringIO())
    setup_test_environment()
    member = Client()
    member.force_login(get_user_model().objects.get(username="member"))
    rows = []
    for name, url in pages():
        row = {"name": name, "url": url}
        for audience, client in (("visitor", Client()), ("member", member)):
            client.get(url)  # warm: fragments and renditions made
            queries = []

            def count(execute, sql, params, many, context, queries=queries):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                response = client.get(url)
            row[f"{audience}_status"] = response.status_code
            row[f"{audience}_queries"] = len(queries)
        rows.append(row)
    cookie = f"{settings.SESSION_COOKIE_NAME}={member.cookies[settings.SESSION_COOKIE_NAME].value}"
    print(json.dumps({"rows": rows, "cookie": cookie}))


def serve(env, page_cache):
    port = free_port()
    workers = str(2 * (os.cpu_count() or 1))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            workers,
            "-k",
            "sync",
            "--preload",
        ],
        cwd=ROOT,
        env={**env, "PAGE_CACHE": "1" if page_cache else "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("gunicorn did not start")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def load(url, cookie=None):
    """wrk against one address: requests/s, p50 and p99 in ms, and non-2xx answers."""
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    subprocess.run([*command[:-1], "-d2s", url], capture_output=True, check=False)  # warm every worker first
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.M))

    def ms(text):
        number, unit = re.match(r"([\d.]+)(\w+)", text).groups()
        return to_ms(number, unit)

    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": ms(latency["50"]),
        "p99": ms(latency["99"]),
        "errors": int(bad.group(1)) if bad else 0,
    }


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown CPU")  # fmt: skip
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    return f"{os.cpu_count()} cores, {cpu}, {memory:.0f} GiB RAM, Python {sys.version.split()[0]}"


def main():
    if "--seed" in sys.argv:
        seed()
        return 0
    if shutil.which("wrk") is None:
        print("This benchmark needs wrk (Debian: apt-get install wrk).")
        return 1
    folder = tempfile.mkdtemp(prefix="lumino-bench-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
        "BENCH_FILES_DIR": folder,
        "PYTHONPATH": str(ROOT),
    }
    for name in ("REDIS_URL", "ELASTICSEARCH_URL", "OPENSEARCH_URL"):
        env.pop(name, None)
    try:
        print("Seeding a throwaway SQLite demo and counting queries...", flush=True)
        seeded = subprocess.run(
            [sys.executable, __file__, "--seed"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        if seeded.returncode:
            sys.stderr.write(seeded.stderr[-4000:])
            return 1
        data = json.loads(seeded.stdout.strip().splitlines()[-1])
        figures = {}
        for page_cache in (False, True):
            process, base = serve(env, page_cache)
            try:
                for audience, cookie in (("visitor", None), ("member", data["cookie"])):
                    label = "cached" if page_cache else "rendered"
                    for row in data["rows"]:
                        print(f"  {label:<8} {audience:<7} {row['name']}", flush=True)
                        figures[(page_cache, audience, row["name"])] = load(base + row["url"], cookie)
                    # The yardstick again after the pages: the mean of both, so a machine that
                    # got busier or quieter during the run moves both sides of each ratio.
                    trivial = data["rows"][0]
                    again = load(base + trivial["url"], cookie)
                    first = figures[(page_cache, audience, trivial["name"])]
                    figures[(page_cache, audience, trivial["name"])] = {
                        key: (first[key] + again[key]) / 2 if key != "errors" else first[key] + again[key]
                        for key in first
                    }
            finally:
                stop(process)
        return report(data["rows"], figures)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def report(rows, figures):
    print(f"\nMachine: {machine()}; gunicorn {2 * (os.cpu_count() or 1)} sync workers; "
          f"wrk -t2 -c{CONNECTIONS} -d{DURATION}s; SQLite demo, scale 1.")  # fmt: skip
    print("Ratios are to the trivial view in the same mode and run. Goals: rendered ≥ 5 %, cached ≥ 50 % (visitors).\n")
    header = (
        f"| {'page':<14} | {'who':<7} | {'queries':>7} | {'rendered req/s':>14} | {'p50 ms':>6} | {'p99 ms':>6} "
        f"| {'ratio':>7} | {'cached req/s':>12} | {'p50 ms':>6} | {'p99 ms':>6} | {'ratio':>7} |"
    )
    print(header)
    print("|" + "|".join("-" * (len(cell)) for cell in header.split("|")[1:-1]) + "|")
    problems = []
    for audience in ("visitor", "member"):
        for row in rows:
            name = row["name"]
            cells = [f"| {name:<14} | {audience:<7} | {row[f'{audience}_queries']:>7} "]
            for page_cache, goal in ((False, RENDERED_GOAL), (True, CACHED_GOAL)):
                figure = figures[(page_cache, audience, name)]
                base = figures[(page_cache, audience, "trivial view")]["rps"]
                ratio = figure["rps"] / base if base else 0
                mark = " " if name == "trivial view" or audience == "member" else ("✓" if ratio >= goal else "✗")
                cells.append(
                    f"| {figure['rps']:>14.0f} | {figure['p50']:>6.1f} | {figure['p99']:>6.1f} | {ratio:>6.1%}{mark}"
                )
                if figure["errors"]:
                    problems.append(f"{name} ({audience}): {figure['errors']} answers were not 2xx/3xx")
            print("".join(cells) + " |")
            if row[f"{audience}_status"] != 200:
                problems.append(f"{name} ({audience}) answered {row[f'{audience}_status']}")
            if row[f"{audience}_queries"] > QUERY_BUDGET:
                problems.append(
                    f"{name} ({audience}) runs {row[f'{audience}_queries']} queries warm (> {QUERY_BUDGET})"
                )
    for problem in problems:
        print(f"PROBLEM: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
