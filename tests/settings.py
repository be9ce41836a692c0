"""Settings for tests, with durations given in seconds (the config file writes them as ``30s``)."""

from __future__ import annotations

from datetime import timedelta

import msgspec

from elytra_status_core._config import CollectSettings, PublishOptions
from elytra_status_core._core.durations import Duration

__all__ = ["collect_settings", "publish_options"]


def _durations(kind: type[msgspec.Struct], values: dict[str, float | int]) -> dict[str, object]:
    fields = {f.name: f.type for f in msgspec.structs.fields(kind)}
    return {
        name: Duration(seconds=value) if fields.get(name) is Duration and not isinstance(value, timedelta) else value
        for name, value in values.items()
    }


def collect_settings(**values: float) -> CollectSettings:
    """``CollectSettings`` with every duration in seconds: ``collect_settings(backoff_base=0.01, retries=2)``."""
    return msgspec.structs.replace(CollectSettings(), **_durations(CollectSettings, values))


def publish_options(**values: float) -> PublishOptions:
    """``PublishOptions`` with every duration in seconds: ``publish_options(deadline=60, backoff_max=0.1)``."""
    return msgspec.structs.replace(PublishOptions(), **_durations(PublishOptions, values))
