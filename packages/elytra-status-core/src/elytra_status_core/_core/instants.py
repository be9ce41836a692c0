"""Instants as the contract and the sources write them: the one home of RFC 3339.

- ``format_instant``: the contract's form, UTC with whole seconds and ``Z``
  (``2025-11-10T12:00:00Z``); sub-second parts are dropped, never rounded up.
- ``parse_instant``: the contract's strict grammar
  (``elytra_status_contract.TIMESTAMP_PATTERN``, the one the JSON Schema and
  the TypeScript parser apply); ``None`` for anything else.
- ``parse_timestamp``: what sources write, read leniently but never guessed:
  a space instead of ``T``, up to 12 fraction digits (restic writes
  nanoseconds; microseconds are kept), ``+hhmm`` offsets. A timestamp without
  an offset takes the ``zone`` it is given, and is an error without one.
- ``from_epoch``: seconds since the epoch, as object stores report them.

Pure: no clock.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from elytra_status_contract import TIMESTAMP_PATTERN

__all__ = ["format_instant", "from_epoch", "parse_instant", "parse_timestamp", "utc_seconds"]

_CONTRACT = re.compile(TIMESTAMP_PATTERN)
_LENIENT = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[T ](?P<time>\d{2}:\d{2}:\d{2})"
    r"(?:\.(?P<fraction>\d{1,12}))?(?P<offset>Z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)


def utc_seconds(value: datetime) -> datetime:
    """The instant as the contract writes it: UTC, whole seconds (floored)."""
    return value.astimezone(UTC).replace(microsecond=0)


def format_instant(value: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ`` for an aware ``value``."""
    return utc_seconds(value).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_instant(text: str) -> datetime | None:
    """An instant in the contract's grammar, or ``None`` when ``text`` is not one.

    Upper-case ``T``, an offset (``Z`` or ``+hh:mm``), a real calendar date,
    at most 6 fraction digits.
    """
    if not _CONTRACT.match(text):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def parse_timestamp(text: str, zone: tzinfo | None = None) -> datetime:
    """A source's RFC 3339-like timestamp as an aware UTC datetime.

    Raises ``ValueError`` saying what is wrong (not a timestamp, no offset and
    no ``zone``, an invalid date or offset, out of range).
    """
    match = _LENIENT.match(text.strip())
    if match is None:
        raise ValueError("is not a timestamp")
    fraction = (match["fraction"] or "")[:6].ljust(6, "0")
    try:
        naive = datetime.fromisoformat(f"{match['date']}T{match['time']}.{fraction}")
    except ValueError:
        raise ValueError("is not a valid date") from None
    offset = match["offset"]
    if offset is None:
        if zone is None:
            raise ValueError("has no UTC offset")
        aware = naive.replace(tzinfo=zone)
    elif offset.upper() == "Z":
        aware = naive.replace(tzinfo=UTC)
    else:
        digits = offset.replace(":", "")
        sign = -1 if digits[0] == "-" else 1
        hours, minutes = int(digits[1:3]), int(digits[3:5])
        if hours > 23 or minutes > 59:
            raise ValueError("has an invalid UTC offset")
        aware = naive.replace(tzinfo=timezone(sign * timedelta(hours=hours, minutes=minutes)))
    try:
        return aware.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ValueError("is out of range") from None


def from_epoch(seconds: float) -> datetime | None:
    """Seconds since the epoch as an aware UTC datetime; ``None`` when out of range."""
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None
