"""Logging for the CLI: stderr, text or JSON lines, secrets masked.

Every record passes through ``redact_text`` before it is written, so a token
that slipped into an exception message or a URL is masked in the log too.
That holds for the libraries' own warnings as well (botocore, aiohttp,
asyncio): the root logger gets the same redacting handler at level WARNING,
so nothing reaches stderr through logging without being masked.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from typing import Literal, TextIO

import msgspec

from ._core.redact import redact_text

__all__ = ["LOGGER_NAME", "configure_logging", "logger"]

LOGGER_NAME = "elytra_status"
logger = logging.getLogger(LOGGER_NAME)


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
        message = redact_text(text)
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
    """Send the package's log records (and other libraries' warnings) to ``stream`` (default: stderr)."""
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
