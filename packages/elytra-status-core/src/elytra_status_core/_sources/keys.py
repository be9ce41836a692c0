"""API keys of sources: read from the environment when a source runs, kept out of every message.

A key is named in the config by its environment variable (``token_env``,
``password_env``), never written there. ``read_key`` reads it from the
environment the CLI passed in and fails the source, naming the variable,
when it is missing. The CLI registers the values of every ``*_env`` variable
a source table names with the log masker before any source runs, so a key
is masked in every log line; ``hiding`` masks it in the source's own error
messages too, for the APIs that echo what they were sent (UptimeRobot's
``passed_value``), whoever prints the error.
"""

from __future__ import annotations

import contextlib
from collections.abc import Generator, Mapping

from .._core.redact import KnownSecrets
from .._errors import SourceError, SourceHTTPError

__all__ = ["hiding", "read_key"]


def read_key(env: Mapping[str, str], variable: str, source: str, key: str = "token_env") -> str:
    """The value of ``variable``; ``SourceError`` naming it (and its config ``key``) when unset or empty."""
    value = env.get(variable, "").strip()
    if not value:
        raise SourceError(source, f"environment variable {variable} ({key}) is not set or empty")
    return value


@contextlib.contextmanager
def hiding(*secrets: str) -> Generator[None, None, None]:
    """Re-raise any ``SourceError`` from the block with ``secrets`` masked in its message."""
    try:
        yield
    except SourceError as exc:
        known = KnownSecrets.of(secrets)
        text = str(exc)
        if not known.spans(text):
            raise
        message = known.redact(text.removeprefix(f"source {exc.source}: "))
        if isinstance(exc, SourceHTTPError):
            raise SourceHTTPError(exc.source, message, exc.status) from None
        raise SourceError(exc.source, message) from None
