# Lumino: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?=
AUDIT_ARGS ?=

.PHONY: run serve test install install-dev migrate demo worker sweep lint format check messages bench audit screenshot clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Links in e-mails, feeds and the API point at the address the development server listens on.
SITE_URL ?= http://127.0.0.1:$(PORT)
export SITE_URL
# The processes' output goes through a pipe to honcho: print each line as it is written.
export PYTHONUNBUFFERED := 1

## run: install, migrate, load the demo, then `serve` (SQLite, no other service)
run: install migrate demo serve

## serve: the development server on http://127.0.0.1:$(PORT), the task worker and the sweep
# (Procfile.dev). Ctrl-C stops all three; if one exits, honcho stops the others.
# `-e /dev/null`: a .env file holds docker-compose's production settings, not these.
serve:
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/honcho -e /dev/null -f Procfile.dev start -p $(PORT)

migrate: install
	$(MANAGE) migrate --noinput

demo: install
	$(MANAGE) seed_demo

## test: the whole suite (SQLite, or PostgreSQL when DATABASE_URL is set), on every core
# Parallel with pytest-xdist (one database and one media folder per worker). Measured on this
# 2-core machine, PostgreSQL, the same tree: 993 tests in 267 s with -n 2 against about 400 s
# serial for the 737 tests before learning and the service desk. `make test XDIST=` runs serially.
XDIST ?= -n auto --maxprocesses=4
test: install-dev
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

## worker: the task worker and the sweep alone, for a server started some other way
worker: install
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/honcho -e /dev/null -f Procfile.dev start worker sweep

sweep: install
	$(MANAGE) sweep

## lint: style (ruff), templates (djhtml) and the architecture contracts (import-linter, pyproject.toml)
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	$(BIN)/lint-imports --no-cache

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

check: install-dev
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run

## messages: refresh the Spanish catalogue (needs GNU gettext) and compile it
messages: install
	$(MANAGE) makemessages -l es -l en --ignore '$(VENV)/*' --ignore 'staticfiles/*'
	$(MANAGE) compilemessages --ignore '$(VENV)/*'

bench: install-dev
	$(BIN)/python bench/run.py

## audit: Lighthouse and axe-core on the demo served as in production (port 8108; minutes, not in `make test`)
audit/node_modules/.installed: audit/package.json audit/package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix audit --no-audit --no-fund
	touch $@

audit: install-dev audit/node_modules/.installed
	$(BIN)/python audit/run.py $(AUDIT_ARGS)

## screenshot: retake docs/screenshot-home.png (demo content, Debian's Chromium)
screenshot: install-dev
	$(BIN)/python e2e/screenshot_home.py

clean:
	rm -rf $(VENV) staticfiles .test-media audit/node_modules
