"""``elytra notice``: write incident and maintenance files, list what they say now.

The files are the truth (design/components-and-notices.md); these commands
only spare the operator remembering the format under pressure. Every command
checks the file it would write as a publish would read it, and scans its text
for anything sensitive before writing (exit 2, naming the detector and the
masked value). ``--publish`` runs ``elytra status publish`` right after.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

from elytra_status_contract import Impact, NoticeStatus

from .._config import LoadedConfig
from .._core.notices import INCIDENT_STATUSES, MAINTENANCE_STATUSES
from .._errors import ConfigError
from .._log import logger
from .args import Args, Env
from .common import load
from .spec import Spec

if TYPE_CHECKING:
    from .._notices import LoadedNotice

__all__ = ["COMMANDS", "HELP"]

HELP = "announce incidents and maintenance: write, update and list notice files"
"""What ``elytra --help`` says of the group."""

_DEFAULT_STATUS: Final[dict[str, NoticeStatus]] = {"incident": "investigating", "maintenance": "scheduled"}
_DEFAULT_IMPACT: Final[dict[str, Impact]] = {"incident": "degraded", "maintenance": "none"}


def _instant(text: str | None, option: str, now: datetime) -> datetime:
    """``--at``-style values: an RFC 3339 instant, or a duration from now (``2h``, ``90m``)."""
    from .._core.durations import parse_duration
    from .._core.instants import parse_instant

    if text is None:
        return now
    instant = parse_instant(text)
    if instant is not None:
        return instant
    try:
        return now + parse_duration(text.removeprefix("+").removeprefix("in "))
    except ValueError:
        raise ConfigError(
            f"{option} {text!r}: give an RFC 3339 instant (2026-12-01T14:00:00Z) or a duration from now (2h)"
        ) from None


def _body(args: Args) -> str:
    if args.body is not None and args.body_file is not None:
        raise ConfigError("give --body or --body-file, not both")
    if args.body_file is not None:
        try:
            text = sys.stdin.read() if args.body_file == "-" else Path(args.body_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"--body-file: cannot read it ({type(exc).__name__})", file=args.body_file) from None
    elif args.body is not None:
        text = args.body
    else:
        raise ConfigError("say what is going on: --body TEXT or --body-file FILE (- for standard input)")
    if not text.strip():
        raise ConfigError("the body is empty")
    return text


def _status(text: str) -> NoticeStatus:
    """``--status`` as a notice status; whether it fits the kind is checked when the file is read back."""
    for status in (*INCIDENT_STATUSES, *MAINTENANCE_STATUSES):
        if text == status:
            return status
    raise ConfigError(
        f"--status {text!r}: incident: {', '.join(INCIDENT_STATUSES)}; maintenance: {', '.join(MAINTENANCE_STATUSES)}"
    )


def _components(config: LoadedConfig) -> set[str]:
    return {component.id for component in config.config.components}


def _after(args: Args, env: Env, written: LoadedNotice) -> int:
    env.write(f"wrote {written.file}")
    if not args.publish:
        env.write("publish it now with `elytra status publish`, or let the next scheduled run do it")
        return 0
    from .status import publish

    return publish(args, env)


def new(args: Args, env: Env) -> int:
    """Write a new notice file."""
    from .._notices import new_notice_text, slug, write_new_notice

    loaded = load(args, env)
    config = loaded.config
    now = env.now()
    kind = args.kind
    if args.title is None or not args.title.strip():
        raise ConfigError("a notice needs a title: --title TEXT")
    scheduled_for = scheduled_until = None
    if kind == "maintenance":
        if args.starts is None or args.ends is None:
            raise ConfigError("maintenance needs its window: --starts WHEN --ends WHEN")
        scheduled_for = _instant(args.starts, "--starts", now)
        scheduled_until = _instant(args.ends, "--ends", now)
    elif args.starts is not None or args.ends is not None:
        raise ConfigError("--starts and --ends are for maintenance")
    at = _instant(args.at, "--at", now)
    notice_id = args.notice_id or f"{at:%Y-%m-%d}-{slug(args.title)}"
    text = new_notice_text(
        kind=kind,
        title=args.title.strip(),
        impact=args.impact or _DEFAULT_IMPACT[kind],
        components=args.component or [],
        at=at,
        status=_status(args.status or _DEFAULT_STATUS[kind]),
        body=_body(args),
        scheduled_for=scheduled_for,
        scheduled_until=scheduled_until,
    )
    written = write_new_notice(
        config.notices, loaded.base, notice_id, text, _components(loaded), config.redaction.allow
    )
    env.write(f"{kind} {notice_id}")
    return _after(args, env, written)


def update(args: Args, env: Env) -> int:
    """Append an update to a notice file (the file is appended to, never rewritten)."""
    from .._notices import append_update, update_text

    loaded = load(args, env)
    if args.notice_id is None:
        raise ConfigError("which notice? give its id (see `elytra notice list --all`)")
    if args.status is None:
        raise ConfigError(
            "an update needs --status (incident: investigating, identified, monitoring, resolved; "
            "maintenance: in_progress, completed)"
        )
    text = update_text(_instant(args.at, "--at", env.now()), _status(args.status), _body(args))
    config = loaded.config
    written = append_update(
        config.notices, loaded.base, args.notice_id, text, _components(loaded), config.redaction.allow
    )
    return _after(args, env, written)


def list_notices(args: Args, env: Env) -> int:
    """Print each notice with its derived state at now."""
    import msgspec

    from .._core.instants import format_instant
    from .._core.notices import select
    from .._notices import derived
    from .common import notices

    loaded = load(args, env)
    now = env.now()
    every = derived(notices(loaded), now)
    shown = {n.id for n in select(every, now, loaded.config.notices)}
    chosen = every if args.all else [n for n in every if n.id in shown]
    if args.json:
        env.write(msgspec.json.encode(chosen), loaded.config.redaction.allow)
        return 0
    if not chosen:
        env.write("no notices" + ("" if args.all else " shown now (--all lists past ones too)"))
        return 0
    for notice in chosen:
        when = notice.scheduled_for if notice.kind == "maintenance" else notice.started_at
        at = format_instant(when) if isinstance(when, datetime) else "-"
        mark = "shown" if notice.id in shown else "past "
        env.write(
            f"{mark}  {notice.id:<40} {notice.kind:<11} {notice.status:<13} impact {notice.impact:<8} {at}  {notice.title}"
        )
    logger.debug("%d notice(s), %d shown now", len(every), len(shown))
    return 0


def _body_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--body", metavar="TEXT", help="what is going on (plain text, light Markdown)")
    group.add_argument("--body-file", metavar="FILE", help="read the body from FILE (- for standard input)")
    parser.add_argument(
        "--at", metavar="WHEN", help="time of the update: RFC 3339, or a duration from now (default: now)"
    )
    parser.add_argument("--publish", action="store_true", help="run `elytra status publish` right after writing")


def _new_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=("incident", "maintenance"), help="what to announce")
    parser.add_argument("--title", required=True, metavar="TEXT", help="one line saying what is going on")
    parser.add_argument(
        "--impact",
        choices=("none", "degraded", "outage"),
        help="what it does to the listed components and the platform (default: degraded for an incident, "
        "none for maintenance)",
    )
    parser.add_argument(
        "--component",
        action="append",
        metavar="ID",
        help="a component id from [[components]] it concerns (repeat for several)",
    )
    parser.add_argument("--status", metavar="S", help="first status (default: investigating, or scheduled)")
    parser.add_argument("--starts", metavar="WHEN", help="maintenance: window start, RFC 3339 or a duration from now")
    parser.add_argument("--ends", metavar="WHEN", help="maintenance: window end, RFC 3339 or a duration from now")
    parser.add_argument(
        "--id", dest="notice_id", metavar="ID", help="the notice's id and file name (default: date and title)"
    )
    _body_options(parser)


def _update_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notice_id", metavar="ID", help="the notice to update (its file name without .toml)")
    parser.add_argument(
        "--status",
        required=True,
        metavar="S",
        help="incident: investigating, identified, monitoring, resolved; maintenance: in_progress, completed",
    )
    _body_options(parser)


def _list_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--all", action="store_true", help="past notices too, not only those status.json shows now")
    parser.add_argument("--json", action="store_true", help="print the notices as published, as JSON")


_NEW_EPILOG: Final = """examples:
  elytra notice new incident --title "Elevated errors in the control panel" \\
      --impact degraded --component panel --body "We are investigating." --publish
  elytra notice new maintenance --title "Database upgrade" --component panel \\
      --starts 2026-12-05T02:00:00Z --ends 2026-12-05T03:00:00Z --body "Expect short interruptions."
"""

COMMANDS = (
    Spec(
        "new",
        run=new,
        arguments=_new_arguments,
        help="write a new incident or maintenance notice",
        description="Write a new notice file in [notices] dir. The text is checked as a publish would read it "
        "and scanned for sensitive data before anything is written; an existing file is never overwritten.",
        epilog=_NEW_EPILOG,
    ),
    Spec(
        "update",
        run=update,
        arguments=_update_arguments,
        help="append an update to a notice (its file is appended to, comments kept)",
        epilog='example:\n  elytra notice update 2026-12-01-elevated-errors --status resolved --body "Fixed." --publish\n',
    ),
    Spec("list", run=list_notices, arguments=_list_arguments, help="the notices and their state now"),
)
"""The commands of ``notice``, in the order ``--help`` lists them."""
