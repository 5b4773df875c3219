from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import etag

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.documents.models import document_served
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Category, LibraryArticlePage

# Downloads cannot run scripts or load anything, even if a browser decided to render one.
DOCUMENT_CSP = "default-src 'none'; sandbox"


class CategoryFilterSet(WagtailFilterSet):
    class Meta:
        model = Category
        fields = ["parent"]


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Library categories")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "parent", "slug", "article_total"]
    list_filter = CategoryFilterSet
    search_fields = ["name", "description"]
    search_backend_name = None
    ordering = ["parent__name", "name"]

    def get_queryset(self, request):
        return Category.objects.select_related("parent").annotate(article_total=Count("articles"))


register_snippet(CategoryViewSet)


def live_attaching_pages(document):
    return LibraryArticlePage.objects.filter(attachments__document=document).live()


def members_only_refusal(document, request):
    """A document attached to live library articles that are all members-only is as private as
    they are. Returns None when this person may download it, else the refusal."""
    attaching = live_attaching_pages(document)
    if not attaching.exists() or attaching.public().exists():
        return None
    user = request.user
    if user.is_authenticated and (
        user.has_perm("wagtailadmin.access_admin") or attaching.visible_to(user, request).exists()
    ):
        return None
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


@hooks.register("before_serve_document", order=100)
def serve_document_safely(document, request):
    """Serve documents ourselves, after Wagtail's collection privacy check (order 0): as
    attachments, with nosniff and a sandboxing CSP, and private when their articles are."""
    refusal = members_only_refusal(document, request)
    if refusal is not None:
        return refusal
    document_served.send(sender=type(document), instance=document, request=request)

    @etag(lambda request: document.file_hash or None)
    def respond(request):
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.filename,
            content_type=document.content_type,
        )
        response["Content-Security-Policy"] = DOCUMENT_CSP
        response["X-Content-Type-Options"] = "nosniff"
        # Restricted files must not sit in a shared cache.
        patch_cache_control(response, private=True)
        return response

    return respond(request)
