"""Settings of the pure core, as they appear in the config file.

Pure data: the config loader decodes them, the core reads them. Unknown keys
are errors here (a typo in a config must not be silently ignored), unlike
the public document, whose readers are tolerant.
"""

# No ``from __future__ import annotations`` here: msgspec reads the annotations of these Structs as
# objects made with the classes, instead of evaluating their text at the first decode (about a
# millisecond per document type, at every start).

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from elytra_status_contract import COMPONENT_ID_PATTERN, MAX_HISTORY_DAYS

from .durations import Duration

__all__ = [
    "MAX_REGIONS",
    "MAX_TEXT",
    "BackupSettings",
    "ComponentSettings",
    "HistorySettings",
    "InfrastructureSettings",
    "NoticeSettings",
    "OutputsSettings",
    "PageSettings",
    "StatusSettings",
]

Percent = Annotated[float, Meta(ge=0, le=100)]
MAX_TEXT = 2000
"""Longest static text (``model``, ``notes``, ``policy``), in characters: a sentence or two for a status card."""
MAX_REGIONS = 64
Text = Annotated[str, Meta(max_length=MAX_TEXT)]
Region = Annotated[str, Meta(min_length=1, max_length=64)]


class _Section(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of config sections: frozen, keyword-only, unknown keys rejected."""


class StatusSettings(_Section, frozen=True):
    """``[status]``: how observations become a platform status."""

    stale_after: Duration = Duration(minutes=30)
    """Written as ``stale_after = updated_at + this`` into the document."""
    operational_min_24h: Percent = 99.9
    """Platform 24h uptime below this makes the status at least ``degraded``."""
    outage_share: Annotated[float, Meta(gt=0, le=1)] = 0.5
    """Share of down monitors (0..1) at which the platform is in ``outage``."""
    uptime_aggregation: Literal["mean", "min"] = "mean"
    """How monitor availabilities combine into the platform's uptime."""
    max_observation_age: Duration = Duration(minutes=30)
    """A monitor state checked longer ago than this counts as no data (a source may set its own)."""

    def __post_init__(self) -> None:
        if 0 < self.operational_min_24h < 1:
            raise ValueError(
                f"operational_min_24h: {self.operational_min_24h} looks like a fraction; "
                "it is a percent (99.9 for 99.9%)"
            )


class InfrastructureSettings(_Section, frozen=True):
    """``[infrastructure]``: static text copied into the document."""

    model: Text | None = None
    regions: Annotated[list[Region], Meta(max_length=MAX_REGIONS)] | None = None
    notes: Text | None = None


class BackupSettings(_Section, frozen=True):
    """``[backups]``: the policy text and when the newest run counts as overdue."""

    policy: Text | None = None
    max_age: Duration = Duration(hours=36)


class PageSettings(_Section, frozen=True):
    """``[page]``: the public page the published files belong to (feeds and the Statuspage API name it)."""

    name: Annotated[str, Meta(min_length=1, max_length=200)] = "Status"
    """The page's title (``Elytracloud``)."""
    url: str | None = None
    """Where the site and the published files are served (``https://status.elytracloud.com``)."""


class OutputsSettings(_Section, frozen=True):
    """``[outputs]``: the files published beside ``status.json`` (docs/outputs.md); all on by default."""

    history: bool = True
    """``history.json``: 90 days of day records."""
    statuspage: bool = True
    """``api/v2/*.json``: the Statuspage v2 API."""
    feeds: bool = True
    """``history.atom`` and ``history.rss``."""
    badges: bool = True
    """``badges/*.json`` (shields.io endpoint) and ``badges/*.svg``."""


class ComponentSettings(_Section, frozen=True):
    """One ``[[components]]`` table."""

    id: Annotated[str, Meta(pattern=COMPONENT_ID_PATTERN)]
    """Stable id (``panel``); notices list components by it."""
    name: Annotated[str, Meta(min_length=1, max_length=200)]
    """Display name (``Control panel``); published."""
    group: Annotated[str, Meta(min_length=1, max_length=200)] | None = None
    """Optional heading (``Hosting``); published."""
    monitors: list[Annotated[str, Meta(min_length=3, max_length=MAX_TEXT)]] = []
    """Selectors ``"<source name>:<monitor key glob>"``."""
    outage_share: Annotated[float, Meta(gt=0, le=1)] | None = None
    """This component's own ``status.outage_share``."""
    operational_min_24h: Annotated[float, Meta(ge=0, le=100)] | None = None
    """This component's own ``status.operational_min_24h``."""


class NoticeSettings(_Section, frozen=True):
    """``[notices]``: where notice files live and which of them ``status.json`` shows."""

    dir: str = "notices"
    """Folder of notice files (``*.toml``): a path relative to the config file, or any fsspec URL."""
    upcoming: Duration = Duration(days=7)
    """Scheduled maintenance starting within this is shown."""
    recent: Duration = Duration(hours=24)
    """Notices resolved or completed within this are still shown."""
    endpoint_url: str | None = None
    """S3 endpoint for an ``s3://`` folder (DigitalOcean Spaces); else AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL."""


class HistorySettings(_Section, frozen=True):
    """``[history]``: how much ``history.json`` keeps and when a day closes."""

    days: Annotated[int, Meta(ge=1, le=MAX_HISTORY_DAYS)] = 90
    """Days kept, today included (at most 366)."""
    close_window: Duration = Duration(minutes=30)
    """How long after midnight UTC a run may still close yesterday with a source's rolling 24 h figure."""
