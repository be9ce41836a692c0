"""URLs made safe to print. Pure."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .scan import redact_text

__all__ = ["mask_url"]

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
