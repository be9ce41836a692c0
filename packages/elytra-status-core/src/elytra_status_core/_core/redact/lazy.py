"""Patterns compiled when they are first used, not when the module is imported. Pure.

Compiling every pattern at import would cost each CLI start tens of
milliseconds, although a typical status text needs only a few of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

__all__ = ["PATTERNS", "lazy"]

PATTERNS: list[tuple[str, int]] = []
"""Every pattern made with ``lazy`` and its flags, compiled or not (a test checks that each is bounded)."""


def lazy(regex: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A function that returns ``regex`` compiled, compiling it on the first call."""

    @cache
    def compiled() -> re.Pattern[str]:
        return re.compile(regex, flags)

    PATTERNS.append((regex, flags))
    return compiled
