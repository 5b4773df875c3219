"""Bulk issue of a whole session's certificates: certificates per second and peak memory.

    .venv/bin/python bench/bench_certificates.py [--learners 500]

On a fresh SQLite database (bench.settings), a session with N enrolled learners is certified
through the real path: `start_bulk_issue` records the job and `run_bulk_issue` records each
certificate, draws its PDF (ReportLab, QR code included), stores it in private storage and
writes its e-mail, with the PDF attached, to the outbox. Three runs in one process:

- N learners, timed (certificates per second, ms per certificate);
- N/5 and N learners under tracemalloc: peak Python memory of each, which should not grow
  with N (each certificate is drawn, stored and let go);
- the process's peak resident memory (ru_maxrss) at the end.

Exits 1 if any certificate, PDF or e-mail is missing; timings never fail it.
"""

import argparse
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.support import run_child


def make_session(learners, label):
    from django.contrib.auth import get_user_model

    from courses.tests.factories import SessionFactory, make_course
    from learning.models import Enrolment

    course = make_course(f"Certificados {label}", slug=f"certificados-{label}", duration_hours=20)
    session = SessionFactory(course=course)
    user_model = get_user_model()
    people = user_model.objects.bulk_create(
        user_model(
            username=f"cert-{label}-{n}", email=f"cert-{label}-{n}@example.com", first_name="Persona", last_name=f"{n}"
        )
        for n in range(learners)
    )
    Enrolment.objects.bulk_create(
        Enrolment(member=person, session=session, course=course, source=Enrolment.Source.MANUAL) for person in people
    )
    return session


def bulk_issue(session, manager):
    from learning.models import BulkIssue
    from learning.services import run_bulk_issue, start_bulk_issue

    job = start_bulk_issue(session=session, by=manager, only_eligible=False)
    job = BulkIssue.objects.get(pk=job.pk)
    if job.status != BulkIssue.Status.DONE:  # the queue ran it on commit; otherwise run it here
        run_bulk_issue(job.pk)
    return BulkIssue.objects.get(pk=job.pk)


def check(session, learners):
    from learning.models import Certificate
    from portal.models import OutboundEmail

    made = Certificate.objects.filter(session=session, status=Certificate.Status.ISSUED).exclude(pdf="").count()
    mailed = OutboundEmail.objects.filter(subject__contains=session.course.title).count()
    return {"certificates": made, "emails": mailed, "complete": made == learners == mailed}


def child(learners):
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    from accounts.roles import Role
    from accounts.tests.factories import make_person

    setup_test_environment()
    settings.EMAIL_BACKEND = "portal.mail.OutboxBackend"  # as in production: stored, then delivered
    settings.LUMINO_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"  # no SMTP here
    call_command("migrate", verbosity=0, interactive=False)
    manager = make_person("bench-manager", Role.MANAGER)
    result = {"learners": learners}

    session = make_session(learners, "timed")
    started = time.perf_counter()
    job = bulk_issue(session, manager)
    elapsed = time.perf_counter() - started
    result["timed"] = {
        "seconds": round(elapsed, 2),
        "per_second": round(job.issued / elapsed, 1),
        "ms_each": round(elapsed * 1000 / max(job.issued, 1), 1),
        **check(session, learners),
    }
    for size in (max(learners // 5, 1), learners):
        session = make_session(size, f"mem{size}")
        tracemalloc.start()
        bulk_issue(session, manager)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result[f"traced_peak_mib_{size}"] = round(peak / 2**20, 1)
        result.setdefault("memory_runs_complete", True)
        result["memory_runs_complete"] &= check(session, size)["complete"]
    result["max_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=500)
    parser.add_argument("--child", action="store_true")
    parser.add_argument("rest", nargs="*")
    args = parser.parse_args(argv)
    if args.child:
        child(int(args.rest[-1]) if args.rest else args.learners)
        return 0
    result = run_child(__file__, args.learners, timeout=900)
    timed = result["timed"]
    small = max(args.learners // 5, 1)
    print(f"bulk issue of {result['learners']} certificates (PDF with QR, private storage, e-mail to the outbox)")
    print(f"  {timed['seconds']} s: {timed['per_second']} certificates/s, {timed['ms_each']} ms each")
    print(
        f"  peak Python memory (tracemalloc): {result[f'traced_peak_mib_{small}']} MiB for {small}, "
        f"{result[f'traced_peak_mib_{args.learners}']} MiB for {args.learners}"
    )
    print(f"  peak resident memory of the process: {result['max_rss_mib']} MiB")
    if not (timed["complete"] and result["memory_runs_complete"]):
        print(f"FAIL: missing certificates or e-mails: {timed}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
