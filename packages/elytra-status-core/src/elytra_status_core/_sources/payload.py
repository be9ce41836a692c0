"""Decoding source payloads into Structs, with errors that say what was wrong.

Every source parser goes through ``decode_json`` so that HTML error pages,
truncated bodies, wrong types and "200 with an error body" all become one
``SourceError`` naming the source, and never a traceback. Messages carry the
JSON path of the problem (``$.data[3].attributes.status``), never the values.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, tzinfo
from typing import Any, TypeVar, cast

import msgspec

from .._core.instants import parse_timestamp
from .._errors import DuplicateKey, SourceError

__all__ = ["check_fraction", "decode_json", "error_text", "parse_aware", "snippet"]

T = TypeVar("T")

_PRINTABLE = re.compile(r"[^\x20-\x7e]+")


def snippet(text: str, limit: int = 200) -> str:
    """``text`` on one printable line, at most ``limit`` characters (for messages)."""
    flat = _PRINTABLE.sub(" ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def error_text(body: bytes) -> str | None:
    """The message of an API error body (``{"errors": ...}``, ``{"error": ...}``, ``{"msg": ...}``)."""
    try:
        value: object = msgspec.json.decode(body)
    except (msgspec.DecodeError, UnicodeDecodeError):
        return None
    if not isinstance(value, dict):
        return None
    fields = cast(dict[Any, Any], value)
    for key in ("errors", "error", "msg", "message"):
        found: object = fields.get(key)
        if found:
            return snippet(found if isinstance(found, str) else msgspec.json.encode(found).decode())
    return None


def _looks_like_markup(body: bytes) -> bool:
    return body.lstrip()[:1] == b"<"


def decode_json(body: bytes, into: type[T], source: str, what: str) -> T:
    """``body`` decoded as ``into``; ``SourceError`` saying why it is not one."""
    if not body.strip():
        raise SourceError(source, f"{what}: empty body")
    if _looks_like_markup(body):
        raise SourceError(source, f"{what}: answered HTML or XML, not JSON")
    try:
        decoded = msgspec.json.decode(body, type=into)
    except msgspec.ValidationError as exc:
        error = error_text(body)
        if error is not None:
            raise SourceError(source, f"{what}: answered an error: {error}") from None
        raise SourceError(source, f"{what}: unexpected payload: {exc}") from None
    except msgspec.DecodeError as exc:
        raise SourceError(source, f"{what}: truncated or invalid JSON ({exc})") from None
    except UnicodeDecodeError:
        raise SourceError(source, f"{what}: text is not valid UTF-8") from None
    duplicate = _duplicate_key(body)
    if duplicate is not None:
        raise SourceError(source, f"{what}: the key {snippet(duplicate, 60)!r} appears twice in one object")
    return decoded


def _unique(pairs: list[tuple[str, object]]) -> dict[str, object]:
    seen: dict[str, object] = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKey(key)
        seen[key] = value
    return seen


def _duplicate_key(body: bytes) -> str | None:
    """A key that appears twice in one object of ``body`` (valid JSON), if any.

    JSON parsers disagree on duplicates (msgspec keeps the last); a payload
    that says two things about one field is not one to trust.
    """
    import json

    try:
        json.loads(body, object_pairs_hook=_unique)
    except DuplicateKey as duplicate:
        return duplicate.key
    except (
        ValueError,
        RecursionError,
    ):  # json is stricter than msgspec about a few things; the decode above vouched for it
        return None
    return None


def check_fraction(value: float, source: str, what: str) -> float:
    """``value`` when it is a finite fraction 0..1, else ``SourceError``."""
    if isinstance(value, bool) or not math.isfinite(value) or not 0.0 <= value <= 1.0:
        raise SourceError(source, f"{what}: {value!r} is not a fraction 0..1")
    return float(value)


def parse_aware(text: str, source: str, what: str, zone: tzinfo | None = None) -> datetime:
    """A source's timestamp as an aware UTC datetime (``instants.parse_timestamp``), else ``SourceError``.

    A timestamp without an offset takes ``zone``; without ``zone`` it is an
    error, never a guess.
    """
    try:
        return parse_timestamp(text, zone)
    except ValueError as exc:
        raise SourceError(source, f"{what}: {snippet(text, 40)!r} {exc}") from None
