# The portal's commands. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2
BACKUP_DIR ?= backups
STAMP := $(VENV)/.installed
# The address the portal is served on: every absolute link (feeds, sitemap, API ids, e-mails) starts with it.
PORTAL_BASE_URL ?= http://127.0.0.1:$(PORT)
export PORTAL_BASE_URL

.DEFAULT_GOAL := help

.PHONY: help install lint format run test migrate demo messages serve backup restore clean screenshots search-engine search-engine-stop

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned dependencies

migrate: install ## Apply database migrations
	$(BIN)/python manage.py migrate --noinput

demo: migrate ## Load the demo organisation (safe to run again)
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py set_site_address

run: demo ## Set everything up and serve the portal with demo content on http://127.0.0.1:$(PORT)
	$(BIN)/python manage.py set_site_address
	@if [ -n "$$SEARCH_URL" ]; then $(BIN)/python manage.py search_engine_sync; fi
	@# The packet worker builds the meetings' PDF packets beside the server and stops with it.
	@$(BIN)/python manage.py db_worker --backend background & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Every template the project owns (app folders and templates/), not those of installed packages.
TEMPLATES = $(shell find . -path ./.venv -prune -o -path ./node_modules -prune -o -path '*/templates/*' -name '*.html' -print)

lint: install ## Check style, formatting, template indentation, one-way imports, system checks and missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check $(TEMPLATES)
	$(BIN)/lint-imports
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install ## Apply ruff's fixes, ruff format and djhtml: what `make lint` can mend by itself
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml $(TEMPLATES)

test: install ## Run the whole test suite (SQLite unless DATABASE_URL says otherwise)
	$(BIN)/python -m pytest

messages: install ## Rebuild and compile the translation catalogues
	$(BIN)/python manage.py makemessages -l da -l en --ignore=.venv --ignore=node_modules
	$(BIN)/python manage.py compilemessages --ignore=.venv

screenshots: demo ## Write screenshots of each public page type (desktop and phone) to docs/screenshots/
	$(BIN)/python tests/browser/screenshots.py

search-engine: ## Start the two-node Elasticsearch cluster on 127.0.0.1:9200 and :9201 (Java 17 and Maven; data in var/)
	@search/engine/engine.sh start

search-engine-stop: ## Stop the search engine started by make search-engine
	@search/engine/engine.sh stop

clean: ## Remove the virtualenv, the SQLite database and uploaded media
	rm -rf $(VENV) db.sqlite3 media

serve: install ## Serve the production configuration (gunicorn + WhiteNoise) on 127.0.0.1:$(PORT); needs DJANGO_SECRET_KEY
	@test -n "$$DJANGO_SECRET_KEY" || { echo "Set DJANGO_SECRET_KEY and the other production variables first (see docs/deployment.md)."; exit 1; }
	DJANGO_SETTINGS_MODULE=portal.settings.production $(BIN)/python manage.py check --deploy
	DJANGO_SETTINGS_MODULE=portal.settings.production $(BIN)/python manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=portal.settings.production $(BIN)/python manage.py set_site_address
	DJANGO_SETTINGS_MODULE=portal.settings.production $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@DJANGO_SETTINGS_MODULE=portal.settings.production $(BIN)/python manage.py db_worker --backend background & \
		worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
		DJANGO_SETTINGS_MODULE=portal.settings.production $(BIN)/gunicorn portal.wsgi:application \
		--bind 127.0.0.1:$(PORT) --workers $(WORKERS) --access-logfile - --forwarded-allow-ips 127.0.0.1

backup: install ## Write the database and media to $(BACKUP_DIR)/portal-<time>.tar.gz (or FILE=path)
	PORTAL_BACKUP_DIR=$(BACKUP_DIR) $(BIN)/python manage.py backup $(FILE)

restore: install ## Replace the database and add the media from a backup: make restore FILE=backups/portal-….tar.gz
	@test -n "$(FILE)" || { echo "Name the archive: make restore FILE=backups/portal-….tar.gz"; exit 1; }
	$(BIN)/python manage.py restore $(FILE)
