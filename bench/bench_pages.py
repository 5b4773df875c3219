"""Response times and queries per page at demo scale 1 and 3: query counts must stay flat.

One throwaway SQLite site is loaded with `seed_demo --scale 1`, measured, then grown to scale 3
(seed_demo is idempotent, so it adds only what is missing) and measured again. Pages: the home
page, every page of the main navigation (the listings: courses, news, library), the search page,
and "My Lumino" for the demo member. Times are the median and 95th percentile of 30 requests
through Django's test client (no network, no nginx): compare the columns, not absolute numbers.
Exits 1 when a page's query count grows with the content or a page does not answer 200.
"""

import io
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.support import figures, run_child, start_site

SCALES = (1, 3)


def anonymous_pages():
    from wagtail.models import Page, Site

    root = Site.objects.get(is_default_site=True).root_page
    urls = [("home", "/")]
    urls += [(page.title, page.url) for page in root.get_children().live().in_menu().public()]
    urls.append(("search", "/search/?q=curso"))
    return urls, Page.objects.live().count()


def measure(scale):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    anonymous, member = Client(), Client()
    member.force_login(get_user_model().objects.get(username="member"))
    urls, live_pages = anonymous_pages()
    visits = [(name, url, anonymous) for name, url in urls] + [("My Lumino", "/dashboard/", member)]
    rows = []
    for name, url, client in visits:
        client.get(url)  # fill caches first: the count is for a warm page, as most visitors see it
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        row = {"page": name, "url": url, "status": response.status_code, "queries": len(queries)}
        row.update(figures(lambda client=client, url=url: client.get(url), repeat=20, warmup=2))
        rows.append(row)
    return {"scale": scale, "live_pages": live_pages, "rows": rows}


def report(results):
    first, last = results[SCALES[0]], results[SCALES[-1]]
    print(f"Live pages: {first['live_pages']} at scale {SCALES[0]}, {last['live_pages']} at scale {SCALES[-1]}.")
    header = f"{'page':<16} {'url':<22}"
    for scale in SCALES:
        header += f" | scale {scale}: median   p95  queries"
    print(header)
    problems = []
    by_url = {scale: {row["url"]: row for row in results[scale]["rows"]} for scale in SCALES}
    for row in first["rows"]:
        line = f"{row['page'][:16]:<16} {row['url'][:22]:<22}"
        for scale in SCALES:
            other = by_url[scale].get(row["url"])
            if other is None:
                line += " |" + " " * 33 + "missing"
                problems.append(f"{row['url']} missing at scale {scale}")
                continue
            line += f" | {other['median_ms']:>14.1f} {other['p95_ms']:>6.1f} {other['queries']:>8}"
            if other["status"] != 200:
                problems.append(f"{row['url']} answered {other['status']} at scale {scale}")
        counts = {by_url[scale][row["url"]]["queries"] for scale in SCALES if row["url"] in by_url[scale]}
        if len(counts) > 1:
            line += "  <- queries grow"
            problems.append(f"{row['url']}: queries {sorted(counts)} across scales")
        print(line)
    for problem in problems:
        print(f"PROBLEM: {problem}")
    if not problems:
        print("Query counts are the same at every scale.")
    return 1 if problems else 0


def measure_every_scale():
    from django.core.cache import cache
    from django.core.management import call_command

    start_site(scale=SCALES[0])
    results = {}
    for scale in SCALES:
        call_command("seed_demo", scale=scale, stdout=io.StringIO())
        cache.clear()
        results[scale] = measure(scale)
    return results


def main():
    if "--child" in sys.argv:
        print(json.dumps(measure_every_scale()))
        return 0
    print(f"Seeding scales {', '.join(map(str, SCALES))} into a throwaway SQLite database and measuring...", flush=True)
    results = {int(scale): figures for scale, figures in run_child(__file__).items()}
    return report(results)


if __name__ == "__main__":
    sys.exit(main())
