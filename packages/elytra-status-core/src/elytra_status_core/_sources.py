"""The ``Source`` protocol, the registry of source kinds, and collection.

A source turns one configured system into ``Observations``. Kinds are looked
up by name and their modules imported on first use (like fsspec's protocol
registry), so a config without HTTP sources never imports httpx.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal, Protocol, cast

from ._config import SourceConfig
from ._errors import ConfigError, SourceError
from ._fetch import Fetcher
from ._observations import Observations

__all__ = ["CollectResult", "Source", "SourceRole", "collect", "make_source"]

SourceRole = Literal["uptime", "backups"]


class Source(Protocol):
    """Something that reports monitor states or backup runs."""

    @property
    def name(self) -> str:
        """How messages name this source; secrets already masked."""
        ...

    @property
    def role(self) -> SourceRole:
        """``uptime`` sources decide whether a run may publish at all."""
        ...

    async def collect(self, fetcher: Fetcher, now: datetime) -> Observations:
        """Read the source once. Raise only ``SourceError``."""
        ...


SourceFactory = Callable[[SourceConfig, Path], Source]

# kind -> "module:factory"; modules are imported when a source of that kind is configured.
_REGISTRY: dict[str, str] = {
    "uptime-kuma": "elytra_status_core._uptime_kuma:from_config",
    "betterstack": "elytra_status_core._betterstack:from_config",
    "prometheus": "elytra_status_core._prometheus:from_config",
    "restic": "elytra_status_core._restic:from_config",
    "borg": "elytra_status_core._borg:from_config",
    "object-listing": "elytra_status_core._object_listing:from_config",
}


def make_source(config: SourceConfig, base: Path, index: int = 0) -> Source:
    """Build the source described by one ``[[sources]]`` table."""
    target = _REGISTRY.get(config.kind)
    if target is None:
        supported = ", ".join(_REGISTRY)
        raise ConfigError(f"unsupported source kind {config.kind!r}; supported: {supported}", key=f"sources[{index}].kind")
    module_name, _, attr = target.partition(":")
    factory = cast(SourceFactory, getattr(importlib.import_module(module_name), attr))
    try:
        return factory(config, base)
    except ConfigError as exc:  # factories name keys inside their own table
        message = str(exc).removeprefix(f"key {exc.key}: ") if exc.key and not exc.file else str(exc)
        key = f"sources[{index}].{exc.key}" if exc.key else f"sources[{index}]"
        raise ConfigError(message, key=key) from None


@dataclass(slots=True)
class CollectResult:
    """What one run collected, and which sources failed."""

    observations: Observations = field(default_factory=Observations)
    failures: list[SourceError] = field(default_factory=lambda: list[SourceError]())
    uptime_sources: int = 0
    uptime_answered: int = 0


async def _one(source: Source, fetcher: Fetcher, now: datetime) -> Observations:
    try:
        return await source.collect(fetcher, now)
    except SourceError:
        raise
    except Exception as exc:  # a parser bug must not become a traceback or a wrong number
        raise SourceError(source.name, f"failed unexpectedly ({type(exc).__name__})") from exc


async def collect(
    sources: Sequence[Source], fetcher: Fetcher, now: datetime, deadline: float
) -> CollectResult:
    """Run every source concurrently, inside ``deadline`` seconds for the lot."""
    result = CollectResult(uptime_sources=sum(1 for s in sources if s.role == "uptime"))
    tasks = [asyncio.ensure_future(_one(source, fetcher, now)) for source in sources]
    if tasks:
        _done, pending = await asyncio.wait(tasks, timeout=deadline)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
    for source, task in zip(sources, tasks, strict=True):
        if task.cancelled():
            result.failures.append(SourceError(source.name, f"no answer within the {deadline:g}s collection deadline"))
            continue
        exc = task.exception()
        if isinstance(exc, SourceError):
            result.failures.append(exc)
        elif exc is not None:
            raise exc
        else:
            result.observations = result.observations + task.result()
            if source.role == "uptime":
                result.uptime_answered += 1
    return result
