"""restic, from its saved JSON output (any fsspec URL).

The file named by ``snapshots`` holds one of:

- ``restic snapshots --json``: an array of snapshots. Every snapshot is a
  successful backup at its ``time`` (an offset and up to nine fractional
  digits; ``hostname``, ``tags``, ``parent``, ``summary`` may be missing).
  ``[]`` (or ``null``) is a repository without snapshots: no data.
- ``restic snapshots --json --group-by ...``: an array of
  ``{"group_key": {...}, "snapshots": [...]}``; the groups are flattened.
- ``restic backup --json``: JSON lines. A ``summary`` line means the run
  made a snapshot: ``success``, or ``warning`` when ``error`` lines came
  before it (restic's exit code 3, some files unreadable). Without a summary
  the run failed. Its time is ``backup_start`` (restic 0.18+), else the
  file's modification time; older restic (0.14) prints nothing on stdout when
  it fails early, so an empty file is a failed run at its modification
  time. Lines that are not JSON (stderr captured with ``2>&1``) are skipped.
  Write the output to a temporary file and rename it when restic exits:
  a run still in progress has no summary yet and would read as failed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

import msgspec

from .._config import NonEmpty, SourceSettings
from .._core.observations import BackupOutcome, BackupRun, Observations
from .._core.redact import mask_url
from .._errors import SourceError
from .._fs import resolve
from .base import SourceContext
from .fetch import Fetcher, storage_options
from .payload import decode_json, error_text, parse_aware

__all__ = ["MONITOR_KEY", "Restic", "Settings", "from_settings", "parse_restic"]

MONITOR_KEY: Final = "none: reports backup runs, not monitors"
"""What a monitor key of this kind is (components select monitors by it)."""


class Settings(SourceSettings, frozen=True, kw_only=True):
    """``kind = "restic"``: a file holding ``restic snapshots --json`` or ``restic backup --json`` output."""

    snapshots: NonEmpty
    """Path or fsspec URL of the saved output."""
    endpoint_url: str | None = None
    """S3 endpoint for an ``s3://`` URL (DigitalOcean Spaces)."""


class _Snapshot(msgspec.Struct, frozen=True):
    time: str


class _Group(msgspec.Struct, frozen=True):
    group_key: dict[str, object]
    snapshots: list[_Snapshot] | None


class _Message(msgspec.Struct, frozen=True):
    message_type: str
    backup_start: str | None = None


def _snapshot_runs(body: bytes, source: str) -> list[BackupRun]:
    if body.strip() == b"null":  # no snapshots, as some restic versions print it
        return []
    items = decode_json(body, list[dict[str, msgspec.Raw]], source, "snapshots")
    if not items:
        return []
    grouped = "group_key" in items[0]
    snapshots: list[_Snapshot] = []
    if grouped:
        for group in decode_json(body, list[_Group], source, "grouped snapshots"):
            snapshots.extend(group.snapshots or [])
    else:
        snapshots = decode_json(body, list[_Snapshot], source, "snapshots")
    return [
        BackupRun(source=source, at=parse_aware(s.time, source, "snapshot time"), outcome="success") for s in snapshots
    ]


_message_decoder: Final = msgspec.json.Decoder(_Message)


def _backup_log_run(body: bytes, source: str, modified: datetime | None) -> BackupRun:
    messages: list[_Message] = []
    for raw in body.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not line.startswith(b"{"):
            continue  # stderr text captured along with the JSON lines
        try:
            messages.append(_message_decoder.decode(line))
        except msgspec.ValidationError as exc:
            error = error_text(line)
            if error is not None:
                raise SourceError(source, f"answered an error: {error}") from None
            raise SourceError(source, f"backup log: unexpected line: {exc}") from None
        except (msgspec.DecodeError, UnicodeDecodeError):
            raise SourceError(source, "backup log: truncated or invalid JSON line") from None
    if body.strip() and not messages:
        raise SourceError(source, "backup log: no restic JSON messages (not `restic backup --json` output)")
    summary = next((m for m in reversed(messages) if m.message_type == "summary"), None)
    outcome: BackupOutcome = "failed"
    if summary is not None:
        errors = any(m.message_type in ("error", "exit_error") for m in messages)
        outcome = "warning" if errors else "success"
    at = parse_aware(summary.backup_start, source, "backup_start") if summary and summary.backup_start else modified
    if at is None:
        raise SourceError(source, "backup log: no backup_start and no modification time to date the run")
    return BackupRun(source=source, at=at, outcome=outcome)


def parse_restic(body: bytes, source: str, modified: datetime | None = None) -> list[BackupRun]:
    """Backup runs from saved restic JSON output; ``modified`` dates a backup log without times."""
    if body.lstrip()[:1] == b"<":
        raise SourceError(source, "restic output: answered HTML or XML, not JSON")
    if body.lstrip()[:1] in (b"[", b"n"):
        return _snapshot_runs(body, source)
    return [_backup_log_run(body, source, modified)]


class Restic:
    """One file of saved restic output."""

    role: Final = "backups"

    def __init__(self, snapshots: str, *, endpoint_url: str | None = None, name: str | None = None) -> None:
        self.snapshots = snapshots
        self.options = storage_options(snapshots, endpoint_url)
        self.name = f"{name or 'restic'} ({mask_url(snapshots)})"

    async def collect(self, fetcher: Fetcher, now: datetime) -> Observations:
        answer = await fetcher.fetch(self.snapshots, source=self.name, options=self.options, modified=True)
        return Observations(backups=tuple(parse_restic(answer.body, self.name, answer.modified)))


def from_settings(settings: Settings, context: SourceContext) -> Restic:
    return Restic(resolve(settings.snapshots, context.base), endpoint_url=settings.endpoint_url, name=settings.name)
