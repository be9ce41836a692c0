"""When a published document must be shown as stale.

The rule (the TypeScript ``isStale`` in contract/ implements the same one and
is tested against the same cases): a document is stale when

- ``updated_at`` is missing or not an RFC 3339 instant with an offset (the
  contract's ``TIMESTAMP_PATTERN``),
- ``updated_at`` lies more than 5 minutes in the future (clock skew allowed),
- ``now`` is past ``stale_after``, or past ``updated_at`` + 30 minutes when
  ``stale_after`` is absent. A ``stale_after`` that is present but unparsable
  makes the document stale.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import cast

from msgspec import UNSET

from elytra_status_contract import PlatformStatus

from .instants import parse_instant

__all__ = ["DEFAULT_STALE_AFTER", "FUTURE_TOLERANCE", "is_stale"]

DEFAULT_STALE_AFTER = timedelta(minutes=30)
FUTURE_TOLERANCE = timedelta(minutes=5)


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
        return now - updated_at > DEFAULT_STALE_AFTER
    deadline = _instant(raw_stale_after)
    return deadline is None or now > deadline
