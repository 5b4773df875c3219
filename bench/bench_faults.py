"""Does the portal degrade, not break, when a dependency stops, and is nothing lost when it returns?

Runs the production settings on a throwaway SQLite site (seed_demo) with its own gunicorn on
127.0.0.1, its own `redis-server --port 6390` and a small SMTP server of its own, then stops each
dependency in turn and prints one line per fault: what was stopped, what was checked, OK or FAIL.
Exit 1 when a fault is not handled. Timings are not measured.

    .venv/bin/python bench/bench_faults.py
"""

import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.support import ROOT, free_port

WEB_PORT, REDIS_PORT = 8767, 6390
BASE = f"http://127.0.0.1:{WEB_PORT}"
CLOSED_PORT = 9  # "discard": nothing listens there on this machine
PAGES_SCRIPT = """
import json
from courses.models import CourseIndexPage, CoursePage
print(json.dumps({"home": "/", "course index": CourseIndexPage.objects.live().first().url,
    "course": CoursePage.objects.live().public().first().url, "search": "/search/?q=python",
    "login": "/accounts/login/"}))
"""
results = []


def report(fault, checked, ok, detail=""):
    results.append(ok)
    print(f"{'OK  ' if ok else 'FAIL'}  {fault}: {checked}{f' ({detail})' if detail and not ok else ''}", flush=True)


# --- A small SMTP server that can be stopped and started on the same port ---
class FakeSMTP:
    def __init__(self):
        self.port = free_port()
        self.messages = []
        self.sock = None

    def start(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", self.port))
        self.sock.listen()
        threading.Thread(target=self._accept, args=(self.sock,), daemon=True).start()

    def stop(self):
        self.sock.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread; close alone would not
        self.sock.close()

    def _accept(self, sock):
        while True:
            try:
                conn, _address = sock.accept()
            except OSError:
                return
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _session(self, conn):
        reader = conn.makefile("rb")
        conn.sendall(b"220 fake ESMTP\r\n")
        data = None
        for line in reader:
            if data is not None:
                if line == b".\r\n":
                    self.messages.append(b"".join(data))
                    data = None
                    conn.sendall(b"250 queued\r\n")
                else:
                    data.append(line)
                continue
            command = line[:4].upper()
            if command == b"DATA":
                data = []
                conn.sendall(b"354 go on\r\n")
            elif command == b"QUIT":
                conn.sendall(b"221 bye\r\n")
                break
            elif command == b"EHLO":
                conn.sendall(b"250 fake\r\n")
            else:
                conn.sendall(b"250 ok\r\n")
        conn.close()


# --- The site, its processes and its data ---
def environment(folder, smtp_port, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.base",
        "DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-faults-" + "k" * 40,
        "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
        "MEDIA_ROOT": f"{folder}/media",
        "PRIVATE_MEDIA_ROOT": f"{folder}/private",
        "STATIC_ROOT": f"{folder}/static",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "SITE_URL": BASE,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "REQUIRE_STAFF_MFA": "false",
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
    }
    for name in ("REDIS_URL", "ELASTICSEARCH_URL", "OPENSEARCH_URL", "SENTRY_DSN", "AWS_STORAGE_BUCKET_NAME"):
        env.pop(name, None)
    return {**env, **extra}


def manage(env, *args, timeout=300):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def shell(env, code):
    """Run `code` in the site's Django; it prints one JSON line, returned parsed."""
    return json.loads(manage(env, "shell", "-c", code).stdout.strip().splitlines()[-1])


def serve(env):
    command = [sys.executable, "-m", "gunicorn", "audit.wsgi:application", "--bind", f"127.0.0.1:{WEB_PORT}"]
    server = subprocess.Popen([*command, "--workers", "1", "--threads", "4", "--log-level", "error"], env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while status("/healthz/") is None:
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            raise SystemExit("gunicorn did not start")
        time.sleep(0.3)
    return server


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def status(path, timeout=30):
    try:
        with urllib.request.urlopen(BASE + path, timeout=timeout) as response:  # noqa: S310 - our own server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def sign_up(email):
    """Sign up through the form, as a person would; returns the final status."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(f"{BASE}/accounts/signup/", timeout=30) as page:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)
    password = secrets.token_urlsafe(12) + "aA1!"
    form = {"csrfmiddlewaretoken": token, "email": email, "password1": password, "password2": password}
    request = urllib.request.Request(  # noqa: S310 - our own server
        f"{BASE}/accounts/signup/", data=urllib.parse.urlencode(form).encode(), headers={"Referer": BASE + "/"}
    )
    try:
        with opener.open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def page_text(path):
    """The text of the page a refused form POST shows (the 503 page), read with a fresh session."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(BASE + path, timeout=30) as page:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)
    form = {"csrfmiddlewaretoken": token, "email": "other@example.com", "password1": "x", "password2": "x"}
    request = urllib.request.Request(  # noqa: S310 - our own server
        BASE + path, data=urllib.parse.urlencode(form).encode(), headers={"Referer": BASE + "/"}
    )
    try:
        with opener.open(request, timeout=60) as response:
            return response.read().decode()
    except urllib.error.HTTPError as error:
        return error.read().decode()


def email_state(env, address):
    code = (
        "import json; from portal.models import OutboundEmail as E; "
        f"e = E.objects.filter(recipients__contains={address!r}).order_by('-pk').first(); "
        "print(json.dumps(e and {'status': e.status, 'attempts': e.attempts, 'error': e.last_error[:120]}))"
    )
    return shell(env, code)


def due_now(env, address):
    shell(
        env,
        "from django.utils import timezone; from portal.models import OutboundEmail as E; "
        f"E.objects.filter(recipients__contains={address!r}).update(next_attempt_at=timezone.now()); print(1)",
    )


# --- The faults ---
def redis_stopped(folder, smtp, pages):
    redis = subprocess.Popen(
        ["redis-server", "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no", "--dir", folder],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    env = environment(folder, smtp.port, REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0")
    web = serve(env)
    try:
        stop(redis)
        answers = {name: status(path) for name, path in pages.items()}
        all_200 = set(answers.values()) == {200}
        report("Redis stopped", "home, course index, a course, search, login answer 200", all_200, answers)
        address = "redis-down@example.com"
        signed = sign_up(address)
        refusal = page_text("/accounts/signup/")
        clear = signed == 503 and ("briefly unavailable" in refusal or "por un momento" in refusal)
        checked = f"a sign-up succeeds or answers a clear 503 (it answered {signed})"
        report("Redis stopped", checked, signed == 200 or clear)
        sent_before = len(smtp.messages)
        shell(
            env,
            "from django.core.mail import send_mail; "
            f"send_mail('Recordatorio', 'Cuerpo', None, [{address!r}]); print(1)",
        )
        state = email_state(env, address)
        report("Redis stopped", "an e-mail sent meanwhile is recorded in the outbox", state is not None, state)
        redis = subprocess.Popen(
            ["redis-server", "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no", "--dir", folder],
            stdout=subprocess.DEVNULL,
        )
        time.sleep(0.5)
        manage(env, "sweep")
        manage(env, "rqworker", "default", "--job-class", "django_tasks_rq.Job", "--burst")
        state = email_state(env, address)
        delivered = state and state["status"] == "sent" and len(smtp.messages) >= max(sent_before, 1)
        report("Redis back", "the e-mail queued while Redis was down is delivered", bool(delivered), state)
    finally:
        stop(web)
        stop(redis)


def search_stopped(folder, smtp, pages):
    env = environment(folder, smtp.port, ELASTICSEARCH_URL=f"http://127.0.0.1:{CLOSED_PORT}")
    web = serve(env)
    try:
        answer = status("/search/?q=python")
        report("Search engine stopped", "/search/ answers a page, not a 500", answer in (200, 503), f"status {answer}")
        others = {name: status(path) for name, path in pages.items() if name != "search"}
        report("Search engine stopped", "the other pages answer 200", set(others.values()) == {200}, others)
        saved = shell(
            env,
            "import json; from news.models import NewsPage; from search.models import PendingIndexUpdate as P; "
            "page = NewsPage.objects.live().first(); page.title += ' (editado)'; page.save_revision().publish(); "
            "page.refresh_from_db(); print(json.dumps({'saved': page.title.endswith('(editado)'), "
            "'pending': P.objects.filter(object_id=str(page.pk)).exists()}))",
        )
        manage(env, "db_worker", "--batch", "--no-startup-delay")
        pending = shell(
            env,
            "import json; from search.models import PendingIndexUpdate as P; print(json.dumps(P.objects.count()))",
        )
        ok = saved["saved"] and saved["pending"] and pending > 0
        detail = {**saved, "rows": pending}
        report("Search engine stopped", "a page edit saves; its index update stays pending", ok, detail)
    finally:
        stop(web)


def smtp_stopped(folder, smtp):
    env = environment(folder, smtp.port)
    web = serve(env)
    try:
        smtp.stop()
        address = "smtp-down@example.com"
        signed = sign_up(address)
        manage(env, "db_worker", "--batch", "--no-startup-delay")
        state = email_state(env, address)
        kept = signed == 200 and state is not None and state["status"] == "pending" and state["attempts"] >= 1
        report("SMTP stopped", "a sign-up succeeds; its e-mail stays in the outbox, retried later", kept, state)
        smtp.start()
        sent_before = len(smtp.messages)
        due_now(env, address)
        manage(env, "sweep")
        manage(env, "db_worker", "--batch", "--no-startup-delay")
        state = email_state(env, address)
        delivered = state and state["status"] == "sent" and len(smtp.messages) > sent_before
        report("SMTP back", "the e-mail waiting in the outbox is delivered", bool(delivered), state)
    finally:
        stop(web)


def worker_killed(folder, smtp):
    env = environment(folder, smtp.port, TASK_ORPHAN_SECONDS="3")
    # A slow task: every rendition the site knows, of a large photograph.
    queued = shell(
        env,
        "import io, json; from PIL import Image as P; from django.core.files.images import ImageFile; "
        "from wagtail.images.models import Image; from home.renditions import PATTERNS, expand; "
        "from home.tasks import make_image_renditions; b = io.BytesIO(); "
        "P.effect_noise((4000, 3000), 80).convert('RGB').save(b, 'JPEG'); "
        "image = Image.objects.create(title='Grande', file=ImageFile(b, name='grande.jpg')); "
        "specs = expand(*PATTERNS); r = make_image_renditions.enqueue(image.pk, specs); "
        "print(json.dumps({'image': image.pk, 'specs': len(specs), 'task': str(r.id)}))",
    )
    count = (
        "import json; from wagtail.images.models import Rendition; from django_tasks_db.models import DBTaskResult; "
        f"print(json.dumps([Rendition.objects.filter(image_id={queued['image']}).count(), "
        f"DBTaskResult.objects.get(pk={queued['task']!r}).status]))"
    )
    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-startup-delay", "--interval", "0.2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while shell(env, count)[1] != "RUNNING" and time.monotonic() < deadline:
        time.sleep(0.2)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    made, state = shell(env, count)
    report("Worker killed", "it was killed mid-task", state == "RUNNING" and made < queued["specs"], f"{state}, {made}")
    manage(env, "db_worker", "--batch", "--no-startup-delay")
    made_by_restart = shell(env, count)[0]
    time.sleep(3.5)
    manage(env, "sweep")
    manage(env, "db_worker", "--batch", "--no-startup-delay", timeout=600)
    made, state = shell(env, count)
    print(
        f"      (a restarted worker alone made {made_by_restart}/{queued['specs']}: django-tasks-db leaves a "
        "RUNNING task to its dead worker; the sweep queues it again)",
        flush=True,
    )
    report("Worker killed", "after a restart and the sweep, the work is redone", made == queued["specs"], f"{made}")


def main():
    if shutil.which("redis-server") is None:
        raise SystemExit("redis-server is not installed")
    folder = tempfile.mkdtemp(prefix="lumino-faults-")
    smtp = FakeSMTP()
    smtp.start()
    try:
        env = environment(folder, smtp.port)
        print("Preparing a throwaway site (migrate, seed_demo, collectstatic)…", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_demo", timeout=900)
        manage(env, "collectstatic", "--noinput", "-v0")
        pages = shell(env, PAGES_SCRIPT)
        redis_stopped(folder, smtp, pages)
        search_stopped(folder, smtp, pages)
        smtp_stopped(folder, smtp)
        worker_killed(folder, smtp)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    failed = results.count(False)
    print(f"{len(results) - failed} of {len(results)} checks handled.")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
