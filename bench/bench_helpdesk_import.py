"""Importing tickets from Excel: 10,000 new rows, then a 1,000-row workbook whose rows all exist.

    .venv/bin/python bench/bench_helpdesk_import.py [--rows 10000] [--duplicates 1000]

A throwaway SQLite site (migrated, no demo) gets 50 members and a queue. The child builds the
workbooks with openpyxl (write-only), then times `import_workbook` (the same call the admin's task
and `import_tickets` make): the preview (dry run) and the real import of the big workbook, and the
import of the all-duplicates workbook. Peak memory is the Python heap peak (tracemalloc) during a
separate dry run, plus the process's peak RSS. Aim: under 10 s and 300 MB for 10,000 rows.
Exits 1 when the counts are wrong (every row created once; every duplicate skipped, nothing new).
"""

import argparse
import io
import json
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.support import run_child

PEOPLE = 50


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--duplicates", type=int, default=1_000)
    return parser.parse_args(argv)


def build_workbook(rows, people):
    from openpyxl import Workbook

    from helpdesk.exports import HEADINGS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Tickets")
    sheet.append(HEADINGS)
    start = date(2026, 1, 5)
    for number in range(rows):
        sheet.append(
            [
                f"LEGACY-{number:06d}",
                "incidencia" if number % 3 else "solicitud",
                f"Incidencia importada número {number}",
                "Descripción de prueba para medir la importación. " * 3,
                "",
                ("baja", "normal", "alta", "urgente")[number % 4],
                ("bajo", "medio", "alto")[number % 3],
                people[number % len(people)],
                "Soporte técnico",
                "",
                "nuevo",
                start + timedelta(days=number % 200),
                "importado, legado" if number % 5 == 0 else "",
            ]
        )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def child(rows, duplicates):
    import tracemalloc

    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)

    from accounts.roles import Role
    from accounts.tests.factories import make_person
    from helpdesk.imports.service import import_workbook
    from helpdesk.models import Queue, Ticket

    agent = make_person("agent", Role.AGENT)
    people = [make_person(f"member{n}", Role.MEMBER, verified=False).email for n in range(PEOPLE)]
    Queue.objects.create(name="Soporte técnico", slug="soporte").agents.add(agent)

    started = time.perf_counter()
    big = build_workbook(rows, people)
    build_s = time.perf_counter() - started

    def run(data, dry_run):
        began = time.perf_counter()
        result = import_workbook(fileobj=io.BytesIO(data), filename="bench.xlsx", by=agent, dry_run=dry_run)
        return result, time.perf_counter() - began

    tracemalloc.start()
    _result, _seconds = run(big, dry_run=True)
    _current, heap_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    preview, preview_s = run(big, dry_run=True)
    result, import_s = run(big, dry_run=False)
    created = Ticket.objects.count()

    again = build_workbook(duplicates, people)
    dup_result, dup_s = run(again, dry_run=False)
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "rows": rows,
        "workbook_mb": round(len(big) / 1024 / 1024, 2),
        "build_s": round(build_s, 2),
        "preview_s": round(preview_s, 2),
        "import_s": round(import_s, 2),
        "heap_peak_mb": round(heap_peak / 1024 / 1024, 1),
        "process_peak_rss_mb": round(peak_rss_mb, 1),
        "created": result.counts["created"],
        "stored": created,
        "preview_created": preview.counts["created"],
        "duplicates": duplicates,
        "duplicates_s": round(dup_s, 2),
        "duplicates_skipped": dup_result.counts["skipped"],
        "duplicates_created": dup_result.counts["created"],
        "stored_after_duplicates": Ticket.objects.count(),
    }


def main(argv):
    if "--child" in argv:
        index = argv.index("--child")
        rows, duplicates = int(argv[index + 1]), int(argv[index + 2])
        print(json.dumps(child(rows, duplicates)))
        return 0
    args = parse_args(argv)
    figures = run_child(__file__, args.rows, args.duplicates, timeout=900)
    print(f"Workbook: {figures['rows']:,} rows, {figures['workbook_mb']} MB (built in {figures['build_s']} s)")
    print(f"  preview (dry run):   {figures['preview_s']:>6} s")
    print(f"  import:              {figures['import_s']:>6} s   (aim: under 10 s)")
    print(f"  Python heap peak:    {figures['heap_peak_mb']:>6} MB  (tracemalloc, during a dry run)")
    print(f"  process peak RSS:    {figures['process_peak_rss_mb']:>6} MB  (aim: under 300 MB)")
    print(
        f"All-duplicates workbook: {figures['duplicates']:,} rows in {figures['duplicates_s']} s, "
        f"{figures['duplicates_skipped']} skipped, {figures['duplicates_created']} created"
    )
    problems = []
    if figures["created"] != figures["rows"] or figures["stored"] != figures["rows"]:
        problems.append("not every row was created exactly once")
    if figures["preview_created"] != figures["rows"]:
        problems.append("the preview disagrees with the import")
    if figures["duplicates_skipped"] != figures["duplicates"] or figures["duplicates_created"]:
        problems.append("duplicates were not all skipped")
    if figures["stored_after_duplicates"] != figures["rows"]:
        problems.append("the duplicates workbook created tickets")
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
