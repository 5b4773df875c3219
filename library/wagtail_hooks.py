from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Category, LibraryArticlePage


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Library categories")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "parent", "slug", Column("article_total", label=_("Articles"), sort_key="article_total")]
    list_filter = ["parent"]
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
    if user.has_perm("wagtailadmin.access_admin") or attaching.openable_by(request).exists():
        return None
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


@hooks.register("before_serve_document", order=100)
def refuse_members_only_documents(document, request):
    """Runs after Wagtail's collection privacy check (order 0); headers are added by views.serve_document."""
    return members_only_refusal(document, request)
