"""The values of configured secrets, masked by value whatever their shape. Pure.

A detector recognises a secret by its shape; a configured secret (a source's
token, the password in a URL, an S3 key) may have none (``correcthorse``,
``monitoring-2024``). When a server echoes it back in an error body, only its
value can find it. ``KnownSecrets`` holds those values and the forms in which
they travel (as they are, URL-encoded, JSON-escaped) and masks every
occurrence, and the start of one cut off where a message was shortened
(``...`` or the end of the text right after at least ``MIN_LENGTH``
characters of it). Values shorter than ``MIN_LENGTH`` are ignored: masking
them would mask ordinary words.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import msgspec

__all__ = ["MIN_LENGTH", "KnownSecrets"]

MIN_LENGTH: Final = 6


def _cut_short(text: str, form: str) -> list[tuple[int, int]]:
    """Where ``text`` holds the start of ``form`` (``MIN_LENGTH`` characters or more) and then stops or says ``...``."""
    found: list[tuple[int, int]] = []
    head = form[:MIN_LENGTH]
    start = text.find(head)
    while start != -1:
        end = start + MIN_LENGTH
        while end < len(text) and end - start < len(form) and text[end] == form[end - start]:
            end += 1
        if end - start < len(form) and (end == len(text) or text.startswith(("...", "\u2026"), end)):
            found.append((start, end))
        start = text.find(head, start + 1)
    return found


def _forms(value: str) -> set[str]:
    from urllib.parse import quote, quote_plus  # only when there are secrets to mask

    forms = {value, quote(value, safe=""), quote(value), quote_plus(value), msgspec.json.encode(value).decode()[1:-1]}
    return {f for f in forms if len(f) >= MIN_LENGTH}


class KnownSecrets:
    """Secret values to mask wherever they appear (module docstring). Immutable."""

    __slots__ = ("forms", "values")

    values: frozenset[str]
    """The values as configured."""
    forms: tuple[str, ...]
    """Every form to look for, longest first (so a value inside a longer one is masked as the longer one)."""

    def __init__(self, values: frozenset[str] = frozenset(), forms: tuple[str, ...] = ()) -> None:
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "forms", forms)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"KnownSecrets is immutable; cannot set {name}")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KnownSecrets) and other.values == self.values

    def __hash__(self) -> int:
        return hash(self.values)

    def __repr__(self) -> str:
        return f"KnownSecrets({len(self.values)} values)"

    @classmethod
    def of(cls, values: Iterable[str]) -> KnownSecrets:
        """The values of ``values`` that are long enough, with their forms."""
        kept = frozenset(v for v in values if len(v.strip()) >= MIN_LENGTH)
        return cls._build(kept)

    @classmethod
    def _build(cls, values: frozenset[str]) -> KnownSecrets:
        forms: set[str] = set()
        for value in values:
            forms |= _forms(value)
        return cls(values, tuple(sorted(forms, key=lambda f: (-len(f), f))))

    def __bool__(self) -> bool:
        return bool(self.values)

    def __or__(self, other: KnownSecrets) -> KnownSecrets:
        return KnownSecrets._build(self.values | other.values)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the values occur in ``text`` (whole, or cut short), overlapping occurrences merged, in order."""
        found: list[tuple[int, int]] = []
        for form in self.forms:
            start = text.find(form)
            while start != -1:
                found.append((start, start + len(form)))
                start = text.find(form, start + 1)
            if len(form) > MIN_LENGTH + 2:
                found += _cut_short(text, form)
        merged: list[tuple[int, int]] = []
        for start, end in sorted(found):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged

    def redact(self, text: str) -> str:
        """``text`` with every occurrence replaced by ``[redacted known-secret (N chars)]``."""
        if not self.forms:
            return text
        pieces: list[str] = []
        position = 0
        for start, end in self.spans(text):
            pieces.append(text[position:start])
            pieces.append(f"[redacted known-secret ({end - start} chars)]")
            position = end
        pieces.append(text[position:])
        return "".join(pieces)
