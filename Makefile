# PO-portalen. Quick start: `make run` (set up and serve) and `make test` (the whole suite).
SHELL := /bin/bash
# The newest Python from 3.11 to 3.13 that the machine has (tools/pythons.sh), else python3.
PYTHON ?= $(shell { tools/pythons.sh; command -v python3; } | head -n 1)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: run serve-prod setup venv test pytest lint format lock messages clean \
	bench-http loadtest loadtest-long faulttest faulttest-long \
	opensearch-build test-opensearch run-opensearch faulttest-search faulttest-redis

## run: set everything up, load the content and serve on http://$(HOST):$(PORT)
run: setup
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(BIN)/python manage.py runserver $(HOST):$(PORT)

## serve-prod: the same content served the production way: production settings, gunicorn,
## hashed and compressed static files (WhiteNoise), the page cache. Plain http on $(HOST), so
## the https redirect is off; a generated secret key is kept in var/. See README, "Drift".
PROD_ENV = DJANGO_SETTINGS_MODULE=portal.settings.production \
	SECRET_KEY="$$(cat var/secret-key)" ALLOWED_HOSTS="$(HOST),localhost" \
	SECURE_SSL_REDIRECT=false PORTAL_SERVE_MEDIA=true BIND=$(HOST):$(PORT)
serve-prod: setup var/secret-key
	$(PROD_ENV) $(BIN)/python manage.py collectstatic --no-input -v 0
	$(PROD_ENV) $(BIN)/python manage.py check --deploy --fail-level ERROR
	$(PROD_ENV) $(BIN)/gunicorn -c portal/gunicorn_conf.py portal.wsgi

var/secret-key:
	@mkdir -p var
	@umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(64))' > $@

## setup: idempotent, non-interactive preparation (venv, database, content, dev admin)
setup: venv
	@mkdir -p var
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(BIN)/python manage.py compile_translations
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(BIN)/python manage.py migrate --no-input -v 0
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(BIN)/python manage.py move_documents
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(BIN)/python manage.py load_content
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(BIN)/python manage.py rebuild_search
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(BIN)/python manage.py ensure_dev_admin
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(BIN)/python manage.py ensure_dev_reporting_users

venv: $(STAMP)

$(STAMP): requirements-dev.lock
	@test -n "$(PYTHON)" || { echo "Python 3.11, 3.12 eller 3.13 behövs."; exit 1; }
	$(PYTHON) -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] <= (3, 13) else "Python 3.11, 3.12 eller 3.13 behövs, hittade " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	@touch $(STAMP)

## test: the environment, the static checks and the whole suite (browser tests when Chromium exists)
test: venv lint pytest

pytest: venv
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
		echo "OBS: Chromium saknas, så webbläsartesterna (tillgänglighet) hoppas över. Installera Debians paket chromium för att köra dem."
	$(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/djhtml --check templates
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/djhtml templates

## lock: regenerate the hashed lock files from pyproject.toml, resolved on the oldest Python the
## project supports; the hashes cover every wheel of each pinned version, so 3.12 and 3.13 install
## the same files.
LOCK_PYTHON ?= $(shell tools/pythons.sh | tail -n 1)
lock:
	$(LOCK_PYTHON) -m venv var/lockenv
	var/lockenv/bin/pip install --quiet pip-tools==7.6.2
	var/lockenv/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	var/lockenv/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --extra dev -o requirements-dev.lock pyproject.toml

## messages: refresh the English catalogue after changing interface text (needs GNU gettext)
messages: venv
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(BIN)/python manage.py makemessages -l en \
		--no-obsolete --add-location file --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*'

clean:
	rm -rf $(VENV) var

## opensearch-build: compile the OpenSearch node of tools/opensearch (Java 17 and Maven; the
## artifacts come from Maven Central into ~/.m2 once, then the build works offline)
OPENSEARCH_NODE = $(PYTHON) tools/opensearch/node.py
opensearch-build:
	$(OPENSEARCH_NODE) build

## test-opensearch: the live search tests (pytest -m opensearch) on a throwaway OpenSearch node
test-opensearch: venv
	@mkdir -p var/opensearch-test
	url=$$($(OPENSEARCH_NODE) start --quick var/opensearch-test) && \
	trap '$(OPENSEARCH_NODE) stop var/opensearch-test' EXIT && \
	OPENSEARCH_TEST_URL=$$url $(BIN)/pytest -m opensearch $(PYTEST_ARGS)

## run-opensearch: as `make run`, with search on a throwaway OpenSearch node (first index with
## update_index; the node stops with the server)
run-opensearch: setup
	@mkdir -p var/opensearch-run
	url=$$($(OPENSEARCH_NODE) start var/opensearch-run) && \
	trap '$(OPENSEARCH_NODE) stop var/opensearch-run' EXIT && \
	export OPENSEARCH_URL=$$url DJANGO_SETTINGS_MODULE=portal.settings.dev && \
	$(BIN)/python manage.py update_index --backend default -v 0 && \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## bench-http: requests/s and p50/p95/p99 of the production start with wrk (apt-get install wrk),
## with the real content on SQLite; on PostgreSQL: .ci/with-postgres make bench-http
bench-http: venv
	$(BIN)/python bench/http_bench.py

## loadtest: readers, searchers, two county users saving and 12 programmes sending annual
## reports (accepted by their county as they arrive), then every acknowledged answer and step
## checked in the database; short form on a small site (DURATION=25), loadtest-long: 120 s with
## the real content. Both use DATABASE_URL when set (.ci/with-postgres make loadtest).
DURATION ?= 25
loadtest: venv
	$(BIN)/python bench/load_test.py --duration $(DURATION) --minimal

loadtest-long: venv
	$(BIN)/python bench/load_test.py --duration 120

## faulttest: PostgreSQL stops mid-run (its own cluster): 503 page, recovery without restart,
## no acknowledged answer lost. faulttest-long: longer phases and outage, the real content.
faulttest: venv
	$(BIN)/python bench/fault_test.py

faulttest-long: venv
	$(BIN)/python bench/fault_test.py --phase 60 --outage 60 --recover 30 --full

## faulttest-search: the OpenSearch node stops mid-run: every search still answers (from the
## database), one log line says why, and searches go back to the node when it returns.
faulttest-search: venv
	$(BIN)/python bench/search_fault_test.py

## faulttest-redis: Redis is killed mid-run: pages keep answering from the database without
## waiting on Redis, one log line per worker says so, the cache fills again, no answer lost.
faulttest-redis: venv
	$(BIN)/python bench/redis_fault_test.py
