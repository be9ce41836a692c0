"""History's day uptime from real parts: each rule of design/history.md on real answers.

- range-capable sources give the availability over exactly that UTC day: a real
  Prometheus holding recorded samples of several days (written into its TSDB
  with ``promtool tsdb create-blocks-from openmetrics``, queried with ``time=``
  at each day's end), and a Better Stack replay answering ``sla?from=&to=``;
- sources that only know a rolling 24 h (Uptime Kuma) give the figure read by
  the first run within ``history.close_window`` after midnight UTC, and
  nothing otherwise;
- the merge keeps the first figure written and never invents a day.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from elytra_status_contract import decode_history
from elytra_status_core._cli import main
from elytra_status_core._config import parse_config
from elytra_status_core._run import day_uptime
from elytra_status_core._sources.prometheus import Prometheus
from tests._integration import require_program
from tests.conftest import free_port
from tests.servers import Recorded, ReplayServer, Reply
from tests.test_source_prometheus import start_process, stop_process, wait_ready

DAY1 = date(2025, 3, 10)
"""Three recorded days: 2025-03-10..12, one sample a minute per probe."""
START = datetime.combine(DAY1, datetime.min.time(), tzinfo=UTC)
OUTAGE = (START + timedelta(days=1, hours=6), START + timedelta(days=1, hours=9))
"""Probe ``panel-1`` fails for 3 hours on the second day: 0.875 that day."""


def _openmetrics() -> str:
    lines = ["# TYPE probe_success gauge"]
    for minute in range(3 * 24 * 60):
        at = START + timedelta(minutes=minute)
        stamp = int(at.timestamp())
        panel = 0 if OUTAGE[0] <= at < OUTAGE[1] else 1
        lines.append(f'probe_success{{instance="panel-1",component="panel"}} {panel} {stamp}')
        lines.append(f'probe_success{{instance="web-1",component="websites"}} 1 {stamp}')
    lines.append("# EOF")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    prometheus = require_program("prometheus")
    promtool = require_program("promtool")
    folder = tmp_path_factory.mktemp("recorded")
    samples = folder / "samples.om"
    samples.write_text(_openmetrics())
    data = folder / "data"
    created = subprocess.run(
        [promtool, "tsdb", "create-blocks-from", "openmetrics", str(samples), str(data)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert created.returncode == 0, created.stderr
    (folder / "prometheus.yml").write_text("global:\n  scrape_interval: 1m\n")
    port = free_port()
    log = folder / "prometheus.log"
    process = start_process(
        [
            prometheus,
            f"--config.file={folder / 'prometheus.yml'}",
            f"--storage.tsdb.path={data}",
            # The samples are from a fixed past; keep them whatever today's date is.
            "--storage.tsdb.retention.time=100y",
            f"--web.listen-address=127.0.0.1:{port}",
        ],
        log,
    )
    try:
        wait_ready(f"http://127.0.0.1:{port}/-/ready", process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process(process)


def config_text(prometheus: str, extra: str = "") -> str:
    return f"""
[[sources]]
kind = "prometheus"
name = "prom"
url = "{prometheus}"
query = 'probe_success'
monitor_label = "instance"

[[components]]
id = "panel"
name = "Control panel"
monitors = ["prom:panel-*"]

[[components]]
id = "websites"
name = "Customer websites"
monitors = ["prom:web-*"]
{extra}
"""


def test_a_closed_days_uptime_is_exact_from_a_real_prometheus(recorded: str, tmp_path: Path) -> None:
    loaded = parse_config(config_text(recorded), base=tmp_path)
    source = Prometheus(recorded, "probe_success", monitor_label="instance")
    figures = {
        day: day_uptime(day, loaded.config, [source], (), {source.name: "prom"})
        for day in (DAY1, DAY1 + timedelta(days=1), DAY1 + timedelta(days=2), DAY1 + timedelta(days=5))
    }
    first, second, third, absent = figures.values()
    assert first is not None and first.platform == 100.0 and first.components == {"panel": 100.0, "websites": 100.0}
    assert second is not None and second.components == {"panel": 87.5, "websites": 100.0}
    assert second.platform == 93.75  # the mean of the two probes over that day, floored
    assert third is not None and third.platform == 100.0
    assert absent is None  # a day Prometheus has no samples for: no figure, not 0 and not 100


def betterstack_site(server: ReplayServer, tmp_path: Path, run_at: datetime) -> Path:
    """Two Better Stack monitors: rolling 24 h figures of 98 %, an exact SLA for the day that closed."""
    closed = (run_at - timedelta(days=1)).date().isoformat()
    listing = {
        "data": [
            {
                "id": key,
                "type": "monitor",
                "attributes": {
                    "status": "up",
                    "last_checked_at": (run_at - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                    "paused_at": None,
                },
            }
            for key in ("11", "12")
        ],
        "pagination": {"next": None},
    }
    server.routes["/api/v2/monitors"] = Reply(body=json.dumps(listing).encode())

    def sla(request: Recorded) -> Reply:
        parts = urlsplit(request.path)
        query = parse_qs(parts.query)
        monitor = parts.path.split("/")[-2]
        exact = query["from"] == query["to"] == [closed]
        value = {"11": 99.5, "12": 100.0}[monitor] if exact else 98.0
        return Reply(body=json.dumps({"data": {"id": monitor, "attributes": {"availability": value}}}).encode())

    for key in ("11", "12"):
        server.routes[f"/api/v2/monitors/{key}/sla"] = sla
    config = tmp_path / "elytra-status.toml"
    config.write_text(
        f"""
[[sources]]
kind = "betterstack"
name = "bs"
url = "{server.url}/api/v2"
token_env = "BETTERSTACK_API_TOKEN"

[[components]]
id = "panel"
name = "Control panel"
monitors = ["bs:11"]

[[publish]]
url = "public/status.json"
"""
    )
    return config


def test_a_run_just_after_midnight_records_the_exact_figure_of_a_range_source(tmp_path: Path) -> None:
    run_at = START + timedelta(days=1, minutes=10)
    with ReplayServer() as server:
        config = betterstack_site(server, tmp_path, run_at)
        environ = {"BETTERSTACK_API_TOKEN": "bs-test-token"}
        assert main(["status", "publish", "--config", str(config)], environ=environ, clock=lambda: run_at) == 0
        asked = [p for p in server.paths() if "/sla" in p]
    history = decode_history((tmp_path / "public" / "history.json").read_bytes())
    days = {d.date: d for d in history.days}
    closed = days[DAY1]
    # The exact SLA of 2025-03-10 (99.5 and 100), not the rolling 98: a range-capable source answers the day itself.
    assert closed.uptime == 99.75 and closed.status is msgspec_unset()
    assert isinstance(closed.components, dict) and closed.components["panel"].uptime == 99.5
    assert any(f"from={DAY1.isoformat()}&to={DAY1.isoformat()}" in p for p in asked), asked
    today = days[DAY1 + timedelta(days=1)]
    assert today.partial is True and today.uptime is msgspec_unset() and today.status == "degraded"


def msgspec_unset() -> object:
    import msgspec

    return msgspec.UNSET


KUMA_BEATS: dict[str, Any] = {
    "heartbeatList": {"1": [{"status": 1, "time": "2025-03-11 00:04:00", "msg": "", "ping": 40}]},
    "uptimeList": {"1_24": 0.9986},
}


def kuma_site(tmp_path: Path, beat_at: datetime) -> Path:
    beats = tmp_path / "kuma" / "api" / "status-page" / "heartbeat" / "platform"
    beats.parent.mkdir(parents=True, exist_ok=True)
    page = json.loads(json.dumps(KUMA_BEATS))
    page["heartbeatList"]["1"][0]["time"] = (beat_at - timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M:%S")
    beats.write_text(json.dumps(page))
    config = tmp_path / "elytra-status.toml"
    config.write_text(
        """
[[sources]]
kind = "uptime-kuma"
url = "kuma"
status_page = "platform"
uptime_7d = false

[[publish]]
url = "public/status.json"
"""
    )
    return config


@pytest.mark.parametrize(
    ("minutes_after_midnight", "recorded_uptime"),
    [(5, 99.86), (29, 99.86), (31, None), (600, None)],
)
def test_a_rolling_figure_counts_only_when_read_just_after_midnight(
    tmp_path: Path, minutes_after_midnight: int, recorded_uptime: float | None
) -> None:
    run_at = START + timedelta(days=1, minutes=minutes_after_midnight)
    config = kuma_site(tmp_path, run_at)
    assert main(["status", "publish", "--config", str(config)], environ={}, clock=lambda: run_at) == 0
    days = {d.date: d for d in decode_history((tmp_path / "public" / "history.json").read_bytes()).days}
    closed = days.get(DAY1)
    if recorded_uptime is None:
        assert closed is None
    else:
        assert closed is not None and closed.uptime == recorded_uptime and closed.status is msgspec_unset()


def test_the_first_rolling_figure_after_midnight_is_kept(tmp_path: Path) -> None:
    first = START + timedelta(days=1, minutes=5)
    config = kuma_site(tmp_path, first)
    assert main(["status", "publish", "--config", str(config)], environ={}, clock=lambda: first) == 0
    later = first + timedelta(minutes=20)
    KUMA_BEATS["uptimeList"]["1_24"] = 0.5
    try:
        kuma_site(tmp_path, later)
        assert main(["status", "publish", "--config", str(config)], environ={}, clock=lambda: later) == 0
    finally:
        KUMA_BEATS["uptimeList"]["1_24"] = 0.9986
    days = {d.date: d for d in decode_history((tmp_path / "public" / "history.json").read_bytes()).days}
    assert days[DAY1].uptime == 99.86


def test_backfill_fills_absent_uptime_from_prometheus_and_never_touches_statuses(recorded: str, tmp_path: Path) -> None:
    from elytra_status_contract import ComponentDay, HistoryDay, HistoryDocument, encode_history

    config = tmp_path / "elytra-status.toml"
    config.write_text(config_text(recorded, '[[publish]]\nurl = "public/status.json"\n'))
    now = START + timedelta(days=3, hours=1)
    seeded = HistoryDocument(
        updated_at=now - timedelta(minutes=30),
        days=[
            HistoryDay(date=DAY1 + timedelta(days=3), partial=True, status="operational"),
            HistoryDay(
                date=DAY1 + timedelta(days=1),
                status="outage",
                components={"panel": ComponentDay(status="outage")},
            ),
            HistoryDay(date=DAY1, status="operational", uptime=99.0),  # present: never replaced
        ],
    )
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "history.json").write_bytes(encode_history(seeded))
    argv = ["history", "backfill", "--days", "5", "--config", str(config)]
    assert main(argv, environ={}, clock=lambda: now) == 0
    days = {d.date: d for d in decode_history((tmp_path / "public" / "history.json").read_bytes()).days}
    assert days[DAY1].uptime == 99.0 and days[DAY1].status == "operational"
    second = days[DAY1 + timedelta(days=1)]
    assert second.status == "outage" and second.uptime == 93.75
    assert isinstance(second.components, dict) and second.components["panel"].status == "outage"
    assert second.components["panel"].uptime == 87.5
    third = days[DAY1 + timedelta(days=2)]  # had no record: gets its uptime, and no invented status
    assert third.uptime == 100.0 and third.status is msgspec_unset()
    assert days[DAY1 + timedelta(days=3)].uptime is msgspec_unset()  # today stays partial
    assert DAY1 - timedelta(days=1) not in days  # Prometheus has nothing there: nothing invented
