"""Alerting of ``elytra status check``: a state file, and a webhook post when the state flips. I/O.

The outcome is compared with the previous run's, kept in a small JSON state
file, and a Slack-compatible message is posted to a webhook only when the
state flips (healthy -> failing, failing -> healthy), so a cron job every 5
minutes does not repeat itself. When the post fails the state file keeps the
old state, so the next run tries again.

Webhook URLs are secrets: they are shown only as scheme and host.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import msgspec

from .._core.instants import format_instant
from .._core.redact import redact_text
from .._errors import ConfigError
from .._fs import write_atomically
from .._http import user_agent
from .._log import logger
from . import DEFAULT_TIMEOUT
from .evaluate import AlertOutcome, Report

__all__ = ["StateFile", "TargetState", "alert_payload", "apply_alerting", "mask_webhook", "validate_webhook"]


def mask_webhook(url: str) -> str:
    """A webhook URL safe to print: scheme and host only (the path is the secret)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "<unparsable webhook URL>"
    shown = f"{host}:{port}" if port else host
    return f"{parts.scheme}://{shown}/***"


def validate_webhook(url: str, where: str) -> None:
    """``ConfigError`` (exit 2) unless ``url`` is an http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok:
        raise ConfigError(f"{where} must be an http(s) URL, got {mask_webhook(url)}")


class TargetState(msgspec.Struct, frozen=True, kw_only=True):
    """What the last run concluded about one URL."""

    healthy: bool
    since: datetime
    """When this state began (the run that saw the flip)."""
    checked_at: datetime
    failing: list[str] = []


class StateFile(msgspec.Struct, kw_only=True):
    """The state file: one entry per checked URL (masked), so one file can serve several checks."""

    version: int = 1
    targets: dict[str, TargetState] = {}


def _load_state(path: Path) -> StateFile:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return StateFile()
    except OSError as exc:
        raise ConfigError(f"cannot read the state file: {exc.strerror or type(exc).__name__}", file=str(path)) from None
    try:
        return msgspec.json.decode(data, type=StateFile)
    except msgspec.DecodeError:
        logger.warning("state file %s is not readable state; starting afresh", path)
        return StateFile()


def _save_state(path: Path, state: StateFile) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, msgspec.json.format(msgspec.json.encode(state), indent=2) + b"\n", 0o600)


def alert_payload(report: Report, previous: TargetState | None) -> dict[str, str]:
    """The Slack-compatible message (``{"text": ...}``) for a change of state."""
    if report.healthy:
        since = f" (failing since {format_instant(previous.since)})" if previous is not None else ""
        text = f":white_check_mark: status.json is healthy again: {report.url}{since}"
    else:
        lines = [f":rotating_light: status.json check failing: {report.url}"]
        lines += [f"• {c.name}: {c.detail}" for c in report.checks if c.status == "fail"]
        text = "\n".join(lines)
    return {"text": redact_text(text)}


def _post_alert(webhook: str, payload: Mapping[str, str], timeout: float) -> str | None:
    """POST the message; ``None`` on success, else why it failed (webhook masked)."""
    import httpx

    shown = mask_webhook(webhook)
    try:
        response = httpx.post(
            webhook,
            content=msgspec.json.encode(payload),
            headers={"Content-Type": "application/json", "User-Agent": user_agent("elytra-status-check")},
            timeout=timeout,
        )
    except httpx.TimeoutException:
        return f"alert webhook {shown} timed out"
    except (httpx.TransportError, httpx.InvalidURL) as exc:
        return f"alert webhook {shown} failed ({type(exc).__name__})"
    if not 200 <= response.status_code < 300:
        return f"alert webhook {shown} answered HTTP {response.status_code}"
    return None


def apply_alerting(
    report: Report,
    *,
    state_path: Path | None,
    webhook: str | None,
    timeout: float = DEFAULT_TIMEOUT,
) -> tuple[Report, str | None]:
    """Record the state and alert on a flip; return the report and an alerting error, if any.

    Without a previous state the document is assumed to have been healthy, so
    the first failing run alerts and the first healthy run stays quiet.
    """
    state = _load_state(state_path) if state_path is not None else StateFile()
    previous = state.targets.get(report.url)
    was_healthy = previous.healthy if previous is not None else True
    changed = report.healthy != was_healthy
    previous_label: Literal["healthy", "failing"] | None = None
    if previous is not None:
        previous_label = "healthy" if previous.healthy else "failing"

    error: str | None = None
    outcome: AlertOutcome = "disabled"
    if webhook is not None:
        outcome = "not-needed"
        if changed:
            error = _post_alert(webhook, alert_payload(report, previous), timeout)
            outcome = "failed" if error else "sent"
            if error is None:
                logger.info("alert sent to %s: %s", mask_webhook(webhook), "healthy" if report.healthy else "failing")

    if state_path is not None and outcome != "failed":
        since = previous.since if previous is not None and not changed else report.checked_at
        state.targets[report.url] = TargetState(
            healthy=report.healthy, since=since, checked_at=report.checked_at, failing=report.failing
        )
        try:
            _save_state(state_path, state)
        except OSError as exc:
            problem = f"cannot write the state file {state_path}: {exc.strerror or type(exc).__name__}"
            error = f"{error}; {problem}" if error else problem
    return msgspec.structs.replace(report, previous=previous_label, alert=outcome), error
