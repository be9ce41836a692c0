"""``make demo`` shows a current picture: the bundled data is made current first, and says so."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import msgspec
from msgspec import UNSET

from elytra_status_core import decode
from elytra_status_core._cli import main

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2031, 2, 3, 4, 5, 6, tzinfo=UTC)


class _Beat(msgspec.Struct):
    time: str


class _Page(msgspec.Struct):
    beats: dict[str, list[_Beat]] = msgspec.field(name="heartbeatList")


def demo() -> ModuleType:
    spec = importlib.util.spec_from_file_location("elytra_demo", ROOT / "examples" / "demo.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bundled_data_is_committed_old_and_the_demo_makes_it_current(tmp_path: Path) -> None:
    heartbeats = ROOT / "examples/data/uptime-kuma/api/status-page/heartbeat/platform"
    assert "2025-11-10" in heartbeats.read_text(encoding="utf-8")
    lines = demo().prepare(tmp_path / "demo", NOW)
    assert any("newest beat is a minute old" in line for line in lines)
    shifted = msgspec.json.decode(
        (tmp_path / "demo/uptime-kuma/api/status-page/heartbeat/platform").read_bytes(), type=_Page
    )
    times = [beat.time for beats in shifted.beats.values() for beat in beats]
    newest = max(datetime.fromisoformat(t).replace(tzinfo=UTC) for t in times)
    assert NOW - timedelta(minutes=2) < newest <= NOW - timedelta(minutes=1)
    snapshots = msgspec.json.decode(
        (tmp_path / "demo/backups/restic-snapshots.json").read_bytes(), type=list[dict[str, object]]
    )
    stamps = [str(s["time"]) for s in snapshots]
    latest = max(datetime.fromisoformat(s[:26] + s[29:]) for s in stamps)  # nine fraction digits -> six
    assert timedelta(0) <= NOW - latest < timedelta(days=1)  # the last nightly run, not one from the future


def test_the_demo_config_on_the_made_current_data_is_healthy(tmp_path: Path) -> None:
    out = ROOT / "build" / "demo-test"
    demo().prepare(out, NOW)
    config = tmp_path / "demo.toml"
    text = (ROOT / "examples" / "demo.toml").read_text(encoding="utf-8")
    config.write_text(
        text.replace("../build/demo/notices", f"{out}/notices")
        .replace("../build/demo/", f"{out}/")
        .replace("../public/status.json", "status.json")
    )
    assert main(["status", "publish", "--config", str(config)], clock=lambda: NOW) == 0
    doc = decode((tmp_path / "status.json").read_bytes())
    assert doc.platform_status == "operational"
    assert doc.backups is not UNSET and doc.backups.last_backup_status == "success"
    assert doc.components is not UNSET and [c.id for c in doc.components] == ["websites", "panel", "dns"]
    assert all(c.status != "unknown" for c in doc.components)
    assert doc.notices is not UNSET
    (notice,) = doc.notices
    assert (notice.kind, notice.status) == ("maintenance", "scheduled")
    assert notice.scheduled_for is not UNSET and NOW < notice.scheduled_for < NOW + timedelta(days=2)
