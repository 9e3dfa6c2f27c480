# Xinfang: `make run` serves the demo, `make test` runs lint and the whole suite.
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3
PORT ?= 8000

.PHONY: run test lint format bench install static demo clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(BIN)/.installed node_modules/.installed

static: install
	$(BIN)/python scripts/build_static.py
	$(BIN)/xinfang collectstatic --noinput -v0

run: static
	$(BIN)/xinfang migrate --noinput
	$(BIN)/xinfang demo --if-empty
	@echo "Serving on http://127.0.0.1:$(PORT)/  (demo logins: see README.md or the lines above)"
	$(BIN)/xinfang runserver 127.0.0.1:$(PORT)

demo: static
	$(BIN)/xinfang migrate --noinput
	$(BIN)/xinfang demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint static
	$(BIN)/pytest
	@if [ -n "$$XINFANG_TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL =="; \
		DATABASE_URL="$$XINFANG_TEST_DATABASE_URL" $(BIN)/pytest; \
	fi

bench: static
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) node_modules xinfang/static/vendor var/static
