# elytra-status: `make demo` and `make test` do all their own setup.
# They need Python 3.11+, make and pip; uv is bootstrapped into .tools/ when
# it is not on PATH, and every dependency comes from uv.lock.

PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)
export UV_PYTHON_DOWNLOADS := never
RUN := $(UV) run --frozen --no-sync

.PHONY: demo test sync lint typecheck contract-check clean help

help:
	@echo "make demo   publish status.json from the bundled example data (no network, no credentials)"
	@echo "make test   run the whole suite: pytest (with the TypeScript checks) and pyright strict"

$(CURDIR)/.tools/bin/uv:
	$(PYTHON) -m venv $(CURDIR)/.tools
	$(CURDIR)/.tools/bin/pip install --quiet uv

sync: $(UV)
	$(UV) sync --frozen

demo: sync
	$(RUN) elytra status publish --config examples/demo.toml

test: sync
	$(RUN) pytest
	$(RUN) pyright

typecheck: sync
	$(RUN) pyright

clean:
	rm -rf .venv .tools public .pytest_cache .hypothesis
