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

.PHONY: help install run test migrate demo messages serve backup restore clean screenshots

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
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install ## Run the whole test suite (SQLite unless DATABASE_URL says otherwise)
	$(BIN)/python -m pytest

messages: install ## Rebuild and compile the translation catalogues
	$(BIN)/python manage.py makemessages -l da -l en --ignore=.venv --ignore=node_modules
	$(BIN)/python manage.py compilemessages --ignore=.venv

screenshots: demo ## Write screenshots of each public page type (desktop and phone) to docs/screenshots/
	$(BIN)/python tests/browser/screenshots.py

clean: ## Remove the virtualenv, the SQLite database and uploaded media
	rm -rf $(VENV) db.sqlite3 media

serve: install ## Serve the production configuration (gunicorn + WhiteNoise) on 127.0.0.1:$(PORT); needs DJANGO_SECRET_KEY
	@test -n "$$DJANGO_SECRET_KEY" || { echo "Set DJANGO_SECRET_KEY and the other production variables first (see docs/deployment.md)."; exit 1; }
	DJANGO_SETTINGS_MODULE=portal.settings.production $(BIN)/python manage.py check --deploy
	DJANGO_SETTINGS_MODULE=portal.settings.production $(BIN)/python manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=portal.settings.production $(BIN)/python manage.py set_site_address
	DJANGO_SETTINGS_MODULE=portal.settings.production $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=portal.settings.production $(BIN)/gunicorn portal.wsgi:application \
		--bind 127.0.0.1:$(PORT) --workers $(WORKERS) --access-logfile - --forwarded-allow-ips 127.0.0.1

backup: install ## Write the database and media to $(BACKUP_DIR)/portal-<time>.tar.gz (or FILE=path)
	PORTAL_BACKUP_DIR=$(BACKUP_DIR) $(BIN)/python manage.py backup $(FILE)

restore: install ## Replace the database and add the media from a backup: make restore FILE=backups/portal-….tar.gz
	@test -n "$(FILE)" || { echo "Name the archive: make restore FILE=backups/portal-….tar.gz"; exit 1; }
	$(BIN)/python manage.py restore $(FILE)
