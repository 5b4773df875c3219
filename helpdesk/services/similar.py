"""Open tickets that look like the one being typed: the same person's, sharing words of the title.

Only the requester's own tickets are ever suggested (to the member typing, or to the agent about
to merge), so a suggestion never shows anyone else's ticket. One query, bounded; ranked here.
"""

from django.db.models import Q

from ..models import Ticket
from .common import normalise

MIN_WORD = 4
MAX_WORDS = 8
CANDIDATES = 50
# Words too common in tickets to say two of them are alike.
STOPWORDS = {
    "para", "como", "esta", "este", "tengo", "puedo", "cuando", "desde", "sobre", "with", "from", "that",
    "this", "have", "cannot", "error", "problema", "ayuda", "help", "the", "una", "unos", "unas",
}  # fmt: skip


def keywords(text):
    words = [word for word in normalise(text).split() if len(word) >= MIN_WORD and word not in STOPWORDS]
    return list(dict.fromkeys(words))[:MAX_WORDS]


def similar_open_tickets(*, requester, text, exclude=None, limit=5):
    words = keywords(text)
    if not words or not requester.is_authenticated:
        return []
    # The database narrows by plain substrings; the ranking below compares accent-free words.
    query = Q()
    for word in words:
        query |= Q(title__icontains=word)
    candidates = Ticket.objects.filter(requester=requester, merged_into__isnull=True).open().filter(query)
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    scored = []
    for ticket in candidates.only("pk", "reference", "title", "status", "created_at")[:CANDIDATES]:
        title_words = set(normalise(ticket.title).split())
        score = sum(1 for word in words if word in title_words)
        if score:
            scored.append((-score, -ticket.created_at.timestamp(), ticket))
    return [ticket for *_key, ticket in sorted(scored, key=lambda item: item[:2])][:limit]
