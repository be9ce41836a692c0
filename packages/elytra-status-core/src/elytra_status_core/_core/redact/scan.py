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

How a text is read:

1. it is folded (``normalise.fold``: NFKC, no invisible characters, Latin
   look-alikes as ASCII), and the detectors run on the folded text;
2. when it holds ``%XX`` escapes, the decoded text is folded and scanned
   again (twice at most, for double encoding);
3. runs that decode from base64 to printable text are scanned again;
4. every hit is mapped back to the span of the original text it came from,
   so findings and masks are in the original's terms.

Patterns run on windows of at most ``WINDOW`` characters (each window owns
``STEP`` characters and reads ``REACH`` past them and ``CONTEXT`` before), so
the time a scan takes grows linearly with the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Final, cast

import msgspec

from .detectors import DETECTORS, MARKER, Detector, decoded_text, secret_span
from .known import KnownSecrets
from .lazy import lazy
from .normalise import Folded, fold, percent_decoded

__all__ = [
    "CONTEXT",
    "REACH",
    "STEP",
    "WINDOW",
    "Finding",
    "KnownSecrets",
    "forget_scanned",
    "mask",
    "redact_text",
    "scan_output",
    "scan_text",
    "scan_value",
    "windows",
]

STEP: Final = 4096
"""Characters each window owns: a hit is reported by the window its start lies in."""
REACH: Final = 1024
"""How far past its own characters a window reads, so a hit that starts in it ends in it."""
CONTEXT: Final = 128
"""How far before its own characters a window reads (lookbehinds, "version 10.0.0.1")."""
WINDOW: Final = CONTEXT + STEP + REACH
"""The most characters any pattern is given at once."""


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


class _Hit:
    """A confirmed hit, in the original text's terms."""

    __slots__ = ("detector", "end", "order", "secret_end", "secret_start", "start")

    def __init__(
        self, detector: Detector, order: int, start: int, end: int, secret_start: int, secret_end: int
    ) -> None:
        self.detector = detector
        self.order = order
        self.start = start
        self.end = end
        self.secret_start = secret_start
        self.secret_end = secret_end


def windows(length: int) -> Iterator[tuple[int, int, int]]:
    """``(own_start, own_end, read_end)`` of each window over a text of ``length`` characters.

    A pattern runs from ``own_start`` (its lookbehind may see ``CONTEXT``
    characters before) to ``read_end``, and only hits that start before
    ``own_end`` count: every position is owned by exactly one window.
    """
    if length <= STEP + REACH:
        yield 0, length, length
        return
    for own in range(0, length, STEP):
        yield own, min(length, own + STEP), min(length, own + STEP + REACH)


_ORDER: Final = {d.name: i for i, d in enumerate(DETECTORS)}


@lru_cache(maxsize=1)
def _by_first_char() -> tuple[dict[str, frozenset[int]], frozenset[int]]:
    """Detector positions by the first character of their needles, and those without needles."""
    table: dict[str, set[int]] = {}
    always: set[int] = set()
    for index, detector in enumerate(DETECTORS):
        if not detector.needles:
            always.add(index)
        for needle in detector.needles:
            table.setdefault(needle[0], set()).add(index)
    return {c: frozenset(v) for c, v in table.items()}, frozenset(always)


@lru_cache(maxsize=1024)
def _candidates(chars: frozenset[str]) -> tuple[Detector, ...]:
    """The detectors a text with these characters may need, in scanning order (the rest cannot match)."""
    table, always = _by_first_char()
    chosen = set(always)
    for char in chars:
        found = table.get(char)
        if found is not None:
            chosen |= found
    return tuple(DETECTORS[i] for i in sorted(chosen))


@lru_cache(maxsize=1)
def _first_chars() -> frozenset[str]:
    return frozenset(_by_first_char()[0])


def _layer_hits(layer: Folded, secrets_only: bool) -> list[_Hit]:
    """Confirmed hits of every detector (or only the secret ones) in one layer, in that layer's original's terms."""
    text = layer.text
    hits: list[_Hit] = []
    for own_start, own_end, read_end in windows(len(text)):
        lowered = text[max(0, own_start - CONTEXT) : read_end].lower()
        chars = _first_chars().intersection(lowered)
        for detector in _candidates(chars):
            if (secrets_only and not detector.secret) or not detector.admits(lowered, chars):
                continue
            pattern = detector.pattern
            position = own_start
            while position < own_end:
                match = pattern.search(text, position, read_end)
                if match is None or match.start() >= own_end:
                    break
                if not detector.confirmed(match):
                    position = match.start() + 1  # what it swallowed may hold a hit of its own
                    continue
                position = max(match.end(), match.start() + 1)
                start, end = match.span()
                s_start, s_end = secret_span(match)
                if detector.extend is not None:  # a private key's body, the rest of a long token
                    grown = detector.extend(text, end)
                    s_end = grown if s_end == end else s_end
                    end = grown
                o_start, o_end = layer.span(start, end)
                so_start, so_end = layer.span(s_start, s_end) if s_end > s_start else (o_start, o_end)
                hits.append(_Hit(detector, _ORDER[detector.name], o_start, o_end, so_start, so_end))
    return hits


_BASE64_RUN = lazy(r"(?<![A-Za-z0-9+/=_\-])[A-Za-z0-9+/_\-]{16,1024}+={0,2}(?![A-Za-z0-9+/=_\-])")


def _decoded_hits(layer: Folded, secrets_only: bool) -> list[_Hit]:
    """Hits inside base64 runs of ``layer`` that decode to text, each mapped to its whole run."""
    hits: list[_Hit] = []
    text = layer.text
    if len(text) < 16:
        return hits
    for own_start, own_end, read_end in windows(len(text)):
        for match in _BASE64_RUN().finditer(text, own_start, read_end):
            if match.start() >= own_end:
                break
            fired = _fired_in_decoded(match.group(0), secrets_only)
            if fired:
                start, end = layer.span(*match.span())
                hits += (_Hit(DETECTORS[order], order, start, end, start, end) for order in fired)
    return hits


@lru_cache(maxsize=1024)
def _fired_in_decoded(run: str, secrets_only: bool) -> tuple[int, ...]:
    """The detectors (by position) that fire on the text a base64 run decodes to; none if it is not text."""
    decoded = decoded_text(run)
    if decoded is None or len(decoded) < 6:
        return ()
    return tuple(sorted({hit.order for hit in _layer_hits(fold(decoded), secrets_only)}))


def _inside(hit: _Hit, others: Sequence[_Hit]) -> bool:
    return any(o.detector is hit.detector and o.start <= hit.start and hit.end <= o.end for o in others)


_CACHED_LENGTH: Final = 512


def _hits(text: str, secrets_only: bool = False) -> Sequence[_Hit]:
    """Every confirmed hit in ``text`` (folded, decoded layers included), in the original's terms, in order.

    ``secrets_only``: only the secret detectors run (what masking needs: it
    replaces nothing else), so a log line or a printed document never pays
    for the address and hostname patterns. Short texts are remembered: a
    document's keys and most of its values are scanned again when its bytes
    are (``scan_output`` before a sink writes).
    """
    return _short_hits(text, secrets_only) if len(text) <= _CACHED_LENGTH else _all_hits(text, secrets_only)


@lru_cache(maxsize=4096)
def _short_hits(text: str, secrets_only: bool) -> tuple[_Hit, ...]:
    return tuple(_all_hits(text, secrets_only))


def forget_scanned() -> None:
    """Drop the remembered results of short texts (to time a first scan)."""
    _short_hits.cache_clear()


def _all_hits(text: str, secrets_only: bool) -> list[_Hit]:
    layer = fold(text)
    hits = _layer_hits(layer, secrets_only)
    hits += _decoded_hits(layer, secrets_only)
    if not hits and "%" not in layer.text:
        return hits
    for _ in range(2):
        decoded = percent_decoded(layer.text)
        if decoded is None:
            break
        escaped, _runs = decoded
        refolded = fold(escaped.text)
        layer = refolded.under(escaped).under(layer)
        hits += _layer_hits(layer, secrets_only) + _decoded_hits(layer, secrets_only)
    unique: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (h.order, h.start, -(h.end - h.start))):
        if not _inside(hit, unique[-8:]):
            unique.append(hit)
    return unique


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
    return [
        Finding(path, hit.detector.name, mask(text[hit.start : hit.end]))
        for hit in _hits(text)
        if not _covered((hit.start, hit.end), spans)
    ]


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


def _replacements(text: str, hits: Sequence[_Hit], spans: Sequence[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """What to put where: the first detector (in scanning order) wins where hits overlap."""
    taken: list[tuple[int, int, str]] = []
    for hit in hits:
        if not hit.detector.secret or _covered((hit.start, hit.end), spans):
            continue
        start, end = hit.secret_start, hit.secret_end
        if any(a < end and start < b for a, b, _ in taken):
            continue
        name = hit.detector.name
        if (start, end) != (hit.start, hit.end):
            taken.append((start, end, "***"))
        elif hit.detector.narrow is not None:
            for a, b in hit.detector.narrow(text[start:end]):
                taken.append((start + a, start + b, f"{MARKER}{name} {mask(text[start + a : start + b])}]"))
        else:
            taken.append((start, end, f"{MARKER}{name} {mask(text[start:end])}]"))
    return sorted(taken)


def _apply(text: str, replacements: Sequence[tuple[int, int, str]]) -> str:
    pieces: list[str] = []
    position = 0
    for start, end, replacement in replacements:
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def redact_text(text: str, allow: Iterable[str] = (), known: KnownSecrets | Iterable[str] = ()) -> str:
    """``text`` with every credential masked (for log lines and error messages).

    ``known`` are the values of configured secrets (tokens, passwords, keys):
    each is masked wherever it appears, URL-encoded too, whatever its shape,
    as ``[redacted known-secret (N chars)]``. Then only the secret part of a
    detector hit is replaced where the detector knows it (``password=***``,
    ``https://user:***@host``); a whole token becomes ``[redacted github-token
    gh…(40 chars)]``. Non-secret detectors (addresses, hostnames) are left
    alone: an operator's log may name an internal host. Idempotent: redacting
    redacted text changes nothing.
    """
    secrets = known if isinstance(known, KnownSecrets) else KnownSecrets.of(known)
    text = secrets.redact(text)
    allowed = tuple(allow)
    for _ in range(4):  # masking one hit can leave another to mask (a password inside a database URL)
        hits = _hits(text, secrets_only=True)
        if not hits:
            break
        replacements = _replacements(text, hits, _allowed_spans(text, allowed))
        if not replacements:
            break
        text = _apply(text, replacements)
    return text
