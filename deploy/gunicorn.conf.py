"""gunicorn settings for the web container; each one can be tuned from the environment."""

import multiprocessing
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# Threads let one worker wait on the database or SMTP while another request runs.
workers = int(os.environ.get("WEB_CONCURRENCY", min(multiprocessing.cpu_count() * 2 + 1, 9)))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# Below nginx's proxy_read_timeout (90s), so gunicorn answers before nginx gives up.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak never grows without bound.
max_requests = 1000
max_requests_jitter = 100
# Heartbeat files on tmpfs: a container's overlay disk can stall and get workers killed.
worker_tmp_dir = "/dev/shm"  # noqa: S108 - a tmpfs in every container
# The default (~/.gunicorn) is not writable for the container's user; `gunicornc` finds it here.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "/tmp/gunicorn.ctl")  # noqa: S108 - the container's own /tmp
accesslog = "-"
errorlog = "-"

# Prometheus (portal/observability.py): each worker writes its figures to files in
# PROMETHEUS_MULTIPROC_DIR, emptied when the server starts; a dead worker's live gauges are dropped.
_prometheus_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")


def on_starting(server):
    if _prometheus_dir:
        os.makedirs(_prometheus_dir, exist_ok=True)
        for name in os.listdir(_prometheus_dir):
            os.remove(os.path.join(_prometheus_dir, name))


def child_exit(server, worker):
    if _prometheus_dir:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
