# Lumino: one image for the web, worker and scheduler services (see docker-compose.yml).
#   docker build -t lumino .
# Build stage: the virtualenv and the code with compiled translations; the runtime stage copies
# only those results (no compiler, no gettext).
FROM python:3.11-slim AS build

ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY requirements.txt requirements-elasticsearch.txt /tmp/requirements/
# requirements-elasticsearch.txt includes requirements.txt, plus the client for ELASTICSEARCH_URL.
RUN pip install -r /tmp/requirements/requirements-elasticsearch.txt

# The code, with every translation catalogue (project and apps) compiled; a broken one fails the
# build (find returns the status of `-exec ... +`).
COPY . /src
RUN find /src -name '*.po' -path '*/locale/*' \
    -exec sh -c 'for po; do msgfmt --check -o "${po%.po}.mo" "$po" || exit 1; done' _ {} +


FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=portal.settings.base \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/srv/media \
    PRIVATE_MEDIA_ROOT=/srv/private \
    PORT=8000

# pg_dump, pg_restore and psql for `manage.py backup` and `restore`, of the compose server's major
# version (Debian's own client is older than the server and pg_dump refuses newer servers).
ARG POSTGRES_CLIENT_VERSION=16
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && install -d /usr/share/postgresql-common/pgdg \
    && curl -fsSo /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc https://www.postgresql.org/media/keys/ACCC4CF8.asc \
    && . /etc/os-release \
    && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt ${VERSION_CODENAME}-pgdg main" \
        > /etc/apt/sources.list.d/pgdg.list \
    && apt-get update \
    && apt-get install -y --no-install-recommends "postgresql-client-${POSTGRES_CLIENT_VERSION}" \
    && apt-get purge -y curl && apt-get autoremove -y \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 lumino \
    && useradd --system --uid 1000 --gid lumino --home-dir /app --no-create-home --shell /usr/sbin/nologin lumino

COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# The code belongs to root: the app's user can read it, not change it.
COPY --from=build /src /app

# Static files are collected into the image (WhiteNoise serves them; nginx gets a copy at start).
# The key only satisfies the settings' check during this step; it is not in the final environment.
RUN DJANGO_SECRET_KEY="build-only-collectstatic-$(python -c 'import secrets; print(secrets.token_hex(32))')" \
    python manage.py collectstatic --noinput --verbosity 0 \
    && python -m compileall -q /app -x '/app/(\.venv|node_modules)/'

# Volumes mount here; new named volumes inherit this ownership.
RUN mkdir -p /srv/media /srv/private /srv/static /srv/backups \
    && chown lumino:lumino /srv/media /srv/private /srv/static /srv/backups

USER lumino
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=6s --start-period=120s --retries=3 CMD ["python", "/app/deploy/healthcheck.py"]
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["gunicorn", "portal.wsgi", "--config", "/app/deploy/gunicorn.conf.py"]
