"""The named detectors, in scanning order. Pure.

A detector needs the shape of the thing it finds (an address that parses, a
token with its known prefix, an assignment with a value, a string whose
characters look random); a word is never enough.

Three rules keep scanning cheap and linear in the length of the text:

- patterns are compiled on first use, not at import, and each detector
  names a few lower-case literals (``needles``) of which a text must hold one
  before its pattern runs at all: a typical status sentence runs only a few;
- every quantifier in every pattern has an upper bound (at most
  ``MAX_REPEAT``), and patterns start only where a token starts (a
  lookbehind), so the work done at one position is bounded;
- ``scan`` hands a pattern at most one window of the text at a time
  (``scan.WINDOW``), so no pattern ever sees more than that.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Final

from .entropy import capitals_are_words, looks_random, random_segments
from .lazy import lazy
from .names import ABOUT, mentions_secret_word, password_word, secret_name
from .values import MARKER, credential_like, placeholder, plain, technical, visible_part

__all__ = [
    "DETECTORS",
    "MARKER",
    "MAX_REPEAT",
    "Detector",
    "decoded_text",
    "detector_names",
    "inet_aton",
    "secret_span",
]

MAX_REPEAT: Final = 4096
"""The largest upper bound of any quantifier in a detector's pattern."""


@cache
def _compile(regex: str, flags: int) -> re.Pattern[str]:
    return re.compile(regex, flags)


class Detector:
    """A named pattern.

    ``pattern`` finds candidates in free text; ``check``, when set, confirms a
    candidate (an IPv6 address must parse, a token must look random). When the
    pattern has a group named ``secret``, only that part is masked in logs
    (``password=***``); otherwise the whole match is. ``needles`` (lower-case
    literals of which a text must contain one) and ``gate`` (a cheap test of
    the lower-cased text) decide whether the pattern runs at all; ``extend``
    says where a hit that may run past what its pattern matched really ends
    (the END line of a private key, the end of a long token).
    """

    __slots__ = (
        "_chars_only",
        "_firsts",
        "_flags",
        "_pattern",
        "_regex",
        "check",
        "description",
        "extend",
        "gate",
        "name",
        "narrow",
        "needles",
        "secret",
    )

    def __init__(
        self,
        name: str,
        pattern: re.Pattern[str] | str,
        secret: bool,
        description: str,
        check: Callable[[re.Match[str]], bool] | None = None,
        narrow: Callable[[str], list[tuple[int, int]]] | None = None,
        *,
        flags: int = 0,
        needles: tuple[str, ...] = (),
        gate: Callable[[str], bool] | None = None,
        extend: Callable[[str, int], int] | None = None,
    ) -> None:
        self.name = name
        self._pattern = pattern if isinstance(pattern, re.Pattern) else None
        self._regex = pattern.pattern if isinstance(pattern, re.Pattern) else pattern
        self._flags = pattern.flags if isinstance(pattern, re.Pattern) else flags
        self.secret = secret
        self.description = description
        self.check = check
        self.narrow = narrow
        """For log lines: the parts of a hit to mask (a random file name, not the whole path)."""
        self.needles = needles
        self._firsts = frozenset(n[0] for n in needles)
        self._chars_only = all(len(n) == 1 for n in needles)
        self.gate = gate
        self.extend = extend

    def __repr__(self) -> str:
        return f"Detector({self.name!r})"

    @property
    def regex(self) -> str:
        """The pattern's source (compiling it is left to first use)."""
        return self._regex

    @property
    def pattern(self) -> re.Pattern[str]:
        """The compiled pattern (compiled on first use, then kept)."""
        if self._pattern is None:
            self._pattern = _compile(self._regex, self._flags)
        return self._pattern

    def admits(self, lowered: str, chars: frozenset[str] | set[str] | None = None) -> bool:
        """Whether the pattern needs to run on a text, given the text lower-cased (and its set of characters)."""
        if self.needles:
            if chars is not None:
                if chars.isdisjoint(self._firsts):
                    return False
                if self._chars_only:
                    return self.gate is None or self.gate(lowered)
            for needle in self.needles:
                if needle in lowered:
                    break
            else:
                return False
        return self.gate is None or self.gate(lowered)

    def confirmed(self, match: re.Match[str]) -> bool:
        """Whether a candidate is a hit: not a placeholder (``***``, ``<token>``), and its check passes."""
        part = match.group("secret") if "secret" in match.re.groupindex else None
        if placeholder(match.group(0) if part is None else part, hinted=part is not None):
            return False
        return self.check is None or self.check(match)

    def matches(self, text: str) -> Iterator[re.Match[str]]:
        """Confirmed matches in ``text`` (the whole text at once; ``scan`` reads in windows)."""
        if not self.admits(text.lower()):
            return
        for match in self.pattern.finditer(text):
            if self.confirmed(match):
                yield match


def secret_span(match: re.Match[str]) -> tuple[int, int]:
    """The part of a hit that ``redact_text`` replaces: the ``secret`` group, else all of it."""
    if "secret" in match.re.groupindex and match.group("secret") is not None:
        return match.span("secret")
    return match.span(0)


def _before(match: re.Match[str], width: int = 48) -> str:
    """The text just before a match (at most ``width`` characters, within its line)."""
    start = match.start()
    text = match.string[max(0, start - width) : start]
    return text.rsplit("\n", 1)[-1]


# --- ends of hits that run past their pattern ---------------------------------------------


_TOKEN_CHARS: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_.-~%")
_URL_STOPS: Final = frozenset(" \t\r\n\"'<>`")


def _run_end(allowed: frozenset[str] | None, stops: frozenset[str] = frozenset()) -> Callable[[str, int], int]:
    def extend(text: str, end: int) -> int:
        limit = min(len(text), end + 65536)
        while end < limit and (text[end] in allowed if allowed is not None else text[end] not in stops):
            end += 1
        return end

    return extend


_token_end = _run_end(_TOKEN_CHARS)
_url_end = _run_end(None, _URL_STOPS)
_PEM_BODY: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=:,- \t\r\n")


def _pem_end(text: str, end: int) -> int:
    """After ``-----END ... PRIVATE KEY-----`` when there is one (within 64 KiB), else after the body."""
    found = text.find("-----END ", end, end + 65536)
    if found != -1:
        close = text.find("-----", found + 9, found + 9 + 64)
        if close != -1:
            return close + 5
    return _run_end(_PEM_BODY)(text, end)


# --- checks ------------------------------------------------------------------------


def _valid_ipv6(match: re.Match[str]) -> bool:
    text = match.group(0).split("/", 1)[0].split("%", 1)[0]
    if not any(c in "0123456789abcdefABCDEF" for c in text):
        return False
    import ipaddress  # only when a candidate turns up: most texts have none

    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


def _random_upper(match: re.Match[str]) -> bool:
    """``DO00QK6CWT7CPUUDNBN2`` is a key; ``DOUBLEPOINTS2025XMAS`` and ``DOCKERHUB2025PROMOS1`` are marketing codes.

    A generated key scatters its digits; a code is words with a year or a
    number between them.
    """
    token = match.group(0)
    runs = _DIGIT_RUNS().findall(token)
    year = any(len(run) == 4 and 1900 <= int(run) <= 2099 for run in runs)
    if len(runs) >= 3 and not year:
        return True  # digits in three places and none a year: generated
    if capitals_are_words(token[2:]):
        return False  # DOUBLEPOINTS2025XMAS: words
    return not (year and len(runs) <= 3)  # DOMAINWEEK2025SAVE30: words around a year


_COMMIT_PATH = lazy(r"(?:/(?:commit|commits|tree|blob|compare|releases/tag|-/commit)/|@|\bsha\d{1,3}:|\.\.\.?)$", re.I)
_COMMIT_AFTER = lazy(r"^[\s,)]{0,3}(?:\(|into|onto|on|to|in)\s{0,2}[\w./-]{0,24}", re.I)
_COMMIT_WORDS = lazy(
    r"\b(?:commit|commits|committed|revision|rev|sha|sha1|git|merge|merged|cherry-pick(?:ed)?|revert|reverted|"
    r"reverts|rebase[d]?|bisect|branch|main|master|head|tag|tagged|changelog|changeset|fix|fixed|fixes|patch|"
    r"pull request|pr|build|built|deployed|deploy|release|released|rollback|rolled back|parent|landed|introduced)\b",
    re.I,
)
_SECRET_WORDS = lazy(r"pass|secret|token|key|credential|auth|sess|passw|kennw|senha|contrase|clave|cle\b", re.I)
_GIT_HASH = lazy(r"[0-9a-f]{7,40}|[0-9a-f]{64}")


def _commit_hash(match: re.Match[str], start: int, segment: str) -> bool:
    """A git hash where the text says so: ``commit 3f2a...``, ``/commit/3f2a...``, ``merged 3f2a... into main``.

    Not where the same sentence speaks of a secret (``the deploy token is 3f2a...``).
    """
    if not _GIT_HASH().fullmatch(segment):
        return False
    text = match.string
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    before = text[max(line_start, start - 32) : start]
    after = text[start + len(segment) : min(line_end, start + len(segment) + 32)]
    if _COMMIT_PATH().search(before):
        return True
    if _SECRET_WORDS().search(text[max(line_start, start - 80) : start]):
        return False
    near_after = _COMMIT_AFTER().match(after)
    return bool(_COMMIT_WORDS().search(before) or (near_after and _COMMIT_WORDS().search(near_after.group(0))))


_SSO = lazy(
    r"(?:login\.microsoftonline\.com|login\.windows\.net|sts\.windows\.net|\.b2clogin\.com|\.okta(?:preview)?\.com"
    r"|\.auth0\.com|\.onelogin\.com|accounts\.google\.com|\.pingidentity\.com|\.duosecurity\.com)/"
    r"|/(?:sso|saml2?|realms|adfs|oauth2|openid-connect|oidc)(?:/|$)",
    re.I,
)


def _random_token(match: re.Match[str]) -> bool:
    """Random, and not a git hash (``_commit_hash``) nor the tenant or app id in a single-sign-on link."""
    token = match.group("secret")
    if not looks_random(token):
        return False
    path, _, query = token.partition("?")
    sso = _SSO().search(path) is not None
    start = match.start("secret")
    for a, b in random_segments(token):
        segment = token[a:b].rstrip(".,")
        if sso and b <= len(path):
            continue  # https://login.microsoftonline.com/<tenant>/saml2: an identifier, not a credential
        if sso and not any(looks_random(value) for _, _, value in (p.partition("=") for p in query.split("&"))):
            continue
        if not _commit_hash(match, start + a, segment):
            return True
    return False


def _basic_or_random(match: re.Match[str]) -> bool:
    value = match.group("secret")
    return looks_random(value) or (match.group("scheme").lower() == "basic" and _decodes_to_login(value))


_LOGIN = lazy(r"[\w.@+-]{1,64}:[\x21-\x7e]{3,128}")


def decoded_text(value: str) -> str | None:
    """``value`` decoded from base64 (standard or URL-safe alphabet) when it is printable text, else ``None``."""
    import binascii  # a C module, but not needed until a candidate turns up

    body = value.rstrip("=")
    if len(body) % 4 == 1 or (("-" in body or "_" in body) and ("+" in body or "/" in body)):
        return None
    body = body.replace("-", "+").replace("_", "/")
    try:
        raw = binascii.a2b_base64(body + "=" * (-len(body) % 4), strict_mode=True)
        text = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    if not text or not text.replace("\n", "").replace("\t", "").replace("\r", "").isprintable():
        return None
    return text


def _decodes_to_login(value: str) -> bool:
    text = decoded_text(value)
    return text is not None and _LOGIN().fullmatch(text) is not None


def _encoded_login(match: re.Match[str]) -> bool:
    value = match.group(0)
    if value.isalpha() and (value.islower() or value.istitle() or value.isupper()):
        return False  # a word: "Nightly", "database"
    classes = sum((any(c.islower() for c in value), any(c.isupper() for c in value), any(c.isdigit() for c in value)))
    return (classes >= 2 or value.endswith("=")) and _decodes_to_login(value)


_HOST_AHEAD = lazy(r"[A-Za-z0-9\-]{1,63}\.")


def _url_credentials(match: re.Match[str]) -> bool:
    """``scheme://user:password@``; without a scheme, ``user:password@host`` when the password looks like one."""
    if match.group("scheme"):
        return True
    secret = match.group("secret")
    if ":" in secret or match.group("user").lower() in ("mailto", "sip", "sips", "xmpp", "tel", "im", "urn", "news"):
        return False
    return _HOST_AHEAD().match(match.string, match.end()) is not None and credential_like(secret)


def _query_secret(match: re.Match[str]) -> bool:
    strength = secret_name(match.group("name"), query=True)
    if strength is None:
        return False
    value = match.group("secret")
    if plain(value) or technical(value):
        return False
    if strength == "strong":
        return len(value) >= 3
    return credential_like(value) or (len(value) >= 12 and not value.isalpha())


def _code_like(name: str) -> bool:
    """``db_password``, ``x-api-key``, ``AccountKey``, ``PGPASSWORD``: a name in code, not a word in a sentence.

    A compound of capitalised words (``Passwort-Richtlinie``) is a word of a sentence.
    """
    if _CODE_MARKS().search(name) or (name.isupper() and len(name) > 8):
        return True
    return "-" in name and (name.islower() or name.isupper() or name.lower().startswith("x-"))


def _assigned(match: re.Match[str]) -> bool:
    """``password=letmein``, ``"secret": "x1y2"``, ``DB_PASS: Tr0ub4dor&3``: a value given to a secret's name.

    After ``=`` (or a quote, or a name written as code), any value that is
    not a placeholder or a plain setting is the secret. After a bare colon
    and a plain word, the value must look like a credential itself:
    ``Password: at least 12 characters`` and ``Token: rotated`` are prose.
    """
    value = match.group("secret")
    shown = visible_part(value)
    name = match.group("name")
    if shown.isdigit():  # pin=4821 is a secret, max_tokens=128000 a count
        return len(shown) >= 4 and password_word(name) and secret_name(name, _before(match)) is not None
    if plain(value):
        return False
    strength = secret_name(name, _before(match))
    if strength is None or technical(value):
        return False
    if strength == "letter":
        return credential_like(value)
    if match.group("sep") == ":" and not match.group("quote") and not _code_like(name):
        return credential_like(value) if strength == "strong" else looks_random(shown)
    return len(shown) >= 3


_PASSWORD_SUBJECT = lazy(r"pass|kennwort|wachtwoord|contrase|senha|clave|code|zugangscode", re.I)


def _stated(match: re.Match[str]) -> bool:
    """``the temporary password for ops is Hunter-2024``: a sentence that gives a secret's value.

    After a verb (``is``, ``lautet``, ``est``, ``es``, ``é``), the value must
    look like a credential. After a colon that follows more words
    (``Contraseña temporal: ...``) or with no verb at all (``use password
    Falcon-22!``), only a password's value counts, or a random one.
    """
    value = match.group("secret")
    gap = (match.group("gap") or "").split()
    if gap and gap[0].lower().strip(",()") in ABOUT:
        return False  # "password policy is ...", "token lifetime is ...": about the secret
    password = _PASSWORD_SUBJECT().search(match.group("word")) is not None
    if match.group("bare") is not None:
        shown = visible_part(value)
        varied = any(c.isupper() for c in shown) or any(not c.isalnum() and c not in "-_." for c in shown)
        first = _PIECE_CUT().split(shown.lower(), maxsplit=1)[0]
        return looks_random(shown) or (
            password and len(shown) >= 8 and credential_like(value) and first not in ABOUT and (varied or "-" in shown)
        )
    if match.group("colon"):
        if not gap or len(gap) > 3:
            return False  # "Password: ..." is an assignment, and the assignment detector reads it
        return credential_like(value) if password else looks_random(visible_part(value))
    return credential_like(value)


# --- IPv4, as inet_aton reads it ------------------------------------------------------------


def _part(text: str) -> int | None:
    if text[:2] in ("0x", "0X"):
        digits = text[2:]
        return int(digits, 16) if digits and all(c in "0123456789abcdefABCDEF" for c in digits) else None
    if not text or not text.isdigit() or not text.isascii():
        return None
    if len(text) > 1 and text[0] == "0":
        return int(text, 8) if all(c in "01234567" for c in text) else None
    return int(text)


def inet_aton(text: str) -> int | None:
    """The address ``text`` names as the C library's ``inet_aton`` reads it (1 to 4 parts), else ``None``.

    Parts are decimal, octal (leading ``0``) or hex (``0x``); the last part
    fills the remaining bytes: ``10.1`` is 10.0.0.1, ``192.168.257`` is
    192.168.1.1, ``3232235777`` is 192.168.1.1.
    """
    parts = text.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    values = [_part(p) for p in parts]
    if any(v is None for v in values):
        return None
    numbers = [v for v in values if v is not None]
    *head, last = numbers
    if any(v > 255 for v in head) or last >= 256 ** (4 - len(head)):
        return None
    address = 0
    for value in head:
        address = address * 256 + value
    return address * 256 ** (4 - len(head)) + last


_VERSION_WORDS = lazy(
    r"(?:\b(?:versions?|ver|vers|v|release[sd]?|rel|build|builds|firmware|fw|kernel|patch|patched|revision|rev|"
    r"tag|tagged|chart|image|edition|schema|contract|section|sections|chapter|clause|article|paragraph|step|"
    r"appendix|table|figure|rfc|oid|iso|isbn|version[e]?|versie|versao|versione|ausgabe|stand|"
    r"abschnitt|kapitel|capitulo|seccion|secao|hoofdstuk|sectie|artikel|artigo|articulo)\b\.?\s{0,2}[:#]?\s{0,2}"
    r"|\b(?:upgrad|downgrad|bump|pinn?)\w{0,4}\s(?:\w{1,12}\s)?(?:to|from|on)\s"
    r"|\b(?:running|installed|ships|shipped|requires)\s"
    r"|\bv\.?\s?|[=~<>^]=?)$",
    re.I,
)
_ADDRESS_WORDS = lazy(
    r"\b(?:ip|ipv4|ip-address|ip address|address|addresses|addr|adresse|ip-adresse|direccion|direccion ip|"
    r"endereco|endereco ip|adres|ip-adres|indirizzo|indirizzo ip|ping|ssh|telnet|traceroute|curl|wget|nc|"
    r"resolves to|resolved to|points to|host|hostname|server|gateway|gw|resolver|nameserver|dns|upstream|"
    r"origin|peer|bind|listen|listening on|connect to|connected to|connecting to)\b\s{0,2}[:=]?\s{0,2}"
    r"(?:(?:is|at|on|to|into|via|from|of)\s{1,2})?$",
    re.I,
)
_PRERELEASE = lazy(r"[-+](?:rc|alpha|beta|pre|preview|dev|snapshot|build|b\d|a\d|r\d)", re.I)
_ARCHIVE = lazy(r"\.(?:tar|tgz|zip|whl|deb|rpm|jar|exe|msi|dmg|pkg|apk|gz|xz|bz2|iso|img|so)\b", re.I)


def _ipv4(match: re.Match[str]) -> bool:
    """An address in any form ``inet_aton`` accepts, where the text says it is one (module docstring of scan)."""
    if match.group("dashed"):
        return all(int(octet) <= 255 for octet in match.group("dashed")[3:].split("-"))
    address = match.group("addr")
    if inet_aton(address) is None:
        return False
    before = _before(match, 40)
    if before.endswith(("0x", "0X")):
        return False  # the tail of a hex literal
    parts = address.split(".")
    hexed = any(p[:2] in ("0x", "0X") for p in parts)
    after = match.string[match.end("addr") : match.end("addr") + 8]
    port = match.group("port")
    if port is not None and not 0 < int(port[1:]) <= 65535:
        port = None
    url_host = before.endswith(("://", "//"))
    if len(parts) == 4 and not hexed:
        if port is not None or match.group("cidr") or url_host:
            return True  # a version has no port, prefix length or URL around it
        return not (_VERSION_WORDS().search(before) or _PRERELEASE().match(after) or _ARCHIVE().match(after))
    if hexed and len(parts) > 1:
        return True
    if len(parts) == 1:
        value = inet_aton(address) or 0
        if url_host or port is not None:
            return value >= 1 << 24
        if hexed and len(address) >= 10:  # 0xC0A80101: all four bytes written out
            return not _NOT_AN_ADDRESS().search(before)
        return value >= 1 << 24 and bool(_ADDRESS_WORDS().search(before))
    if match.group("cidr") and len(parts) >= 2:
        return True
    return url_host or port is not None or (bool(before.strip()) and bool(_ADDRESS_WORDS().search(before)))


_INTERNAL_FILES = frozenset(
    {
        "env", "hosts", "config", "conf", "cfg", "settings", "setting", "vars", "override", "overrides", "compose",
        "docker-compose", "makefile", "properties", "secrets", "values", "application", "nginx", "apache",
        "httpd", "php", "profile", "bashrc", "zshrc", "gitconfig", "npmrc", "yarnrc", "wrangler", "vite", "next",
        "jest",
    }
)  # fmt: skip


def _internal_host(match: re.Match[str]) -> bool:
    """``db-01.prod.lan`` and ``api.service.consul`` are hosts; ``.env.local`` and ``config.local`` are files."""
    host = match.group(0)
    labels = host.lower().split(".")
    if host.lower().endswith(".svc") and host != host.lower():
        return False  # Service.svc: a WCF endpoint file, not a Kubernetes service
    return not (match.group("suffix").lower() == "local" and len(labels) == 2 and labels[0] in _INTERNAL_FILES)


def _email(match: re.Match[str]) -> bool:
    """An address, not a git remote (``git@github.com:org/repo``) nor the user of a URL (``ssh://git@host``)."""
    local = match.group("local").lower()
    after = match.string[match.end() : match.end() + 1]
    if local in ("git", "hg", "svn") and (after in (":", "/") or _before(match, 3).endswith("//")):
        return False
    return _USERINFO().search(_before(match, 160)) is None


_USERINFO = lazy(r"[a-z][a-z0-9+.\-]{0,31}://(?:[^\s/@:]{0,128}:)?[^\s/@]{0,256}$", re.I)


# --- the detectors ---------------------------------------------------------------------


_HOST_LABEL = r"[A-Za-z0-9_][A-Za-z0-9_\-]{0,62}+"
_URL_TAIL = r"""[^\s"'<>`]{0,1024}+"""
_DIGITS = tuple("0123456789")
_IPV4_SHAPE = lazy(r"[0-9]\.[0-9]|0x|ip-|[0-9]{8}")
"""What every IPv4 candidate holds (a digit, a dot and a digit; ``0x``; ``ip-``; eight digits in a row): a
text without it ("24/7.", "v2.") never compiles or runs the address pattern."""
_DIGIT_RUNS = lazy(r"\d{1,64}")
_CODE_MARKS = lazy(r"[_.]|[a-z][A-Z]|\d")
_PIECE_CUT = lazy(r"[-_./]")
_NOT_AN_ADDRESS = lazy(r"\b(?:error|code|exit|status|hresult|crc|checksum|flags?|mask)\s{0,2}[:=]?\s{0,2}$", re.I)

DETECTORS: tuple[Detector, ...] = (
    Detector(
        "private-key",
        r"-----BEGIN (?:[A-Z0-9]{1,16} ){0,4}PRIVATE KEY(?: BLOCK)?-----",
        True,
        "PEM private keys (RSA, EC, OpenSSH, PKCS#8, PGP), with their body",
        needles=("private key",),
        extend=_pem_end,
    ),
    Detector(
        "url-credentials",
        r"(?<![\w+.\-])(?:(?P<scheme>[a-z][a-z0-9+.\-]{0,31}+://)[^\s/@:?#\"'<>]{0,128}+"
        r"|(?P<user>[A-Za-z][A-Za-z0-9._\-]{0,63}+)):(?P<secret>[^\s/@?\"'<>]{1,256}+)@",
        True,
        "URLs with a password in them (scheme://user:password@host, user:password@host)",
        check=_url_credentials,
        flags=re.I,
        needles=("@",),
    ),
    Detector(
        "url-token",
        r"[?&;#](?P<name>[A-Za-z0-9_.\-\[\]]{1,64}+)=(?P<secret>[^&#\s\"'<>;]{1,1024}+)",
        True,
        "URL query parameters that carry a credential (token=, key=, sig=, sid=, X-Amz-Signature=...)",
        check=_query_secret,
        needles=("=",),
    ),
    Detector(
        "database-url",
        r"(?<![\w+.\-])(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|clickhouse|mssql|sqlserver"
        r"|cockroachdb|jdbc:[a-z0-9]{1,20}|memcached|cassandra|neo4j|couchdb)://" + _URL_TAIL,
        True,
        "database and message-broker connection URLs",
        flags=re.I,
        needles=("://",),
        extend=_url_end,
    ),
    Detector(
        "s3-url",
        r"(?<![\w+.\-])s3[an]?://" + _URL_TAIL,
        False,
        "s3:// URLs (bucket names and keys)",
        flags=re.I,
        needles=("s3://", "s3a://", "s3n://"),
    ),
    Detector(
        "bucket-endpoint",
        rf"(?<![A-Za-z0-9.\-])(?:{_HOST_LABEL}\.){{0,12}}(?:digitaloceanspaces\.com|amazonaws\.com|storage\.googleapis\.com"
        r"|blob\.core\.windows\.net|r2\.cloudflarestorage\.com|backblazeb2\.com|linodeobjects\.com|wasabisys\.com)"
        r"(?![A-Za-z0-9\-])",
        False,
        "object-storage endpoints (hosts under digitaloceanspaces.com or amazonaws.com, GCS, Azure, R2...)",
        flags=re.I,
        needles=(
            "digitaloceanspaces",
            "amazonaws",
            "googleapis",
            "windows.net",
            "cloudflarestorage",
            "backblazeb2",
            "linodeobjects",
            "wasabisys",
        ),
    ),
    Detector(
        "database-host",
        rf"(?<![A-Za-z0-9.\-])(?:{_HOST_LABEL}\.){{1,12}}(?:db\.ondigitalocean\.com|mongo\.ondigitalocean\.com"
        r"|rds\.amazonaws\.com|cache\.amazonaws\.com|docdb\.amazonaws\.com|database\.azure\.com|database\.windows\.net"
        r"|redis\.cache\.windows\.net|aivencloud\.com|mongodb\.net)(?![A-Za-z0-9\-])",
        False,
        "managed-database hostnames (DigitalOcean, RDS, ElastiCache, Azure, Aiven, Atlas)",
        flags=re.I,
        needles=("ondigitalocean", "amazonaws", "azure", "windows.net", "aivencloud", "mongodb.net"),
    ),
    Detector(
        "aws-access-key",
        r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16}(?![A-Z0-9])",
        True,
        "AWS access key IDs (AKIA..., ASIA...)",
        needles=("akia", "asia", "abia", "acca", "agpa", "aida", "aipa", "anpa", "anva", "aroa", "apka", "asca"),
    ),
    Detector(
        "digitalocean-token",
        r"(?<![A-Za-z0-9])do[oprs]_v1_[a-f0-9]{64}(?![a-f0-9])",
        True,
        "DigitalOcean API tokens (dop_v1_, doo_v1_, dor_v1_, dos_v1_)",
        needles=("_v1_",),
    ),
    Detector(
        "spaces-key",
        r"(?<![A-Z0-9])DO(?=[A-Z]{0,17}\d)[A-Z0-9]{18}(?![A-Z0-9])",
        True,
        "DigitalOcean Spaces access keys (DO + 18 random capitals and digits)",
        check=_random_upper,
        needles=("do",),
    ),
    Detector(
        "github-token",
        r"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])",
        True,
        "GitHub tokens (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)",
        needles=("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
    ),
    Detector(
        "slack-token",
        r"(?<![A-Za-z0-9])(?:xox[abposre]|xapp)-[A-Za-z0-9\-]{10,1024}+",
        True,
        "Slack tokens (xoxb-, xoxp-, xapp-...)",
        needles=("xox", "xapp-"),
    ),
    Detector(
        "slack-webhook",
        rf"(?:https?://)?hooks\.slack(?:-gov)?\.com/(?:services|workflows|triggers)/{_URL_TAIL}",
        True,
        "Slack incoming-webhook and workflow URLs",
        flags=re.I,
        needles=("hooks.slack",),
        extend=_url_end,
    ),
    Detector(
        "chat-webhook",
        rf"(?:https?://)?(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api/webhooks/{_URL_TAIL}"
        rf"|(?:https?://)?[a-z0-9\-]{{1,63}}\.webhook\.office\.com/{_URL_TAIL}"
        r"|(?<![0-9])\d{8,10}:AA[A-Za-z0-9_\-]{33}(?![A-Za-z0-9_\-])",
        True,
        "Discord and Microsoft Teams webhooks, Telegram bot tokens",
        flags=re.I,
        needles=("discord", "webhook.office", ":aa"),
        extend=_url_end,
    ),
    Detector(
        "jwt",
        r"(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{8,1024}+\.ey[IJKL][A-Za-z0-9_\-]{7,4096}+\.[A-Za-z0-9_\-]{0,1024}+",
        True,
        "JSON Web Tokens",
        needles=("eyj",),
        extend=_token_end,
    ),
    Detector(
        "bearer-token",
        r"(?<![A-Za-z0-9])(?P<scheme>bearer|basic|token)\s{1,4}(?P<secret>[A-Za-z0-9._~+/\-]{16,2048}+={0,3})",
        True,
        "Authorization header values (Bearer ..., Basic ..., Token ...) that look random or carry a login",
        check=_basic_or_random,
        flags=re.I,
        needles=("bearer", "basic", "token"),
        extend=_token_end,
    ),
    Detector(
        "encoded-credentials",
        r"(?<![A-Za-z0-9+/_\-])[A-Za-z0-9+/_\-]{8,512}+={0,2}(?![A-Za-z0-9+/=_\-])",
        True,
        "base64 of user:password (an HTTP Basic login without its header)",
        check=_encoded_login,
        gate=lambda lowered: len(lowered) >= 8,
    ),
    Detector(
        "secret-assignment",
        r"(?<![A-Za-z0-9_.\-])(?P<name>[A-Za-z0-9_.\-]{1,64}+)[\"']?[ \t]{0,4}+(?P<sep>:=|=>|==|=|:(?![/\\]{2}))"
        r"[ \t]{0,4}+(?P<quote>[\"']?)"
        r"(?P<secret>(?<=\")[^\"\n]{1,256}+|(?<=')[^'\n]{1,256}+"
        r"|(?<![\"'])(?:[^\s\"'`,;&=]|&(?![A-Za-z0-9_.\-]{1,64}=)|=(?=[=\s\"'`,;&]|$)){1,256}+)",
        True,
        "a value given to a secret's name, in any language: password=..., DB_MASTER_PASSWORD: ..., x-api-key ...",
        check=_assigned,
        needles=(":", "="),
        gate=mentions_secret_word,
    ),
    Detector(
        "secret-statement",
        r"(?<![A-Za-z0-9_])(?P<word>passwor[dt]s?|passwd|passphrase|kennwort|wachtwoord|contrase(?:n|ny)a|senha"
        r"|mot de passe|mot-de-passe|secret|secreto|segreto|segredo|token|jeton|api[ -]?key|access key|secret key"
        r"|private key|credentials?|session(?: id| key| token)?|cle(?: api| secrete| d'acces)?|clave|chave|chiave"
        r"|sleutel|schlussel|passcode|code d'acces|zugangscode)"
        r"(?:(?P<gap>(?:[ \t]{1,3}[^\s.;!?:=]{1,24}+){0,5}?)"
        r"(?:[ \t]{1,3}(?P<verb>is|was|are|remains|becomes|is now|is set to|was set to|set to|changed to|reset to"
        r"|ist|lautet|war|heisst|est|etait|sera|es|era|e|foi|fica|luidt|wordt)|[ \t]{0,3}(?P<colon>:|=|->))"
        r"|(?P<bare>))[ \t]{1,3}(?P<secret>[^\s]{6,128}+)",
        True,
        "a sentence that gives a secret's value: the temporary password is ..., das Passwort lautet ...",
        check=_stated,
        flags=re.I,
        gate=mentions_secret_word,
    ),
    Detector(
        "email",
        r"(?<![\w.+%\-@])(?P<local>[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}+)@(?:[A-Za-z0-9][A-Za-z0-9\-]{0,62}+\.){1,10}"
        r"[A-Za-z]{2,63}(?![A-Za-z0-9\-])",
        False,
        "e-mail addresses",
        check=_email,
        needles=("@",),
    ),
    Detector(
        "ipv4",
        r"(?<![0-9.])(?:(?P<dashed>ip-[0-9]{1,3}-[0-9]{1,3}-[0-9]{1,3}-[0-9]{1,3})(?![0-9])"
        r"|(?P<addr>(?:0[xX][0-9A-Fa-f]{1,10}+|[0-9]{1,12}+)(?:\.(?:0[xX][0-9A-Fa-f]{1,10}+|[0-9]{1,12}+)){1,3}+"
        r"|0[xX][0-9A-Fa-f]{1,10}+|[0-9]{8,12}+)"
        r"(?![0-9A-Za-z]|\.[0-9])(?P<port>:[0-9]{1,5}+(?![0-9]))?(?P<cidr>/(?:3[0-2]|[12]?[0-9])(?![0-9]))?)",
        False,
        "IPv4 addresses and CIDR ranges, in every form inet_aton reads (10.0.0.1, 0xC0A80101, 3232235777, 10.1)",
        check=_ipv4,
        flags=re.I,
        needles=_DIGITS,
        gate=lambda lowered: _IPV4_SHAPE().search(lowered) is not None,
    ),
    Detector(
        "ipv6",
        r"(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?:%[\w.]{1,32})?(?:/\d{1,3})?(?![\w:])",
        False,
        "IPv6 addresses and prefixes (validated, so clock times like 12:00:05 pass)",
        check=_valid_ipv6,
        flags=re.I,
        needles=(":",),
        gate=lambda lowered: "::" in lowered or lowered.count(":") >= 7,  # every IPv6 address has one or the other
    ),
    Detector(
        "internal-hostname",
        rf"(?<![A-Za-z0-9.\-])(?:{_HOST_LABEL}\.){{1,12}}(?P<suffix>internal|localdomain|local|lan|corp|intranet"
        r"|home\.arpa|consul|svc)(?![A-Za-z0-9\-]|\.[A-Za-z0-9])",
        False,
        "internal hostnames (.internal, .local, .lan, .corp, .intranet, .home.arpa; Consul and Kubernetes service names)",
        check=_internal_host,
        flags=re.I,
        needles=("internal", "local", "lan", "corp", "intranet", "home.arpa", "consul", ".svc"),
    ),
    Detector(
        "high-entropy",
        r"(?<![A-Za-z0-9+/_.\-])/{0,8}+(?P<secret>[A-Za-z0-9+_.\-][A-Za-z0-9+/_.\-]{19,1024}+={0,2})",
        True,
        "long random-looking strings (API keys, secret keys, hex digests) with no known prefix",
        check=_random_token,
        narrow=random_segments,
        gate=lambda lowered: len(lowered) >= 20,
        extend=_token_end,
    ),
)


def detector_names() -> tuple[str, ...]:
    """Every detector's name, in scanning order."""
    return tuple(d.name for d in DETECTORS)
