"""``elytra history``: the published day records of ``history.json``.

``show`` reads ``history.json`` beside the ``status.json`` of the config's
first ``[[publish]]`` target (or the document at ``--from URL``: a local
path, ``file://``, ``s3://`` or the public ``https://`` URL) and prints its
days, newest first, as a table or, with ``--json``, as the document itself.
Days that are not listed have no data.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import UnsetType

from .._config import PublishOptions, SinkSettings
from .._core.instants import format_instant
from .._core.redact import mask_url
from .._errors import ConfigError, SinkError
from .._fs import is_http
from .._log import logger
from .args import Args, Env
from .common import load
from .spec import Spec

if TYPE_CHECKING:
    from elytra_status_contract import HistoryDay, HistoryDocument

__all__ = ["COMMANDS", "HELP", "render_table", "show"]

HELP = "show or backfill the day-by-day history published beside status.json"
"""What ``elytra --help`` says of the group."""

_NAME = "history.json"


def _fetch(url: str, timeout: float) -> bytes | None:
    """The body at an ``http(s)://`` URL as a browser gets it; ``None`` on 404."""
    from .._monitor.evaluate import CheckOptions
    from .._monitor.fetch import fetch

    got = fetch(url, CheckOptions(timeout=timeout))
    if got.error is not None:
        raise SinkError(mask_url(url), got.error)
    if got.status == 404:
        return None
    if got.status != 200:
        raise SinkError(mask_url(url), f"HTTP {got.status} {got.reason}".rstrip())
    return got.body


def _read(args: Args, env: Env) -> tuple[str, bytes | None]:
    """Where the history was read (masked) and its bytes, ``None`` when there is none yet."""
    from .._run import make_sinks, sibling_target

    if args.from_url:
        if is_http(args.from_url):
            return mask_url(args.from_url), _fetch(args.from_url, args.timeout)
        target, base, options = SinkSettings(url=args.from_url), Path.cwd(), PublishOptions()
    else:
        loaded = load(args, env)
        if not loaded.config.publish:
            raise ConfigError("no [[publish]] target to read history.json from: add one, or pass --from URL")
        target = sibling_target(loaded.config.publish[0], _NAME, "application/json", loaded.base)
        base, options = loaded.base, loaded.config.publish_options
    (sink,) = make_sinks([target], base, options)
    if isinstance(sink, SinkError):
        raise sink
    return sink.url, sink.read()


def _percent(value: float | UnsetType) -> str:
    return "" if isinstance(value, UnsetType) else f"{value:.2f}%"


def _row(day: HistoryDay) -> list[str]:
    status = "" if isinstance(day.status, UnsetType) else day.status
    uptime = "partial" if day.partial is True else _percent(day.uptime) or "-"
    components = [] if isinstance(day.components, UnsetType) else sorted(day.components.items())
    parts = [
        " ".join(p for p in (cid, "" if isinstance(c.status, UnsetType) else c.status, _percent(c.uptime)) if p)
        for cid, c in components
    ]
    notices = [] if isinstance(day.notices, UnsetType) else day.notices
    noted = [f"{n.title} ({n.kind}, {n.impact})" for n in notices]
    return [day.date.isoformat(), status or "-", uptime, ", ".join(parts) or "-", "; ".join(noted) or "-"]


def render_table(history: HistoryDocument) -> str:
    """The days as aligned columns: date, status, uptime, components, notices (the last column is not padded)."""
    rows = [["date", "status", "uptime", "components", "notices"], *(_row(day) for day in history.days)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = [
        "  ".join([*(cell.ljust(width) for cell, width in zip(row, widths, strict=False)), row[-1]]) for row in rows
    ]
    return "\n".join(line.rstrip() for line in lines)


def show(args: Args, env: Env) -> int:
    """Print the published history; exit 1 when there is none yet."""
    import msgspec

    from elytra_status_contract import decode_history, encode_history

    where, data = _read(args, env)
    if data is None:
        logger.error("%s holds no history yet: the first publish with [outputs] history = true writes it", where)
        return 1
    history = decode_history(data)
    if args.days is not None:
        history = msgspec.structs.replace(history, days=history.days[: args.days])
    if args.json:
        env.write(msgspec.json.format(encode_history(history), indent=2))
    elif history.days:
        env.write(render_table(history))
    else:
        env.write("no days recorded yet")
    logger.info("%s: %d day(s), updated %s", where, len(history.days), format_instant(history.updated_at))
    return 0


def backfill(args: Args, env: Env) -> int:
    """Fill closed days' absent uptime from sources that answer fixed ranges, at every ``[[publish]]`` target."""
    from datetime import date, timedelta

    from elytra_status_contract import ContractError, decode_history, encode_history

    from .._core.history import DayUptime, day_of, missing_uptime_days
    from .._core.history import backfill as fill
    from .._run import day_uptime, guard_output, make_sinks, sibling_target
    from .._sources.base import RangeSource
    from .common import source_names, sources

    loaded = load(args, env)
    config = loaded.config
    if not config.publish:
        raise ConfigError("no [[publish]] target holds a history to fill: add one", key="publish")
    built = sources(loaded, env)
    if not any(isinstance(source, RangeSource) for source in built):
        raise ConfigError(
            "no configured source answers fixed ranges (prometheus, betterstack, uptimerobot, healthchecks do)",
            key="sources",
        )
    now = env.now()
    wanted = {day_of(now) - timedelta(days=n) for n in range(1, (args.days or 0) + 1)}
    targets = [sibling_target(t, _NAME, "application/json", loaded.base) for t in config.publish]
    sinks = make_sinks(targets, loaded.base, config.publish_options)
    missing: set[date] = set()
    for sink in sinks:
        if isinstance(sink, SinkError):
            raise sink
        data = sink.read()
        try:
            history = decode_history(data) if data is not None else None
        except ContractError as exc:
            raise ConfigError(f"{sink.url} is not a readable history ({exc}); a publish sets it aside") from None
        missing |= set(missing_uptime_days(history, now=now, settings=config.history)) & wanted
    names = source_names(loaded, built)
    uptimes: list[DayUptime] = []
    for day in sorted(missing, reverse=True):
        figure = day_uptime(day, config, built, (), names)
        if figure is None:
            logger.info("%s: no source could tell its uptime (beyond its retention?)", day)
        else:
            uptimes.append(figure)
    if not uptimes:
        env.write(f"nothing to fill: {len(missing)} day(s) without uptime, no source could tell")
        return 0
    failed = 0
    for sink in sinks:
        assert not isinstance(sink, SinkError)

        def transform(existing: bytes | None) -> bytes | None:
            previous = decode_history(existing) if existing is not None else None
            out = encode_history(fill(previous, uptimes, now=now, settings=config.history))
            return guard_output(out, _NAME, config.redaction.allow)

        try:
            sink.update(transform)
        except SinkError as exc:
            failed += 1
            logger.error("%s", exc)
            continue
        env.write(f"filled {len(uptimes)} day(s) at {sink.url}")
    return 1 if failed else 0


# --- parsers --------------------------------------------------------------------


def _positive_days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 366:
        raise argparse.ArgumentTypeError(f"invalid number of days {text!r}, expected 1 to 366")
    return value


def _show_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--days", type=_positive_days, metavar="N", help="only the N newest days (default: every day recorded)"
    )
    parser.add_argument("--json", action="store_true", help="print the history as JSON (default: a table)")
    parser.add_argument(
        "--from",
        dest="from_url",
        metavar="URL",
        help="read this history.json (a path, file://, s3:// or https:// URL) instead of the one beside "
        "the first [[publish]] target's status.json",
    )


def _backfill_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--days",
        type=_positive_days,
        required=True,
        metavar="N",
        help="look back this many closed days (Prometheus keeps 15 days by default; Better Stack and "
        "UptimeRobot reach further)",
    )


COMMANDS = (
    Spec(
        "show",
        run=show,
        arguments=_show_arguments,
        help="print the day records as a table",
        description="Read history.json beside the first [[publish]] target's status.json (or --from URL) "
        "and print its days, newest first: date, worst status, uptime (partial for today), component "
        "statuses and uptimes, and the notices active that day. Days that are not listed have no data.",
    ),
    Spec(
        "backfill",
        run=backfill,
        arguments=_backfill_arguments,
        help="fill missing days' uptime from sources that answer fixed ranges",
        description="Ask the sources that answer fixed ranges (prometheus, betterstack, uptimerobot, "
        "healthchecks) for the availability of each closed day of the last N that has no uptime in "
        "history.json, and fill it in at every [[publish]] target. Statuses are never changed and no "
        "status is invented: a filled day has an uptime only.",
        epilog="example:\n  elytra history backfill --days 30\n",
    ),
)
"""The commands of ``history``, in the order ``--help`` lists them."""
