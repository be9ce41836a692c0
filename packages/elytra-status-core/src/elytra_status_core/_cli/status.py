"""``elytra status``: summary, publish, mock and check (the meta-monitor)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import UNSET

from elytra_status_contract import PlatformStatus, encode

from .._config import LoadedConfig, SinkSettings, check_target
from .._core.durations import format_duration, parse_duration
from .._core.instants import format_instant
from .._core.redact import mask_url
from .._errors import ConfigError
from .._log import logger
from .._monitor import DEFAULT_MAX_AGE, DEFAULT_ORIGIN, DEFAULT_TIMEOUT
from .args import Args, Env
from .common import build, load, preflight, sources
from .spec import Spec

if TYPE_CHECKING:
    from .._core.fixtures import MockState
    from .._run import PublishOutcome, RunResult
    from .run_hooks import RunHooks

__all__ = ["COMMANDS", "STATE_FILE_ENV", "WEBHOOK_ENV", "check", "default_state_file", "mock", "publish", "summary"]

HELP = "build, publish, mock or check the status document"
"""What ``elytra --help`` says of the group."""

WEBHOOK_ENV = "ELYTRA_STATUS_ALERT_WEBHOOK"
"""Webhook URL when ``--alert-webhook`` is not given (keeps it out of ``ps`` and crontabs)."""
STATE_FILE_ENV = "ELYTRA_STATUS_CHECK_STATE"
_STATE_NAME = "check-state.json"


def _human(doc: PlatformStatus) -> str:
    lines = [f"platform_status  {doc.platform_status}", f"updated_at       {format_instant(doc.updated_at)}"]
    if doc.stale_after is not UNSET:
        lines.append(f"stale_after      {format_instant(doc.stale_after)}")
    if doc.uptime is not UNSET:
        for label, value in (("24h", doc.uptime.last_24h), ("7d", doc.uptime.last_7d)):
            shown = "unknown" if value is UNSET else f"{value:.2f}%"
            lines.append(f"uptime {label:<9} {shown}")
    else:
        lines.append("uptime           unknown")
    if doc.backups is not UNSET:
        b = doc.backups
        lines.append(f"backups          {'unknown' if b.last_backup_status is UNSET else b.last_backup_status}")
        if b.last_successful_backup is not UNSET:
            lines.append(f"last backup ok   {format_instant(b.last_successful_backup)}")
    return "\n".join(lines)


# --- commands -----------------------------------------------------------------


def _source_failures(run: RunResult) -> int:
    """Log the sources that failed (the run's last word on them); 1 if any did, else 0."""
    failures = run.collection.failures
    if not failures:
        return 0
    names = ", ".join(failure.source for failure in failures)
    logger.error(
        "%d configured source(s) failed: %s; what the others measured was used, their sections are left out",
        len(failures),
        names,
    )
    return 1


def _report(outcomes: Sequence[PublishOutcome], run: RunResult, env: Env) -> int:
    failed = 0
    for outcome in outcomes:
        for problem in outcome.failed:
            failed += 1
            logger.error("%s", problem)
        if outcome.error is not None:
            failed += 1
            logger.error("%s", outcome.error)
        elif outcome.written:
            logger.info("published %s (platform_status %s)", outcome.url, run.document.platform_status)
            env.write(f"wrote {outcome.url}")
        else:
            logger.info("kept the newer document at %s", outcome.url)
    return 1 if failed else 0


def summary(args: Args, env: Env) -> int:
    """Collect, build and print the document; exit 1 when a configured source failed."""
    loaded = load(args, env)
    preflight(loaded)
    run = build(loaded, env)
    env.write(run.data if args.json else _human(run.document), loaded.config.redaction.allow)
    return _source_failures(run)


def explain(args: Args, env: Env) -> int:
    """Collect and build as a publish would, then say why the status is what it is; publishes nothing."""
    from .._core.explain import explain as explanation

    loaded = load(args, env)
    preflight(loaded)
    now = env.now()
    run = build(loaded, env)
    failed = [(f.source, str(f).removeprefix(f"source {f.source}: ")) for f in run.collection.failures]
    lines = explanation(run.observations, run.dropped, failed, run.document, loaded.config.status, now)
    lines += [f"component {c}: selector {s!r} matches no monitor in this run" for c, s in run.unmatched]
    env.write("\n".join(lines))
    return _source_failures(run)


def _targets(args: Args, loaded: LoadedConfig) -> list[SinkSettings]:
    if not args.to:
        if args.endpoint_url:
            raise ConfigError("--endpoint-url goes with --to; in the config, set endpoint_url in [[publish]]")
        return loaded.config.publish
    for url in args.to:
        problem = check_target(url)
        if problem is not None:
            raise ConfigError(f"--to {mask_url(url)}: {problem}")
    return [SinkSettings(url=url, endpoint_url=args.endpoint_url) for url in args.to]


def publish(args: Args, env: Env) -> int:
    """Collect, build, validate and publish the document to every target, under the run lock.

    Exit 1 when a target could not be written or a configured source failed
    (after publishing what the other sources measured). Around the run, the
    ``[run]`` heartbeat and metrics file, and ``[[notify]]`` for what changed
    (``run_hooks``); none of them changes the exit code.
    """
    from .run_hooks import reported

    loaded = load(args, env)
    return reported(loaded, env, lambda hooks: _publish(args, env, loaded, hooks), enabled=not args.dry_run)


def _publish(args: Args, env: Env, loaded: LoadedConfig, hooks: RunHooks) -> int:
    from .._fs import local_path
    from .._run import default_lock_path, publish, publish_plan, run_lock

    preflight(loaded)
    config = loaded.config
    targets = _targets(args, loaded)
    if not targets and not args.dry_run:
        raise ConfigError("nothing to publish to: add a [[publish]] table or pass --to URL", key="publish")
    # --to paths are the user's, relative to the current folder; config paths to the config's.
    base = Path.cwd() if args.to else loaded.base
    configured = sources(loaded, env)
    if args.dry_run:
        run = build(loaded, env, configured)
        env.write(run.data, config.redaction.allow)
        for target in targets:
            logger.info("dry run: would publish to %s", mask_url(target.url))
        return _source_failures(run)
    lock = config.publish_options.lock_file
    private = lock is None
    path = default_lock_path(loaded.path, env.environ) if lock is None else local_path(lock, loaded.base)
    with run_lock(path, private_folder=private, now=env.now()):
        hooks.started()
        run = build(loaded, env, configured)
        outcomes = publish(
            run.data,
            targets,
            base=base,
            options=config.publish_options,
            allow=config.redaction.allow,
            plan=publish_plan(run, config),
        )
    written = _report(outcomes, run, env)
    hooks.published(run, outcomes, configured)
    return max(written, _source_failures(run))


def mock(args: Args, env: Env) -> int:
    """Print or write an example document in a given state.

    Written like a publish (validated, scanned, never over a newer document),
    and to local files only unless ``--force``: a mock outage must never land
    on a public object by accident.
    """
    from .._core.fixtures import MOCK_STATES, mock_document
    from .._fs import is_local

    state: MockState = next(s for s in MOCK_STATES if s == args.state)
    data = encode(mock_document(state, env.now()))
    out = args.out
    if out is None or out == "-":
        env.write(data)
        return 0
    if not is_local(out) and not args.force:
        raise ConfigError(
            f"--out {mask_url(out)}: mock documents go to local files; a remote target may be a live public "
            "status page (pass --force if it is not)"
        )
    from .._run import publish

    [outcome] = publish(data, [SinkSettings(url=out, endpoint_url=args.endpoint_url)], base=Path.cwd())
    if outcome.error is not None:
        logger.error("%s", outcome.error)
        return 1
    if not outcome.written:
        logger.warning("%s holds a newer document; the %s mock was not written", outcome.url, state)
        return 1
    logger.info("wrote %s mock to %s", state, outcome.url)
    return 0


def default_state_file(environ: Mapping[str, str]) -> Path:
    """Where the alert state lives when ``--state-file`` is not given.

    ``$ELYTRA_STATUS_CHECK_STATE``, else systemd's ``$STATE_DIRECTORY``, else
    ``$XDG_STATE_HOME/elytra-status``, else ``~/.local/state/elytra-status``.
    """
    explicit = environ.get(STATE_FILE_ENV)
    if explicit:
        return Path(explicit)
    systemd = environ.get("STATE_DIRECTORY")
    if systemd:
        return Path(systemd.split(":", 1)[0]) / _STATE_NAME
    xdg = environ.get("XDG_STATE_HOME")
    home = environ.get("HOME")
    base = Path(xdg) if xdg else (Path(home) if home else Path.home()) / ".local" / "state"
    return base / "elytra-status" / _STATE_NAME


def check(args: Args, env: Env) -> int:
    """Fetch the published document as a browser does, check it, alert on a flip."""
    from .._monitor.alert import apply_alerting, validate_webhook
    from .._monitor.check import run_check
    from .._monitor.evaluate import CheckOptions, render_json, render_lines
    from .._monitor.fetch import validate_target

    url = args.url
    validate_target(url)
    webhook = args.alert_webhook
    if webhook is not None:
        validate_webhook(webhook, "--alert-webhook")
    elif env.environ.get(WEBHOOK_ENV):
        webhook = env.environ[WEBHOOK_ENV]
        validate_webhook(webhook, WEBHOOK_ENV)
    state_path = Path(args.state_file) if args.state_file else (default_state_file(env.environ) if webhook else None)

    options = CheckOptions(max_age=args.max_age, origin=args.origin, timeout=args.timeout)
    report = run_check(url, options, env.now)
    report, alert_error = apply_alerting(report, state_path=state_path, webhook=webhook, timeout=options.timeout)
    env.write(render_json(report).decode() if args.json else render_lines(report))
    if report.healthy:
        passed = sum(c.status == "ok" for c in report.checks)
        logger.info("%s is healthy: %d checks passed, %d skipped", report.url, passed, len(report.checks) - passed)
    else:
        logger.error("%s is failing: %s", report.url, ", ".join(report.failing))
    if alert_error is not None:
        logger.error("%s", alert_error)
    return 0 if report.healthy and alert_error is None else 1


# --- parsers --------------------------------------------------------------------


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


def _summary_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the document as JSON (default: a readable summary)")


def _publish_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--to", action="append", metavar="URL", help="publish here instead of the [[publish]] list (repeatable)"
    )
    parser.add_argument("--dry-run", action="store_true", help="print the document instead of writing it")
    parser.add_argument(
        "--endpoint-url",
        metavar="URL",
        help="S3 endpoint for --to s3://... (DigitalOcean Spaces: https://nyc3.digitaloceanspaces.com)",
    )


def _mock_arguments(parser: argparse.ArgumentParser) -> None:
    from .._core.fixtures import MOCK_STATES

    parser.add_argument("--state", required=True, choices=MOCK_STATES, help="state of the example document")
    parser.add_argument(
        "--out", metavar="FILE", help="write to this local file (relative to the current folder) instead of stdout"
    )
    parser.add_argument("--force", action="store_true", help="allow --out to name a remote target (s3://...)")
    parser.add_argument("--endpoint-url", metavar="URL", help="S3 endpoint for --out s3://... (with --force)")


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", metavar="URL", help="http(s) URL of status.json, or a file:// URL or local path")
    parser.add_argument(
        "--max-age",
        type=_max_age,
        default=DEFAULT_MAX_AGE,
        metavar="DURATION",
        help="fail when updated_at is older than this, even if stale_after allows more "
        f"(default {format_duration(DEFAULT_MAX_AGE)})",
    )
    parser.add_argument("--json", action="store_true", help="print the outcome as JSON instead of one line per check")
    parser.add_argument(
        "--alert-webhook",
        metavar="URL",
        help=f"Slack-compatible incoming webhook to alert on a change of state (default: ${WEBHOOK_ENV}); never printed",
    )
    parser.add_argument(
        "--state-file",
        metavar="FILE",
        help=f"where the last outcome is kept between runs (default with a webhook: ${STATE_FILE_ENV}, "
        "else $STATE_DIRECTORY, else $XDG_STATE_HOME/elytra-status, else ~/.local/state/elytra-status)",
    )
    parser.add_argument(
        "--origin", default=DEFAULT_ORIGIN, metavar="ORIGIN", help=f"Origin header to send (default {DEFAULT_ORIGIN})"
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up on the request after this long (default {DEFAULT_TIMEOUT:g})",
    )


COMMANDS = (
    Spec("summary", run=summary, arguments=_summary_arguments, help="collect, build and print the document"),
    Spec(
        "publish",
        run=publish,
        arguments=_publish_arguments,
        help="collect, build, validate and publish the document",
        description="Collect from every source, build and validate the document, scan it for "
        "sensitive data, and write it to every [[publish]] target. A target that already holds "
        "a newer document is left alone.",
        epilog="examples:\n"
        "  elytra status publish --config /etc/elytra-status/elytra-status.toml\n"
        "  elytra status publish --dry-run                  print the document, write nothing\n"
        "  elytra status publish --to public/status.json    a local file instead of [[publish]]\n"
        "  elytra status publish --to s3://elytracloud-status/status.json \\\n"
        "      --endpoint-url https://nyc3.digitaloceanspaces.com\n",
    ),
    Spec(
        "explain",
        run=explain,
        help="say why the status is what it is: per source and monitor (names stay local)",
        description="Collect from every source and build the document as a publish would, then print, per "
        "source and per monitor, what was observed, what was dropped as stale or failed, and which rule made "
        "platform_status what it is. Monitor names are printed here only, never published. Publishes nothing.",
    ),
    Spec("mock", run=mock, arguments=_mock_arguments, help="print or write an example document in a given state"),
    Spec(
        "check",
        run=check,
        arguments=_check_arguments,
        help="check the published document as a browser sees it (the meta-monitor)",
        description="Fetch the published status.json the way a browser on another site does and check: "
        "HTTP 200, Content-Type application/json, a CORS header that allows the request's Origin, "
        "Cache-Control present, a valid contract document, freshness (stale_after or --max-age, "
        "whichever is stricter) and an updated_at that is not in the future. With a webhook, a "
        "Slack-compatible message is posted when the outcome flips between healthy and failing.",
        epilog="Exit codes: 0 healthy, 1 a check failed or the alert could not be sent, 2 usage error.\n\n"
        "examples:\n"
        "  elytra status check https://status.elytracloud.com/status.json\n"
        "  elytra status check https://status.elytracloud.com/status.json --max-age 1h --json\n"
        "  elytra status check https://status.elytracloud.com/status.json \\\n"
        '      --origin https://www.elytracloud.com --alert-webhook "$SLACK_WEBHOOK_URL"\n',
    ),
)
"""The commands of ``status``, in the order ``--help`` lists them."""
