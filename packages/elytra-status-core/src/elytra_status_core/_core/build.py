"""Observations + settings + ``now`` -> the public document. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import TypeVar

from msgspec import UNSET, UnsetType

from elytra_status_contract import (
    SCHEMA_VERSION,
    Backups,
    Infrastructure,
    Notice,
    PlatformStatus,
    Uptime,
)

from .aggregate import platform_status, platform_uptime, summarize_backups
from .components import build_components, raise_by_incidents
from .freshness import fresh
from .instants import utc_seconds
from .notices import select
from .observations import Observations
from .settings import BackupSettings, ComponentSettings, InfrastructureSettings, NoticeSettings, StatusSettings

__all__ = ["build_document"]

T = TypeVar("T")


def _known(value: T | None) -> T | UnsetType:
    return UNSET if value is None else value


def build_document(
    observations: Observations,
    *,
    now: datetime,
    status: StatusSettings | None = None,
    infrastructure: InfrastructureSettings | None = None,
    backups: BackupSettings | None = None,
    max_age_of: Mapping[str, timedelta] | None = None,
    components: Sequence[ComponentSettings] = (),
    notices: Sequence[Notice] = (),
    notice_settings: NoticeSettings | None = None,
    source_names: Mapping[str, str] | None = None,
) -> PlatformStatus:
    """Build the v1 document for ``now`` (an aware datetime).

    Only observations that are current count (``freshness.fresh``: a state
    older than ``status.max_observation_age``, or the source's own age in
    ``max_age_of``, undated or from the future is no data). Sections without
    any known value are omitted; nothing is invented.

    ``notices`` are every derived notice (``notices.derive`` at ``now``);
    the document carries those ``notices.select`` picks, and unresolved
    incidents raise the platform's and their components' statuses.
    ``source_names`` maps a source's display name to the name component
    selectors use (``components.matches``).
    """
    status = status or StatusSettings()
    backups = backups or BackupSettings()
    infrastructure = infrastructure or InfrastructureSettings()
    updated_at = utc_seconds(now)
    observations, _dropped = fresh(observations, now, status.max_observation_age, max_age_of)

    monitors = observations.monitors
    last_24h = platform_uptime(monitors, "24h", status.uptime_aggregation)
    last_7d = platform_uptime(monitors, "7d", status.uptime_aggregation)
    uptime = Uptime(last_24h=_known(last_24h), last_7d=_known(last_7d))

    summary = summarize_backups(observations.backups, backups.max_age, now)
    backup_section = Backups(
        policy=_known(backups.policy),
        last_successful_backup=_known(
            utc_seconds(summary.last_successful_backup) if summary.last_successful_backup else None
        ),
        last_backup_status=_known(summary.last_backup_status),
    )
    infra_section = Infrastructure(
        model=_known(infrastructure.model),
        regions=_known(list(infrastructure.regions) if infrastructure.regions is not None else None),
        notes=_known(infrastructure.notes),
    )
    return PlatformStatus(
        schema_version=SCHEMA_VERSION,
        updated_at=updated_at,
        stale_after=updated_at + status.stale_after,
        platform_status=raise_by_incidents(platform_status(monitors, status, last_24h), notices),
        uptime=uptime if uptime != Uptime() else UNSET,
        backups=backup_section if backup_section != Backups() else UNSET,
        infrastructure=infra_section if infra_section != Infrastructure() else UNSET,
        components=(
            build_components(components, monitors, status=status, notices=notices, source_names=source_names) or UNSET
        ),
        notices=select(notices, now, notice_settings) or UNSET,
    )
