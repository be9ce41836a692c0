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

$(CURDIR)/.tools/bin/uv:
	$(PYTHON) -m venv $(CURDIR)/.tools
	$(CURDIR)/.tools/bin/pip install --quiet uv

sync: $(UV)
	$(UV) sync --frozen

demo: sync
	$(RUN) elytra status publish --config examples/demo.toml

# TypeScript, Ajv and @types for the tests that run tsc and node, pinned by
# tests/node/package-lock.json; reinstalled with `npm ci` when the lockfile changes.
node-tools:
	@if ! command -v npm >/dev/null 2>&1; then \
	  if [ "$$CI" = true ]; then echo "make: npm is required under CI=true (.ci/run installs it)" >&2; exit 1; fi; \
	  echo "make: npm not found, the TypeScript and conformance tests will be skipped" >&2; \
	elif [ ! -f $(NODE_TOOLS)/node_modules/.package-lock.json ] \
	  || [ $(NODE_TOOLS)/package-lock.json -nt $(NODE_TOOLS)/node_modules/.package-lock.json ]; then \
	  cd $(NODE_TOOLS) && npm ci --no-audit --no-fund; \
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
