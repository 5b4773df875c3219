"""Take docs/screenshot-home.png for the README: the demo home page at 1280x800 in Chromium.

    .venv/bin/python e2e/screenshot_home.py

Loads `seed_demo` into a throwaway SQLite database, serves it with runserver on 127.0.0.1:8051
and shoots the page with Playwright driving Debian's Chromium (see e2e/browser.py).
"""

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from e2e.browser import MISSING, chromium_installed, launch  # noqa: E402 - after the path set-up

OUTPUT = ROOT / "docs" / "screenshot-home.png"
ADDRESS = "127.0.0.1:8051"
MAX_BYTES = 300 * 1024


def wait_until_up(url, seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own local server
                return response.status
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def shoot(url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="es-ES")
        page.goto(url, wait_until="networkidle")
        OUTPUT.parent.mkdir(exist_ok=True)
        page.screenshot(path=OUTPUT)
        browser.close()


def shrink():
    """Fewer colours when the PNG is too heavy for the README (the page is mostly flat colour)."""
    from PIL import Image

    if OUTPUT.stat().st_size <= MAX_BYTES:
        return
    with Image.open(OUTPUT) as image:
        image.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE).save(OUTPUT, optimize=True)


def main():
    if not chromium_installed():
        sys.exit(MISSING)
    with tempfile.TemporaryDirectory(prefix="lumino-shot-") as folder:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
            "MEDIA_ROOT": f"{folder}/media",
            "PRIVATE_MEDIA_ROOT": f"{folder}/private",
        }
        for name in ("REDIS_URL", "ELASTICSEARCH_URL", "OPENSEARCH_URL"):
            env.pop(name, None)
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run([*manage, "seed_demo"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        server = subprocess.Popen([*manage, "runserver", ADDRESS, "--noreload"], env=env, cwd=ROOT)
        try:
            wait_until_up(f"http://{ADDRESS}/")
            shoot(f"http://{ADDRESS}/")
        finally:
            server.terminate()
            server.wait(timeout=30)
    shrink()
    print(f"Wrote {OUTPUT.relative_to(ROOT)} ({OUTPUT.stat().st_size // 1024} KB).")  # noqa: T201


if __name__ == "__main__":
    main()
