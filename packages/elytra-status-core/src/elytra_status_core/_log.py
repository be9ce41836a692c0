"""Logging for the CLI: stderr, text or JSON lines, secrets masked.

Every record passes through ``redact_text`` before it is written, so a token
that slipped into an exception message or a URL is masked in the log too.
That holds for the libraries' own warnings as well (botocore, aiohttp,
asyncio): the root logger gets the same redacting handler at level WARNING,
so nothing reaches stderr through logging without being masked.

Detectors find secrets by their shape. The secrets the run was configured
with (a source's token, the password in a URL, the S3 keys) are known by
value: ``register_secrets`` adds them to the run's registry, and every record
is masked with it too, so a server that echoes a token back in an error body
cannot put it in the log. ``Env.write`` masks stdout with the same registry
(``known_secrets``). ``configure_logging`` starts a run with an empty one.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Literal, TextIO

import msgspec

from ._core.redact import KnownSecrets, redact_text

__all__ = ["LOGGER_NAME", "configure_logging", "forget_secrets", "known_secrets", "logger", "register_secrets"]

LOGGER_NAME = "elytra_status"
logger = logging.getLogger(LOGGER_NAME)

_known = KnownSecrets()
"""The run's configured secret values (replaced whole, never mutated: a handler thread reads it)."""


def register_secrets(values: Iterable[str]) -> None:
    """Mask ``values`` by value, from now on, in every log line and stdout line (shorter than 6: ignored)."""
    global _known
    _known = _known | KnownSecrets.of(values)


def known_secrets() -> KnownSecrets:
    """The secret values registered for this run."""
    return _known


def forget_secrets() -> None:
    """Start over with no registered secrets (a new run in the same process)."""
    global _known
    _known = KnownSecrets()


class _Formatter(logging.Formatter):
    def __init__(self, style: Literal["text", "json"]) -> None:
        super().__init__()
        self._json = style == "json"

    def format(self, record: logging.LogRecord) -> str:
        try:
            text = record.getMessage()
        except Exception:  # a library's malformed log call must not become a traceback
            text = str(record.msg)
        if record.name != LOGGER_NAME and not record.name.startswith(f"{LOGGER_NAME}."):
            text = f"[{record.name}] {text}"
        message = redact_text(text, known=_known)
        when = datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if self._json:
            payload = {"time": when, "level": record.levelname.lower(), "message": message}
            return msgspec.json.encode(payload).decode()
        return f"{when} {record.levelname.lower():7} {message}"


class _Handler(logging.StreamHandler[TextIO]):
    """Writes to ``stream``, or to whatever ``sys.stderr`` is at the time of each record."""

    def __init__(self, stream: TextIO | None) -> None:
        super().__init__(stream or sys.stderr)
        self._fixed = stream

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = self._fixed or sys.stderr  # not setStream(): it flushes the old one, maybe closed
        super().emit(record)


def configure_logging(
    style: Literal["text", "json"] = "text", verbose: bool = False, stream: TextIO | None = None
) -> None:
    """Send the package's log records (and other libraries' warnings) to ``stream`` (default: stderr).

    This starts a run: the secrets an earlier run in this process registered are forgotten.
    """
    forget_secrets()
    formatter = _Formatter(style)
    handler = _Handler(stream)
    handler.setFormatter(formatter)
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False

    root = logging.getLogger()
    root.handlers[:] = [h for h in root.handlers if not isinstance(h, _Handler)]
    library = _Handler(stream)
    library.setFormatter(formatter)
    library.setLevel(logging.WARNING)
    root.addHandler(library)
