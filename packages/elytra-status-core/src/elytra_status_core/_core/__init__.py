"""The pure core: observations, settings and ``now`` in, values out.

Nothing under this folder does I/O or reads a clock: no httpx, fsspec, s3fs,
``os``, ``time``, ``pathlib`` or ``open()``. An import-linter contract
(``make test``) and an AST test over every file here keep it so; that is what
lets Hypothesis test the rules directly.

``instants`` is the one home of RFC 3339 parsing and formatting.
"""
