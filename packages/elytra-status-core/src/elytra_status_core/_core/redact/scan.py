"""Finding sensitive values in strings that are about to leave the process.

Pure. The document's Struct allowlist decides which fields exist; this module
is the second line: it scans every string (keys and values, at any depth) of
whatever is published or printed, with named detectors. A hit is reported with
its JSON path, the detector's name and the value masked, never the value.

Two kinds of detectors:

- *secret* detectors find credentials (keys, tokens, passwords, signed URLs,
  private keys, high-entropy strings). They fail a publish, and
  ``redact_text`` masks them in every log line and error message.
- the others find things that are not secret to an operator but must not be
  public (IP addresses, internal and database hostnames, bucket endpoints,
  ``s3://`` URLs, e-mail addresses). They fail a publish; logs keep them.

Detectors are precise on purpose. The original pipeline grepped for
``password|secret|ip|bucket|s3://``, which fails "Multiple regions" and
"free shipping" and passes an IP address. Here a word is never enough: a
detector needs the shape of the thing (an address that parses, a token with
its known prefix, an assignment with a value, a string whose characters look
random). ``docs/redaction.md`` has the measured recall and false-alarm rate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import cast

import msgspec

from .detectors import DETECTORS, MARKER, secret_span

__all__ = ["Finding", "mask", "redact_text", "scan_output", "scan_text", "scan_value"]


class Finding(msgspec.Struct, frozen=True):
    """A detector hit: where (JSON path), which detector, and the masked value."""

    path: str
    detector: str
    masked: str

    def __str__(self) -> str:
        return f"{self.path}: {self.detector} ({self.masked})"


def mask(value: str) -> str:
    """Keep a hint of a value without revealing it: ``ab…(23 chars)``."""
    if len(value) <= 4:
        return "****"
    return f"{value[:2]}…({len(value)} chars)"


def _allowed_spans(text: str, allowed: Iterable[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for entry in allowed:
        if not entry:
            continue
        start = text.find(entry)
        while start != -1:
            spans.append((start, start + len(entry)))
            start = text.find(entry, start + 1)
    return spans


def _covered(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in spans)


def scan_text(text: str, path: str = "$", allow: Iterable[str] = ()) -> list[Finding]:
    """Every detector hit in ``text`` that is not covered by an allowlisted value.

    An allowlist entry is a literal string (a public hostname, an address the
    marketing page shows on purpose): a hit lying entirely inside one of its
    occurrences in ``text`` is accepted.
    """
    spans = _allowed_spans(text, allow)
    findings: list[Finding] = []
    for detector in DETECTORS:
        for match in detector.matches(text):
            if _covered(match.span(), spans):
                continue
            findings.append(Finding(path, detector.name, mask(match.group(0))))
    return findings


def scan_value(value: object, path: str = "$", allow: Iterable[str] = ()) -> list[Finding]:
    """Scan decoded JSON (dicts, lists, strings, numbers) keys and strings alike."""
    allowed = tuple(allow)
    if isinstance(value, str):
        return scan_text(value, path, allowed)
    findings: list[Finding] = []
    if isinstance(value, Mapping):
        for key, item in cast(Mapping[object, object], value).items():
            name = str(key)
            findings += scan_text(name, f"{path}.{name} (key)", allowed)
            findings += scan_value(item, f"{path}.{name}", allowed)
    elif isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        for index, item in enumerate(cast(Sequence[object], value)):
            findings += scan_value(item, f"{path}[{index}]", allowed)
    return findings


def scan_output(data: bytes | str, name: str | None = None, allow: Iterable[str] = ()) -> list[Finding]:
    """Scan any output before it leaves the process (the document, a badge, a text file).

    JSON is decoded and scanned string by string, keys included, so findings
    name a JSON path (``$.infrastructure.notes``, or ``badge.json:$.message``
    for a named output); anything else is scanned as one text (``badge.svg``).
    Bytes that are not UTF-8 are scanned with the undecodable bytes replaced
    and reported as a finding of their own: an output we cannot read is an
    output we cannot vouch for.
    """
    allowed = tuple(allow)
    where = name or "$"
    findings: list[Finding] = []
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("utf-8", errors="replace")
            findings.append(Finding(where, "not-utf-8", f"{len(data)} bytes"))
    else:
        text = data
    try:
        decoded: object = msgspec.json.decode(text)
    except msgspec.DecodeError:
        return findings + scan_text(text, where, allowed)
    return findings + scan_value(decoded, f"{name}:$" if name else "$", allowed)


def redact_text(text: str, allow: Iterable[str] = ()) -> str:
    """``text`` with every credential masked (for log lines and error messages).

    Only the secret part is replaced where a detector knows it
    (``password=***``, ``https://user:***@host``); a whole token becomes
    ``[redacted github-token gh…(40 chars)]``. Non-secret detectors (addresses,
    hostnames) are left alone: an operator's log may name an internal host.
    Idempotent: redacting redacted text changes nothing.
    """
    allowed = tuple(allow)
    for detector in DETECTORS:
        if not detector.secret:
            continue
        matches = list(detector.matches(text))
        if not matches:
            continue
        spans = _allowed_spans(text, allowed)
        pieces: list[str] = []
        position = 0
        for match in matches:
            if _covered(match.span(), spans):
                continue
            start, end = secret_span(match)
            if start < position:
                continue
            pieces.append(text[position:start])
            if detector.narrow is not None:
                at = start
                for a, b in detector.narrow(text[start:end]):
                    pieces.append(text[at : start + a])
                    pieces.append(f"{MARKER}{detector.name} {mask(text[start + a : start + b])}]")
                    at = start + b
                pieces.append(text[at:end])
            elif (start, end) == match.span(0):
                pieces.append(f"{MARKER}{detector.name} {mask(match.group(0))}]")
            else:
                pieces.append("***")
            position = end
        pieces.append(text[position:])
        text = "".join(pieces)
    return text
