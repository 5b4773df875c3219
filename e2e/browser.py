"""How Lumino starts a browser: Debian's Chromium, never one downloaded by Playwright."""

import os
from pathlib import Path

CHROMIUM = os.environ.get("LUMINO_CHROMIUM", "/usr/bin/chromium")
# Exactly these flags: no sandbox (CI runs as root), and nothing that reaches the network on its own.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
MISSING = f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium` (Debian)."


def chromium_installed():
    return Path(CHROMIUM).exists()


def launch(playwright):
    """A headless Chromium from an already started `sync_playwright()`."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
