"""Search response times at 50,000 library articles, on SQLite and PostgreSQL: is p95 under 100 ms?

Each database gets a child process with a throwaway site: `seed_demo --scale 1 --library-scale 500`
(the demo site at scale 1 plus 50,000 library articles, inserted in bulk; about one in ten is
members-only). The child requests /search/ through Django's test client (the whole view: search,
facets, the shown page of results, the template) for a visitor and for the demo member, with a set
of realistic queries, and reports median and p95 of 30 requests each. Fragments are cached as in
production, and each request adds a parameter never used before (`&n=17`), so every one is a search
never asked before: its results and its header are made anew (a repeated search is served from the
results fragment in ~4 ms); what is the same for every search (the footer, the suggestions' popular
tags and vocabulary) is warm, as it is after the first search following a change. PostgreSQL runs when
DATABASE_URL names a PostgreSQL server (a database is created there and dropped afterwards).

Exits 1 on a wrong result (no hits for a word that is in the content, a filter that lets other
types through, a second page equal to the first, a non-200 answer), never on timings.
Options: `--library-scale N` (100 articles each; default 500), `--sqlite-only`, `--postgres-only`.
"""

import gc
import itertools
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.support import figures, is_postgres, run_child, start_site

LIBRARY_SCALE = 500
BUDGET_MS = 100
# (name, query string, what must hold): every word here is in the seeded content.
QUERIES = [
    ("common word", "q=ejemplo", "hits"),  # in the body of every article
    ("topic word", "q=python", "hits"),  # thousands of articles, news and courses
    ("rare word", "q=hackatón", "hits"),  # one news item
    ("two words", "q=django+formularios", "hits"),
    ("with a filter", "q=python&type=library&category=python", "library only"),
    ("page 2", "q=ejemplo&page=2", "second page"),
    ("no match", "q=zxqwv", "no hits"),
]


def check(expect, response, first_page):
    outcome = response.context["outcome"]
    if response.status_code != 200:
        return f"answered {response.status_code}"
    if expect == "no hits":
        return "found something" if outcome.total else None
    if not outcome.total or not outcome.hits:
        return "no hits"
    if expect == "library only" and any(hit.kind != "library" for hit in outcome.hits):
        return "the type filter let other types through"
    if expect == "second page":
        if outcome.page_obj.number != 2:
            return f"showed page {outcome.page_obj.number}"
        if first_page is not None and [hit.url for hit in outcome.hits] == first_page:
            return "page 2 shows the same results as page 1"
    return None


def measure(library_scale):
    started = time.monotonic()
    start_site(scale=1, library_scale=library_scale)
    seeded = time.monotonic() - started
    # Measured as a web worker serves (portal/wsgi.py): what is loaded by now is out of the garbage
    # collector's reach, and the seeding's leftovers are gone.
    gc.collect()
    gc.freeze()
    return {**measure_site(), "seed_s": round(seeded, 1)}


def measure_site():
    """Time /search/ on the seeded site of this process (Django set up): a dict for `report`."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from library.models import LibraryArticlePage

    if connection.vendor == "postgresql":
        # Fresh statistics for the bulk-loaded tables, as autovacuum gives them a minute after a load.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    visitor, member = Client(), Client()
    member.force_login(get_user_model().objects.get(username="member"))
    rows, problems = [], []
    asked = itertools.count()

    def ask_anew(client, url):
        # An address never asked before: the search runs, as for a new query in production.
        return client.get(f"{url}&n={next(asked)}")

    for who, client in (("visitor", visitor), ("member", member)):
        first_page = [hit.url for hit in ask_anew(client, "/search/?q=ejemplo").context["outcome"].hits]
        for name, params, expect in QUERIES:
            url = f"/search/?{params}"
            response = ask_anew(client, url)
            problem = check(expect, response, first_page)
            if problem:
                problems.append(f"{who} {url}: {problem}")
            if name == "no match" and not response.context["outcome"].suggestions:
                problems.append(f"{who} {url}: no suggestions")
            row = {"who": who, "query": name, "url": url, "total": response.context["outcome"].total}
            row.update(figures(lambda client=client, url=url: ask_anew(client, url), repeat=30, warmup=3))
            rows.append(row)
    return {
        "database": connection.vendor,
        "articles": LibraryArticlePage.objects.count(),
        "rows": rows,
        "problems": problems,
    }


def report(results):
    problems = []
    for label, result in results.items():
        print(
            f"\n{label}: {result['articles']} library articles (seeded in {result['seed_s']:.0f} s). "
            f"/search/ through the test client, 30 requests each:"
        )
        print(f"{'who':<8} {'query':<14} {'url':<42} {'total':>6} {'median':>8} {'p95':>8}  p95 < {BUDGET_MS} ms")
        for row in result["rows"]:
            verdict = "yes" if row["p95_ms"] < BUDGET_MS else "NO"
            print(
                f"{row['who']:<8} {row['query']:<14} {row['url'][:42]:<42} {row['total']:>6} "
                f"{row['median_ms']:>8.1f} {row['p95_ms']:>8.1f}  {verdict}"
            )
        slow = [row for row in result["rows"] if row["p95_ms"] >= BUDGET_MS]
        print(f"{len(result['rows']) - len(slow)} of {len(result['rows'])} under {BUDGET_MS} ms at p95 on {label}.")
        problems += [f"{label}: {problem}" for problem in result["problems"]]
    for problem in problems:
        print(f"PROBLEM: {problem}")
    return 1 if problems else 0


def main():
    args = sys.argv[1:]
    library_scale = int(args[args.index("--library-scale") + 1]) if "--library-scale" in args else LIBRARY_SCALE
    if "--child" in args:
        print(json.dumps(measure(int(args[-1]))))
        return 0
    configurations = {} if "--postgres-only" in args else {"SQLite": None}
    database_url = os.environ.get("DATABASE_URL")
    if is_postgres(database_url) and "--sqlite-only" not in args:
        configurations["PostgreSQL"] = database_url
    else:
        print("PostgreSQL skipped: set DATABASE_URL=postgres://… to compare it.")
    results = {}
    for label, url in configurations.items():
        print(f"Seeding {library_scale * 100} articles on a throwaway {label} database and measuring...", flush=True)
        results[label] = run_child(__file__, library_scale, timeout=3600, database_url=url)
    return report(results)


if __name__ == "__main__":
    sys.exit(main())
