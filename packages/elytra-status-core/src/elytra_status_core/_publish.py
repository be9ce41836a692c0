"""One run: collect from the sources, build, validate, scan, publish.

The order is what makes publishing fail closed: the document is encoded
(which validates it against the contract), decoded back, scanned for
sensitive values, and only then handed to the sinks; ``publish_document``
checks the bytes once more, so no caller can publish unscanned bytes. Each
sink replaces its object only when the object there is not newer than ours.

Every target gets attempts until the publish deadline
(``[publish_options]``): a failure worth retrying (throttling, 5xx, timeout,
reset) waits a capped, jittered backoff and tries again; anything else, or
the deadline, ends that target with an error. Targets are written in
parallel and share the deadline.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

import msgspec

from elytra_status_contract import ContractError, PlatformStatus, decode, encode

from ._build import build_document
from ._config import LoadedConfig, PublishTarget
from ._durations import format_duration
from ._errors import LeakDetected, NothingToPublish, SinkError
from ._fetch import FetchSettings, Fetcher
from ._log import logger
from ._redact import scan_output
from ._retry import Deadline, RetryPolicy
from ._sinks import ReplaceDecision, Sink, TransientSinkError, make_sink
from ._sources import CollectResult, collect, make_source
from ._staleness import FUTURE_TOLERANCE, parse_instant

__all__ = [
    "PublishOutcome",
    "RunResult",
    "build_run",
    "guard_output",
    "publish_document",
    "publish_to_sinks",
    "render_document",
    "retry_policy",
]


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
    """Our bytes are there now (written by this run, or already identical)."""
    error: SinkError | None = None
    attempts: int = 0
    """Attempts made at this target (1 when the first one settled it)."""


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


def guard_output(data: bytes | str, name: str | None = None, allow: Sequence[str] = ()) -> bytes:
    """``data`` as bytes if no detector fires on it; else ``LeakDetected`` naming path, detector, masked value.

    The gate for every output that leaves the process besides log lines
    (which ``_log`` masks): the document, and any extra file such as a badge
    (``name`` says which, e.g. ``"badge.svg"``).
    """
    findings = scan_output(data, name, allow)
    if findings:
        raise LeakDetected([str(f) for f in findings])
    return data.encode() if isinstance(data, str) else data


def render_document(doc: PlatformStatus, allow: Sequence[str] = ()) -> bytes:
    """Encode ``doc`` strictly and scan every string in it; the bytes to publish.

    Raises ``ContractError`` for an invalid document and ``LeakDetected`` when
    a detector fires on any key or value not covered by ``allow``.
    """
    return guard_output(encode(doc), None, allow)


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


def _updated_at(current: bytes) -> tuple[datetime | None, str | None]:
    """The current object's ``updated_at``, and why it is not a v1 document (if it is not)."""
    try:
        return decode(current).updated_at, None
    except ContractError as exc:
        problem = exc.reason if exc.path == "$" else f"{exc.path}: {exc.reason}"
    try:
        raw: object = msgspec.json.decode(current)
    except msgspec.DecodeError:
        return None, problem
    stamp = cast(dict[str, Any], raw).get("updated_at") if isinstance(raw, dict) else None
    return (parse_instant(stamp) if isinstance(stamp, str) else None), problem


def _replace_if_not_newer(new: PlatformStatus, url: str) -> ReplaceDecision:
    """Replace the object unless it is newer than ``new`` (``updated_at`` never goes backwards).

    A document dated further ahead of ours than readers tolerate
    (``FUTURE_TOLERANCE``) comes from a publisher with a wrong clock: it is
    kept, as the rule says, but the publish fails loudly instead of quietly
    deferring to it until that date. A newer document that this version
    cannot read (a later major version) is kept too.
    """

    def decide(current: bytes | None) -> bool:
        if current is None:
            return True
        existing, problem = _updated_at(current)
        if existing is None:
            logger.warning("sink %s holds an invalid document (%s); replacing it", url, problem)
            return True
        if existing <= new.updated_at:
            return True
        shown = existing.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if existing - new.updated_at > FUTURE_TOLERANCE:
            raise SinkError(
                url,
                f"holds a document dated {shown}, ahead of this publisher's clock by more than "
                f"{format_duration(FUTURE_TOLERANCE)}: a publisher's clock is wrong. It is left in place "
                "(updated_at never goes backwards); fix that clock, or delete the object to publish again",
            )
        what = "a newer document" if problem is None else f"a newer document it cannot read ({problem})"
        logger.warning("sink %s already holds %s (updated_at %s); leaving it", url, what, shown)
        return False

    return decide


def retry_policy(loaded: LoadedConfig) -> RetryPolicy:
    """The ``[publish_options]`` of a config as a ``RetryPolicy``."""
    options = loaded.config.publish_options
    return RetryPolicy(
        deadline=options.deadline.total_seconds(),
        attempt_timeout=options.attempt_timeout.total_seconds(),
        backoff_max=options.backoff_max.total_seconds(),
    )


def _without_prefix(error: SinkError) -> str:
    return str(error).removeprefix(f"sink {error.url}: ")


def _publish_one(
    sink: Sink, data: bytes, decide: ReplaceDecision, policy: RetryPolicy, deadline: Deadline, rng: random.Random
) -> PublishOutcome:
    attempt = 0
    while True:
        attempt += 1
        budget = min(policy.attempt_timeout, deadline.remaining())
        try:
            written = sink.replace_if(data, decide, deadline=time.monotonic() + budget)
        except TransientSinkError as exc:
            wait = policy.backoff(attempt, rng)
            if deadline.remaining() <= wait:
                message = (
                    f"{_without_prefix(exc)}; gave up after {attempt} attempt(s) in {deadline.elapsed():.1f}s "
                    f"(publish deadline {policy.deadline:g}s), the previous document is unchanged"
                )
                return PublishOutcome(sink.url, False, SinkError(sink.url, message), attempt)
            logger.warning("%s; attempt %d failed, retrying in %.2fs", exc, attempt, wait)
            time.sleep(wait)
        except SinkError as exc:
            return PublishOutcome(sink.url, False, exc, attempt)
        else:
            return PublishOutcome(sink.url, written, None, attempt)


def publish_document(
    doc: PlatformStatus,
    data: bytes,
    targets: Sequence[PublishTarget],
    loaded: LoadedConfig,
    *,
    policy: RetryPolicy | None = None,
    rng: random.Random | None = None,
) -> list[PublishOutcome]:
    """Write ``data`` to every target; one target's failure does not stop the others.

    ``data`` is ``doc`` encoded. The bytes are what gets published, so they
    are decoded (``ContractError``) and scanned (``LeakDetected``) again here
    before any sink sees them, and their ``updated_at`` is the one compared.
    """
    del doc  # the bytes are the authority
    policy = policy or retry_policy(loaded)
    sinks: list[Sink | SinkError] = []
    for target in targets:
        try:
            sinks.append(make_sink(target, loaded.base, policy))
        except SinkError as exc:
            sinks.append(exc)
    return publish_to_sinks(data, sinks, allow=loaded.config.redaction.allow, policy=policy, rng=rng)


def publish_to_sinks(
    data: bytes,
    sinks: Sequence[Sink | SinkError],
    *,
    allow: Sequence[str] = (),
    policy: RetryPolicy | None = None,
    rng: random.Random | None = None,
) -> list[PublishOutcome]:
    """``publish_document`` for sinks already made (a ``SinkError`` stands for one that could not be)."""
    new = decode(data)
    guard_output(data, None, allow)
    policy = policy or RetryPolicy()
    deadline = Deadline(policy.deadline)
    rng = rng or random.Random()

    def one(sink: Sink | SinkError) -> PublishOutcome:
        if isinstance(sink, SinkError):
            return PublishOutcome(sink.url, False, sink, 0)
        return _publish_one(sink, data, _replace_if_not_newer(new, sink.url), policy, deadline, rng)

    if len(sinks) <= 1:
        return [one(sink) for sink in sinks]
    with ThreadPoolExecutor(max_workers=min(8, len(sinks)), thread_name_prefix="elytra-publish") as pool:
        return list(pool.map(one, sinks))
