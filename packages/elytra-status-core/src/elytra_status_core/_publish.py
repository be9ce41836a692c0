"""One run: collect from the sources, build, validate, scan, publish.

The order is what makes publishing fail closed: the document is encoded
(which validates it against the contract), decoded back, scanned for
sensitive values, and only then handed to the sinks. Each sink replaces its
object only when the object there is not newer than ours.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import msgspec
from elytra_status_contract import ContractError, PlatformStatus, decode, encode

from ._build import build_document
from ._config import LoadedConfig, PublishTarget
from ._errors import LeakDetected, NothingToPublish, SinkError
from ._fetch import FetchSettings, Fetcher
from ._log import logger
from ._redact import scan_value
from ._sinks import ReplaceDecision, make_sink
from ._sources import CollectResult, collect, make_source

__all__ = ["PublishOutcome", "RunResult", "build_run", "publish_document", "render_document"]


@dataclass(frozen=True, slots=True)
class RunResult:
    """A built document, its bytes, and what collection went through."""

    document: PlatformStatus
    data: bytes
    collection: CollectResult


@dataclass(frozen=True, slots=True)
class PublishOutcome:
    """What happened at one sink."""

    url: str
    written: bool
    error: SinkError | None = None


def _fetch_settings(loaded: LoadedConfig) -> FetchSettings:
    c = loaded.config.collect
    return FetchSettings(
        concurrency=c.concurrency,
        request_timeout=c.request_timeout.total_seconds(),
        retries=c.retries,
        max_bytes=c.max_bytes,
    )


async def _collect(loaded: LoadedConfig, now: datetime) -> CollectResult:
    sources = [make_source(cfg, loaded.base, i) for i, cfg in enumerate(loaded.config.sources)]
    async with Fetcher(_fetch_settings(loaded)) as fetcher:
        return await collect(sources, fetcher, now, loaded.config.collect.deadline.total_seconds())


def render_document(doc: PlatformStatus, allow: Sequence[str] = ()) -> bytes:
    """Encode ``doc`` strictly and scan every string in it; the bytes to publish.

    Raises ``ContractError`` for an invalid document and ``LeakDetected`` when
    a detector fires on any key or value not in ``allow``.
    """
    data = encode(doc)
    findings = scan_value(msgspec.json.decode(data), "$", allow)
    if findings:
        raise LeakDetected([str(f) for f in findings])
    return data


def build_run(loaded: LoadedConfig, now: datetime) -> RunResult:
    """Collect, aggregate and render. ``NothingToPublish`` when no uptime source answered."""
    result = asyncio.run(_collect(loaded, now))
    for failure in result.failures:
        logger.warning("%s", failure)
    if result.uptime_sources and not result.uptime_answered:
        raise NothingToPublish(
            f"all {result.uptime_sources} uptime source(s) failed; not publishing a status nobody measured"
        )
    config = loaded.config
    doc = build_document(
        result.observations,
        now=now,
        status=config.status,
        infrastructure=config.infrastructure,
        backups=config.backups,
    )
    return RunResult(doc, render_document(doc, config.redaction.allow), result)


def _replace_if_not_newer(new: PlatformStatus, url: str) -> ReplaceDecision:
    def decide(current: bytes | None) -> bool:
        if current is None:
            return True
        try:
            existing = decode(current)
        except ContractError as exc:
            logger.warning("sink %s holds an invalid document (%s); replacing it", url, exc.reason)
            return True
        if existing.updated_at > new.updated_at:
            logger.warning(
                "sink %s already holds a newer document (updated_at %s); leaving it",
                url,
                existing.updated_at.isoformat(),
            )
            return False
        return True

    return decide


def publish_document(
    doc: PlatformStatus, data: bytes, targets: Sequence[PublishTarget], loaded: LoadedConfig
) -> list[PublishOutcome]:
    """Write ``data`` to every target; one target's failure does not stop the others."""
    outcomes: list[PublishOutcome] = []
    for target in targets:
        try:
            sink = make_sink(target, loaded.base)
            written = sink.replace_if(data, _replace_if_not_newer(doc, sink.url))
            outcomes.append(PublishOutcome(sink.url, written))
        except SinkError as exc:
            outcomes.append(PublishOutcome(exc.url, False, exc))
    return outcomes


