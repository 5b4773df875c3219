"""Background work of the service desk. Each task takes ids, reloads, and is harmless run twice.

The services enqueue these tasks, so the tasks import the services' modules when they run
(importing them here would make a cycle).
"""

from django_tasks import task


@task()
def send_ticket_email(event_id):
    """Write the e-mail of one ticket event to the outbox, once (see emails.send_event_email)."""
    from .emails import send_event_email

    return send_event_email(event_id)


@task()
def run_import(job_id):
    """Preview or import one uploaded workbook (see imports.service.run_import_job)."""
    from .imports.service import run_import_job

    return run_import_job(job_id)
