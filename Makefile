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
# full: the one + four year plan; one-year: the actions due by 2MSP only.
EDITION    ?= full
HTMLDIR     = $(BUILDDIR)/$(if $(filter full,$(EDITION)),html,html-$(EDITION))
# Debian packages the browser tests need (package:command-or-path).
TEST_SYSTEM_PACKAGES = chromium:chromium fonts-dejavu-core:/usr/share/fonts/truetype/dejavu

SPHINXBUILD = $(VENV)/bin/sphinx-build
VENV_READY  = $(VENV)/.installed
# Browser assets the site serves itself (mermaid), pinned in tools/vendor.json.
VENDOR_READY = _vendor/.fetched

.PHONY: help setup html check test serve diff release codeowners bench clean

help:  ## List the targets
	@echo "make html     build the site into $(BUILDDIR)/html (sets everything up first)"
	@echo "make html EDITION=one-year   the one-year edition (actions due by 2MSP) into $(BUILDDIR)/html-one-year"
	@echo "make check    fast check for contributors: strict build + the plan's checks, no browser"
	@echo "make test     the whole test suite, browser included (sets everything up first)"
	@echo "make serve    live preview on http://$(HOST):$(PORT)/, rebuilt on every save"
	@echo "make diff BASE=<git ref>     what changed in the plan since BASE, as Markdown"
	@echo "make release NAME=<name>     record the plan as released: its IDs become permanent"
	@echo "make codeowners              regenerate .github/CODEOWNERS from the sections"
	@echo "make bench [QUICK=1]         build synthetic plans of N actions and time them (tools/bench.py)"
	@echo "make setup    only create $(VENV) (pinned requirements.txt) and _vendor (pinned tools/vendor.json)"
	@echo "make clean    remove $(BUILDDIR)"
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
	$(SPHINXBUILD) -E -b html $(SPHINXOPTS) -D plan_edition=$(EDITION) . $(HTMLDIR)
	@echo
	@echo "The $(EDITION) edition of the site is in $(HTMLDIR) (plan data: $(HTMLDIR)/needs.json)."
	@echo "View it over http with: python3 -m http.server -d $(HTMLDIR) 8000"

# The strict build, then the tests that read the built site (no browser, no extra builds).
check: html
	PLAN_SITE=$(HTMLDIR) $(VENV)/bin/python -m pytest -q -m "not builds and not browser" $(PYTESTOPTS)

# The whole suite, then the benchmark at small sizes (it fails if a generated plan
# fails its checks or a no-change rebuild changes the site).
test: setup
	@tools/ensure-system-packages.sh $(TEST_SYSTEM_PACKAGES)
	$(VENV)/bin/python -m pytest $(PYTESTOPTS)
	$(MAKE) --no-print-directory bench QUICK=1

# Live preview, rebuilt on every save: -a reads again only the pages whose source
# changed but writes every page again, so pages that list actions from other pages
# are never stale (tests/test_reproducible_builds.py proves the result equals a
# clean build). Warnings are shown, not fatal: `make check` is the strict gate.
serve: setup
	$(VENV)/bin/sphinx-autobuild --host $(HOST) --port $(PORT) \
		--ignore "$(BUILDDIR)/*" --ignore "$(VENV)/*" --ignore "_vendor/*" --ignore "tests/*" \
		--ignore ".git/*" --ignore "*.pyc" \
		. $(BUILDDIR)/serve -a -n --keep-going -D plan_live_reload=$(HOST):$(PORT)

diff: setup
	@test -n "$(BASE)" || { echo "usage: make diff BASE=<git ref>, e.g. make diff BASE=origin/main" >&2; exit 2; }
	@$(VENV)/bin/python tools/semantic_diff.py $(BASE)

release: setup
	@test -n "$(NAME)" || { echo "usage: make release NAME=<name>, e.g. make release NAME=draft-1msp" >&2; exit 2; }
	$(VENV)/bin/python tools/release.py $(NAME)

# Synthetic plans of 70 to 10,000 actions (QUICK=1: small sizes only), against a bare
# sphinx-needs configuration; prints a table and writes _build/bench/bench.json.
bench: setup
	QUICK=$(QUICK) $(VENV)/bin/python tools/bench.py

codeowners: setup
	$(VENV)/bin/python tools/codeowners.py > .github/CODEOWNERS
	@echo "Wrote .github/CODEOWNERS"

clean:
	rm -rf $(BUILDDIR)
