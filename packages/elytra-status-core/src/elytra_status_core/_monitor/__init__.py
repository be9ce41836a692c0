"""The meta-monitor, ``elytra status check``: is the published ``status.json`` usable, as a browser sees it?

- ``fetch`` (I/O) gets the document the way visitors do;
- ``evaluate`` (pure) turns what was fetched into one ``CheckResult`` per
  check in ``CHECKS``, given ``now``;
- ``alert`` (I/O) keeps the state between runs and posts to a webhook when
  the outcome flips;
- ``check``: fetch, then evaluate: one run of the check.

This module holds only the defaults the CLI shows in ``--help``.
"""

from __future__ import annotations

from datetime import timedelta

__all__ = ["DEFAULT_MAX_AGE", "DEFAULT_ORIGIN", "DEFAULT_TIMEOUT", "MAX_BYTES"]

DEFAULT_MAX_AGE = timedelta(minutes=30)
DEFAULT_ORIGIN = "https://elytra-status-check.example"
"""Origin sent with the request; any origin must be allowed for a public document."""
DEFAULT_TIMEOUT = 10.0
MAX_BYTES = 1024 * 1024
"""A status document is a few hundred bytes; anything near this is not one."""
