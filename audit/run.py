"""`make audit`: Lighthouse and axe-core on the seeded demo, served as in production.

    make audit                         # npm ci in audit/, then this script
    .venv/bin/python audit/run.py --write docs/audit.md --runs 1

Builds the demo in a throwaway SQLite database, collects the static files (hashed manifest),
serves them with gunicorn + WhiteNoise and DEBUG off on 127.0.0.1:8108, then runs
- Lighthouse 12 (audit/node_modules, simulated throttling, the default) on the public pages,
  mobile and desktop: performance, accessibility, best practices, SEO;
- axe-core 4 (audit/node_modules, injected with Playwright) at 375 and 1280 px on the same pages
  plus the login page and My Lumino, logged in as the demo member: WCAG 2.2 AA and best practices.
Both drive Debian's Chromium (e2e/browser.py); no browser is ever downloaded. Prints a table and
exits non-zero when a score is under 95 (SEO excepted on noindex pages) or axe finds a violation.
"""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from e2e.browser import CHROMIUM, CHROMIUM_ARGS, MISSING, chromium_installed, launch  # noqa: E402

AUDIT = ROOT / "audit"
LIGHTHOUSE = AUDIT / "node_modules" / ".bin" / "lighthouse"
AXE = AUDIT / "node_modules" / "axe-core" / "axe.min.js"
ADDRESS = "127.0.0.1:8108"
BASE = f"http://{ADDRESS}"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
WIDTHS = [375, 1280]
GOAL = 95
MEMBER_EMAIL = "miembro@lumino.example"

# The demo's pages, found in the database so that slugs can change: (name, dotted query).
PAGES_SCRIPT = """
import json
from courses.models import CourseIndexPage, CoursePage
from home.models import HomePage
from library.models import LibraryArticlePage, LibraryIndexPage
from news.models import NewsIndexPage, NewsPage

def first(model):
    return model.objects.live().public().order_by("path").first().specific.url

import secrets
from accounts.models import User

# With DEBUG off seed_demo leaves the demo people without a usable password: the audit gives its
# member a throwaway one in its own throwaway database.
password = secrets.token_urlsafe(16)
member = User.objects.get(email=MEMBER_EMAIL)
member.set_password(password)
member.save()

print(json.dumps({"password": password, "pages": [
    ["home", HomePage.objects.get().url],
    ["course index", first(CourseIndexPage)],
    ["course", first(CoursePage)],
    ["news index", first(NewsIndexPage)],
    ["news item", first(NewsPage)],
    ["library index", first(LibraryIndexPage)],
    ["article", first(LibraryArticlePage)],
    ["search", "/search/?q=python"],
]}))
"""


def environment(folder):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.base",
        "DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
        "MEDIA_ROOT": f"{folder}/media",
        "PRIVATE_MEDIA_ROOT": f"{folder}/private",
        "STATIC_ROOT": f"{folder}/static",
        "EMAIL_URL": "console:",
        "SITE_URL": BASE,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on the loopback: what nginx's TLS would otherwise provide.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "REQUIRE_STAFF_MFA": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    for name in ("REDIS_URL", "ELASTICSEARCH_URL", "OPENSEARCH_URL", "SENTRY_DSN"):
        env.pop(name, None)
    return env


def prepare(env):
    manage = [sys.executable, str(ROOT / "manage.py")]
    quiet = {"env": env, "cwd": ROOT, "check": True, "stdout": subprocess.DEVNULL}
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], **quiet)
    subprocess.run([*manage, "seed_demo"], **quiet)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], **quiet)
    script = PAGES_SCRIPT.replace("MEMBER_EMAIL", repr(MEMBER_EMAIL))
    found = subprocess.run([*manage, "shell", "-c", script], env=env, cwd=ROOT, check=True, capture_output=True)
    found = json.loads(found.stdout.decode().strip().splitlines()[-1])  # after any start-up output
    return [tuple(row) for row in found["pages"]], found["password"]


def serve(env):
    try:
        urllib.request.urlopen(f"{BASE}/", timeout=2).close()  # noqa: S310 - our own local server
    except urllib.error.HTTPError:
        pass  # an answer all the same
    except OSError:
        return start(env)
    sys.exit(f"Something already answers on {ADDRESS}: stop it first.")


def start(env):
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "audit.wsgi:application",
        "--bind",
        ADDRESS,
        "--workers",
        "2",
        "--threads",
        "2",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(gunicorn, env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{BASE}/healthz/", timeout=5):  # noqa: S310 - our own local server
                return server
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.terminate()
                raise
            time.sleep(0.5)


def warm_up(pages):
    """One request each first, so image renditions exist before anything is measured."""
    for _name, path in pages:
        with urllib.request.urlopen(BASE + path, timeout=60) as response:  # noqa: S310 - our own local server
            response.read()


def lighthouse(url, form_factor, reports):
    slug = "".join(ch if ch.isalnum() else "-" for ch in url.removeprefix(BASE)).strip("-") or "home"
    output = reports / f"{slug}-{form_factor}-{time.strftime('%H%M%S')}.json"
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS, "--lang=es-ES"])
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={flags}",
        "--locale=es",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    for _attempt in range(3):
        # Lighthouse now and then loses the trace on a busy machine (NO_NAVSTART): run it again.
        done = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, check=False, timeout=300)
        if done.returncode == 0:
            break
    done.check_returncode()
    report = json.loads(output.read_text())
    scores = {key: round((report["categories"][key]["score"] or 0) * 100) for key in CATEGORIES}
    failing = [
        f"{audit_id} ({audit['score']})"
        for audit_id, audit in report["audits"].items()
        if audit.get("score") is not None and audit["score"] < 0.9 and audit.get("scoreDisplayMode") == "binary"
    ]
    metrics = report["audits"]
    noindex = metrics.get("is-crawlable", {}).get("score") == 0
    timings = {
        name: round(metrics[name]["numericValue"])
        for name in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time")
        if name in metrics
    }
    print(f"    {url} {form_factor}: {timings}", flush=True)
    return scores, failing, noindex, metrics.get("cumulative-layout-shift", {}).get("numericValue")


def axe_pages(pages, password):
    """axe-core violations per (page, width), logged in as the demo member for My Lumino."""
    from playwright.sync_api import sync_playwright

    source = AXE.read_text()
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 800}, locale="es-ES")
            page = context.new_page()
            targets = [*pages, ("login", "/accounts/login/")]
            for name, path in targets:
                results[(name, width)] = run_axe(page, BASE + path, source, options)
            page.goto(BASE + "/accounts/login/")
            page.locator("input[name=login]").fill(MEMBER_EMAIL)
            page.locator("input[name=password]").fill(password)
            page.locator("main form [type=submit]").click()
            page.wait_for_url(f"{BASE}/dashboard/")
            results[("My Lumino", width)] = run_axe(page, f"{BASE}/dashboard/", source, options)
            context.close()
        browser.close()
    return results


def run_axe(page, url, source, options):
    page.goto(url, wait_until="networkidle")
    page.evaluate(source)
    found = page.evaluate("options => axe.run(document, options)", options)
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']}"
        for violation in found["violations"]
        for node in violation["nodes"]
    ]


def table(pages, lighthouse_results, axe_results, runs):
    lines = [
        f"Lighthouse 12 (simulated throttling, median of {runs} run(s)) and axe-core 4 "
        f"({', '.join(AXE_TAGS)}); Spanish, demo content, DEBUG off, gunicorn + WhiteNoise.",
        "",
        "| page | form factor | performance | accessibility | best practices | SEO | CLS | axe 375 | axe 1280 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, _path in pages:
        for form_factor in ("mobile", "desktop"):
            scores, _failing, noindex, cls = lighthouse_results[(name, form_factor)]
            seo = f"{scores['seo']}{' (noindex)' if noindex else ''}"
            axe_cells = [str(len(axe_results[(name, width)])) for width in WIDTHS]
            lines.append(
                f"| {name} | {form_factor} | {scores['performance']} | {scores['accessibility']} | "
                f"{scores['best-practices']} | {seo} | {cls:.3f} | {' | '.join(axe_cells)} |"
            )
    for name in ("login", "My Lumino"):
        axe_cells = [str(len(axe_results[(name, width)])) for width in WIDTHS]
        lines.append(f"| {name} | (axe only) | | | | | | {' | '.join(axe_cells)} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page and form factor (median).")
    parser.add_argument("--write", type=Path, help="Also write the table to this Markdown file.")
    parser.add_argument("--only", help="Comma-separated page names (e.g. 'home,course').")
    args = parser.parse_args()
    if not chromium_installed():
        sys.exit(MISSING)
    if not LIGHTHOUSE.exists() or not AXE.exists():
        sys.exit("audit/node_modules is missing: run `npm ci --prefix audit` (or `make audit`).")

    with tempfile.TemporaryDirectory(prefix="lumino-audit-") as folder:
        env = environment(folder)
        pages, password = prepare(env)
        if args.only:
            wanted = {name.strip() for name in args.only.split(",")}
            pages = [page for page in pages if page[0] in wanted]
        reports = AUDIT / "reports"  # the full Lighthouse JSON of every run, for a closer look
        reports.mkdir(exist_ok=True)
        server = serve(env)
        try:
            warm_up(pages)
            results = {}
            problems = []
            for name, path in pages:
                for form_factor in ("mobile", "desktop"):
                    runs = [lighthouse(BASE + path, form_factor, reports) for _ in range(args.runs)]
                    scores = {key: statistics.median_low(run[0][key] for run in runs) for key in CATEGORIES}
                    spread = {key: max(r[0][key] for r in runs) - min(r[0][key] for r in runs) for key in CATEGORIES}
                    _, failing, noindex, cls = runs[0]
                    results[(name, form_factor)] = (scores, failing, noindex, cls)
                    print(f"{name:14} {form_factor:8} {scores} spread {spread} {failing}", flush=True)
                    for key in CATEGORIES:
                        if scores[key] < GOAL and not (key == "seo" and noindex):
                            problems.append(f"{name} {form_factor}: {key} {scores[key]} ({', '.join(failing)})")
            axe_results = axe_pages(pages, password)
        finally:
            server.terminate()
            server.wait(timeout=30)
    for (name, width), violations in axe_results.items():
        problems.extend(f"axe {name} {width}px: {violation}" for violation in violations)
    output = table(pages, results, axe_results, args.runs)
    print("\n" + output)
    if args.write:
        args.write.write_text(args.write.read_text().split("<!-- audit -->")[0] + "<!-- audit -->\n" + output + "\n")
    if problems:
        print("\nBelow the goal:\n  " + "\n  ".join(problems))
        sys.exit(1)


if __name__ == "__main__":
    main()
