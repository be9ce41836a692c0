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

import ipaddress
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import cast
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import msgspec

__all__ = [
    "DETECTORS",
    "Detector",
    "Finding",
    "detector_names",
    "looks_random",
    "mask",
    "mask_url",
    "redact_text",
    "scan_output",
    "scan_text",
    "scan_value",
]


@dataclass(frozen=True, slots=True)
class Detector:
    """A named pattern.

    ``pattern`` finds candidates in free text; ``check``, when set, confirms a
    candidate (an IPv6 address must parse, a token must look random). When the
    pattern has a group named ``secret``, only that part is masked in logs
    (``password=***``); otherwise the whole match is.
    """

    name: str
    pattern: re.Pattern[str]
    secret: bool
    description: str
    check: Callable[[re.Match[str]], bool] | None = None
    narrow: Callable[[str], list[tuple[int, int]]] | None = None
    """For log lines: the parts of a hit to mask (a random file name, not the whole path)."""

    def matches(self, text: str) -> Iterable[re.Match[str]]:
        """Confirmed matches in ``text``, placeholders (``***``, ``<token>``) excluded."""
        for match in self.pattern.finditer(text):
            if _is_placeholder(_secret_part(match)):
                continue
            if self.check is None or self.check(match):
                yield match


_PLACEHOLDER = re.compile(
    r"""^(?:\*+|x{3,}|\.{3}|…|<[^<>]*>|\[[A-Za-z0-9 _:.…()-]*\]|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\{\{[^{}]*\}\}|%\([a-z_]+\)s|%s)$""",
    re.I,
)


_MARKER = "[redacted "


def _is_placeholder(value: str) -> bool:
    """``***``, ``<token>``, ``${SPACES_SECRET}``, ``{{ token }}``: not a secret, a stand-in for one.

    So is the start of a marker ``redact_text`` left behind, which keeps
    redaction idempotent.
    """
    value = value.strip("\"'")
    first = value.split("&", 1)[0]  # "token=***&page=2" (a masked URL): the value is ***, the rest is the query
    return value.startswith(_MARKER.strip()) or bool(_PLACEHOLDER.match(value) or re.fullmatch(r"\*{3,}", first))


def _secret_part(match: re.Match[str]) -> str:
    if "secret" in match.re.groupindex and match.group("secret") is not None:
        return match.group("secret")
    return match.group(0)


def _secret_span(match: re.Match[str]) -> tuple[int, int]:
    if "secret" in match.re.groupindex and match.group("secret") is not None:
        return match.span("secret")
    return match.span(0)


# --- checks ------------------------------------------------------------------------


def _valid_ipv6(match: re.Match[str]) -> bool:
    text = match.group(0).split("/", 1)[0].split("%", 1)[0]
    if not any(c in "0123456789abcdefABCDEF" for c in text):
        return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


_WORDISH = re.compile(
    r"""^(?:
        (?:[a-z]+|[A-Z][a-z]+|[A-Z]{1,12})\d{0,4}   # word, Word, WORD, optionally numbered: nyc3, SOC2
      | v?\d+(?:[a-z]{1,3})?                        # 2025, v2, 24h, 3rd
      | .{1,3}                                      # short pieces say nothing
    )$""",
    re.X,
)


def _shannon(text: str) -> float:
    counts = Counter(text)
    total = len(text)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def _class_switches(text: str) -> float:
    """Share of neighbouring characters that switch between lower, upper, digit, other."""

    def kind(c: str) -> int:
        return 0 if c.islower() else 1 if c.isupper() else 2 if c.isdigit() else 3

    kinds = [kind(c) for c in text]
    return sum(a != b for a, b in zip(kinds, kinds[1:], strict=False)) / max(1, len(text) - 1)


_HEX = re.compile(r"^[0-9a-fA-F]+$")
_UUID = re.compile(r"(?<![0-9a-f])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f])", re.I)
_CAMEL_WORD = re.compile(r"[A-Z]?[a-z]{2,}")
_VOWEL = re.compile(r"[aeiouy]", re.I)
_CONSONANTS = re.compile(r"[bcdfghjklmnpqrstvwxz]+|[BCDFGHJKLMNPQRSTVWXZ]+")


def looks_random(token: str) -> bool:
    """Whether ``token`` reads like a generated credential rather than words.

    The token is cut at ``-``, ``_``, ``/``, ``+``, ``.`` and ``=``; pieces that
    read as words, numbers or short fragments (``status``, ``nyc3``, ``2025``,
    ``v2``) are dropped. What remains (the core) must be 16+ characters, mix
    at least two of lower case, upper case and digits, have a Shannon entropy
    of 3.3 bits per character or more, not be mostly pronounceable words
    glued together (``PlatformStatusV2Contract``), and show what random text
    shows: frequent switches between character classes, digits scattered in
    three or more places, or five consonants in a row. Hex needs 32+ digits
    (or the UUID shape).
    """
    if _UUID.search(token):
        return True
    pieces = [p for p in re.split(r"[-_/+.=]", token) if p]
    core = "".join(p for p in pieces if not _WORDISH.match(p))
    if len(core) < 16:
        return False
    if _HEX.match(core) and any(c.isdigit() for c in core):
        return len(core) >= 32 and _shannon(core) >= 3.0
    classes = sum((any(c.islower() for c in core), any(c.isupper() for c in core), any(c.isdigit() for c in core)))
    if classes < 2 or _shannon(core) < 3.3:
        return False
    words = [w for w in _CAMEL_WORD.findall(core) if _VOWEL.search(w) and not re.search(r"[^aeiouy]{4}", w.lower())]
    if sum(map(len, words)) >= 0.75 * len(core):
        return False
    digit_runs = len(re.findall(r"\d+", core))
    consonants = max((len(m) for m in _CONSONANTS.findall(core)), default=0)
    return _class_switches(core) >= 0.3 or digit_runs >= 3 or consonants >= 5


def _random_token(match: re.Match[str]) -> bool:
    return looks_random(match.group("secret"))


def _random_segments(token: str) -> list[tuple[int, int]]:
    """The ``/``-separated parts of ``token`` that look random on their own, else all of it."""
    spans: list[tuple[int, int]] = []
    start = 0
    for segment in token.split("/"):
        if segment and looks_random(segment):
            spans.append((start, start + len(segment)))
        start += len(segment) + 1
    return spans or [(0, len(token))]


def _assigned_value(match: re.Match[str]) -> bool:
    """``password=letmein`` and ``"secret": "x1y2"`` are assignments; ``Token: rotated`` is prose.

    After a bare colon, a single short word (``Password: required``) reads as
    a sentence, not a value; after ``=`` or a quote, anything does.
    """
    value = match.group("secret")
    if match.group("sep") != ":" or match.group("quote"):
        return True
    return not (value.isalpha() and len(value) < 12)


# --- the detectors ---------------------------------------------------------------------


def _d(
    name: str,
    regex: str,
    description: str,
    *,
    flags: int = 0,
    secret: bool = True,
    check: Callable[[re.Match[str]], bool] | None = None,
    narrow: Callable[[str], list[tuple[int, int]]] | None = None,
) -> Detector:
    return Detector(name, re.compile(regex, flags), secret, description, check, narrow)


_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_HOST_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_URL_TAIL = r"""[^\s"'<>`]*"""
_QUERY_SECRET_NAMES = (
    r"token|access_token|refresh_token|id_token|auth_token|api_token|private_token|apitoken"
    r"|key|api_key|apikey|api-key|access_key|secret_key|private_key|subscription-key"
    r"|sig|signature|secret|client_secret|password|passwd|pwd|pass|auth|authorization"
    r"|credential|credentials|x-amz-signature|x-amz-credential|x-amz-security-token"
    r"|x-goog-signature|x-goog-credential"
)
_ASSIGNED_NAMES = (
    r"password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|secret[_-]?key"
    r"|private[_-]?key|client[_-]?secret|auth[_-]?token|access[_-]?token|credentials?"
    r"|aws_secret_access_key|secret_access_key"
)

DETECTORS: tuple[Detector, ...] = (
    _d(
        "private-key",
        r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|\Z))",
        "PEM private keys (RSA, EC, OpenSSH, PKCS#8, PGP), with their body",
    ),
    _d(
        "url-credentials",
        r"\b[a-z][a-z0-9+.-]*://[^\s/@:?#\"'<>]*:(?P<secret>[^\s/@?#\"'<>]+)@",
        "URLs with a password in them (scheme://user:password@host)",
        flags=re.I,
    ),
    _d(
        "url-token",
        rf"[?&;#](?:{_QUERY_SECRET_NAMES})=(?P<secret>[^&#\s\"'<>]+)",
        "URL query parameters that carry a credential (token=, key=, sig=, X-Amz-Signature=...)",
        flags=re.I,
    ),
    _d(
        "database-url",
        rf"\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|clickhouse|mssql|sqlserver|cockroachdb)://{_URL_TAIL}",
        "database and message-broker connection URLs",
        flags=re.I,
    ),
    _d(
        "s3-url",
        rf"\bs3[an]?://{_URL_TAIL}",
        "s3:// URLs (bucket names and keys)",
        flags=re.I,
        secret=False,
    ),
    _d(
        "bucket-endpoint",
        rf"\b(?:{_HOST_LABEL}\.)*(?:digitaloceanspaces\.com|amazonaws\.com|storage\.googleapis\.com"
        rf"|blob\.core\.windows\.net|r2\.cloudflarestorage\.com|backblazeb2\.com|linodeobjects\.com|wasabisys\.com)\b",
        "object-storage endpoints (hosts under digitaloceanspaces.com or amazonaws.com, GCS, Azure, R2...)",
        flags=re.I,
        secret=False,
    ),
    _d(
        "database-host",
        rf"\b(?:{_HOST_LABEL}\.)+(?:db\.ondigitalocean\.com|mongo\.ondigitalocean\.com|rds\.amazonaws\.com"
        rf"|cache\.amazonaws\.com|docdb\.amazonaws\.com|database\.azure\.com|database\.windows\.net"
        rf"|redis\.cache\.windows\.net|aivencloud\.com|mongodb\.net)\b",
        "managed-database hostnames (DigitalOcean, RDS, ElastiCache, Azure, Aiven, Atlas)",
        flags=re.I,
        secret=False,
    ),
    _d(
        "aws-access-key",
        r"\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16}\b",
        "AWS access key IDs (AKIA..., ASIA...)",
    ),
    _d(
        "digitalocean-token",
        r"\bdo[oprs]_v1_[a-f0-9]{64}\b",
        "DigitalOcean API tokens (dop_v1_, doo_v1_, dor_v1_, dos_v1_)",
    ),
    _d(
        "spaces-key",
        r"\bDO(?=[A-Z]*\d)[A-Z0-9]{18}\b",
        "DigitalOcean Spaces access keys (DO + 18 characters)",
    ),
    _d(
        "github-token",
        r"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b",
        "GitHub tokens (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)",
    ),
    _d(
        "slack-token",
        r"\b(?:xox[abposre]|xapp)-[A-Za-z0-9-]{10,}",
        "Slack tokens (xoxb-, xoxp-, xapp-...)",
    ),
    _d(
        "slack-webhook",
        rf"(?:https?://)?hooks\.slack(?:-gov)?\.com/(?:services|workflows|triggers)/{_URL_TAIL}",
        "Slack incoming-webhook and workflow URLs",
        flags=re.I,
    ),
    _d(
        "chat-webhook",
        rf"(?:https?://)?(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api/webhooks/{_URL_TAIL}"
        rf"|(?:https?://)?[a-z0-9-]+\.webhook\.office\.com/{_URL_TAIL}"
        r"|\b\d{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])",
        "Discord and Microsoft Teams webhooks, Telegram bot tokens",
        flags=re.I,
    ),
    _d(
        "jwt",
        r"\beyJ[A-Za-z0-9_-]{8,}\.ey[IJKL][A-Za-z0-9_-]{7,}\.[A-Za-z0-9_-]*",
        "JSON Web Tokens",
    ),
    _d(
        "bearer-token",
        r"\b(?:bearer|basic)\s+(?P<secret>[A-Za-z0-9._~+/-]{16,}=*)",
        "Authorization header values (Bearer ..., Basic ...) that look random",
        flags=re.I,
        check=lambda m: looks_random(m.group("secret")),
    ),
    _d(
        "secret-assignment",
        rf"\b(?:[a-z0-9]+[_.-])*(?:{_ASSIGNED_NAMES})[\"']?\s*(?P<sep>:=|=>|[:=])\s*(?P<quote>[\"']?)(?P<secret>[^\s\"',;`]{{3,}})",
        "assignments of a secret: password=..., secret: ..., api_key = ...",
        flags=re.I,
        check=_assigned_value,
    ),
    _d(
        "email",
        r"(?<![\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\b",
        "e-mail addresses",
        secret=False,
    ),
    _d(
        "ipv4",
        rf"(?<![\w.]){_OCTET}(?:\.{_OCTET}){{3}}(?:/(?:3[0-2]|[12]?\d))?(?!\w|\.\d)",
        "IPv4 addresses and CIDR ranges",
        secret=False,
    ),
    _d(
        "ipv6",
        r"(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?:%[\w.]+)?(?:/\d{1,3})?(?![\w:])",
        "IPv6 addresses and prefixes (validated, so clock times like 12:00:05 pass)",
        flags=re.I,
        secret=False,
        check=_valid_ipv6,
    ),
    _d(
        "internal-hostname",
        rf"\b(?:{_HOST_LABEL}\.)+(?:internal|local|localdomain|lan|corp|intranet|home\.arpa)(?![\w-]|\.[a-z0-9])",
        "internal hostnames (.internal, .local, .lan, .corp, .intranet, .home.arpa)",
        flags=re.I,
        secret=False,
    ),
    _d(
        "high-entropy",
        r"(?<![A-Za-z0-9+/=_.-])/*(?P<secret>[A-Za-z0-9+_.-][A-Za-z0-9+/_.-]{19,}={0,2})(?![A-Za-z0-9+/=_-])",
        "long random-looking strings (API keys, secret keys, hex digests) with no known prefix",
        check=_random_token,
        narrow=_random_segments,
    ),
)


def detector_names() -> tuple[str, ...]:
    """Every detector's name, in scanning order."""
    return tuple(d.name for d in DETECTORS)


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


_SENSITIVE_QUERY = re.compile(r"token|key|sig|secret|password|passwd|pwd|credential|auth", re.I)


def mask_url(url: str) -> str:
    """A URL safe to print: password and sensitive query values replaced by ``***``.

    Credentials in the path (a Slack webhook, a bot token) are masked too, by
    the secret detectors of ``redact_text``.
    """
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
        query = urlencode([(k, "***" if _SENSITIVE_QUERY.search(k) else v) for k, v in pairs], safe="*")
    return redact_text(urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment)))


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
            start, end = _secret_span(match)
            if start < position:
                continue
            pieces.append(text[position:start])
            if detector.narrow is not None:
                at = start
                for a, b in detector.narrow(text[start:end]):
                    pieces.append(text[at : start + a])
                    pieces.append(f"{_MARKER}{detector.name} {mask(text[start + a : start + b])}]")
                    at = start + b
                pieces.append(text[at:end])
            elif (start, end) == match.span(0):
                pieces.append(f"{_MARKER}{detector.name} {mask(match.group(0))}]")
            else:
                pieces.append("***")
            position = end
        pieces.append(text[position:])
        text = "".join(pieces)
    return text
