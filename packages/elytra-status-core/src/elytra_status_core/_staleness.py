"""When a published document must be shown as stale.

The rule (the TypeScript ``isStale`` in contract/ implements the same one and
is tested against the same cases): a document is stale when

- ``updated_at`` is missing or not an RFC 3339 instant with an offset,
- ``updated_at`` lies more than 5 minutes in the future (clock skew allowed),
- ``now`` is past ``stale_after``, or past ``updated_at`` + 30 minutes when
  ``stale_after`` is absent. A ``stale_after`` that is present but unparsable
  makes the document stale.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import cast

from elytra_status_contract import PlatformStatus
from msgspec import UNSET

__all__ = ["DEFAULT_STALE_AFTER", "FUTURE_TOLERANCE", "is_stale", "parse_instant"]

DEFAULT_STALE_AFTER = timedelta(minutes=30)
FUTURE_TOLERANCE = timedelta(minutes=5)

_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:(Z)|([+-])(\d{2}):(\d{2}))$"
)


def parse_instant(text: str) -> datetime | None:
    """Parse an RFC 3339 instant (offset required); ``None`` when it is not one."""
    match = _RFC3339.match(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        if zulu:
            tz = UTC
        else:
            offset = timedelta(hours=int(off_h), minutes=int(off_m))
            tz = timezone(-offset if sign == "-" else offset)
        return datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tzinfo=tz
        )
    except ValueError:
        return None


def _instant(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.utcoffset() is not None else None
    if isinstance(value, str):
        return parse_instant(value)
    return None


def is_stale(doc: PlatformStatus | Mapping[str, object] | object, now: datetime) -> bool:
    """Whether ``doc`` must be shown as stale at ``now`` (an aware datetime).

    ``doc`` may be a decoded ``PlatformStatus`` or raw decoded JSON of unknown
    shape; anything without a usable ``updated_at`` is stale.
    """
    if isinstance(doc, PlatformStatus):
        raw_updated: object = doc.updated_at
        raw_stale_after: object = None if doc.stale_after is UNSET else doc.stale_after
    elif isinstance(doc, Mapping):
        fields = cast(Mapping[object, object], doc)
        raw_updated = fields.get("updated_at")
        raw_stale_after = fields.get("stale_after")
    else:
        return True
    updated_at = _instant(raw_updated)
    if updated_at is None:
        return True
    if updated_at - now > FUTURE_TOLERANCE:
        return True
    if raw_stale_after is None:
        deadline = updated_at + DEFAULT_STALE_AFTER
    else:
        parsed = _instant(raw_stale_after)
        if parsed is None:
            return True
        deadline = parsed
    return now > deadline
