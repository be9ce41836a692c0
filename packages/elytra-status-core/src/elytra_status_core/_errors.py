"""The error tree of elytra-status: every class the package raises lives here.

::

    ElytraError                     every error the CLI turns into a message
    ├── ConfigError                 bad or missing configuration          (exit 2)
    ├── SourceError                 a source failed or answered garbage    (exit 1)
    │   └── SourceHTTPError         ... with an HTTP status it did not accept
    ├── SinkError                   reading or writing a sink failed       (exit 1)
    │   ├── TransientSinkError      ... in a way another attempt may not meet
    │   └── WriteConflict           the object changed between our read and our
    │                               conditional write (retried inside the attempt)
    ├── LeakDetected                a string that would leave the process carries
    │                               something sensitive                    (exit 1)
    ├── NothingToPublish            no uptime source answered              (exit 1)
    ├── LockBusy                    another publish run holds the run lock (exit 0)
    └── NotifyError                 a change notification or heartbeat could not be
                                    sent (logged; never fails the publish)

    ContractError (elytra_status_contract)  a document breaks the contract

    Signals between the readers of bodies and their callers, turned into a
    SourceError (or a failed check) before they could reach the CLI:

    BodyTooLarge                    a decoded body went past its cap
    UndecodableBody                 an unknown Content-Encoding, or a corrupt body
    CutShort                        the connection closed before the announced body
    DuplicateKey                    a JSON object names a key twice

Errors from httpx, fsspec and botocore are translated into these at the
boundary (``_sources.fetch``, ``_fs`` and ``_sinks``); they never reach the
CLI raw. Every message is safe to show: URLs are masked before they are put in
one.
"""

from __future__ import annotations

__all__ = [
    "BodyTooLarge",
    "ConfigError",
    "CutShort",
    "DuplicateKey",
    "ElytraError",
    "LeakDetected",
    "LockBusy",
    "NothingToPublish",
    "NotifyError",
    "SinkError",
    "SourceError",
    "SourceHTTPError",
    "TransientSinkError",
    "UndecodableBody",
    "WriteConflict",
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
        self.reason = message
        self.key = key
        self.file = file


class SourceError(ElytraError):
    """A source could not be read or returned something we cannot trust."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"source {source}: {message}")
        self.source = source


class SourceHTTPError(SourceError):
    """The server answered with an HTTP status the source did not accept.

    A missing file behind a non-HTTP URL is reported the same way, as 404.
    """

    def __init__(self, source: str, message: str, status: int) -> None:
        super().__init__(source, message)
        self.status = status


class SinkError(ElytraError):
    """A sink could not be read or written. ``url`` is already masked."""

    def __init__(self, url: str, message: str) -> None:
        super().__init__(f"sink {url}: {message}")
        self.url = url
        self.reason = message


class TransientSinkError(SinkError):
    """A failure that another attempt may not meet (throttling, 5xx, timeout, reset)."""

    def __init__(self, url: str, message: str, cause: str) -> None:
        super().__init__(url, message)
        self.cause = cause
        """Short cause for counting and logs: ``SlowDown``, ``503``, ``timeout``, ``connection``..."""


class WriteConflict(SinkError):
    """The object changed between our read and our conditional write."""

    def __init__(self, url: str) -> None:
        super().__init__(url, "the object changed between the read and the conditional write")


class LeakDetected(ElytraError):
    """Something sensitive was found in output; nothing was written."""

    def __init__(self, findings: list[str]) -> None:
        super().__init__("refusing to publish, sensitive data found: " + "; ".join(findings))
        self.findings = findings


class NothingToPublish(ElytraError):
    """Every uptime source failed; publishing a guess would be dishonest."""


class NotifyError(ElytraError):
    """A notification, heartbeat ping or metrics file could not be delivered. ``target`` is already masked.

    ``transient``: another attempt may succeed (a timeout, a reset, 429, 5xx).
    The run logs it; the publish's outcome and exit code do not change.
    """

    def __init__(self, target: str, message: str, *, transient: bool = False, retry_after: float | None = None) -> None:
        super().__init__(f"{target}: {message}")
        self.target = target
        self.reason = message
        self.transient = transient
        self.retry_after = retry_after
        """Seconds the receiver asked to wait (``Retry-After``), when it said."""


class LockBusy(ElytraError):
    """Another run holds the run lock. ``holder`` describes it, when known.

    Not a failure: the run that holds the lock publishes, so the CLI exits 0.
    """

    exit_code = 0

    def __init__(self, path: str, holder: str) -> None:
        super().__init__(f"another run holds {path} ({holder})")
        self.path = path
        self.holder = holder


class BodyTooLarge(Exception):
    """A decoded body went past its cap."""


class UndecodableBody(Exception):
    """A ``Content-Encoding`` the readers do not know (``br``, ``zstd``...), or a corrupt body."""


class CutShort(Exception):
    """The connection closed before the body its ``Content-Length`` announced (worth another attempt)."""


class DuplicateKey(Exception):
    """A JSON object names ``key`` twice."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key
