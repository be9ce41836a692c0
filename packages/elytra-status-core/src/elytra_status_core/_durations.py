"""Durations written the way operators write them: ``90s``, ``30m``, ``36h``, ``7d``."""

from __future__ import annotations

import re
from datetime import timedelta

__all__ = ["Duration", "format_duration", "parse_duration"]

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_PART = re.compile(r"(\d+)([smhd])")
_WHOLE = re.compile(r"^(?:\d+[smhd])+$")


class Duration(timedelta):
    """A ``timedelta`` that config decoding builds from strings like ``30m``."""


def parse_duration(text: str) -> Duration:
    """Parse ``1h30m``-style text; raise ``ValueError`` with a usable message."""
    compact = text.strip().replace(" ", "")
    if not _WHOLE.match(compact):
        raise ValueError(f"invalid duration {text!r}, expected a number and a unit s, m, h or d, like '30m'")
    seconds = sum(int(n) * _UNITS[unit] for n, unit in _PART.findall(compact))
    if seconds <= 0:
        raise ValueError(f"invalid duration {text!r}, must be greater than zero")
    return Duration(seconds=seconds)


def format_duration(value: timedelta) -> str:
    """The shortest ``parse_duration`` text for ``value`` (whole seconds)."""
    seconds = int(value.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
