"""The error tree of elytra-status.

::

    ElytraError                   every error the CLI turns into a message
    ├── ConfigError               bad or missing configuration        (exit 2)
    ├── SourceError               a source failed or answered garbage  (exit 1)
    ├── SinkError                 reading or writing a sink failed     (exit 1)
    ├── LeakDetected              a string that would leave the process
    │                             carries something sensitive          (exit 1)
    └── NothingToPublish          no uptime source answered            (exit 1)

    ContractError (elytra_status_contract)  a document breaks the contract

Errors from httpx, fsspec and botocore are translated into these at the
boundary (``_fetch`` and ``_sinks``); they never reach the CLI raw. Every
message is safe to show: URLs are masked before they are put in one.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "ElytraError",
    "LeakDetected",
    "NothingToPublish",
    "SinkError",
    "SourceError",
]


class ElytraError(Exception):
    """Base class of every error elytra-status raises on purpose."""

    exit_code: int = 1


class ConfigError(ElytraError):
    """The configuration is missing, unreadable or invalid.

    ``key`` is the key path (``sources[2].url``) when one is known.
    """

    exit_code = 2

    def __init__(self, message: str, *, key: str | None = None, file: str | None = None) -> None:
        where = ", ".join(part for part in (file, f"key {key}" if key else None) if part)
        super().__init__(f"{where}: {message}" if where else message)
        self.key = key
        self.file = file


class SourceError(ElytraError):
    """A source could not be read or returned something we cannot trust."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"source {source}: {message}")
        self.source = source


class SinkError(ElytraError):
    """A sink could not be read or written. ``url`` is already masked."""

    def __init__(self, url: str, message: str) -> None:
        super().__init__(f"sink {url}: {message}")
        self.url = url


class LeakDetected(ElytraError):
    """Something sensitive was found in output; nothing was written."""

    def __init__(self, findings: list[str]) -> None:
        super().__init__("refusing to publish, sensitive data found: " + "; ".join(findings))
        self.findings = findings


class NothingToPublish(ElytraError):
    """Every uptime source failed; publishing a guess would be dishonest."""
