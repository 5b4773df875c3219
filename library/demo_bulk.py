"""Demo articles by the ten thousand: what `index.add_child` + `publish` does for one page, done
for a batch at once, so `seed_demo --scale 500` loads 50,000 articles in minutes.

Each article ends up as an editor's "Publish" leaves it: a tree position under the library index
(treebeard paths computed here, the index's `numchild` updated), its page and article rows, tags,
authors and attachments, one revision that is both its latest and its live one, a publish log
entry, its view restriction when members-only, and its search index entry (written with the
backends' `add_bulk`, not one task per page). Signals are not sent: nothing else listens for
demo articles.
"""

import uuid
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone

from wagtail.models import Page, PageLogEntry, PageViewRestriction, Revision
from wagtail.search.backends import get_search_backends

from .models import LibraryArticlePage, LibraryDocument

BATCH = 500


def insert_articles(index, articles):
    """Insert the (unsaved page, members-only) pairs of `articles` as live children of `index`,
    in order; returns how many."""
    last = index.get_last_child()
    position = LibraryArticlePage._str2int(last.path[-Page.steplen :]) if last else 0
    texts = dict(LibraryDocument.objects.values_list("pk", "extracted_text"))
    created = 0
    articles = iter(articles)
    while batch := list(islice(articles, BATCH)):
        _insert_batch(index, batch, position, texts)
        position += len(batch)
        created += len(batch)
    Page.objects.filter(pk=index.pk).update(numchild=index.get_children().count())
    return created


def _insert_batch(index, batch, position, texts):
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(LibraryArticlePage)
    pages = [page for page, _members_only in batch]
    for offset, page in enumerate(pages, start=1):
        page.path = Page._get_path(index.path, index.depth + 1, position + offset)
        page.depth, page.numchild = index.depth + 1, 0
        page.url_path = f"{index.url_path}{page.slug}/"
        page.content_type, page.locale_id, page.translation_key = content_type, index.locale_id, uuid.uuid4()
        page.draft_title, page.live, page.has_unpublished_changes = page.title, True, False
        page.first_published_at = page.last_published_at = page.latest_revision_created_at = now
        page.attachments_text = page.collect_attachments_text(texts)
    rows = Page.objects.bulk_create(
        [Page(**{f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields}) for page in pages]
    )
    for page, row in zip(pages, rows, strict=True):
        page.pk = page.page_ptr_id = row.pk
    # bulk_create refuses multi-table models: the article table gets its rows the way save() inserts them.
    QuerySet(LibraryArticlePage)._insert(pages, fields=LibraryArticlePage._meta.local_concrete_fields)
    _insert_children(pages)
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=content_type,
            base_content_type_id=ContentType.objects.get_for_model(Page).pk,
            object_id=str(page.pk),
            created_at=now,
            object_str=page.title,
            content=page.serializable_data(),
        )
        for page in pages
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision_id = page.live_revision_id = revision.pk
    Page.objects.bulk_update(
        [
            Page(pk=page.pk, latest_revision_id=page.latest_revision_id, live_revision_id=page.live_revision_id)
            for page in pages
        ],
        ["latest_revision", "live_revision"],
    )
    PageLogEntry.objects.bulk_create(
        PageLogEntry(
            page_id=page.pk,
            content_type=content_type,
            label=page.title,
            action="wagtail.publish",
            revision_id=page.latest_revision_id,
            timestamp=now,
            content_changed=True,
        )
        for page in pages
    )
    PageViewRestriction.objects.bulk_create(
        PageViewRestriction(page_id=page.pk, restriction_type=PageViewRestriction.LOGIN)
        for page, members_only in batch
        if members_only
    )
    _index(pages)


def _insert_children(pages):
    through = LibraryArticlePage.authors.through
    tagged, authors, attachments = [], [], []
    for page in pages:
        for item in page.tagged_items.all():
            item.content_object_id = page.pk
            tagged.append(item)
        authors += [through(libraryarticlepage_id=page.pk, user_id=user.pk) for user in page.authors.all()]
        for order, attachment in enumerate(page.attachments.all()):
            attachment.page_id, attachment.sort_order = page.pk, order
            attachments.append(attachment)
    LibraryArticlePage.tagged_items.rel.related_model.objects.bulk_create(tagged)
    through.objects.bulk_create(authors)
    LibraryArticlePage.attachments.rel.related_model.objects.bulk_create(attachments)


def _index(pages):
    fresh = list(
        LibraryArticlePage.objects.filter(pk__in=[page.pk for page in pages])
        .select_related("category")
        .prefetch_related("tags")
        .order_by("pk")
    )
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(LibraryArticlePage, fresh)
