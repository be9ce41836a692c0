"""The imperative shell of one run: config -> sources -> core -> sinks.

The order is what makes publishing fail closed: the document is encoded
(which validates it against the contract), decoded back, scanned for
sensitive values, and only then handed to the sinks; ``publish_to_sinks``
checks the bytes once more, so no caller can publish unscanned bytes. Each
sink replaces its object only when the object there is not newer than ours.

Every target gets attempts until the publish deadline
(``[publish_options]``): a failure worth retrying (throttling, 5xx, timeout,
reset) waits a capped, jittered backoff and tries again; anything else, or
the deadline, ends that target with an error. Targets are written in
parallel and share the deadline.

A run lock (``run_lock``) keeps overlapping publish runs on one host from
piling up: cron starts ``elytra status publish`` every 10 minutes, and if one
run hangs on a slow source, the next must not start a second publisher
beside it. It is an advisory ``flock`` on a file: the kernel drops it when
the process dies, so a crashed run never leaves a stale lock behind. The
file is never deleted (deleting a flock'ed file lets two processes lock two
different inodes); it holds the holder's pid and start time, for the message
the second run prints.

Heavy modules load only when a run needs them: asyncio and the fetcher when
there are sources to collect; the sinks, the retry policy and the file
system seam when it publishes; the thread pool when there are several
targets. Building a document (``elytra status summary``) loads none of them.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Callable, Generator, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import msgspec

from elytra_status_contract import ContractError, Notice, PlatformStatus, decode, decode_history, encode, encode_history

from ._config import CollectSettings, Config, PublishOptions, SinkSettings
from ._core.aggregate import floor_percent, platform_uptime
from ._core.build import build_document
from ._core.components import build_components, unmatched_selectors
from ._core.durations import format_duration
from ._core.freshness import Dropped, fresh
from ._core.history import DayUptime, closing_day, merge_history, sample_from_document
from ._core.instants import format_instant, parse_instant
from ._core.observations import MonitorObservation, Observations
from ._core.redact import Finding, mask_url, scan_output, scan_text
from ._core.staleness import FUTURE_TOLERANCE
from ._errors import ConfigError, LeakDetected, LockBusy, NothingToPublish, SinkError, SourceError, TransientSinkError
from ._log import known_secrets, logger
from ._notices import LoadedNotice, derived, notice_findings

if TYPE_CHECKING:
    import random

    from ._retry import Deadline
    from ._sinks import ReplaceDecision, Sink, Transform
    from ._sources.base import Source

__all__ = [
    "Collected",
    "PublishOutcome",
    "RunResult",
    "build_run",
    "collect",
    "default_lock_path",
    "guard_output",
    "header_findings",
    "make_sinks",
    "publish",
    "publish_to_sinks",
    "render_document",
    "run_lock",
]


class Collected(msgspec.Struct, frozen=True):
    """What collection produced, and which sources failed."""

    observations: Observations
    failures: tuple[SourceError, ...] = ()
    uptime_sources: int = 0
    uptime_answered: int = 0


class RunResult(msgspec.Struct, frozen=True):
    """A built document, its bytes, and what collection went through."""

    document: PlatformStatus
    data: bytes
    collection: Collected
    dropped: tuple[Dropped, ...] = ()
    """Observations that did not count (stale, undated, from the future)."""
    observations: Observations = msgspec.field(default_factory=Observations)
    """What counted: the collected observations after the freshness judgement."""
    notices: tuple[Notice, ...] = ()
    """Every notice as derived at the run's ``now``, past ones included (history and feeds use them)."""
    unmatched: tuple[tuple[str, str], ...] = ()
    """``(component id, selector)`` of component selectors that picked no monitor in this run."""
    uptimes: tuple[DayUptime, ...] = ()
    """Closed days' uptime this run could tell (the day that closed within ``history.close_window``)."""


class PublishOutcome(msgspec.Struct, frozen=True):
    """What happened at one sink."""

    url: str
    written: bool
    """Our bytes are there now (written by this run, or already identical)."""
    error: SinkError | None = None
    attempts: int = 0
    """Attempts made at this target (1 when the first one settled it)."""
    previous: PlatformStatus | None = None
    """When this run's write replaced a document: that document (``None`` when there was none or it was unreadable).

    Only the run whose conditional write won sees a previous document here, so
    it is the one that may announce what changed; a run that found its own
    bytes already in place (written, but nothing replaced) has ``None`` too."""
    failed: tuple[SinkError, ...] = ()
    """Files beside ``status.json`` that could not be written (each names its file); the run exits 1."""


class Sibling(msgspec.Struct, frozen=True):
    """A file published beside ``status.json``: its path relative to that file's folder, bytes and type."""

    path: str
    data: bytes
    content_type: str


def _no_siblings(history: bytes | None) -> Sequence[Sibling]:
    del history
    return ()


class PublishPlan(msgspec.Struct, frozen=True):
    """What a run writes beside ``status.json`` at every target (docs/outputs.md).

    ``history`` merges this run into a target's current ``history.json``
    (``None``: the target has none, or it is unreadable) and returns the
    bytes to write; it is asked again after a lost conditional write, so the
    other publisher's samples are kept. ``siblings`` renders the other files
    from the merged history's bytes (``None`` when there is none).
    """

    history: Callable[[bytes | None], bytes] | None = None
    siblings: Callable[[bytes | None], Sequence[Sibling]] = _no_siblings


# --- collect and build -------------------------------------------------------------


def collect(sources: Sequence[Source], settings: CollectSettings, now: datetime) -> Collected:
    """Every source at once through one fetcher, inside ``settings.deadline``."""
    if not sources:  # a static config: no event loop, no HTTP client
        return Collected(Observations())
    import asyncio

    from ._sources.collect import collect as collect_all
    from ._sources.fetch import Fetcher

    async def run() -> Collected:
        async with Fetcher(settings) as fetcher:
            result = await collect_all(sources, fetcher, now, settings.deadline.total_seconds())
        return Collected(result.observations, tuple(result.failures), result.uptime_sources, result.uptime_answered)

    return asyncio.run(run())


def guard_output(data: bytes | str, name: str | None = None, allow: Sequence[str] = ()) -> bytes:
    """``data`` as bytes if no detector fires on it; else ``LeakDetected`` naming path, detector, masked value.

    The gate for every output that leaves the process besides log lines
    (which ``_log`` masks): the document, and any extra file such as a badge
    (``name`` says which, e.g. ``"badge.svg"``). Besides the detectors, any
    configured secret value (``_log.known_secrets``: source tokens, URL
    passwords, S3 keys), whatever its shape, fails it too.
    """
    findings = [str(f) for f in scan_output(data, name, allow)]
    text = data if isinstance(data, str) else data.decode("utf-8", "replace")
    if known_secrets().spans(text):
        findings.append(f"{name or '$'}: a configured secret value appears in the output")
    if findings:
        raise LeakDetected(findings)
    return data.encode() if isinstance(data, str) else data


def render_document(doc: PlatformStatus, allow: Sequence[str] = ()) -> bytes:
    """Encode ``doc`` strictly and scan every string in it; the bytes to publish.

    Raises ``ContractError`` for an invalid document and ``LeakDetected`` when
    a detector fires on any key or value not covered by ``allow``.
    """
    return guard_output(encode(doc), None, allow)


def _log_dropped(dropped: Sequence[Dropped]) -> None:
    """One warning per source and reason (a fleet of stale monitors is one line, not thousands)."""
    groups: dict[tuple[str, str], list[Dropped]] = {}
    for item in dropped:
        groups.setdefault((item.source, item.reason), []).append(item)
    for (source, reason), items in groups.items():
        first = items[0]
        if first.item == "backup run":
            shown = format_instant(first.at) if first.at else "?"
            logger.warning("source %s: a backup run dated %s is in the future; ignored", source, shown)
        elif reason == "stale":
            age = format_duration(first.max_age) if first.max_age else "?"
            logger.warning(
                "source %s: %d monitor state(s) older than %s count as no data (monitoring stopped?)",
                source,
                len(items),
                age,
            )
        else:
            why = "carry no check time" if reason == "undated" else "are dated in the future"
            logger.warning("source %s: %d monitor state(s) %s; they count as no data", source, len(items), why)


def build_run(
    config: Config,
    sources: Sequence[Source],
    now: datetime,
    *,
    max_age_of: Mapping[str, timedelta] | None = None,
    source_names: Mapping[str, str] | None = None,
    notices: Sequence[LoadedNotice] = (),
) -> RunResult:
    """Collect, judge freshness, aggregate and render. ``NothingToPublish`` when no uptime source answered.

    ``max_age_of`` maps a source's name to its own ``max_observation_age``;
    ``source_names`` maps it to the name component selectors use. The text
    of every notice file is scanned first: a leak fails the run closed
    (``LeakDetected`` naming the file and key), past notices included, since
    history and feeds publish them too.
    """
    leaks = notice_findings(notices, config.redaction.allow)
    if leaks:
        raise LeakDetected(leaks)
    result = collect(sources, config.collect, now)
    for failure in result.failures:
        logger.warning("%s", failure)
    if result.uptime_sources and not result.uptime_answered:
        raise NothingToPublish(
            f"all {result.uptime_sources} uptime source(s) failed; not publishing a status nobody measured"
        )
    observations, dropped = fresh(result.observations, now, config.status.max_observation_age, max_age_of)
    _log_dropped(dropped)
    unmatched = unmatched_selectors(config.components, result.observations.monitors, source_names or {})
    for component, selector in unmatched:
        logger.warning("component %s: selector %r matches no monitor in this run", component, selector)
    every_notice = derived(notices, now)
    doc = build_document(
        observations,
        now=now,
        status=config.status,
        infrastructure=config.infrastructure,
        backups=config.backups,
        max_age_of=max_age_of,
        components=config.components,
        notices=every_notice,
        notice_settings=config.notices,
        source_names=source_names,
    )
    uptimes: tuple[DayUptime, ...] = ()
    closing = closing_day(now, config.history.close_window) if config.outputs.history else None
    if closing is not None:
        figure = day_uptime(closing, config, sources, observations.monitors, source_names or {})
        uptimes = (figure,) if figure is not None else ()
    return RunResult(
        doc,
        render_document(doc, config.redaction.allow),
        result,
        dropped,
        observations,
        tuple(every_notice),
        tuple(unmatched),
        uptimes,
    )


# --- history --------------------------------------------------------------------------


def range_figures(
    sources: Sequence[Source], settings: CollectSettings, start: datetime, end: datetime
) -> dict[str, Mapping[str, float]]:
    """Source name -> availability per monitor key over ``[start, end)``, from the sources that can say.

    A source that cannot answer ranges is not asked; one that fails is
    logged and left out (its monitors then have no exact figure).
    """
    from ._sources.base import RangeSource

    ranged = [source for source in sources if isinstance(source, RangeSource)]
    if not ranged:
        return {}
    import asyncio

    from ._sources.fetch import Fetcher

    async def ask() -> list[Mapping[str, float] | BaseException]:
        async with Fetcher(settings) as fetcher:
            calls = [source.range_availability(fetcher, start, end) for source in ranged]
            return await asyncio.wait_for(
                asyncio.gather(*calls, return_exceptions=True), settings.deadline.total_seconds()
            )

    try:
        answers = asyncio.run(ask())
    except TimeoutError:
        logger.warning("range queries for %s did not finish within the collect deadline", format_instant(start))
        return {}
    figures: dict[str, Mapping[str, float]] = {}
    for source, answer in zip(ranged, answers, strict=True):
        if isinstance(answer, SourceError):
            logger.warning("%s", answer)
        elif isinstance(answer, BaseException):
            raise answer
        else:
            figures[source.name] = answer
    return figures


def day_uptime(
    day: date,
    config: Config,
    sources: Sequence[Source],
    rolling: Sequence[MonitorObservation],
    source_names: Mapping[str, str],
) -> DayUptime | None:
    """``day``'s uptime, platform and per component, by the document's own rules.

    Each monitor counts with its exact availability over that UTC day where
    its source answers fixed ranges, else with its figure from ``rolling``
    (a rolling 24 h read just after the day closed; pass ``()`` for days
    further back). ``None`` when no monitor has a figure.
    """
    start = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
    figures = range_figures(sources, config.collect, start, start + timedelta(days=1))
    monitors = [
        MonitorObservation(source=name, monitor=key, availability_24h=value)
        for name, values in figures.items()
        for key, value in values.items()
    ]
    monitors += [
        MonitorObservation(source=m.source, monitor=m.monitor, availability_24h=m.availability_24h)
        for m in rolling
        if m.source not in figures and m.availability_24h is not None
    ]
    platform = platform_uptime(monitors, "24h", config.status.uptime_aggregation)
    components = {
        c.id: c.uptime.last_24h
        for c in build_components(config.components, monitors, status=config.status, source_names=source_names)
        if c.uptime is not msgspec.UNSET and c.uptime.last_24h is not msgspec.UNSET
    }
    if platform is None and not components:
        return None
    return DayUptime(day=day, platform=platform, components=components)


def history_merge(run: RunResult, config: Config) -> Callable[[bytes | None], bytes]:
    """Merge this run into a target's ``history.json`` bytes (``ContractError`` when they are not a history)."""
    sample = sample_from_document(run.document, run.notices)
    now = run.document.updated_at

    def merge(current: bytes | None) -> bytes:
        previous = decode_history(current) if current is not None else None
        return encode_history(merge_history(previous, sample, run.uptimes, now=now, settings=config.history))

    return merge


# --- publish -------------------------------------------------------------------------


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


class _Decision:
    """A ``ReplaceDecision`` that remembers the document it last agreed to replace."""

    def __init__(self, decide: ReplaceDecision, data: bytes) -> None:
        self._decide = decide
        self._data = data
        self.replaced: PlatformStatus | None = None

    def __call__(self, current: bytes | None) -> bool:
        self.replaced = None
        verdict = self._decide(current)
        if verdict and current is not None and current != self._data:
            with contextlib.suppress(ContractError):
                self.replaced = decode(current)
        return verdict


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
        shown = format_instant(existing)
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


def _attempts(
    sink: Sink, transform: Transform, options: PublishOptions, deadline: Deadline, rng: random.Random
) -> tuple[bytes | None, SinkError | None, int]:
    """``sink.update(transform)`` retried within the publish deadline: (bytes now there, error, attempts)."""
    from ._retry import backoff

    attempt = 0
    while True:
        attempt += 1
        budget = min(options.attempt_timeout.total_seconds(), deadline.remaining())
        try:
            return sink.update(transform, deadline=time.monotonic() + budget), None, attempt
        except TransientSinkError as exc:
            wait = backoff(
                attempt, base=options.backoff_base.total_seconds(), cap=options.backoff_max.total_seconds(), rng=rng
            )
            if deadline.remaining() <= wait:
                message = (
                    f"{exc.reason}; gave up after {attempt} attempt(s) in {deadline.elapsed():.1f}s "
                    f"(publish deadline {options.deadline.total_seconds():g}s), the previous document is unchanged"
                )
                return None, SinkError(sink.url, message), attempt
            logger.warning("%s; attempt %d failed, retrying in %.2fs", exc, attempt, wait)
            time.sleep(wait)
        except SinkError as exc:
            return None, exc, attempt


def _publish_one(
    sink: Sink, data: bytes, decide: ReplaceDecision, options: PublishOptions, deadline: Deadline, rng: random.Random
) -> PublishOutcome:
    from ._sinks import replacing

    decision = _Decision(decide, data)
    written, error, attempts = _attempts(sink, replacing(data, decision), options, deadline, rng)
    if error is not None:
        return PublishOutcome(sink.url, False, error, attempts)
    ok = written is not None
    return PublishOutcome(sink.url, ok, None, attempts, decision.replaced if ok else None)


def header_findings(target: SinkSettings, where: str = "publish") -> list[Finding]:
    """What the leak scan finds in the header values a target sends with every object (public ones)."""
    return [
        *scan_text(target.cache_control, f"{where}.cache_control"),
        *scan_text(target.content_type, f"{where}.content_type"),
    ]


def make_sinks(
    targets: Sequence[SinkSettings], base: Path, options: PublishOptions, share: dict[str, Any] | None = None
) -> list[Sink | SinkError]:
    """A sink per target; a target that cannot be made is its ``SinkError``, reported like a failed write.

    Header values go out with the public object, so they are scanned like the
    document: a target whose headers carry something sensitive is not written.
    """
    from ._sinks import make_sink  # loaded by a publish, with the sinks, not by every start

    sinks: list[Sink | SinkError] = []
    for target in targets:
        leaks = header_findings(target)
        if leaks:
            shown = "; ".join(str(f) for f in leaks)
            sinks.append(SinkError(mask_url(target.url), f"refusing to send headers with sensitive data: {shown}"))
            continue
        try:
            sinks.append(
                make_sink(
                    target,
                    base=base,
                    attempt_timeout=options.attempt_timeout.total_seconds(),
                    conflict_attempts=options.conflict_attempts,
                    share=share,
                )
            )
        except SinkError as exc:
            sinks.append(exc)
    return sinks


def publish_to_sinks(
    data: bytes,
    sinks: Sequence[Sink | SinkError],
    *,
    allow: Sequence[str] = (),
    options: PublishOptions | None = None,
    rng: random.Random | None = None,
) -> list[PublishOutcome]:
    """Write ``data`` to every sink; one sink's failure does not stop the others.

    The bytes are what gets published, so they are decoded
    (``ContractError``) and scanned (``LeakDetected``) again here before any
    sink sees them, and their ``updated_at`` is the one compared.
    """
    new = decode(data)
    guard_output(data, None, allow)
    import random as shared  # loaded by a publish, not by every start

    from ._retry import Deadline

    options = options or PublishOptions()
    deadline = Deadline(options.deadline.total_seconds())
    rng = rng or shared.Random()

    def one(sink: Sink | SinkError) -> PublishOutcome:
        if isinstance(sink, SinkError):
            return PublishOutcome(sink.url, False, sink, 0)
        return _publish_one(sink, data, _replace_if_not_newer(new, sink.url), options, deadline, rng)

    if len(sinks) <= 1:
        return [one(sink) for sink in sinks]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(8, len(sinks)), thread_name_prefix="elytra-publish") as pool:
        return list(pool.map(one, sinks))


def _uptime_90d(history: bytes | None) -> float | None:
    """The mean of the closed days' uptime in a history, floored; ``None`` when no day has one."""
    if history is None:
        return None
    try:
        days = decode_history(history).days
    except ContractError:
        return None
    figures = [day.uptime for day in days if not isinstance(day.uptime, msgspec.UnsetType)]
    return floor_percent(sum(figures) / len(figures)) if figures else None


def _every_monitor_down(monitors: Sequence[MonitorObservation]) -> bool:
    counted = [m.state for m in monitors if m.state in ("up", "down", "degraded")]
    return bool(counted) and all(state == "down" for state in counted)


def publish_plan(run: RunResult, config: Config) -> PublishPlan:
    """The files this run writes beside ``status.json``, as ``[outputs]`` switches them on.

    The Statuspage API and the feeds name the page's URL; without ``[page]
    url`` they are left out, with a warning, and the rest is published.
    """
    outputs = config.outputs
    if config.page.url is None and (outputs.statuspage or outputs.feeds):
        logger.warning(
            "[page] url is not set: not publishing the Statuspage API and the feeds, which link to the page; "
            "set it, or switch them off in [outputs]"
        )
        outputs = msgspec.structs.replace(outputs, statuspage=False, feeds=False)
    every_down = _every_monitor_down(run.observations.monitors)

    def siblings(history: bytes | None) -> Sequence[Sibling]:
        if not (outputs.statuspage or outputs.feeds or outputs.badges):
            return ()
        from ._core.outputs import render_outputs

        files = render_outputs(
            run.document,
            run.notices,
            page=config.page,
            outputs=outputs,
            uptime_90d=_uptime_90d(history),
            every_monitor_down=every_down,
        )
        return [Sibling(path, out.data, out.content_type) for path, out in files.items()]

    return PublishPlan(history=history_merge(run, config) if outputs.history else None, siblings=siblings)


def sibling_target(target: SinkSettings, path: str, content_type: str, base: Path) -> SinkSettings:
    """The settings of the file ``path`` beside ``target``'s ``status.json``: same store, ACL and cache control."""
    from ._fs import is_local, local_path

    url = target.url
    if is_local(url):
        folder = local_path(url, base).parent
        sibling = str(folder / path)
    else:
        folder_url, _, _ = url.rpartition("/")
        sibling = f"{folder_url}/{path}"
    return msgspec.structs.replace(target, url=sibling, content_type=content_type)


def _set_aside(current: bytes, target: SinkSettings, base: Path, options: PublishOptions, now: datetime) -> None:
    """Keep an unreadable ``history.json`` as ``history.json.corrupt-<time>`` before a fresh one replaces it."""
    from ._sinks import make_sink

    name = f"history.json.corrupt-{now.strftime('%Y%m%dT%H%M%SZ')}"
    aside = sibling_target(target, name, "application/json", base)
    try:
        sink = make_sink(aside, base=base, attempt_timeout=options.attempt_timeout.total_seconds())
        sink.update(lambda existing: current if existing is None else None)
    except SinkError as exc:
        logger.warning("could not keep the unreadable history aside as %s: %s", mask_url(aside.url), exc.reason)
        return
    logger.warning(
        "%s held an unreadable history.json; kept it as %s and started a fresh one",
        mask_url(target.url),
        mask_url(aside.url),
    )


def _publish_target(
    target: SinkSettings,
    data: bytes,
    new: PlatformStatus,
    plan: PublishPlan,
    *,
    base: Path,
    options: PublishOptions,
    allow: Sequence[str],
    deadline: Deadline,
    rng: random.Random,
) -> PublishOutcome:
    """One target: history, then the other files, then ``status.json`` last (the commit point).

    ``history.json`` is always merged (merging never loses a sample); a
    target whose ``status.json`` is newer than ours gets nothing else. A file
    that fails (or that the leak scan refuses) is reported and the next is
    tried; none of them keeps ``status.json`` from being written: they share
    half of the time left, ``status.json`` keeps the rest.
    """
    from ._retry import Deadline

    share: dict[str, Any] = {}  # one S3 client for every file of this target
    (status_sink,) = make_sinks([target], base, options, share)
    if isinstance(status_sink, SinkError):
        return PublishOutcome(status_sink.url, False, status_sink, 0)
    decide = _replace_if_not_newer(new, status_sink.url)
    failed: list[SinkError] = []
    # The other files share half of what is left of the deadline, so a file
    # that keeps failing never eats the time status.json needs.
    extras = Deadline(deadline.remaining() / 2)

    def write(path: str, content_type: str, transform: Transform, files_left: int) -> bytes | None:
        settings = sibling_target(target, path, content_type, base)
        (sink,) = make_sinks([settings], base, options, share)
        if isinstance(sink, SinkError):
            failed.append(sink)
            return None
        # A fair share of the time left, so one failing file does not starve the next.
        budget = Deadline(extras.remaining() / max(1, files_left))
        written, error, _ = _attempts(sink, transform, options, budget, rng)
        if error is not None:
            failed.append(error)
        return written

    history: bytes | None = None
    if plan.history is not None:
        # Merging is commutative and never loses a sample, so it happens even
        # when this target already holds a newer status.json.
        merge = plan.history
        refused: list[str] = []

        def merged(existing: bytes | None) -> bytes | None:
            refused.clear()
            try:
                out = merge(existing)
            except ContractError:
                if existing is not None:
                    _set_aside(existing, target, base, options, new.updated_at)
                out = merge(None)
            try:
                return guard_output(out, "history.json", allow)
            except LeakDetected as exc:
                refused.extend(exc.findings)
                return None

        history = write("history.json", "application/json", merged, 2)
        if refused:
            shown = sibling_target(target, "history.json", "application/json", base).url
            failed.append(SinkError(mask_url(shown), "refusing to publish: " + "; ".join(refused)))
    try:
        current = status_sink.read()
        go = current is None or current == data or decide(current)
    except SinkError as exc:
        return PublishOutcome(status_sink.url, False, exc, 1, failed=tuple(failed))
    if not go:
        return PublishOutcome(status_sink.url, False, None, 1, failed=tuple(failed))
    siblings = plan.siblings(history)
    for index, sibling in enumerate(siblings):
        try:
            payload = guard_output(sibling.data, sibling.path, allow)
        except LeakDetected as exc:
            shown = sibling_target(target, sibling.path, sibling.content_type, base).url
            failed.append(SinkError(mask_url(shown), str(exc)))
            continue
        write(sibling.path, sibling.content_type, lambda existing, payload=payload: payload, len(siblings) - index)
    outcome = _publish_one(status_sink, data, decide, options, deadline, rng)
    return msgspec.structs.replace(outcome, failed=tuple(failed))


def publish(
    data: bytes,
    targets: Sequence[SinkSettings],
    *,
    base: Path,
    options: PublishOptions | None = None,
    allow: Sequence[str] = (),
    rng: random.Random | None = None,
    plan: PublishPlan | None = None,
) -> list[PublishOutcome]:
    """Publish to ``[[publish]]`` targets (relative local paths against ``base``).

    Without a ``plan``, ``status.json`` alone (``publish_to_sinks``); with
    one, the whole set at each target, ``status.json`` last (``_publish_target``).
    """
    options = options or PublishOptions()
    if plan is None:
        return publish_to_sinks(data, make_sinks(targets, base, options), allow=allow, options=options, rng=rng)
    new = decode(data)
    guard_output(data, None, allow)
    import random as shared

    from ._retry import Deadline

    deadline = Deadline(options.deadline.total_seconds())
    generator = rng or shared.Random()

    def one(target: SinkSettings) -> PublishOutcome:
        return _publish_target(
            target, data, new, plan, base=base, options=options, allow=allow, deadline=deadline, rng=generator
        )

    if len(targets) <= 1:
        return [one(target) for target in targets]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(8, len(targets)), thread_name_prefix="elytra-publish") as pool:
        return list(pool.map(one, targets))


# --- the run lock ----------------------------------------------------------------------


def _runtime_dir(environ: Mapping[str, str]) -> Path:
    """systemd's ``$RUNTIME_DIRECTORY``, else ``$XDG_RUNTIME_DIR/elytra-status``, else a private temp folder."""
    systemd = environ.get("RUNTIME_DIRECTORY")
    if systemd:
        return Path(systemd.split(":", 1)[0])
    xdg = environ.get("XDG_RUNTIME_DIR")
    if xdg:
        return Path(xdg) / "elytra-status"
    import tempfile

    return Path(tempfile.gettempdir()) / f"elytra-status-{os.getuid()}"


def default_lock_path(config_path: Path | None, environ: Mapping[str, str]) -> Path:
    """One lock per config file (two configs publish independently) in the runtime folder."""
    import hashlib

    key = str(config_path.resolve()) if config_path else "no-config"
    digest = hashlib.sha256(key.encode()).hexdigest()[:8]
    stem = config_path.stem if config_path else "default"
    return _runtime_dir(environ) / f"publish-{stem}-{digest}.lock"


def _private_folder(folder: Path) -> None:
    """Create ``folder`` (0700) or check that an existing one is ours and not a symlink."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError as exc:
        raise ConfigError(f"cannot create the lock folder {folder}: {exc.strerror or type(exc).__name__}") from None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise ConfigError(f"lock folder {folder} is not a folder owned by this user; set publish_options.lock_file")


@contextlib.contextmanager
def run_lock(path: Path, *, private_folder: bool = False, now: datetime | None = None) -> Generator[None]:
    """Hold the lock at ``path`` for the block; ``LockBusy`` at once if another run has it.

    ``private_folder``: the folder is the default one (possibly under a shared
    temp folder): create it 0700 and refuse one that is not ours. ``now`` is
    written into the lock file for the message a second run prints.
    """
    from ._fs import flock

    if private_folder:
        _private_folder(path.parent)
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(
                f"cannot create the lock folder {path.parent}: {exc.strerror or type(exc).__name__}"
            ) from None
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        raise ConfigError(f"cannot open the lock file {path}: {exc.strerror or type(exc).__name__}") from None
    try:
        with contextlib.ExitStack() as held:
            try:
                held.enter_context(flock(fd, wait=False))
            except BlockingIOError:
                raise LockBusy(str(path), _holder(fd)) from None
            os.ftruncate(fd, 0)
            started = f", started {format_instant(now)}" if now is not None else ""
            os.pwrite(fd, f"pid {os.getpid()}{started}\n".encode(), 0)
            try:
                yield
            finally:
                os.ftruncate(fd, 0)
    finally:
        os.close(fd)


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or "holder unknown"
