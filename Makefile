# Two commands matter on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
PORT ?= 8501

.PHONY: install run test lint build bench browser screenshot clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: install
	$(BIN)/python dashboard/asgi.py --port $(PORT)

browser:
	@test -x $(CHROMIUM) || { echo "installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || \
	  echo "could not install chromium (not root?): browser tests will be skipped outside CI"; }

lint: install
	$(BIN)/ruff check corridors dashboard tests benchmarks

test: install browser lint
	$(BIN)/python -m pytest -q -n 2 -m "not browser"  # the tests that need no browser, in two processes
	$(BIN)/python -m pytest -q -m browser  # the browser tests one at a time: none waits on a busy machine

build: install
	$(BIN)/corridors build

screenshot: install browser
	CORRIDORS_SCREENSHOT=docs/screenshot.png $(BIN)/python -m pytest -q tests/test_browser.py -k "every_route or phone"

bench: install browser
	$(BIN)/python -m benchmarks.bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
