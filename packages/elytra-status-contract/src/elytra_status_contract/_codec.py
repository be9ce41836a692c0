"""Decoding and encoding of ``status.json``.

``decode`` is the tolerant reader (unknown fields ignored, any RFC 3339 offset
accepted). ``encode`` is the strict writer: it normalises instants to UTC with
whole seconds and refuses any value the reader would reject, so what we emit
always decodes.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import msgspec
from msgspec import UNSET

from ._errors import ContractError
from ._v1 import PlatformStatus

__all__ = ["decode", "encode"]

_decoder = msgspec.json.Decoder(PlatformStatus)
_encoder = msgspec.json.Encoder()
_AT = re.compile(r"^(?P<reason>.*?) - at `(?P<path>\$[^`]*)`$", re.DOTALL)
_MISSING = re.compile(r"^Object missing required field `(?P<field>[^`]+)`$")


def _contract_error(exc: msgspec.DecodeError) -> ContractError:
    message = str(exc)
    match = _AT.match(message)
    reason, path = (match["reason"], match["path"]) if match else (message, "$")
    missing = _MISSING.match(reason)
    if missing:
        return ContractError("required field is missing", f"{path}.{missing['field']}")
    return ContractError(reason, path)


def decode(data: bytes | str) -> PlatformStatus:
    """Parse and validate a ``status.json`` document.

    Raises ``ContractError`` naming the JSON path of the first bad value.
    """
    try:
        return _decoder.decode(data)
    except msgspec.ValidationError as exc:
        raise _contract_error(exc) from None
    except msgspec.DecodeError as exc:
        raise ContractError(f"not valid JSON: {exc}") from None


def _to_utc_seconds(value: datetime, path: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ContractError("instant without a timezone", path)
    return value.astimezone(UTC).replace(microsecond=0)


def encode(doc: PlatformStatus) -> bytes:
    """Serialise a document exactly as the contract says.

    Instants become ``YYYY-MM-DDTHH:MM:SSZ`` (sub-second parts are dropped,
    never rounded up). A value outside its bounds (uptime above 100, NaN, a
    naive ``datetime``) raises ``ContractError`` instead of being written.
    """
    updated_at = _to_utc_seconds(doc.updated_at, "$.updated_at")
    stale_after = doc.stale_after
    if stale_after is not UNSET:
        stale_after = _to_utc_seconds(stale_after, "$.stale_after")
    backups = doc.backups
    if backups is not UNSET and backups.last_successful_backup is not UNSET:
        backups = msgspec.structs.replace(
            backups,
            last_successful_backup=_to_utc_seconds(
                backups.last_successful_backup, "$.backups.last_successful_backup"
            ),
        )
    normalised = msgspec.structs.replace(
        doc, updated_at=updated_at, stale_after=stale_after, backups=backups
    )
    data = _encoder.encode(normalised)
    # The writer is strict: everything it emits must satisfy the reader,
    # bounds and enums included (msgspec checks those only when decoding).
    decode(data)
    return data

