"""What a value says about itself: a stand-in, a plain setting, or a credential. Pure.

- ``placeholder``: clearly not a secret but a stand-in for one (``***``,
  ``<your-token>``, ``${TOKEN}``, ``{{ token }}``, ``[REDACTED]``, our own
  redaction markers). A real value in brackets (``<Xk9pL2mQz>``,
  ``[Hunter2!]``) or after a masked part (``***abc123realsecret``) is not.
- ``plain``: a setting that is not a secret whatever its name (``true``,
  ``none``, ``n/a``, ``30d``, ``v2``, a short number, a date, a path).
- ``credential_like``: reads as a credential on its own, without a name to
  say so: random, or a word with digits or symbols in it (``hunter2``,
  ``Sommer2024!``, ``Tr0ub4dor&3``), but not a version, a date, a duration, a
  region code or technical terms (``AES-256-GCM``, ``Argon2id``, ``RSA-4096``).
"""

from __future__ import annotations

import re
from typing import Final

from .entropy import looks_random
from .lazy import lazy

__all__ = ["MARKER", "credential_like", "placeholder", "plain", "technical", "visible_part"]

MARKER: Final = "[redacted "
"""How ``redact_text`` starts what it puts in place of a secret."""

_STAND_IN = lazy(
    r"""(?:
        \$\{[^{}]{1,64}\}                       # ${TOKEN}, ${env:TOKEN}
      | \$[A-Za-z_][A-Za-z0-9_]{0,63}            # $TOKEN
      | \$\([^()]{1,128}\)                       # $(cat /run/secrets/token)
      | %[A-Za-z_][A-Za-z0-9_]{0,63}%            # %TOKEN%
      | \{\{[^{}]{0,64}\}\}                      # {{ token }}, {{ .Values.token }}
      | \{[A-Za-z_][A-Za-z0-9_.]{0,63}\}         # {token}
      | %\([A-Za-z_][A-Za-z0-9_]{0,31}\)[sd]     # %(token)s
      | %[sd]
      | [<\[(]\s{0,2}[A-Za-z][A-Za-z _./-]{0,63}[>\])]   # <your-token>, [REDACTED], (hidden): words, no digits
      | [<\[(]\s{0,2}[*xX•●.…_-]{1,64}\s{0,2}[>\])]       # <***>, [...]
    )""",
    re.X,
)
_OPENERS = frozenset("$%{<[(")
_FILLER_CHARS = frozenset("*\u2022\u25cfxX#._-?\u2026 \t\r\n")
_MASK_RUNS = ("***", "\u2022\u2022\u2022", "\u25cf\u25cf\u25cf", "xxxx", "XXXX", "###", "___", "???")
_MASKING = lazy(r"[*\u2022\u25cf]{3,256}|[xX]{4,256}|#{3,256}|_{3,256}|\?{3,256}")
_NOT_ALNUM = lazy(r"[^A-Za-z0-9]{1,256}")
_PIECES = lazy(r"[-_./+:@,\s]")
_FILLER = lazy(r"[*\u2022\u25cfxX#._\-?\u2026\s]{1,256}")
_WORDS_FOR_NOTHING: Final = frozenset(
    {
        "", "-", "--", "n/a", "na", "none", "null", "nil", "undefined", "tbd", "todo", "empty", "unset", "set",
        "redacted", "hidden", "masked", "removed", "omitted", "elided", "snip", "secret", "password", "token",
        "true", "false", "yes", "no", "on", "off", "enabled", "disabled", "required", "optional", "expired",
        "invalid", "revoked", "missing", "unknown", "default", "auto", "bearer", "basic", "private", "public",
        "inherit", "env", "file", "vault", "keychain", "keyring", "prompt", "ask", "random", "generated",
        "rotated", "sso", "saml", "oidc", "oauth", "ldap", "local", "external", "internal", "value", "values",
        "example", "foo", "bar", "baz", "test", "demo", "sample", "dummy", "placeholder", "string",
    }
)  # fmt: skip


def placeholder(value: str, *, hinted: bool = True) -> bool:
    """Whether ``value`` is a stand-in for a secret rather than a secret (module docstring).

    With ``hinted``, a value masked but for a few characters of its ends
    (``sk_live_****``, ``****1234``) is a stand-in too; a whole URL or token
    with a masked part is not.
    """
    text = value.strip().strip("\"'`").strip()
    if not text or text.startswith(MARKER.strip()):
        return True
    if text[0] in _OPENERS and _STAND_IN().fullmatch(text):
        return True
    if _FILLER_CHARS.issuperset(text) and _FILLER().fullmatch(text):
        return True
    if hinted and any(run in text for run in _MASK_RUNS) and _MASKING().search(text):
        rest = _MASKING().sub(" ", text)
        longest = max((len(piece) for piece in _NOT_ALNUM().split(rest)), default=0)
        return longest <= 8  # a masked value with a hint of its ends: sk_live_****, ****1234
    return False


def visible_part(value: str) -> str:
    """``value`` without quotes, wrapping brackets and a leading masked part: what a credential check reads."""
    text = value.strip().strip("\"'`")
    if len(text) > 2 and text[0] + text[-1] in ("<>", "[]", "()", "{}"):
        text = text[1:-1]
    return _MASKING().sub("", text).strip(".,;:)]}>") or text


_PLAIN = lazy(
    r"""(?:
        [+-]?\d{1,5}(?:[.,]\d{1,12})?%?                            # short numbers, percentages
      | v?\d{1,4}(?:\.\d{1,4}){1,4}(?:[-+][0-9A-Za-z.]{1,24})?      # versions
      | \d{4}-\d{2}-\d{2}(?:[T\s][\d:.]{4,15}(?:Z|[+-]\d{2}:?\d{2})?)?   # dates, instants
      | \d{1,2}[./]\d{1,2}[./]\d{2,4}                               # 10.11.2025
      | \d{1,2}:\d{2}(?::\d{2})?(?:\s?(?:am|pm|utc|z))?             # clock times
      | \d{1,6}(?:\.\d{1,6})?\s?(?:ms|s|sec|secs|m|min|mins|h|hr|hrs|d|w|y|days?|hours?|minutes?|seconds?|weeks?
          |months?|years?|kb|mb|gb|tb|kib|mib|gib|b|bits?|bytes?|chars?|characters|digits|x)   # durations, sizes
      | [a-z]{2,4}\d{1,2}                                           # region codes: nyc3, fra1
      | [a-z]{2}-[a-z]{4,10}-\d                                     # eu-west-1
      | q[1-4][-/]?\d{2,4} | \d{2,4}[-/]?q[1-4]                      # quarters
      | (?:/|\./|~/)[^\s]{0,200}                                    # a path: where the secret is, not the secret
    )""",
    re.X | re.I,
)


def plain(value: str) -> bool:
    """Whether ``value`` is an ordinary setting whatever name it has (module docstring)."""
    text = value.strip().strip("\"'`").strip().rstrip(".,;:!?)")
    return text.lower() in _WORDS_FOR_NOTHING or bool(_PLAIN().fullmatch(text))


_TECH: Final = frozenset(
    {
        "aes", "gcm", "cbc", "ctr", "rsa", "dsa", "ecdsa", "ecdh", "ed25519", "x25519", "ed448", "sha", "sha1",
        "sha2", "sha3", "md5", "hmac", "bcrypt", "scrypt", "argon2", "argon2id", "argon2i", "argon2d", "pbkdf2",
        "tls", "ssl", "http", "https", "ssh", "sftp", "oauth", "oidc", "saml", "jwt", "jwe", "jws", "totp", "hotp",
        "fido", "webauthn", "fa", "mfa", "u2f", "hsm", "kms", "pgp", "gpg", "utf", "base", "hex", "x509", "pkcs",
        "pem", "der", "p", "secp", "curve", "chacha", "poly", "xchacha", "vault", "sops", "age", "iso", "soc",
        "gdpr", "pci", "dss", "ipv", "s3", "ec2", "k8s", "iam", "sso", "ldap", "kerberos", "ntlm", "bit", "bits",
        "byte", "bytes", "kb", "mb", "gb", "tb", "char", "chars", "characters", "digit", "digits", "day", "days",
        "hour", "hours", "min", "mins", "minute", "minutes", "sec", "secs", "second", "seconds", "week", "weeks",
        "month", "months", "year", "years", "ms", "s", "h", "d", "m", "y", "v", "k", "r", "gcp", "aws", "azure",
        "nist", "fips", "cis", "tier", "level", "type", "round", "rounds", "cost", "key", "keys", "gen", "plus",
        "pro", "max", "mini", "lts", "rc", "beta", "alpha", "q", "x", "nyc", "sfo", "ams", "fra", "lon", "sgp",
        "blr", "tor", "syd",
    }
)  # fmt: skip
_LETTERS = lazy(r"[A-Za-z]{1,256}")


def _technical(piece: str) -> bool:
    """``SHA256``, ``4096bit``, ``Argon2id``, ``TLS1``, ``2FA``: technical terms with their numbers."""
    letters = _LETTERS().findall(piece)
    return bool(letters) and all(word.lower() in _TECH for word in letters)


def technical(value: str) -> bool:
    """Whether ``value`` is only technical terms and numbers: ``AES-256-GCM``, ``sha256``, ``RSA-4096``, ``2FA``."""
    pieces = [p for p in _PIECES().split(visible_part(value)) if p]
    return bool(pieces) and all(p.isdigit() or _technical(p) for p in pieces)


def credential_like(value: str) -> bool:
    """Whether ``value`` reads like a credential on its own (module docstring)."""
    text = visible_part(value)
    if len(text) < 6 or plain(text):
        return False
    if looks_random(text):
        return True
    if technical(text):
        return False
    letters = any(c.isalpha() for c in text)
    digits = any(c.isdigit() for c in text)
    symbols = any(not c.isalnum() and c not in "-_./'" for c in text)
    return letters and (digits or symbols)
