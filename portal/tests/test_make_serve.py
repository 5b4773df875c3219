"""`make serve` (the last step of `make run`): the development server, the task worker and the
sweep run together and stop together. Real processes, on a copy of the test database."""

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection

import pytest

pytestmark = [
    pytest.mark.django_db,  # so the test database exists to be copied
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc (Linux)"),
    pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make, as `make run` does"),
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="`make run` uses SQLite; its processes are tested on the SQLite run"
    ),
]

PROCESSES = ("web", "worker", "sweep")
# Settings the test run puts in the environment, which the development processes must not inherit.
TEST_ONLY_VARIABLES = ("DJANGO_SECRET_KEY", "DEBUG", "REQUIRE_STAFF_MFA", "SITE_URL", "REDIS_URL")


@pytest.fixture(scope="module")
def database_file(django_db_setup, django_db_blocker, tmp_path_factory):
    """A file copy of the migrated test database (SQLite's online backup)."""
    path = tmp_path_factory.mktemp("serve") / "db.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
    return path


class Serve:
    """`make serve PORT=…` in its own process group, as a terminal would run it."""

    def __init__(self, database):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        env = {key: value for key, value in os.environ.items() if key not in TEST_ONLY_VARIABLES}
        env.update(DJANGO_SETTINGS_MODULE="portal.settings.dev", DATABASE_URL=f"sqlite:///{database}")
        self.lines = []
        self.process = subprocess.Popen(  # noqa: S603 - fixed command
            ["make", "--no-print-directory", "serve", f"PORT={self.port}", f"VENV={sys.prefix}"],  # noqa: S607
            cwd=settings.BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self):
        return "\n".join(self.lines)

    def open(self, opener, path, data=None):
        try:
            return opener.open(self.url(path), data, timeout=30)
        except urllib.error.HTTPError as error:
            pytest.fail(f"{path} answered {error.code}. Output:\n{self.output}")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_for(self, pattern, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(pattern, self.output, re.MULTILINE)
            if match:
                return match
            if self.process.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.2)
        pytest.fail(f"{pattern!r} never appeared. Output:\n{self.output}")

    def pids(self):
        """process name -> pid, from honcho's "web.1 started (pid=…)" lines."""
        return {name: int(self.wait_for(rf"{name}\.1 started \(pid=(\d+)\)").group(1)) for name in PROCESSES}

    def wait_until_serving(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url("/robots.txt"), timeout=2) as response:  # noqa: S310
                    return response.status
            except OSError:
                time.sleep(0.3)
        pytest.fail(f"the development server never answered. Output:\n{self.output}")

    def interrupt(self):
        """Ctrl-C in the terminal: SIGINT to the whole foreground process group."""
        os.killpg(self.process.pid, signal.SIGINT)

    def wait_for_exit(self, timeout=30):
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"make serve did not stop. Output:\n{self.output}")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        for group in self.groups:
            try:
                os.killpg(group, signal.SIGKILL)
            except ProcessLookupError:
                pass

    groups = ()


def living_processes_in(groups):
    """Processes (not zombies) whose process group is one of `groups`: the children and theirs."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        # "pid (command) state ppid pgrp …": the command may contain spaces and parentheses.
        state, _ppid, pgrp = text[text.rindex(")") + 2 :].split()[:3]
        if int(pgrp) in groups and state != "Z":
            found.append(text[: text.rindex(")") + 1])
    return found


@pytest.fixture
def serve(database_file):
    started = Serve(database_file)
    yield started
    started.stop()


def start(serve):
    serve.wait_until_serving()
    pids = serve.pids()
    # honcho starts each process in a session of its own, so its group id is its pid.
    serve.groups = set(pids.values())
    assert living_processes_in(serve.groups), serve.output
    return pids


def test_ctrl_c_stops_the_server_the_worker_and_the_sweep(serve):
    start(serve)
    serve.wait_for(r"^.*sweep\.1 +\| ")  # the sweep ran once

    serve.interrupt()

    serve.wait_for_exit()
    deadline = time.monotonic() + 10
    while living_processes_in(serve.groups) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert living_processes_in(serve.groups) == [], serve.output


def test_when_the_server_dies_the_worker_and_the_sweep_stop_too(serve):
    pids = start(serve)

    os.killpg(pids["web"], signal.SIGKILL)

    assert serve.wait_for_exit() != 0
    deadline = time.monotonic() + 10
    while living_processes_in(serve.groups) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert living_processes_in(serve.groups) == [], serve.output


def test_a_sign_up_prints_the_verification_email_sent_by_the_worker(serve):
    start(serve)
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with serve.open(opener, "/accounts/signup/") as response:
        form = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    fields = {
        "csrfmiddlewaretoken": token,
        "email": "nueva.alumna@example.org",
        "password1": "una-clave-larga-de-prueba-2026",
        "password2": "una-clave-larga-de-prueba-2026",
    }
    with serve.open(opener, "/accounts/signup/", urllib.parse.urlencode(fields).encode()) as response:
        assert "/accounts/confirm-email/" in response.url, serve.output

    # The console e-mail backend prints the message in the worker's output, link included.
    serve.wait_for(r"^.*worker\.1 +\| To: nueva\.alumna@example\.org$")
    link = serve.wait_for(rf"^.*worker\.1 +\| .*(http://127\.0\.0\.1:{serve.port}/accounts/confirm-email/[^\s\"<>]+)")
    with opener.open(link.group(1), timeout=10) as response:
        assert response.status == 200
