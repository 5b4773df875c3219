"""Docker HEALTHCHECK for the web container: GET /healthz/ on gunicorn (no curl in the slim image).

The request names an allowed host and says it came over HTTPS (as nginx would), so neither
ALLOWED_HOSTS nor SECURE_SSL_REDIRECT turn the probe into a 400 or a redirect. A 200 is healthy,
"degraded" included: only a database failure (503) or no answer marks the container unhealthy.
"""

import http.client
import os
import sys


def allowed_host():
    for host in os.environ.get("ALLOWED_HOSTS", "localhost").split(","):
        host = host.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def main():
    port = int(os.environ.get("PORT", "8000"))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/healthz/", headers={"Host": allowed_host(), "X-Forwarded-Proto": "https"})
        status = connection.getresponse().status
    except OSError as exc:
        sys.exit(f"healthz: no answer ({exc})")
    sys.exit(0 if status == 200 else f"healthz: HTTP {status}")


if __name__ == "__main__":
    main()
