"""Finding sensitive values in strings that are about to leave the process.

Pure. The document's Struct allowlist decides which fields exist; this module
is the second line: it scans every string (keys and values, at any depth) of
whatever is published or printed, with named detectors. A hit is reported with
its JSON path, the detector's name and the value masked, never the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import cast
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import msgspec

__all__ = ["DETECTORS", "Detector", "Finding", "mask", "mask_url", "redact_text", "scan_text", "scan_value"]


class Detector(msgspec.Struct, frozen=True):
    """A named pattern. ``pattern`` finds candidates in free text.

    ``secret`` detectors find credentials: those are masked even in logs.
    The others (addresses, hostnames, e-mail) only keep data out of the
    public document; an operator's log may name an internal host.
    """

    name: str
    pattern: re.Pattern[str]
    secret: bool


def _d(name: str, regex: str, flags: int = 0, *, secret: bool = True) -> Detector:
    return Detector(name, re.compile(regex, flags), secret)


_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
DETECTORS: tuple[Detector, ...] = (
    _d("private-key", r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----"),
    _d("url-credentials", r"\b[a-z][a-z0-9+.-]*://[^\s/@:]+:[^\s/@]+@", re.I),
    _d("url-token", r"[?&](?:token|access_token|api_key|apikey|key|sig|signature|secret|password|x-amz-signature|x-amz-credential)=[^&\s]+", re.I),
    _d("s3-url", r"\bs3://", re.I, secret=False),
    _d("bucket-endpoint", r"\b[a-z0-9.-]*\.(?:digitaloceanspaces\.com|amazonaws\.com)\b", re.I, secret=False),
    _d("aws-access-key", r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"),
    _d("digitalocean-token", r"\bdo[por]_v1_[a-f0-9]{64}\b"),
    _d("github-token", r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b"),
    _d("slack-token", r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    _d("slack-webhook", r"hooks\.slack\.com/services/", re.I),
    _d("jwt", r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
    _d("email", r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b", secret=False),
    _d("ipv4", rf"(?<![\d.]){_OCTET}(?:\.{_OCTET}){{3}}(?:/\d{{1,2}})?(?![\d.]*\d)", secret=False),
    _d("ipv6", r"(?<![\w:])(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{0,4}(?:/\d{1,3})?(?![\w:])|(?<![\w:])::1\b", re.I, secret=False),
    _d("internal-hostname", r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:internal|local|lan|corp|localdomain)\b", re.I, secret=False),
    _d("database-host", r"\b[a-z0-9-]+\.(?:db\.ondigitalocean\.com|rds\.amazonaws\.com)\b", re.I, secret=False),
    _d("secret-assignment", r"\b(?:password|passwd|pwd|secret|api[_-]?key|token|access[_-]?key)\s*[:=]\s*\S+", re.I),
)


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


def scan_text(text: str, path: str = "$", allow: Iterable[str] = ()) -> list[Finding]:
    """Every detector hit in ``text`` whose matched value is not allowlisted."""
    allowed = set(allow)
    if text in allowed:
        return []
    findings: list[Finding] = []
    for detector in DETECTORS:
        for match in detector.pattern.finditer(text):
            value = match.group(0)
            if value in allowed or any(value in a for a in allowed):
                continue
            findings.append(Finding(path, detector.name, mask(value)))
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


_SENSITIVE_QUERY = re.compile(r"token|key|sig|secret|password|credential|auth", re.I)


def mask_url(url: str) -> str:
    """A URL safe to print: password and sensitive query values replaced by ``***``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparsable URL>"
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:***@{host}" if ":" in userinfo else f"***@{host}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode(
            [(k, "***" if _SENSITIVE_QUERY.search(k) else v) for k, v in pairs], safe="*"
        )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def redact_text(text: str, allow: Iterable[str] = ()) -> str:
    """``text`` with every credential replaced by its masked form (for logs and errors)."""
    allowed = set(allow)
    for detector in DETECTORS:
        if not detector.secret:
            continue
        text = detector.pattern.sub(
            lambda m: m.group(0) if m.group(0) in allowed else f"[{detector.name}:{mask(m.group(0))}]",
            text,
        )
    return text
