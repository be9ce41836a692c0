"""Textfile metrics (``[run] metrics_file``): the text, ``promtool check metrics`` on it, and the CLI writing it."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from elytra_status_core._cli import main
from elytra_status_core._cli.args import Env
from elytra_status_core._cli.run_hooks import RunHooks
from elytra_status_core._config import parse_config
from elytra_status_core._core.metrics import RunMetrics, last_success_of, render
from elytra_status_core._metrics import write_metrics
from tests._integration import require_program

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
STAMP = int(NOW.timestamp())

METRICS = RunMetrics(
    ended_at=NOW,
    duration=2.5,
    success=True,
    last_success=NOW,
    platform_status="degraded",
    sources=(("kuma", True), ('prom "east"', False)),
    targets=(("s3://elytracloud-status/status.json", "written"), ("public/status.json", "kept")),
)


def promtool_check(text: str) -> subprocess.CompletedProcess[str]:
    promtool = require_program("promtool")
    return subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True, text=True, check=False)


def test_render() -> None:
    text = render(METRICS)
    samples = [line for line in text.splitlines() if not line.startswith("#")]
    assert samples == [
        f"elytra_status_last_run_timestamp_seconds {STAMP}",
        "elytra_status_last_run_success 1",
        "elytra_status_last_run_duration_seconds 2.5",
        f"elytra_status_last_success_timestamp_seconds {STAMP}",
        'elytra_status_platform_status{status="operational"} 0',
        'elytra_status_platform_status{status="degraded"} 1',
        'elytra_status_platform_status{status="outage"} 0',
        'elytra_status_platform_status{status="unknown"} 0',
        'elytra_status_source_up{source="kuma"} 1',
        'elytra_status_source_up{source="prom \\"east\\""} 0',
        'elytra_status_target_outcome{outcome="written",target="s3://elytracloud-status/status.json"} 1',
        'elytra_status_target_outcome{outcome="kept",target="s3://elytracloud-status/status.json"} 0',
        'elytra_status_target_outcome{outcome="failed",target="s3://elytracloud-status/status.json"} 0',
        'elytra_status_target_outcome{outcome="written",target="public/status.json"} 0',
        'elytra_status_target_outcome{outcome="kept",target="public/status.json"} 1',
        'elytra_status_target_outcome{outcome="failed",target="public/status.json"} 0',
    ]
    assert "# TYPE elytra_status_platform_status gauge" in text.splitlines()
    assert last_success_of(text) == NOW


def test_promtool_accepts_the_textfile() -> None:
    result = promtool_check(render(METRICS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout + result.stderr == ""  # no lint findings either


def test_promtool_would_catch_a_broken_textfile() -> None:
    broken = render(METRICS).replace(
        "# TYPE elytra_status_last_run_success gauge", "# TYPE elytra_status_last_run_success counter"
    )
    assert promtool_check(broken).stdout + promtool_check(broken).stderr != ""


def test_a_failed_run_keeps_the_last_success(tmp_path: Path) -> None:
    path = tmp_path / "elytra-status.prom"
    assert write_metrics(path, METRICS)
    failed = RunMetrics(ended_at=NOW + timedelta(minutes=10), duration=1.0, success=False)
    assert write_metrics(path, failed)
    text = path.read_text(encoding="utf-8")
    assert "elytra_status_last_run_success 0" in text
    assert last_success_of(text) == NOW
    assert "platform_status" not in text  # this run published nothing
    assert [p.name for p in tmp_path.iterdir()] == ["elytra-status.prom"]  # no temp file left behind
    assert promtool_check(text).returncode == 0


def test_a_metrics_file_that_cannot_be_written_is_logged(tmp_path: Path) -> None:
    assert not write_metrics(tmp_path / "missing-folder" / "elytra-status.prom", METRICS)


def test_the_run_hooks_measure_with_the_clock_they_are_given(tmp_path: Path) -> None:
    config = tmp_path / "elytra-status.toml"
    config.write_text('[run]\nmetrics_file = "elytra-status.prom"\n', encoding="utf-8")
    ticks = iter([100.0, 103.25])
    hooks = RunHooks(parse_config(config.read_text(), path=config), Env(clock=lambda: NOW), clock=lambda: next(ticks))
    hooks.finish(0)
    text = (tmp_path / "elytra-status.prom").read_text(encoding="utf-8")
    assert "elytra_status_last_run_duration_seconds 3.25" in text
    assert f"elytra_status_last_success_timestamp_seconds {STAMP}" in text


def test_publish_writes_the_metrics_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "elytra-status.toml"
    config.write_text(
        '[infrastructure]\nmodel = "Dedicated servers."\n\n[[publish]]\nurl = "status.json"\n\n'
        '[run]\nmetrics_file = "elytra-status.prom"\n',
        encoding="utf-8",
    )
    environ = {"XDG_RUNTIME_DIR": str(tmp_path / "run")}
    assert main(["status", "publish", "--config", str(config)], environ=environ, clock=lambda: NOW) == 0
    text = (tmp_path / "elytra-status.prom").read_text(encoding="utf-8")
    assert 'elytra_status_platform_status{status="unknown"} 1' in text
    assert f'elytra_status_target_outcome{{outcome="written",target="{tmp_path / "status.json"}"}} 1' in text
    assert promtool_check(text).returncode == 0
    assert main(["status", "publish", "--config", str(config)], environ=environ, clock=lambda: NOW) == 0
    again = (tmp_path / "elytra-status.prom").read_text(encoding="utf-8")
    assert f'elytra_status_target_outcome{{outcome="written",target="{tmp_path / "status.json"}"}} 1' in again
    capsys.readouterr()
    assert main(["config", "check", "--config", str(config)], environ={}) == 0
    bad = tmp_path / "bad.toml"
    bad.write_text('[infrastructure]\nmodel = "x"\n[run]\nmetrics_file = "metrics.txt"\n', encoding="utf-8")
    assert main(["config", "check", "--config", str(bad)], environ={}) == 2
    assert "must end in .prom" in capsys.readouterr().err
