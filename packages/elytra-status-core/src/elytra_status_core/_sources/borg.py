"""borg, from its saved ``borg list --json`` output (any fsspec URL).

``{"archives": [{"name": ..., "start": ..., "time": ...}, ...], "repository": {...}}``.
Every archive is a successful backup. Its time is ``end`` when present
(``borg info --json``), else ``start``/``time``. borg 1.x writes LOCAL times
without an offset (``2025-06-01T02:00:01.000000``): they are read in the
configured ``timezone`` of the backup host (ambiguous times at a DST change
take the first occurrence). borg 2 (``borg repo-list --json``) writes
offsets, which win over the configured zone.

Checkpoint archives (``<name>.checkpoint`` or ``<name>.checkpoint.N``, listed
only with ``--consider-checkpoints``) are what an interrupted ``borg create``
leaves behind: they count as failed runs. A repository without archives is
no data.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

from .._config import NonEmpty, SourceSettings
from .._core.observations import BackupRun, Observations
from .._core.redact import mask_url
from .._errors import SourceError
from .._fs import resolve
from .base import SourceContext
from .fetch import Fetcher, storage_options
from .payload import decode_json, parse_aware

__all__ = ["MONITOR_KEY", "Borg", "Settings", "from_settings", "parse_borg_list"]

MONITOR_KEY: Final = "none: reports backup runs, not monitors"
"""What a monitor key of this kind is (components select monitors by it)."""

_CHECKPOINT = re.compile(r"\.checkpoint(?:\.\d+)?$")


class Settings(SourceSettings, frozen=True, kw_only=True):
    """``kind = "borg"``: a file holding ``borg list --json`` (or ``borg info --json``) output."""

    list: NonEmpty
    """Path or fsspec URL of the saved output."""
    timezone: NonEmpty
    """IANA zone of the backup host: borg 1.x writes local times without an offset."""
    endpoint_url: str | None = None
    """S3 endpoint for an ``s3://`` URL (DigitalOcean Spaces)."""

    def __post_init__(self) -> None:
        zone(self.timezone)


def zone(name: str) -> tzinfo:
    """The IANA time zone ``name``; ``ValueError`` saying so when there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}, expected an IANA name like 'Europe/Berlin'") from None


class _Archive(msgspec.Struct, frozen=True):
    name: str | None = None
    archive: str | None = None
    start: str | None = None
    time: str | None = None
    end: str | None = None


class _Listing(msgspec.Struct, frozen=True):
    archives: list[_Archive]


def parse_borg_list(body: bytes, source: str, zone: tzinfo) -> list[BackupRun]:
    """Backup runs from ``borg list --json``; naive times are read in ``zone``."""
    listing = decode_json(body, _Listing, source, "borg list")
    runs: list[BackupRun] = []
    for index, archive in enumerate(listing.archives):
        when = archive.end or archive.start or archive.time
        if when is None:
            raise SourceError(source, f"borg list: archive {index} has no time")
        name = archive.name or archive.archive or ""
        runs.append(
            BackupRun(
                source=source,
                at=parse_aware(when, source, f"archive {index} time", zone),
                outcome="failed" if _CHECKPOINT.search(name) else "success",
            )
        )
    return runs


class Borg:
    """One file of saved ``borg list --json`` output."""

    role: Final = "backups"

    def __init__(
        self, listing: str, timezone: str, *, endpoint_url: str | None = None, name: str | None = None
    ) -> None:
        self.zone = zone(timezone)
        self.listing = listing
        self.options = storage_options(listing, endpoint_url)
        self.name = f"{name or 'borg'} ({mask_url(listing)})"

    async def collect(self, fetcher: Fetcher, now: datetime) -> Observations:
        body = await fetcher.get(self.listing, source=self.name, options=self.options)
        return Observations(backups=tuple(parse_borg_list(body, self.name, self.zone)))


def from_settings(settings: Settings, context: SourceContext) -> Borg:
    return Borg(
        resolve(settings.list, context.base), settings.timezone, endpoint_url=settings.endpoint_url, name=settings.name
    )
