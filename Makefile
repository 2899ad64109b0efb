# Voisinage: `make run` serves the site, `make test` checks everything. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-stamp
MESSAGES := locale/fr/LC_MESSAGES/django.mo locale/en/LC_MESSAGES/django.mo

.PHONY: run test lint bench fuzz messages install clean prod-local system-tools

$(INSTALLED): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

install: $(INSTALLED) $(MESSAGES)

# The catalogues are compiled with Babel, so no system gettext is needed.
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(INSTALLED)
	$(BIN)/pybabel compile -D django -d locale -l $* >/dev/null

run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run

# The suite runs in one process per core (pytest-xdist), a test file per process at a time, so
# that a file's browser or schema is made once; PYTEST_PARALLEL= runs it in one process.
PYTEST_PARALLEL ?= -n auto --dist loadfile

# The geocoder's tests need addok (tests/geocoder/start.sh): started here when Redis answers and
# GEOCODER_URL is not set; otherwise those tests are skipped and listed at the end.
test: lint
	@if [ -z "$$GEOCODER_URL" ] && redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then \
	  GEOCODER_URL="$$(tests/geocoder/start.sh || true)" $(BIN)/python -m pytest $(PYTEST_PARALLEL); \
	else $(BIN)/python -m pytest $(PYTEST_PARALLEL); fi

# SIZE multiplies every scenario's size (SIZE=0.2 for a quick run); each row names its size.
SIZE ?= 1
bench: install system-tools
	BENCH_SIZE=$(SIZE) $(BIN)/python -m bench

# The production set on this machine (docs/operations.md, "Production set"): nginx on PORT in
# front of WORKERS app processes, the Celery worker and the one beat, as listed in
# neighbourhood/deploy/Procfile, against DATABASE_URL (PostgreSQL) and REDIS_URL.
PORT ?= 8480
WORKERS ?= 2
prod-local: install system-tools
	@test -n "$$DATABASE_URL" && test -n "$$REDIS_URL" || { \
	  echo "make prod-local needs DATABASE_URL (PostgreSQL) and REDIS_URL, e.g."; \
	  echo "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/voisinage REDIS_URL=redis://127.0.0.1:6379/0 make prod-local"; \
	  exit 1; }
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py serve --production --port $(PORT) --workers $(WORKERS)

# nginx (the production set's proxy) and wrk (the HTTP benchmarks) from the distribution, when
# missing; as root, or through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
system-tools:
	@missing=""; \
	command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || missing="$$missing nginx-light"; \
	command -v wrk >/dev/null 2>&1 || missing="$$missing wrk"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing from the distribution:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

# The API against its OpenAPI document for a long while (>= 10,000 requests, a few minutes):
# writes its counts to docs/reliability.md. FUZZ_CASES and FUZZ_SEED change its length and draw.
fuzz: install
	$(BIN)/python -m pytest tests/api/fuzz.py -q -p no:logging

# Regenerates the .po files after strings change in the code (needs GNU gettext).
messages: install
	$(BIN)/python manage.py makemessages --locale fr --locale en --ignore '.venv/*' --ignore 'var/*' --no-obsolete

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
