from django.utils.cache import patch_cache_control

from wagtail.documents.views.serve import serve as wagtail_serve

# Downloads cannot run scripts or load anything, even if a browser decided to render one.
DOCUMENT_CSP = "default-src 'none'; sandbox"


def serve_document(request, document_id, document_filename):
    """Wagtail's document view (privacy hooks, ETag, attachment disposition) with stricter headers.

    Mounted on Wagtail's own URL, ahead of it: a `before_serve_document` hook cannot add headers
    to the streamed file response, it can only replace it.
    """
    response = wagtail_serve(request, document_id, document_filename)
    if response.status_code == 200 and response.has_header("Content-Disposition"):
        response["Content-Security-Policy"] = DOCUMENT_CSP
        response["X-Content-Type-Options"] = "nosniff"
        # Members-only files must never sit in a shared cache; public ones lose little.
        patch_cache_control(response, private=True)
    return response
