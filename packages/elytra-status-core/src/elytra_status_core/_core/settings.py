"""Settings of the pure core, as they appear in the config file.

Pure data: the config loader decodes them, the core reads them. Unknown keys
are errors here (a typo in a config must not be silently ignored), unlike
the public document, whose readers are tolerant.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from .durations import Duration

__all__ = ["BackupSettings", "InfrastructureSettings", "StatusSettings"]

Percent = Annotated[float, Meta(ge=0, le=100)]


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


class InfrastructureSettings(_Section, frozen=True):
    """``[infrastructure]``: static text copied into the document."""

    model: str | None = None
    regions: list[str] | None = None
    notes: str | None = None


class BackupSettings(_Section, frozen=True):
    """``[backups]``: the policy text and when the newest run counts as overdue."""

    policy: str | None = None
    max_age: Duration = Duration(hours=36)
