# Palabre — the few commands a developer needs. `make demo` and `make test` work on a fresh clone.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv

PYTHON := $(shell scripts/find-python)
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PY := .venv/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
# The demo's messages to people go to the terminal: nothing leaves the machine.
DEMO_MESSAGES := PALABRE_MAIL_BACKEND=django.core.mail.backends.console.EmailBackend \
	PALABRE_SMS_BACKEND=palabre.core.sms.ConsoleSender
PORT ?= 8000

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

.tools/bin/uv:
	@test -n "$(PYTHON)" || exit 1
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

install: $(UV) ## Install the runtime dependencies from uv.lock
	@test -n "$(PYTHON)" || exit 1
	$(UV) sync --locked --no-dev --python "$(PYTHON)"
	$(MANAGE) compile_catalogue -v 0

install-dev: $(UV) node_modules/axe-core/axe.min.js node_modules/vnu-jar/build/dist/vnu.jar ## Install everything the tests need
	@test -n "$(PYTHON)" || exit 1
	$(UV) sync --locked --python "$(PYTHON)"
	$(MANAGE) compile_catalogue -v 0

# The accessibility engine and the Nu Html Checker (run by tests/crawl/ with the system's Java).
node_modules/axe-core/axe.min.js node_modules/vnu-jar/build/dist/vnu.jar &: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

demo: install ## Build the demo database, serve it on http://127.0.0.1:8000 with the task worker
	rm -f var/demo.sqlite3*
	mkdir -p var
	PALABRE_DB_PATH=var/demo.sqlite3 $(MANAGE) migrate --no-input -v 0
	PALABRE_DB_PATH=var/demo.sqlite3 $(MANAGE) seed_demo
	PALABRE_DB_PATH=var/demo.sqlite3 $(MANAGE) collectstatic --no-input -v 0
	PALABRE_DB_PATH=var/demo.sqlite3 $(MANAGE) demo_accounts
	@echo "Palabre est servi sur http://$(HOST):$(PORT)/ (Ctrl+C pour arrêter)"
	@echo "Les e-mails et SMS de la démo (codes de réservation, rappels) s'affichent ici même."
	export PALABRE_DB_PATH=var/demo.sqlite3 $(DEMO_MESSAGES); \
	$(MANAGE) db_worker --no-reload --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) -m gunicorn config.wsgi:application -b $(HOST):$(PORT) -w 2 --access-logfile -

messages: install-dev ## Refresh the English catalogue from the code (needs GNU gettext)
	$(MANAGE) refresh_catalogue

lint: install-dev ## ruff (lint and format check)
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

check: install-dev ## Django checks, missing migrations, production checks
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=check-deploy-only-$$(printf '%050d' 0) ALLOWED_HOSTS=palabre.example \
	  PALABRE_BASE_URL=https://palabre.example DEFAULT_FROM_EMAIL=ne-pas-repondre@palabre.example.org \
	  PALABRE_KEK=$$(head -c 32 /dev/urandom | base64) \
	  $(MANAGE) check --deploy --fail-level WARNING

test: lint check ## The whole suite: lint, checks, pytest on SQLite and, at the same time, on PostgreSQL
	@skip=""; \
	if [ ! -x /usr/bin/chromium ] && [ "$${PALABRE_REQUIRE_BROWSER:-0}" != 1 ]; then \
	  echo "Chromium absent (apt-get install chromium) : parcours navigateur non lancés."; \
	  skip="e2e"; \
	fi; \
	if ! command -v soffice >/dev/null && [ "$${PALABRE_REQUIRE_LIBREOFFICE:-0}" != 1 ]; then \
	  echo "LibreOffice absent (apt-get install libreoffice-calc-nogui) : relecture ODS non lancée."; \
	  skip="$${skip:+$$skip or }libreoffice"; \
	fi; \
	pglog=$$(mktemp); \
	scripts/with-postgres .venv/bin/pytest -q -m "not e2e and not libreoffice" >"$$pglog" 2>&1 & pg=$$!; \
	trap 'kill $$pg 2>/dev/null; rm -f "$$pglog"' INT TERM; \
	echo "SQLite (ci-dessous) et PostgreSQL (à la fin) en même temps."; \
	if [ -n "$$skip" ]; then .venv/bin/pytest -q -m "not ($$skip)"; else .venv/bin/pytest -q; fi; sqlite=$$?; \
	wait $$pg; rc=$$?; \
	echo; echo "=== PostgreSQL ==="; cat "$$pglog"; rm -f "$$pglog"; \
	if [ $$rc = 3 ] && [ "$${PALABRE_REQUIRE_POSTGRES:-0}" != 1 ]; then \
	  echo "PostgreSQL absent : suite PostgreSQL sautée."; rc=0; \
	fi; \
	if [ $$sqlite != 0 ]; then echo "Suite SQLite en échec."; fi; \
	if [ $$rc != 0 ]; then echo "Suite PostgreSQL en échec."; fi; \
	[ $$sqlite = 0 ] && [ $$rc = 0 ]

# The hard instants of the calendar, in Paris: 00:30 in summer (UTC still yesterday), 23:45 in
# winter, the night the clocks go forward (02:00 does not exist), the second 02:30 of the night
# they go back, 29 February, New Year's Eve. See docs/adr/0022.
INSTANTS := 2027-07-14T00:30:00+02:00 2027-01-14T23:45:00+01:00 2027-03-28T01:30:00+01:00 \
	2027-10-31T02:30:00+01:00 2028-02-29T10:00:00+01:00 2027-12-31T23:45:00+01:00

test-instants: install-dev ## The date-sensitive tests at each hard instant (SQLite, two at a time)
	@logs=$$(mktemp -d); \
	printf '%s\n' $(INSTANTS) | xargs -P 2 -I @ sh -c 'PALABRE_TEST_NOW=@ .venv/bin/pytest -q \
	  -m "dates and not e2e and not libreoffice" >"$$0/@.log" 2>&1 || touch "$$0/@.failed"' "$$logs"; \
	for instant in $(INSTANTS); do cat "$$logs/$$instant.log"; done; \
	failed=$$(cd "$$logs" && ls -- *.failed 2>/dev/null | sed 's/\.failed$$//'); rm -rf "$$logs"; \
	if [ -n "$$failed" ]; then echo "En échec aux instants :" $$failed; exit 1; fi

backup: install ## Back up the database into var/backups/ (or PALABRE_BACKUP_DIR), without the KEK
	$(MANAGE) backup

bench: install-dev ## Benchmarks: case list, case page (also encrypted), reports and field work, as ratios
	$(PY) bench/run.py

load: install-dev ## Load test: 50 people for 5 min on gunicorn + PostgreSQL + worker (127.0.0.1)
	scripts/with-postgres $(PY) bench/load/run.py

fmt: install-dev ## Format the code
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

.PHONY: help install install-dev demo messages lint check test test-instants backup bench load fmt
