# Two commands on a fresh machine with Python 3.11: `make run` and `make test` (see README).
PYTHON ?= python3.11
UV_VERSION := 0.13.9
VENV := .venv
TOOLS := .local/tools
UV := $(TOOLS)/bin/uv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test bench lint format messages install chromium

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) scripts/dev.py run

test: install chromium
	$(PY) scripts/dev.py test $(ARGS)

# Bench data in its own database (masar_bench), gunicorn, page timings: docs/benchmark.md.
# BENCH_SCALE=small (10,000 people, the default) or national (2,000,000); or BENCH_PERSONS=N.
bench: install
	$(PY) scripts/dev.py bench

# Browser journeys drive Debian's Chromium; install it when it is missing and we may.
chromium:
	@sh scripts/ensure-chromium.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the catalogues after changing user-facing strings.
messages: install
	$(PY) manage.py makemessages -l ar --ignore ".venv/*" --ignore ".local/*" --no-obsolete
