"""Durations written the way operators write them: ``500ms``, ``90s``, ``30m``, ``36h``, ``7d``. Pure."""

from __future__ import annotations

import re
from datetime import timedelta

__all__ = ["Duration", "format_duration", "format_span", "parse_duration"]

_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}
_PART = re.compile(r"(\d+)(ms|[smhd])")
_WHOLE = re.compile(r"^(?:\d+(?:ms|[smhd]))+$")
_LONGEST_MS = 100 * 365 * 86400 * 1000


class Duration(timedelta):
    """A ``timedelta`` that config decoding builds from strings like ``30m``."""


def parse_duration(text: str) -> Duration:
    """Parse ``1h30m``-style text; raise ``ValueError`` with a usable message."""
    compact = text.strip().replace(" ", "")
    if not _WHOLE.match(compact):
        raise ValueError(f"invalid duration {text!r}, expected a number and a unit ms, s, m, h or d, like '30m'")
    milliseconds = sum(int(n) * round(_UNITS[unit] * 1000) for n, unit in _PART.findall(compact))
    if milliseconds <= 0:
        raise ValueError(f"invalid duration {text!r}, must be greater than zero")
    if milliseconds > _LONGEST_MS:
        raise ValueError(f"invalid duration {text[:40]!r}, longer than 100 years")
    return Duration(milliseconds=milliseconds)


def format_duration(value: timedelta) -> str:
    """The shortest ``parse_duration`` text for ``value`` (whole milliseconds)."""
    milliseconds = round(value.total_seconds() * 1000)
    if milliseconds % 1000:
        return f"{milliseconds}ms"
    seconds = milliseconds // 1000
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def format_span(value: timedelta) -> str:
    """``2h5m``-style text for a non-negative span, at most two units, for people (``2h5m ago``)."""
    seconds = max(0, int(value.total_seconds()))
    parts: list[str] = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size or (unit == "s" and not parts):
            parts.append(f"{seconds // size}{unit}")
            seconds %= size
        if len(parts) == 2:
            break
    return "".join(parts)
