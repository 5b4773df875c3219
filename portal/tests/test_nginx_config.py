"""deploy/nginx.conf, run for real (Debian's nginx, skipped when it is not installed): HTTP goes to
HTTPS, what it tells Django about the visitor cannot be forged by the visitor, and the micro-cache
keeps anonymous pages only."""

import http.client
import json
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from unittest import skipUnless

from django.conf import settings
from django.test import SimpleTestCase

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"
MAIN_CONF = """
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/default.conf;
}}
"""


class EchoHeaders(BaseHTTPRequestHandler):
    """Answers with the headers it received and how many requests it has served."""

    served = 0

    def do_GET(self):
        EchoHeaders.served += 1
        seen = {name.lower(): value for name, value in self.headers.items()}
        body = json.dumps({**seen, "served": EchoHeaders.served}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if self.path.startswith("/sets-cookie"):
            self.send_header("Set-Cookie", "csrftoken=abc; Path=/")
        if self.path.startswith("/private"):
            self.send_header("Cache-Control", "private")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def nginx_version():
    banner = subprocess.run([NGINX, "-v"], capture_output=True, text=True, timeout=10).stderr  # noqa: S603
    return tuple(int(part) for part in banner.strip().rsplit("/", 1)[-1].split(" ")[0].split("."))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@skipUnless(Path(NGINX).exists(), "nginx is not installed (apt-get install nginx-light)")
class NginxConfigTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.upstream = ThreadingHTTPServer(("127.0.0.1", 0), EchoHeaders)
        threading.Thread(target=cls.upstream.serve_forever, daemon=True).start()
        cls.http_port, cls.port = free_port(), free_port()
        cls.dir = Path(tempfile.mkdtemp())
        cls.dir.chmod(0o755)  # nginx's workers (nobody, when the tests run as root) write the cache here
        subprocess.run(  # noqa: S603 - a throwaway self-signed certificate
            [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=lumino.example",
             "-keyout", str(cls.dir / "privkey.pem"), "-out", str(cls.dir / "fullchain.pem")],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        (cls.dir / "acme" / ".well-known" / "acme-challenge").mkdir(parents=True)
        (cls.dir / "acme" / ".well-known" / "acme-challenge" / "token123").write_text("token123.proof")
        conf = (settings.BASE_DIR / "deploy" / "nginx.conf").read_text()
        for old, new in [
            ("server web:8000;", f"server 127.0.0.1:{cls.upstream.server_port};"),
            ("listen 80 default_server;", f"listen 127.0.0.1:{cls.http_port} default_server;"),
            ("listen 443 ssl default_server;", f"listen 127.0.0.1:{cls.port} ssl default_server;"),
            ("/etc/nginx/certs/", f"{cls.dir}/"),
            ("/var/cache/nginx/lumino", f"{cls.dir}/cache"),
            ("root /srv/acme;", f"root {cls.dir}/acme;"),
        ]:
            assert old in conf, old
            conf = conf.replace(old, new)
        if nginx_version() < (1, 25, 1):
            # Debian 12's nginx predates the `http2` directive the image's 1.28 reads.
            conf = conf.replace("    http2 on;\n", "")
        (cls.dir / "default.conf").write_text(conf)
        (cls.dir / "nginx.conf").write_text(MAIN_CONF.format(dir=cls.dir))
        args = [NGINX, "-c", str(cls.dir / "nginx.conf"), "-p", str(cls.dir)]
        checked = subprocess.run([*args, "-t"], capture_output=True, text=True, timeout=30)  # noqa: S603
        assert checked.returncode == 0, checked.stderr
        cls.nginx = subprocess.Popen([*args, "-g", "daemon off;"])  # noqa: S603
        for _attempt in range(50):
            try:
                socket.create_connection(("127.0.0.1", cls.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)

    @classmethod
    def tearDownClass(cls):
        cls.nginx.terminate()
        cls.nginx.wait(timeout=10)
        cls.upstream.shutdown()
        cls.upstream.server_close()
        shutil.rmtree(cls.dir, ignore_errors=True)
        super().tearDownClass()

    def get(self, path="/", headers=None):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
        connection = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=5, context=context)
        connection.request("GET", path, headers={"Host": "lumino.example", **(headers or {})})
        response = connection.getresponse()
        return response, response.read()

    def forwarded(self, headers, path="/private"):
        response, body = self.get(path, headers)
        self.assertEqual(response.status, 200, (self.dir / "error.log").read_text()[-2000:])
        return json.loads(body)

    def plain_http(self, path):
        connection = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=5)
        connection.request("GET", path, headers={"Host": "lumino.example"})
        response = connection.getresponse()
        return response, response.read()

    def test_plain_http_goes_to_https_except_certbots_challenge(self):
        response, _body = self.plain_http("/cursos/?page=2")
        self.assertEqual(response.status, 301)
        self.assertEqual(response.getheader("Location"), "https://lumino.example/cursos/?page=2")
        response, body = self.plain_http("/.well-known/acme-challenge/token123")
        self.assertEqual((response.status, body), (200, b"token123.proof"))

    def test_django_is_told_the_visit_came_over_https_whatever_the_visitor_claims(self):
        seen = self.forwarded({"X-Forwarded-Proto": "http"})
        self.assertEqual(seen["x-forwarded-proto"], "https")

    def test_every_request_carries_nginxs_request_id_not_the_visitors(self):
        seen = self.forwarded({"X-Request-ID": "forged-by-visitor"})
        self.assertRegex(seen["x-request-id"], r"^[0-9a-f]{32}$")

    def test_metrics_are_not_reachable_through_nginx(self):
        response, _body = self.get("/metrics")
        self.assertEqual(response.status, 404)

    def test_anonymous_pages_are_micro_cached_and_personal_ones_never(self):
        first, body = self.get("/page")
        again, body_again = self.get("/page")
        self.assertEqual(first.getheader("X-Cache"), "MISS")
        self.assertEqual(again.getheader("X-Cache"), "HIT")
        self.assertEqual(json.loads(body)["served"], json.loads(body_again)["served"])
        for headers in ({"Cookie": "sessionid=abc"}, {"Cookie": "messages=xyz"}, {"Authorization": "Bearer t"}):
            with self.subTest(headers):
                self.get("/personal", headers)
                response, _body = self.get("/personal", headers)
                self.assertEqual(response.getheader("X-Cache"), "BYPASS")
        for path in ("/sets-cookie", "/private"):
            with self.subTest(path):
                self.get(path)
                response, _body = self.get(path)
                self.assertNotEqual(response.getheader("X-Cache"), "HIT")

    def test_a_visitor_cannot_forge_the_address_django_counts(self):
        seen = self.forwarded({"Host": "lumino.example", "X-Forwarded-For": "203.0.113.9"})
        self.assertEqual(seen["x-forwarded-for"], "127.0.0.1")

    def test_the_host_is_passed_and_a_forwarded_host_is_dropped(self):
        seen = self.forwarded({"Host": "lumino.example", "X-Forwarded-Host": "evil.example"})
        self.assertEqual(seen["host"], "lumino.example")
        self.assertNotIn("x-forwarded-host", seen)
