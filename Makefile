# Two commands do everything on a fresh machine:
#   make run   – the app with demo data on SQLite at http://127.0.0.1:8000
#   make test  – ruff, mypy, migration check and the whole pytest suite (SQLite, or DATABASE_URL)
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test install install-dev system-deps messages bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(VENV)/bin/pip install -q -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo --if-missing
	# The web server and one worker of the task queue (PDFs, e-mails); Ctrl-C stops both.
	DEBUG=1 $(PY) manage.py serve 127.0.0.1:8000

# Debian packages the tests need: chromium for the real-browser tests (browsers cannot be
# downloaded here), poppler-utils to read the PDFs back, gettext for the catalogue check, and
# Pango with the Liberation and DejaVu fonts for WeasyPrint, and LibreOffice Writer (no GUI)
# to check that the Word files open outside Word.
SYSTEM_PACKAGES := chromium poppler-utils gettext fonts-liberation fonts-dejavu-core \
	libpango-1.0-0 libpangoft2-1.0-0 libreoffice-writer-nogui
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

test: install-dev system-deps
	$(PY) -m ruff check .
	# Types: strict on services, selectors and the exchange ([tool.mypy] in pyproject.toml).
	DEBUG=1 $(PY) -m mypy
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

# Refresh the Danish catalogue after changing strings, then fill in the new msgstr lines.
messages: install-dev
	DEBUG=1 $(PY) manage.py makemessages -l da --no-obsolete --ignore=.venv --ignore=staticfiles
	DEBUG=1 $(PY) manage.py compilemessages -l da --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles var .mypy_cache

# Page times and query counts on a 10-plan portfolio (JSON); the database is left unchanged.
# Production settings over plain http (HTTPS=0: the test client speaks http), with collected
# static files as in production.
bench: install
	DEBUG=1 $(PY) manage.py migrate --noinput -v0
	SECRET_KEY=benchmark-only $(PY) manage.py collectstatic --noinput -v0
	DEVTOOLS=1 HTTPS=0 SECRET_KEY=benchmark-only $(PY) manage.py bench
