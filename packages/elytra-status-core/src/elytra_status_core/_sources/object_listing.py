"""An object listing: the newest object under a prefix is the last successful backup.

For backup tools that only upload files (database dumps, tarballs) to a
folder or bucket prefix. Every object under ``prefix`` is listed
(recursively, through fsspec: a local folder, ``s3://`` with an
``endpoint_url`` for DigitalOcean Spaces, ...). Objects of size 0 are left
out: an upload that failed half-way, or a folder marker. The newest
modification time among the rest is one successful run. A prefix with no
such objects is an error rather than "no data": it is as likely a wrong
prefix as a missing backup, and the warning says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Final

from .._config import NonEmpty, SourceSettings
from .._core.observations import BackupRun, Observations
from .._core.redact import mask_url
from .._errors import SourceError
from .._fs import resolve
from .base import SourceContext
from .fetch import Fetcher, ListedObject, storage_options

__all__ = ["MONITOR_KEY", "ObjectListing", "Settings", "from_settings", "newest_object"]

MONITOR_KEY: Final = "none: reports backup runs, not monitors"
"""What a monitor key of this kind is (components select monitors by it)."""


class Settings(SourceSettings, frozen=True, kw_only=True):
    """``kind = "object-listing"``: the newest object under a prefix is the last successful backup."""

    prefix: NonEmpty
    """Folder or fsspec URL prefix (``s3://elytra-backups/nightly/``)."""
    endpoint_url: str | None = None
    """S3 endpoint for an ``s3://`` prefix (DigitalOcean Spaces)."""


def newest_object(objects: Iterable[ListedObject], source: str) -> BackupRun:
    """The newest non-empty object as a successful run; ``SourceError`` when there is none."""
    listed = list(objects)
    candidates = [o for o in listed if o.size != 0]
    if not candidates:
        what = f"only {len(listed)} empty object(s)" if listed else "no objects"
        raise SourceError(source, f"{what} under the prefix; no backup to date")
    dated = [o.modified for o in candidates if o.modified is not None]
    if not dated:
        raise SourceError(source, "the listing carries no modification times")
    return BackupRun(source=source, at=max(dated), outcome="success")


class ObjectListing:
    """Objects under one prefix."""

    role: Final = "backups"

    def __init__(self, prefix: str, *, endpoint_url: str | None = None, name: str | None = None) -> None:
        self.prefix = prefix
        self.options = storage_options(prefix, endpoint_url)
        self.name = f"{name or 'object-listing'} ({mask_url(prefix)})"

    async def collect(self, fetcher: Fetcher, now: datetime) -> Observations:
        objects = await fetcher.listing(self.prefix, source=self.name, options=self.options)
        return Observations(backups=(newest_object(objects, self.name),))


def from_settings(settings: Settings, context: SourceContext) -> ObjectListing:
    return ObjectListing(resolve(settings.prefix, context.base), endpoint_url=settings.endpoint_url, name=settings.name)
