from django_tasks import task


@task()
def extract_document_text(document_id):
    """Extract a document's text for search; harmless to run twice (see services.extract_document)."""
    from .services import extract_document

    return extract_document(document_id=document_id)
