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

from msgspec import UNSET, UnsetType

from .._config import SinkSettings
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

HELP = "show the day-by-day history published beside status.json"
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
        target, base = SinkSettings(url=args.from_url), Path.cwd()
        options = None
    else:
        loaded = load(args, env)
        if not loaded.config.publish:
            raise ConfigError("no [[publish]] target to read history.json from: add one, or pass --from URL")
        target = sibling_target(loaded.config.publish[0], _NAME, "application/json", loaded.base)
        base, options = loaded.base, loaded.config.publish_options
    from .._config import PublishOptions

    (sink,) = make_sinks([target], base, options or PublishOptions())
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
    lines = ["  ".join([*(cell.ljust(width) for cell, width in zip(row, widths, strict=False)), row[-1]]) for row in rows]
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
    logger.info("%s: %d day(s), updated %s", where, len(history.days), history.updated_at.isoformat())
    return 0


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
)
"""The commands of ``history``, in the order ``--help`` lists them."""
