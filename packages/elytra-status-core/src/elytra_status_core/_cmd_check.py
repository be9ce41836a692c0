"""``elytra status check``: the meta-monitor of the published document.

The logic lives in ``_check``; this module parses arguments, resolves the
webhook and state file from the environment, prints and picks the exit code:
0 healthy, 1 a check failed or the alert could not be delivered, 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ._durations import format_duration, parse_duration
from ._log import logger

if TYPE_CHECKING:
    from datetime import timedelta

    from ._cmdtypes import SubParsers

__all__ = ["STATE_FILE_ENV", "WEBHOOK_ENV", "default_state_file", "register"]

WEBHOOK_ENV = "ELYTRA_STATUS_ALERT_WEBHOOK"
"""Webhook URL when ``--alert-webhook`` is not given (keeps it out of ``ps`` and crontabs)."""
STATE_FILE_ENV = "ELYTRA_STATUS_CHECK_STATE"
_STATE_NAME = "check-state.json"


def default_state_file() -> Path:
    """Where the alert state lives when ``--state-file`` is not given.

    ``$ELYTRA_STATUS_CHECK_STATE``, else systemd's ``$STATE_DIRECTORY``, else
    ``$XDG_STATE_HOME/elytra-status``, else ``~/.local/state/elytra-status``.
    """
    explicit = os.environ.get(STATE_FILE_ENV)
    if explicit:
        return Path(explicit)
    systemd = os.environ.get("STATE_DIRECTORY")
    if systemd:
        return Path(systemd.split(":", 1)[0]) / _STATE_NAME
    xdg = os.environ.get("XDG_STATE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "state"
    return base / "elytra-status" / _STATE_NAME


def _max_age(text: str) -> timedelta:
    try:
        return parse_duration(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 300:
        raise argparse.ArgumentTypeError(f"invalid timeout {text!r}, expected seconds between 0 and 300")
    return value


def _write(text: str) -> None:
    from ._redact import redact_text

    text = redact_text(text)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def _run(args: argparse.Namespace) -> int:
    from ._check import CheckOptions, apply_alerting, render_json, render_lines, run_check, validate_target, validate_webhook

    url = cast(str, args.url)
    validate_target(url)
    webhook = cast(str | None, args.alert_webhook)
    if webhook is not None:
        validate_webhook(webhook, "--alert-webhook")
    elif os.environ.get(WEBHOOK_ENV):
        webhook = os.environ[WEBHOOK_ENV]
        validate_webhook(webhook, WEBHOOK_ENV)
    state_given = cast(str | None, args.state_file)
    state_path = Path(state_given) if state_given else (default_state_file() if webhook else None)

    options = CheckOptions(
        max_age=cast("timedelta", args.max_age), origin=cast(str, args.origin), timeout=cast(float, args.timeout)
    )
    report = run_check(url, options)
    report, alert_error = apply_alerting(report, state_path=state_path, webhook=webhook, timeout=options.timeout)
    _write(render_json(report).decode() if args.json else render_lines(report))
    if report.healthy:
        passed = sum(c.status == "ok" for c in report.checks)
        logger.info("%s is healthy: %d checks passed, %d skipped", report.url, passed, len(report.checks) - passed)
    else:
        logger.error("%s is failing: %s", report.url, ", ".join(report.failing))
    if alert_error is not None:
        logger.error("%s", alert_error)
    return 0 if report.healthy and alert_error is None else 1


def register(status: SubParsers, groups: SubParsers) -> None:
    """Add ``status check`` to the parser."""
    from ._check import DEFAULT_MAX_AGE, DEFAULT_ORIGIN, DEFAULT_TIMEOUT

    check = status.add_parser(
        "check",
        help="check the published document as a browser sees it (the meta-monitor)",
        description="Fetch the published status.json the way a browser on another site does and check: "
        "HTTP 200, Content-Type application/json, a CORS header that allows the request's Origin, "
        "Cache-Control present, a valid contract document, freshness (stale_after or --max-age, "
        "whichever is stricter) and an updated_at that is not in the future. With a webhook, a "
        "Slack-compatible message is posted when the outcome flips between healthy and failing.",
        epilog="Exit codes: 0 healthy, 1 a check failed or the alert could not be sent, 2 usage error.",
    )
    check.add_argument("url", metavar="URL", help="http(s) URL of status.json, or a file:// URL or local path")
    check.add_argument(
        "--max-age",
        type=_max_age,
        default=DEFAULT_MAX_AGE,
        metavar="DURATION",
        help=f"fail when updated_at is older than this, even if stale_after allows more (default {format_duration(DEFAULT_MAX_AGE)})",
    )
    check.add_argument("--json", action="store_true", help="print the outcome as JSON instead of one line per check")
    check.add_argument(
        "--alert-webhook",
        metavar="URL",
        help=f"Slack-compatible incoming webhook to alert on a change of state (default: ${WEBHOOK_ENV}); never printed",
    )
    check.add_argument(
        "--state-file",
        metavar="FILE",
        help=f"where the last outcome is kept between runs (default with a webhook: ${STATE_FILE_ENV}, "
        "else $STATE_DIRECTORY, else $XDG_STATE_HOME/elytra-status, else ~/.local/state/elytra-status)",
    )
    check.add_argument(
        "--origin", default=DEFAULT_ORIGIN, metavar="ORIGIN", help=f"Origin header to send (default {DEFAULT_ORIGIN})"
    )
    check.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up on the request after this long (default {DEFAULT_TIMEOUT:g})",
    )
    check.set_defaults(func=_run)
