"""elytra-status core: build, validate, redact and publish ``status.json``.

The pure core (no I/O, ``now`` passed in)::

    from elytra_status_core import Observations, MonitorObservation, build_document, is_stale

The I/O shell::

    from elytra_status_core import load_config, build_run, publish_to_sinks

The CLI is ``elytra`` (``elytra_status_core._cli:main``). Names are loaded
on first access (a module ``__getattr__``), so importing the package costs
only what is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from elytra_status_contract import ContractError as ContractError
    from elytra_status_contract import PlatformStatus as PlatformStatus
    from elytra_status_contract import decode as decode
    from elytra_status_contract import encode as encode

    from ._config import CollectSettings as CollectSettings
    from ._config import Config as Config
    from ._config import LoadedConfig as LoadedConfig
    from ._config import PublishOptions as PublishOptions
    from ._config import SinkSettings as SinkSettings
    from ._core.aggregate import BackupSummary as BackupSummary
    from ._core.aggregate import floor_percent as floor_percent
    from ._core.aggregate import platform_status as platform_status
    from ._core.aggregate import platform_uptime as platform_uptime
    from ._core.aggregate import summarize_backups as summarize_backups
    from ._core.build import build_document as build_document
    from ._core.durations import Duration as Duration
    from ._core.durations import format_duration as format_duration
    from ._core.durations import parse_duration as parse_duration
    from ._core.fixtures import MOCK_STATES as MOCK_STATES
    from ._core.fixtures import mock_document as mock_document
    from ._core.instants import format_instant as format_instant
    from ._core.instants import parse_instant as parse_instant
    from ._core.observations import BackupRun as BackupRun
    from ._core.observations import MonitorObservation as MonitorObservation
    from ._core.observations import MonitorState as MonitorState
    from ._core.observations import Observations as Observations
    from ._core.redact import Finding as Finding
    from ._core.redact import mask_url as mask_url
    from ._core.redact import redact_text as redact_text
    from ._core.redact import scan_output as scan_output
    from ._core.redact import scan_text as scan_text
    from ._core.redact import scan_value as scan_value
    from ._core.settings import BackupSettings as BackupSettings
    from ._core.settings import InfrastructureSettings as InfrastructureSettings
    from ._core.settings import StatusSettings as StatusSettings
    from ._core.staleness import is_stale as is_stale
    from ._errors import ConfigError as ConfigError
    from ._errors import ElytraError as ElytraError
    from ._errors import LeakDetected as LeakDetected
    from ._errors import NothingToPublish as NothingToPublish
    from ._errors import SinkError as SinkError
    from ._errors import SourceError as SourceError
    from ._run import PublishOutcome as PublishOutcome
    from ._run import RunResult as RunResult
    from ._run import build_run as build_run
    from ._run import guard_output as guard_output
    from ._run import make_sinks as make_sinks
    from ._run import publish as publish
    from ._run import publish_to_sinks as publish_to_sinks
    from ._run import render_document as render_document
    from ._sinks import Sink as Sink
    from ._sinks import make_sink as make_sink
    from ._sources.base import Source as Source
    from ._sources.base import SourceContext as SourceContext
    from ._sources.fetch import Fetcher as Fetcher
    from ._sources.registry import load_config as load_config
    from ._sources.registry import make_source as make_source
    from ._sources.registry import make_sources as make_sources
    from ._sources.registry import parse_config as parse_config

_WHERE: dict[str, str] = {
    "ContractError": "elytra_status_contract",
    "PlatformStatus": "elytra_status_contract",
    "decode": "elytra_status_contract",
    "encode": "elytra_status_contract",
    "CollectSettings": "._config",
    "Config": "._config",
    "LoadedConfig": "._config",
    "PublishOptions": "._config",
    "SinkSettings": "._config",
    "BackupSummary": "._core.aggregate",
    "floor_percent": "._core.aggregate",
    "platform_status": "._core.aggregate",
    "platform_uptime": "._core.aggregate",
    "summarize_backups": "._core.aggregate",
    "build_document": "._core.build",
    "Duration": "._core.durations",
    "format_duration": "._core.durations",
    "parse_duration": "._core.durations",
    "MOCK_STATES": "._core.fixtures",
    "mock_document": "._core.fixtures",
    "format_instant": "._core.instants",
    "parse_instant": "._core.instants",
    "BackupRun": "._core.observations",
    "MonitorObservation": "._core.observations",
    "MonitorState": "._core.observations",
    "Observations": "._core.observations",
    "Finding": "._core.redact",
    "mask_url": "._core.redact",
    "redact_text": "._core.redact",
    "scan_output": "._core.redact",
    "scan_text": "._core.redact",
    "scan_value": "._core.redact",
    "BackupSettings": "._core.settings",
    "InfrastructureSettings": "._core.settings",
    "StatusSettings": "._core.settings",
    "is_stale": "._core.staleness",
    "ConfigError": "._errors",
    "ElytraError": "._errors",
    "LeakDetected": "._errors",
    "NothingToPublish": "._errors",
    "SinkError": "._errors",
    "SourceError": "._errors",
    "PublishOutcome": "._run",
    "RunResult": "._run",
    "build_run": "._run",
    "guard_output": "._run",
    "make_sinks": "._run",
    "publish": "._run",
    "publish_to_sinks": "._run",
    "render_document": "._run",
    "Sink": "._sinks",
    "make_sink": "._sinks",
    "Source": "._sources.base",
    "SourceContext": "._sources.base",
    "Fetcher": "._sources.fetch",
    "load_config": "._sources.registry",
    "make_source": "._sources.registry",
    "make_sources": "._sources.registry",
    "parse_config": "._sources.registry",
}
"""Public name -> the module that defines it (relative names are inside this package)."""

__all__ = [
    "MOCK_STATES",
    "BackupRun",
    "BackupSettings",
    "BackupSummary",
    "CollectSettings",
    "Config",
    "ConfigError",
    "ContractError",
    "Duration",
    "ElytraError",
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
    "RunResult",
    "Sink",
    "SinkError",
    "SinkSettings",
    "Source",
    "SourceContext",
    "SourceError",
    "StatusSettings",
    "build_document",
    "build_run",
    "decode",
    "encode",
    "floor_percent",
    "format_duration",
    "format_instant",
    "guard_output",
    "is_stale",
    "load_config",
    "make_sink",
    "make_sinks",
    "make_source",
    "make_sources",
    "mask_url",
    "mock_document",
    "parse_config",
    "parse_duration",
    "parse_instant",
    "platform_status",
    "platform_uptime",
    "publish",
    "publish_to_sinks",
    "redact_text",
    "render_document",
    "scan_output",
    "scan_text",
    "scan_value",
    "summarize_backups",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups do not come back here
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
