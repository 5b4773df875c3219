"""deploy/nginx.conf, run for real (Debian's nginx, skipped when it is not installed): what it
tells Django about the visitor cannot be forged by the visitor."""

import http.client
import json
import shutil
import socket
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
MAIN_CONF = """
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    include {dir}/default.conf;
}}
"""


class EchoHeaders(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({name.lower(): value for name, value in self.headers.items()}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


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
        cls.port = free_port()
        cls.dir = Path(tempfile.mkdtemp())
        conf = (settings.BASE_DIR / "deploy" / "nginx.conf").read_text()
        conf = conf.replace("server web:8000;", f"server 127.0.0.1:{cls.upstream.server_port};")
        conf = conf.replace("listen 80 default_server;", f"listen 127.0.0.1:{cls.port} default_server;")
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

    def forwarded(self, headers):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        connection.request("GET", "/", headers=headers)
        response = connection.getresponse()
        self.assertEqual(response.status, 200)
        return json.loads(response.read())

    def test_a_visitor_cannot_claim_https_over_plain_http(self):
        seen = self.forwarded({"Host": "lumino.example", "X-Forwarded-Proto": "https"})
        self.assertEqual(seen["x-forwarded-proto"], "http")

    def test_a_visitor_cannot_forge_the_address_django_counts(self):
        seen = self.forwarded({"Host": "lumino.example", "X-Forwarded-For": "203.0.113.9"})
        self.assertEqual(seen["x-forwarded-for"], "127.0.0.1")

    def test_the_host_is_passed_and_a_forwarded_host_is_dropped(self):
        seen = self.forwarded({"Host": "lumino.example", "X-Forwarded-Host": "evil.example"})
        self.assertEqual(seen["host"], "lumino.example")
        self.assertNotIn("x-forwarded-host", seen)
