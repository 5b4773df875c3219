"""Query words and snippets: accent- and case-insensitive, with simple Spanish plurals.

The backends do their own analysis (FTS5 folds accents but does not stem; PostgreSQL's
`lumino_es` stems; Elasticsearch has its analysers), so each query word is also sent in its
singular/plural forms: "cursos" finds "curso" everywhere, whatever the backend.
"""

import re
import unicodedata
from functools import lru_cache

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe

from modelsearch.query import And, Or, PlainText

from portal.params import Text

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8
SNIPPET_WORDS = 30
STOPWORDS = frozenset("a al con de del e el en es la las lo los o para por que se su sus un una uno y".split())


def clean_query(raw):
    """The query as searched: stripped, whitespace collapsed, cut at the configured length."""
    return Text(max_length=settings.LUMINO_SEARCH_MAX_QUERY_LENGTH).clean(str(raw or ""))


def fold(text):
    """Lower case without accents: "Tecnología" → "tecnologia" (ñ becomes n, as in FTS5)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def query_terms(query):
    """The folded words worth searching for: no duplicates, stopwords dropped unless that is all there is."""
    words = list(dict.fromkeys(fold(word) for word in WORD.findall(query)))
    meaningful = [word for word in words if word not in STOPWORDS]
    return (meaningful or words)[:MAX_TERMS]


def singular(word):
    if len(word) > 4 and word.endswith("ces"):
        return word[:-3] + "z"  # luces → luz
    if len(word) > 4 and word.endswith("es") and word[-3] not in "aeiou":
        return word[:-2]  # profesores → profesor
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]  # cursos → curso
    return word


def variants(word):
    """The word, its singular and its plural: enough for the common Spanish inflections."""
    forms = {word, singular(word)}
    if len(word) > 2 and word == singular(word):
        if word.endswith("z"):
            forms.add(word[:-1] + "ces")
        elif word[-1] in "aeiou":
            forms.add(word + "s")
        else:
            forms.add(word + "es")
    if word.endswith("es") and len(word) > 4:
        forms.add(word[:-1])  # clases → clase (singular() gave "clas")
    return sorted(forms)


@lru_cache(maxsize=20_000)  # called for every word of up to 1,000 titles per search: the words repeat
def stem(word):
    """A matching key for highlighting: singular, without a final gender vowel."""
    word = singular(fold(word))
    return word[:-1] if len(word) > 4 and word[-1] in "aeo" else word


def backend_query(terms):
    """Every word must match, in any of its forms."""
    parts = []
    for term in terms:
        forms = [PlainText(form) for form in variants(term)]
        parts.append(forms[0] if len(forms) == 1 else Or(forms))
    return parts[0] if len(parts) == 1 else And(parts)


def matches(word, stems):
    return stem(word) in stems


def highlight(text, terms, words=SNIPPET_WORDS):
    """About `words` words of `text` around the first match, HTML-escaped, matches in <mark>.

    Only escaped text and our own <mark> tags reach the page: whatever the content says,
    it cannot inject markup.
    """
    text = " ".join(str(text or "").split())
    if not text:
        return mark_safe("")
    stems = {stem(term) for term in terms}
    spans = [match.span() for match in WORD.finditer(text)]
    if not spans:
        return escape(text[:300])
    first = next((i for i, (a, b) in enumerate(spans) if matches(text[a:b], stems)), 0)
    start = max(0, min(first - words // 4, len(spans) - words))
    end = min(len(spans), start + words)
    begin_at = 0 if start == 0 else spans[start][0]
    finish_at = spans[end - 1][1] if end < len(spans) else len(text)
    out, cursor = [], begin_at
    for a, b in spans[start:end]:
        out.append(escape(text[cursor:a]))
        word = escape(text[a:b])
        out.append(f"<mark>{word}</mark>" if matches(text[a:b], stems) else word)
        cursor = b
    out.append(escape(text[cursor:finish_at]))
    snippet = "".join(out).strip()
    return mark_safe(("… " if start > 0 else "") + snippet + (" …" if end < len(spans) else ""))  # noqa: S308 - built from escaped parts
