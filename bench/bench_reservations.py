"""Many people reserve the same session at once, through the real service: is capacity kept?

    .venv/bin/python bench/bench_reservations.py [--attempts 200] [--capacity 20] [--workers N]

Runs on the configured engine, in a database of its own: with DATABASE_URL=postgres://… it
creates `lumino_bench` on that server (dropped at the end); otherwise a temporary SQLite file.
Each attempt is `reserve_seat(..., join_waitlist=True)` for a different person, from its own
thread and connection, all released together. Prints confirmed, waitlisted, errors by code,
p50/p99 latency and total time. Exits 1 when more seats were confirmed than the session has;
it asserts nothing about time. Most of the run time is `migrate` on the fresh database.
"""

import argparse
import os
import queue
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "lumino_bench"
# Connections left for everyone else on a shared PostgreSQL server.
SPARE_CONNECTIONS = 15


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=200, help="people trying to reserve (default 200)")
    parser.add_argument("--capacity", type=int, default=20, help="seats in the session (default 20)")
    parser.add_argument("--workers", type=int, default=0, help="concurrent threads (default: one per attempt)")
    return parser.parse_args(argv)


def use_own_database():
    """Point DATABASE_URL at a fresh database; returns (engine name, clean-up function)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(url)
        server = urlunsplit(parts._replace(path="/postgres"))

        def admin(sql):
            with psycopg.connect(server, autocommit=True) as conn:
                conn.execute(sql)

        admin(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        admin(f"CREATE DATABASE {BENCH_DB}")
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
        return "postgresql", lambda: admin(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    folder = tempfile.mkdtemp(prefix="lumino-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    return "sqlite", lambda: shutil.rmtree(folder, ignore_errors=True)


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    # Self-contained: no Redis queue or search cluster, whatever the shell exports.
    for name in ("REDIS_URL", "ELASTICSEARCH_URL", "OPENSEARCH_URL"):
        os.environ.pop(name, None)
    import logging

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    for name in ("django_tasks", "wagtail", "django.request"):
        logging.getLogger(name).setLevel(logging.WARNING)


def available_connections(attempts):
    from django.db import connection

    if connection.vendor != "postgresql":
        return attempts
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('max_connections')::int - count(*) FROM pg_stat_activity")
        free = cursor.fetchone()[0]
    return max(1, min(attempts, free - SPARE_CONNECTIONS))


def make_session(attempts, capacity):
    from django.contrib.auth import get_user_model

    from courses.models import Session
    from courses.tests.factories import SessionFactory, make_course

    session = SessionFactory(course=make_course("Banco de pruebas", slug="banco-de-pruebas"), capacity=capacity)
    user_model = get_user_model()
    people = user_model.objects.bulk_create(
        user_model(username=f"bench{index}", email=f"bench{index}@example.com") for index in range(attempts)
    )
    return Session.objects.get(pk=session.pk), people


def run(session, people, workers):
    """Every worker waits for the start signal, then takes people from the queue until it is empty."""
    from django.db import connection

    from courses.services import reserve_seat
    from portal.errors import DomainError

    todo = queue.Queue()
    for person in people:
        todo.put(person)
    outcomes, latencies, lock = Counter(), [], threading.Lock()
    start = threading.Event()

    def work():
        start.wait()
        try:
            while True:
                try:
                    person = todo.get_nowait()
                except queue.Empty:
                    return
                began = time.perf_counter()
                try:
                    outcome = reserve_seat(session=session, member=person, by=person, join_waitlist=True).status
                except DomainError as exc:
                    outcome = f"error:{exc.code}"
                except Exception as exc:  # noqa: BLE001 - a benchmark reports failures instead of dying
                    outcome = f"error:{type(exc).__name__}"
                with lock:
                    latencies.append(time.perf_counter() - began)
                    outcomes[outcome] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    start.set()
    for thread in threads:
        thread.join()
    return outcomes, sorted(latencies), time.perf_counter() - began


def percentile(values, fraction):
    return values[min(len(values) - 1, int(round(fraction * (len(values) - 1))))] if values else 0.0


def report(engine, session, attempts, workers, outcomes, latencies, elapsed):
    from courses.models import Reservation

    stored = Counter(session.reservations.values_list("status", flat=True))
    seats = sum(stored[status] for status in Reservation.SEAT_STATUSES)
    errors = {key.split(":", 1)[1]: count for key, count in sorted(outcomes.items()) if key.startswith("error:")}
    print(f"engine: {engine}  attempts: {attempts}  concurrent: {workers}  capacity: {session.capacity}")
    print(f"confirmed: {outcomes['confirmed']}  waitlisted: {outcomes['waitlisted']}  errors: {errors or 'none'}")
    print(f"stored: {seats} seats, {stored['waitlisted']} waiting")
    print(f"latency p50: {percentile(latencies, 0.5) * 1000:.1f} ms  p99: {percentile(latencies, 0.99) * 1000:.1f} ms")
    print(f"total: {elapsed:.2f} s")
    if seats > session.capacity or outcomes["confirmed"] > session.capacity:
        print(f"FAIL: {max(seats, outcomes['confirmed'])} seats confirmed for {session.capacity}", file=sys.stderr)
        return 1
    return 0


def main(argv=None):
    args = parse_args(argv)
    engine, clean_up = use_own_database()
    try:
        prepared = time.perf_counter()
        setup_django()
        session, people = make_session(args.attempts, args.capacity)
        workers = args.workers or available_connections(args.attempts)
        print(f"set-up (migrate + data): {time.perf_counter() - prepared:.1f} s")
        outcomes, latencies, elapsed = run(session, people, workers)
        return report(engine, session, args.attempts, workers, outcomes, latencies, elapsed)
    finally:
        from django.db import connections

        connections.close_all()
        clean_up()


if __name__ == "__main__":
    sys.exit(main())
