#!/bin/sh
# Container entrypoint for web, worker and scheduler: wait for the database, then (when asked)
# migrate and publish static files, then run the command (gunicorn, rqworker, sweep...).
#   LUMINO_MIGRATE=1         run `migrate` first (the web service only; safe with replicas on PostgreSQL)
#   LUMINO_STATIC_DIR=/path  copy the collected static files there, for nginx (hashed names: old and new coexist)
#   DB_WAIT_SECONDS=60       how long to wait for the database before giving up
set -eu

python /app/deploy/prestart.py

if [ -n "${LUMINO_STATIC_DIR:-}" ]; then
    cp -R /app/staticfiles/. "$LUMINO_STATIC_DIR/"
fi

exec "$@"
