# Build, check and preview the Vientiane Action Plan site.
# Run `make help` for the targets. Every build is strict: a warning fails it.

PYTHON     ?= python3
VENV       ?= .venv
BUILDDIR   ?= _build
# -n: every broken reference warns; -W: warnings fail the build;
# --keep-going: report every problem in one run, not just the first.
SPHINXOPTS ?= -n -W --keep-going
PYTESTOPTS ?=
HOST       ?= 127.0.0.1
PORT       ?= 8000
# Debian packages the browser tests need (package:command-or-path).
TEST_SYSTEM_PACKAGES = chromium:chromium fonts-dejavu-core:/usr/share/fonts/truetype/dejavu

SPHINXBUILD = $(VENV)/bin/sphinx-build
VENV_READY  = $(VENV)/.installed
# Browser assets the site serves itself (mermaid), pinned in tools/vendor.json.
VENDOR_READY = _vendor/.fetched

.PHONY: help setup html test serve clean

help:  ## List the targets
	@echo "make html   build the site into $(BUILDDIR)/html (sets everything up first)"
	@echo "make test   run the test suite (sets everything up first)"
	@echo "make serve  build, then serve the site on http://$(HOST):$(PORT)/"
	@echo "make setup  only create $(VENV) (pinned requirements.txt) and _vendor (pinned tools/vendor.json)"
	@echo "make clean  remove $(BUILDDIR)"
	@echo "Variables: PYTHON=$(PYTHON) VENV=$(VENV) BUILDDIR=$(BUILDDIR) SPHINXOPTS='$(SPHINXOPTS)'"

# The virtual environment, rebuilt whenever the pinned requirements change.
$(VENV_READY): requirements.txt
	@tools/ensure-venv-support.sh $(PYTHON)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements.txt
	touch $@

$(VENDOR_READY): tools/vendor.json tools/vendor_assets.py
	$(PYTHON) tools/vendor_assets.py _vendor
	touch $@

setup: $(VENV_READY) $(VENDOR_READY)

# -E: a fresh environment every time. An incremental build can leave pages that
# list needs from other pages stale, and `-a` does not repeat read-phase warnings.
html: setup
	$(SPHINXBUILD) -E -b html $(SPHINXOPTS) . $(BUILDDIR)/html
	@echo
	@echo "The site is in $(BUILDDIR)/html (plan data: $(BUILDDIR)/html/needs.json)."
	@echo "View it over http with: make serve"

test: setup
	@tools/ensure-system-packages.sh $(TEST_SYSTEM_PACKAGES)
	$(VENV)/bin/python -m pytest $(PYTESTOPTS)

serve: html
	@echo "Serving $(BUILDDIR)/html on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(VENV)/bin/python -m http.server --bind $(HOST) --directory $(BUILDDIR)/html $(PORT)

clean:
	rm -rf $(BUILDDIR)
