"""URLs made safe to print. Pure."""

from __future__ import annotations

import re

from .lazy import lazy
from .names import secret_name
from .scan import redact_text

__all__ = ["mask_url", "url_secrets"]

_SENSITIVE_QUERY = lazy(r"token|key|sig|secret|password|passwd|pwd|credential|auth", re.I)


def mask_url(url: str) -> str:
    """A URL safe to print: password and sensitive query values replaced by ``***``.

    Credentials in the path (a Slack webhook, a bot token) are masked too, by
    the secret detectors of ``redact_text``.
    """
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit  # on first use: a start need not pay

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
            [(k, "***" if _SENSITIVE_QUERY().search(k) or secret_name(k) else v) for k, v in pairs], safe="*"
        )
    return redact_text(urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment)))


def url_secrets(url: str) -> list[str]:
    """The secrets written into ``url``: its password (as written and decoded) and sensitive query values."""
    from urllib.parse import parse_qsl, unquote, urlsplit

    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return []
    found: list[str] = []
    if password:
        found += [password, unquote(password)]
    for key, value in parse_qsl(parts.query, keep_blank_values=False):
        if value and (_SENSITIVE_QUERY().search(key) or secret_name(key)):
            found.append(value)
    return found
