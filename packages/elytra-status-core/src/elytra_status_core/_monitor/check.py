"""One run of the check: fetch, then evaluate at the clock's reading after the fetch."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from .._core.instants import utc_seconds
from .._core.redact import mask_url
from .evaluate import CheckOptions, Report, evaluate, report
from .fetch import fetch

__all__ = ["run_check"]


def run_check(url: str, options: CheckOptions, clock: Callable[[], datetime]) -> Report:
    """Fetch, then evaluate at ``clock()`` read after the fetch (whole seconds, UTC)."""
    fetched = fetch(url, options)
    now = utc_seconds(clock())
    return report(mask_url(url), evaluate(fetched, now=now, options=options), now)
