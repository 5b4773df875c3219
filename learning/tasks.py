"""Background work of the learning app. Each task takes ids, reloads, and is harmless run twice."""

from django_tasks import task


@task()
def make_certificate(certificate_id):
    """Make one certificate's PDF and write its e-mail (see services.produce_certificate)."""
    from .services import produce_certificate

    return produce_certificate(certificate_id)


@task()
def run_bulk_issue(bulk_issue_id):
    """Issue the certificates of a whole session, counting progress as it goes."""
    from .services import run_bulk_issue as run

    job = run(bulk_issue_id)
    return {"issued": job.issued, "skipped": job.skipped} if job else None


@task()
def send_expiry_reminder(certificate_id):
    from .emails import send_expiry_reminder as send

    return send(certificate_id)
