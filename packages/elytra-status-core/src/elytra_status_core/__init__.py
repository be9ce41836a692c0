"""elytra-status core: build, validate, redact and publish ``status.json``.

The pure core (no I/O, ``now`` passed in)::

    from elytra_status_core import Observations, MonitorObservation, build_document, is_stale

The I/O shell::

    from elytra_status_core import load_config, build_run, publish_document

The CLI is ``elytra`` (``elytra_status_core._cli:main``).
"""

from __future__ import annotations

from elytra_status_contract import ContractError, PlatformStatus, decode, encode

from ._aggregate import BackupSummary, floor_percent, platform_status, platform_uptime, summarize_backups
from ._build import build_document
from ._config import Config, LoadedConfig, PublishOptions, PublishTarget, load_config, parse_config
from ._durations import Duration, format_duration, parse_duration
from ._errors import ConfigError, ElytraError, LeakDetected, NothingToPublish, SinkError, SourceError
from ._fetch import FetchSettings, Fetcher
from ._mock import MOCK_STATES, mock_document
from ._observations import BackupRun, MonitorObservation, MonitorState, Observations
from ._publish import (
    PublishOutcome,
    RunResult,
    build_run,
    guard_output,
    publish_document,
    publish_to_sinks,
    render_document,
)
from ._redact import Finding, mask_url, redact_text, scan_output, scan_text, scan_value
from ._retry import RetryPolicy
from ._settings import BackupSettings, InfrastructureSettings, StatusSettings
from ._sinks import Sink, make_sink
from ._sources import Source, make_source
from ._staleness import is_stale, parse_instant

__all__ = [
    "MOCK_STATES",
    "BackupRun",
    "BackupSettings",
    "BackupSummary",
    "Config",
    "ConfigError",
    "ContractError",
    "Duration",
    "ElytraError",
    "FetchSettings",
    "Fetcher",
    "Finding",
    "InfrastructureSettings",
    "LeakDetected",
    "LoadedConfig",
    "MonitorObservation",
    "MonitorState",
    "NothingToPublish",
    "Observations",
    "PlatformStatus",
    "PublishOptions",
    "PublishOutcome",
    "PublishTarget",
    "RetryPolicy",
    "RunResult",
    "Sink",
    "SinkError",
    "Source",
    "SourceError",
    "StatusSettings",
    "build_document",
    "build_run",
    "decode",
    "encode",
    "floor_percent",
    "format_duration",
    "guard_output",
    "is_stale",
    "load_config",
    "make_sink",
    "make_source",
    "mask_url",
    "mock_document",
    "parse_config",
    "parse_duration",
    "parse_instant",
    "platform_status",
    "platform_uptime",
    "publish_document",
    "publish_to_sinks",
    "redact_text",
    "render_document",
    "scan_output",
    "scan_text",
    "scan_value",
    "summarize_backups",
]
