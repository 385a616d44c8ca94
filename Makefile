# Ketenwijzer: every target bootstraps .venv from the pinned lock on a fresh clone.
SHELL := /bin/bash
# Python 3.11 to 3.13: the first found (PYTHON=/path/to/python3.13 chooses another)
PYTHON ?= $(or $(word 2,$(shell scripts/venv.sh find)),python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The stamp names the Python version that installed the venv. The venv is set up again when its
# Python is gone or changed, or when PYTHON (given to make or in the environment) is another version.
PY_VERSION := import sys; print("%d.%d" % sys.version_info[:2])
ifneq ($(wildcard $(STAMP)),)
VENV_VERSION := $(shell $(BIN)/python -c '$(PY_VERSION)' 2>/dev/null)
WANT_VERSION := $(if $(filter command line environment,$(origin PYTHON)),$(shell $(PYTHON) -c '$(PY_VERSION)' 2>/dev/null),$(VENV_VERSION))
ifneq ($(shell cat $(STAMP)) $(VENV_VERSION),$(VENV_VERSION) $(WANT_VERSION))
$(shell rm -f $(STAMP))
endif
endif
HOST ?= 127.0.0.1
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site check test test-fast test-pythons bench chromium postgresql pdflibs screenshots clean help
.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@scripts/venv.sh ensure $(VENV) $(PYTHON)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@$(BIN)/python -c '$(PY_VERSION)' > $@

serve: $(STAMP) pdflibs ## Build and serve the site at http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT) --livereload --dirty --no-strict

site: $(STAMP) pdflibs ## Strict build into site/; KETENWIJZER_ENV=production refuses loopback addresses (set KETENWIJZER_SITE_URL, KETENWIJZER_PUBLIC_URL)
	$(BIN)/mkdocs build --strict --clean --site-dir site

check: $(STAMP) ## Validate all content (front matter, translations) without building; lint the code
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_architecture.py
	$(BIN)/ketenwijzer check
	$(BIN)/ketenwijzer registry coverage --summary
	$(BIN)/ketenwijzer translations --strict --only-problems

chromium: ## Install Debian's chromium for the browser tests when it is missing
	@if [ -x /usr/bin/chromium ]; then :; else \
	  echo "chromium is missing: installing Debian's chromium with apt-get (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

postgresql: ## Install Debian's PostgreSQL server for the subscription tests when it is missing
	@if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; else \
	  echo "PostgreSQL is missing: installing Debian's postgresql with apt-get (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	fi

# WeasyPrint (the handbook PDFs) loads Pango and HarfBuzz; the PDF tests read back with poppler's pdfinfo/pdffonts
PDF_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils
pdflibs: ## Install WeasyPrint's Debian libraries and poppler-utils when they are missing
	@if ldconfig -p | grep -q libpangoft2-1.0.so.0 && ldconfig -p | grep -q libharfbuzz-subset.so.0 \
	  && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] && command -v pdfinfo >/dev/null; then :; else \
	  echo "WeasyPrint's libraries or poppler-utils are missing: installing $(PDF_DEBS) with apt-get (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_DEBS) >/dev/null; \
	fi

test: $(STAMP) chromium postgresql pdflibs ## Run the whole test suite, browser tests included, then test-pythons
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	@$(MAKE) --no-print-directory test-pythons

test-fast: $(STAMP) ## Run the unit tier only: no site build, server, service or browser
	$(BIN)/python -m pytest -m unit $(PYTEST_ARGS)

test-pythons: $(STAMP) ## Run the unit tier on every other supported Python found here (.venv-3.X each)
	@own=$$($(BIN)/python -c '$(PY_VERSION)'); \
	scripts/venv.sh find | while read -r version python; do \
	  [ "$$version" = "$$own" ] && continue; \
	  echo "== unit tier on Python $$version ($$python) in .venv-$$version"; \
	  $(MAKE) --no-print-directory VENV=.venv-$$version PYTHON=$$python .venv-$$version/.installed || exit 1; \
	  .venv-$$version/bin/python -m pytest -m unit -q -p no:cacheprovider || exit 1; \
	done

bench: $(STAMP) chromium pdflibs ## Print speed, size and page-weight figures (see benchmarks/)
	$(BIN)/python benchmarks/stock.py
	$(BIN)/python benchmarks/run.py --rebuild
	$(BIN)/python benchmarks/registry_bench.py --build-scales 1
	$(BIN)/python benchmarks/page_weight.py
	$(BIN)/python benchmarks/pdf_bench.py
	$(BIN)/python benchmarks/search_quality.py

README_SHOTS := home-desktop chapter-desktop organisation-desktop home-phone finder-phone article-phone
screenshots: $(STAMP) chromium ## Refresh the README's screenshots in readme/ (taken by the browser tests)
	$(BIN)/python -m pytest -q tests/test_browser_site.py -k screenshots
	for name in $(README_SHOTS); do cp screenshots/$$name.png readme/$$name.png; done

clean: ## Remove build output (keeps .venv)
	rm -rf site .pytest_cache
