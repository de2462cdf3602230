# Two commands set up everything and do the work:
#   make audit [URL=https://...]   audit the built-in demo site, or a real page
#   make test                      run the test suite
#   make test-fast                 the unit tests only (no browser)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
URL    ?=
OUT    ?= inclusion-report
ARGS   ?=

# setuptools tells every editable install whose packages come from more than
# one folder (auditor.gui from gui/) to beware of same-named folders; newer pip
# prints that as a warning, though it asks nothing of the user.
PIP    := PYTHONWARNINGS='ignore:Editable installation' $(BIN)/python -m pip

.PHONY: setup browser qt-libs grid audit test test-fast bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

browser: $(STAMP)
	@bash scripts/ensure-browser.sh $(BIN)/python

# The system libraries the desktop app needs to open a window (Qt's X11 plugin).
qt-libs: $(STAMP)
	@bash scripts/ensure-qt-libs.sh $(BIN)/python

# The Selenium 3 and Grid 4 jars the Grid tests run as hub and node (only when Java is present).
grid:
	@if command -v java >/dev/null 2>&1; then bash scripts/ensure-grid.sh >/dev/null && bash scripts/ensure-grid.sh --grid4 >/dev/null; fi

# Exit 2 means the audit worked and found barriers: that is not a failed make.
audit: browser qt-libs
	@$(BIN)/inclusion-audit run $(if $(URL),$(URL),--demo) --out $(OUT) $(ARGS); \
	rc=$$?; if [ $$rc -eq 0 ] || [ $$rc -eq 2 ]; then echo "Open $(OUT)/report.html to read the report."; else exit $$rc; fi

test: browser qt-libs grid
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# The unit tests alone: hand-made artifacts, no browser, a few seconds.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q tests/unit

bench: browser
	$(PIP) install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/throughput.py --pages 120 --concurrency 2

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info
