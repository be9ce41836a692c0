"""A publish run as node_exporter textfile metrics (the Prometheus text format). Pure.

``render`` turns one run's numbers into the text ``_metrics`` writes after
each run; node_exporter's textfile collector serves it with the host's other
metrics, so the publisher is watched by the alerting the host already has:

- ``elytra_status_last_run_timestamp_seconds``, ``..._last_run_success``,
  ``..._last_run_duration_seconds``;
- ``elytra_status_last_success_timestamp_seconds``: carried over from the
  previous file when this run failed (``last_success``), so "no success for
  an hour" is one expression;
- ``elytra_status_platform_status{status=...}``: 1 for the published status,
  0 for the others (one series per state, the Prometheus way of an enum);
- ``elytra_status_source_up{source=...}``: 1 when the source answered;
- ``elytra_status_target_outcome{target=...,outcome=written|kept|failed}``:
  1 for what happened at each publish target.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Final, Literal, get_args

import msgspec

from elytra_status_contract import Status

__all__ = ["PREFIX", "RunMetrics", "TargetOutcome", "last_success_of", "render"]

PREFIX: Final = "elytra_status"
TargetOutcome = Literal["written", "kept", "failed"]
_STATUSES: Final[tuple[Status, ...]] = get_args(Status)
_OUTCOMES: Final[tuple[TargetOutcome, ...]] = get_args(TargetOutcome)


class RunMetrics(msgspec.Struct, frozen=True, kw_only=True):
    """One publish run, as the metrics say it."""

    ended_at: datetime
    duration: float
    """Seconds the run took."""
    success: bool
    last_success: datetime | None = None
    """When the newest successful run ended (this one, when it succeeded)."""
    platform_status: Status | None = None
    """What the published document says; ``None`` when the run built none."""
    sources: tuple[tuple[str, bool], ...] = ()
    """``(source name, answered)``, in config order."""
    targets: tuple[tuple[str, TargetOutcome], ...] = ()
    """``(target URL, masked; what happened there)``, in config order."""


def _seconds(at: datetime) -> str:
    return _number(at.astimezone(UTC).timestamp())


def _number(value: float) -> str:
    return repr(float(value)) if value != int(value) else str(int(value))


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _family(lines: list[str], name: str, help_text: str, samples: Sequence[tuple[str, str]]) -> None:
    if not samples:
        return
    lines.append(f"# HELP {PREFIX}_{name} {help_text}")
    lines.append(f"# TYPE {PREFIX}_{name} gauge")
    lines += [f"{PREFIX}_{name}{labels} {value}" for labels, value in samples]


def render(metrics: RunMetrics) -> str:
    """The textfile: every family with ``HELP`` and ``TYPE``, one sample per line, newline at the end."""
    lines: list[str] = []
    _family(lines, "last_run_timestamp_seconds", "When the last publish run ended.", [("", _seconds(metrics.ended_at))])
    _family(
        lines,
        "last_run_success",
        "Whether the last publish run succeeded (1) or failed (0).",
        [("", "1" if metrics.success else "0")],
    )
    _family(
        lines,
        "last_run_duration_seconds",
        "How long the last publish run took.",
        [("", _number(round(metrics.duration, 3)))],
    )
    if metrics.last_success is not None:
        _family(
            lines,
            "last_success_timestamp_seconds",
            "When the last successful publish run ended.",
            [("", _seconds(metrics.last_success))],
        )
    if metrics.platform_status is not None:
        _family(
            lines,
            "platform_status",
            "The published platform_status: 1 for the state it is in, 0 for the others.",
            [(f'{{status="{s}"}}', "1" if s == metrics.platform_status else "0") for s in _STATUSES],
        )
    _family(
        lines,
        "source_up",
        "Whether the source answered in the last run (1) or failed (0).",
        [(f'{{source="{_label(name)}"}}', "1" if up else "0") for name, up in metrics.sources],
    )
    _family(
        lines,
        "target_outcome",
        "What the last run did at each publish target: written, kept (a newer document was there) or failed.",
        [
            (f'{{outcome="{o}",target="{_label(url)}"}}', "1" if o == outcome else "0")
            for url, outcome in metrics.targets
            for o in _OUTCOMES
        ],
    )
    return "\n".join(lines) + "\n"


_LAST_SUCCESS: Final = re.compile(rf"^{PREFIX}_last_success_timestamp_seconds ([0-9.e+]+)$", re.MULTILINE)


def last_success_of(text: str) -> datetime | None:
    """The last success time a previous textfile recorded, or ``None``."""
    match = _LAST_SUCCESS.search(text)
    if match is None:
        return None
    try:
        return datetime.fromtimestamp(float(match[1]), UTC)
    except (ValueError, OverflowError, OSError):
        return None
