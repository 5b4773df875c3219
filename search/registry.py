"""The page types the site search covers, and what it needs to know about each.

Every model listed implements the search protocol (see search/README.md): `search_kind`,
`tags`, `search_category`, `search_date`, `card_summary`, `card_image`, `search_text()`,
`search_facets(page_ids)` and `search_filter(queryset, tag=, category=, year=)`. Models are
resolved when used, and one whose app is not installed (yet) is skipped.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

SEARCHABLE_MODELS = ["courses.CoursePage", "news.NewsPage", "library.LibraryArticlePage"]

KIND_LABELS = {"course": _("Course"), "news": _("News"), "library": _("Library")}


def searchable_models():
    models = []
    for label in SEARCHABLE_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if getattr(model, "search_kind", None):
            models.append(model)
    return models


def models_by_kind():
    return {model.search_kind: model for model in searchable_models()}


def models_by_content_type():
    """{content type id: model}; ContentType's own cache makes this free after the first call."""
    models = searchable_models()
    if not models:
        return {}
    content_types = ContentType.objects.get_for_models(*models)
    return {content_types[model].pk: model for model in models}


def kind_label(kind):
    return KIND_LABELS.get(kind, kind)
