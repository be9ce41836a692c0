"""The named detectors, in scanning order. Pure.

A detector needs the shape of the thing it finds (an address that parses, a
token with its known prefix, an assignment with a value, a string whose
characters look random); a word is never enough.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .entropy import looks_random, random_segments

__all__ = ["DETECTORS", "MARKER", "Detector", "detector_names", "secret_span"]


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


MARKER = "[redacted "


def _is_placeholder(value: str) -> bool:
    """``***``, ``<token>``, ``${SPACES_SECRET}``, ``{{ token }}``: not a secret, a stand-in for one.

    So is the start of a marker ``redact_text`` left behind, which keeps
    redaction idempotent.
    """
    value = value.strip("\"'")
    first = value.split("&", 1)[0]  # "token=***&page=2" (a masked URL): the value is ***, the rest is the query
    return value.startswith(MARKER.strip()) or bool(_PLACEHOLDER.match(value) or re.fullmatch(r"\*{3,}", first))


def _secret_part(match: re.Match[str]) -> str:
    if "secret" in match.re.groupindex and match.group("secret") is not None:
        return match.group("secret")
    return match.group(0)


def secret_span(match: re.Match[str]) -> tuple[int, int]:
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


def _random_token(match: re.Match[str]) -> bool:
    return looks_random(match.group("secret"))


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
        narrow=random_segments,
    ),
)


def detector_names() -> tuple[str, ...]:
    """Every detector's name, in scanning order."""
    return tuple(d.name for d in DETECTORS)
