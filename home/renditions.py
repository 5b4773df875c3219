"""Which image renditions the templates show, made ahead so no visitor's request makes one.

Every `{% picture %}` / `{% image %}` spec of the templates is written here once, as the tag writes
it (space-separated filters, `{a,b}` expansions): `home/tests/test_renditions.py` parses the
templates and fails when one of them shows a spec this module does not list, or lists one no
template shows. A rendition's spec is the tag's filters joined by "|" in the tag's order, so the
order matters ("format-webp|fill-…" and "fill-…|format-webp" are two renditions).

A page's images and the specs they need (`specs_for_page`) are made by `make_image_renditions`
when the page is published; an edited or uploaded image is made for the live pages that use it
(`specs_for_image`); `seed_demo` makes every one of them at its end (`make_all_renditions`).
"""

import logging
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from wagtail import blocks
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Page, ReferenceIndex

logger = logging.getLogger(__name__)

# --- The specs, as the templates write them ---
CARD = "format-{avif,webp,jpeg} fill-{400x225,640x360,800x450}"  # includes/card_image.html
SEARCH_RESULT = "fill-160x90 format-webp"  # search/results.html
SHARE = "fill-1200x630 format-jpeg"  # includes/meta.html (Open Graph)
IMAGE_BLOCK = "format-{avif,webp,jpeg} width-{480,800,1200}"  # blocks/image.html
HOME_HERO = "format-{avif,webp,jpeg} fill-{640x400,1280x800}"  # home/home_page.html
COURSE_HERO = "format-{avif,webp,jpeg} fill-{480x270,800x450,1280x720}"  # courses/course_page.html
NEWS_HERO = "format-{avif,webp,jpeg} fill-{480x270,800x450,1200x675}"  # news/news_page.html
MENTOR_PHOTO = "format-{webp,jpeg} fill-{320x320,640x640}"  # mentors/mentor_page.html

PATTERNS = (CARD, SEARCH_RESULT, SHARE, IMAGE_BLOCK, HOME_HERO, COURSE_HERO, NEWS_HERO, MENTOR_PHOTO)

# A page type's own pictures, by model label (a string: home imports no feature app). Besides
# these, every page needs SHARE for its share image, CARD and SEARCH_RESULT for its card image
# when it has cards (home/searchable.py), and IMAGE_BLOCK for the images in its StreamFields.
PAGE_IMAGE_FIELDS = {
    "home.homepage": {"hero_image": (HOME_HERO,)},
    "courses.coursepage": {"image": (COURSE_HERO,)},
    "news.newspage": {"lead_image": (NEWS_HERO,)},
    "mentors.mentorpage": {"photo": (MENTOR_PHOTO,)},
}


def expand(*patterns):
    """The rendition specs ("format-avif|fill-400x225", …) the patterns stand for, in order."""
    return list(dict.fromkeys(spec for pattern in patterns for spec in Filter.expand_spec(pattern.split())))


# --- Which image needs which specs ---
def specs_for_page(page):
    """{image: [spec, …]} for everything `page` (a specific page) shows or lends to a card."""
    needed = defaultdict(list)

    def need(image, *patterns):
        if image is not None:
            needed[image].extend(patterns)

    for field, patterns in PAGE_IMAGE_FIELDS.get(page._meta.label_lower, {}).items():
        need(getattr(page, field, None), *patterns)
    if hasattr(page, "card_image_fields"):  # a SearchablePage: listed as a card and in search results
        need(page.card_image, CARD, SEARCH_RESULT)
    if hasattr(page, "share_image"):
        need(page.share_image(None), SHARE)
    for image in streamfield_images(page):
        need(image, IMAGE_BLOCK)
    return {image: expand(*patterns) for image, patterns in needed.items()}


def streamfield_images(page):
    """The images of the image blocks (home.blocks.ImageBlock) in the page's StreamFields."""
    from .blocks import ImageBlock

    def walk(block, value):
        if isinstance(block, ImageBlock):
            if value and value.get("image") is not None:
                yield value["image"]
        elif isinstance(block, blocks.StreamBlock):
            for child in value or ():
                yield from walk(child.block, child.value)
        elif isinstance(block, blocks.StructBlock):
            for name, child_block in block.child_blocks.items():
                yield from walk(child_block, (value or {}).get(name))
        elif isinstance(block, blocks.ListBlock):
            for item in value or ():
                yield from walk(block.child_block, item)

    for field in page._meta.get_fields():
        value = getattr(page, field.name, None) if hasattr(field, "stream_block") else None
        if value is not None:
            yield from walk(field.stream_block, value)


def specs_for_image(image):
    """The specs `image` needs where it is used: the live pages that show it, and the site's
    default share image. An image no live page uses yet needs none (its page's publish makes them)."""
    specs = []
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = (
        ReferenceIndex.get_references_to(image)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
        .distinct()
    )
    for page in Page.objects.live().filter(pk__in=list(page_ids)).specific():
        specs.extend(specs_for_page(page).get(image, ()))
    SiteSettings = apps.get_model("home", "SiteSettings")
    if SiteSettings.objects.filter(default_share_image=image).exists():
        specs.extend(expand(SHARE))
    return list(dict.fromkeys(specs))


# --- Making them ---
def make_renditions(image, specs):
    """Make the renditions of `specs` that `image` lacks (in bulk); returns how many were missing."""
    if not specs:
        return 0
    missing = len(specs) - len(image.find_existing_renditions(*(Filter(spec) for spec in specs)))
    if missing:
        image.get_renditions(*specs)
    return missing


def make_all_renditions():
    """Every rendition every live page and the site settings need; returns how many were made."""
    needed = defaultdict(list)
    for page in Page.objects.live().specific().iterator(chunk_size=200):
        for image, specs in specs_for_page(page).items():
            needed[image.pk].extend(specs)
    SiteSettings = apps.get_model("home", "SiteSettings")
    defaults = SiteSettings.objects.exclude(default_share_image=None).values_list("default_share_image", flat=True)
    for image_id in defaults:
        needed[image_id].extend(expand(SHARE))
    made = 0
    for image in get_image_model().objects.filter(pk__in=needed):
        made += make_renditions(image, list(dict.fromkeys(needed[image.pk])))
    return made


# --- Asking for them after a commit ---
_deferred = ContextVar("renditions_deferred", default=False)


@contextmanager
def renditions_deferred():
    """Enqueue nothing inside (bulk work such as `seed_demo`, which makes them all at its end)."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def request_renditions(image_specs):
    """Enqueue `make_image_renditions` for each {image: specs} once the transaction commits."""
    if _deferred.get():
        return
    from portal.tasks import enqueue_on_commit

    from .tasks import make_image_renditions

    for image, specs in image_specs.items():
        if specs:
            enqueue_on_commit(make_image_renditions, image.pk, list(specs))
