"""Logging for the CLI: stderr, text or JSON lines, secrets masked.

Every record passes through ``redact_text`` before it is written, so a token
that slipped into an exception message or a URL is masked in the log too.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from typing import Literal, TextIO

import msgspec

from ._redact import redact_text

__all__ = ["LOGGER_NAME", "configure_logging", "logger"]

LOGGER_NAME = "elytra_status"
logger = logging.getLogger(LOGGER_NAME)


class _Formatter(logging.Formatter):
    def __init__(self, style: Literal["text", "json"]) -> None:
        super().__init__()
        self._json = style == "json"

    def format(self, record: logging.LogRecord) -> str:
        message = redact_text(record.getMessage())
        when = datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if self._json:
            payload = {"time": when, "level": record.levelname.lower(), "message": message}
            return msgspec.json.encode(payload).decode()
        return f"{when} {record.levelname.lower():7} {message}"


def configure_logging(
    style: Literal["text", "json"] = "text", verbose: bool = False, stream: TextIO | None = None
) -> None:
    """Send the package's log records to ``stream`` (default: the current stderr)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(_Formatter(style))
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False
