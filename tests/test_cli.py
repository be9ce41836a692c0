"""The elytra CLI end to end: main(argv) in-process, and the installed script once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from elytra_status_contract import SCHEMA_VERSION
from elytra_status_core import decode, is_stale
from elytra_status_core._cli import main
from tests.servers import ReplayServer, Reply

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2025, 6, 1, 12, 5, tzinfo=UTC)
"""The clock of every in-process run: the heartbeats below are a few minutes old then."""


def cli(argv: list[str], **kwargs: Any) -> int:
    """``main`` at ``NOW``."""
    return main(argv, clock=lambda: NOW, **kwargs)


HEARTBEATS = {
    "heartbeatList": {
        "1": [
            {"status": 0, "time": "2025-06-01 12:00:05", "msg": "", "ping": None},
            {"status": 1, "time": "2025-06-01 12:01:05.456", "msg": "", "ping": 42},
        ],
        "2": [{"status": 1, "time": "2025-06-01 12:01:06.1", "msg": "", "ping": 40}],
        "3": [{"status": 3, "time": "2025-06-01 12:01:07.000", "msg": "", "ping": None}],
        "4": [{"status": 2, "time": "2025-06-01 12:01:08.000", "msg": "", "ping": None}],
        "5": [],
    },
    "uptimeList": {"1_24": 0.9986, "2_24": 1, "3_24": 0.5, "4_24": 1, "5_24": 0},
}


def kuma_config(tmp_path: Path, url: str, *, slug: str = "platform", extra: str = "") -> Path:
    path = tmp_path / "elytra-status.toml"
    path.write_text(
        f"""
[infrastructure]
model = "Dedicated droplet per client + managed database cluster."
regions = ["nyc3"]

[backups]
policy = "Nightly backups, 7-day retention, off-site object storage."

[collect]
retries = 1

[[sources]]
kind = "uptime-kuma"
url = "{url}"
status_page = "{slug}"

[[publish]]
url = "out/status.json"
{extra}"""
    )
    return path


@pytest.fixture
def kuma() -> Iterator[ReplayServer]:
    with ReplayServer(
        {
            "/api/status-page/heartbeat/platform": Reply(body=json.dumps(HEARTBEATS).encode()),
            "/api/status-page/heartbeat/nobody": Reply(body=b'{"heartbeatList": {}, "uptimeList": {}}'),
            "/api/status-page/heartbeat/broken": Reply(500, b"Internal Server Error", {"Content-Type": "text/plain"}),
        }
    ) as server:
        yield server


def test_summary_json_from_a_live_uptime_kuma(
    kuma: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = kuma_config(tmp_path, kuma.url)
    assert cli(["status", "summary", "--config", str(config), "--json"]) == 0
    doc = decode(capsys.readouterr().out)
    assert doc.schema_version == SCHEMA_VERSION
    assert not is_stale(doc, NOW)
    paths = [r.path for r in kuma.requests]
    assert paths[0] == "/api/status-page/heartbeat/platform"
    assert set(paths[1:]) == {f"/api/badge/{i}/uptime/168" for i in ("1", "2", "3", "4")}


def test_summary_reads_uptime_as_mean_of_monitors_with_beats(
    kuma: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = kuma_config(tmp_path, kuma.url)
    assert cli(["status", "summary", "--config", str(config), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    # (0.9986 + 1 + 0.5 + 1) / 4 monitors with beats; monitor 5's 0 is "no data" (2.x quirk)
    assert out["uptime"] == {"last_24h": 87.46}
    # monitors 1 and 2 are up now, 3 (maintenance) and 4 (pending) do not count,
    # but the platform's 24h uptime is below operational_min_24h
    assert out["platform_status"] == "degraded"


def test_an_unknown_status_page_fails_the_run_naming_the_slug(
    kuma: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Kuma answers 200 with empty lists for a slug it does not know: never "no monitors, all fine"."""
    config = kuma_config(tmp_path, kuma.url, slug="nobody")
    published = tmp_path / "out" / "status.json"
    published.parent.mkdir()
    published.write_bytes(b'{"updated_at": "2025-06-01T11:00:00Z", "platform_status": "operational"}')
    assert cli(["status", "publish", "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert "status page 'nobody' has no monitors: wrong slug" in err
    assert "not publishing" in err
    assert decode(published.read_bytes()).platform_status == "operational"  # the good document stays


def test_summary_human_output(kuma: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["status", "summary", "--config", str(kuma_config(tmp_path, kuma.url))]) == 0
    out = capsys.readouterr().out
    assert "platform_status  degraded" in out
    assert "uptime 24h       87.46%" in out
    assert "uptime 7d        unknown" in out


def test_publish_writes_and_reports_where(
    kuma: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(["status", "publish", "--config", str(kuma_config(tmp_path, kuma.url))]) == 0
    written = tmp_path / "out" / "status.json"
    assert f"wrote {written}" in capsys.readouterr().out
    doc = decode(written.read_bytes())
    assert not is_stale(doc, NOW)


def test_publish_to_overrides_the_publish_list(kuma: ReplayServer, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere.json"
    assert cli(["status", "publish", "--config", str(kuma_config(tmp_path, kuma.url)), "--to", str(other)]) == 0
    assert other.exists()
    assert not (tmp_path / "out" / "status.json").exists()


def test_dry_run_prints_and_writes_nothing(
    kuma: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(["status", "publish", "--config", str(kuma_config(tmp_path, kuma.url)), "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert decode(captured.out).platform_status == "degraded"
    assert "would publish to" in captured.err
    assert not (tmp_path / "out").exists()


def test_when_every_uptime_source_fails_nothing_is_published(
    kuma: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = kuma_config(tmp_path, kuma.url)
    assert cli(["status", "publish", "--config", str(config)]) == 0
    previous = (tmp_path / "out" / "status.json").read_bytes()
    capsys.readouterr()
    broken = kuma_config(tmp_path, kuma.url, slug="broken")
    assert cli(["status", "publish", "--config", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "HTTP 500" in err
    assert "not publishing" in err
    assert (tmp_path / "out" / "status.json").read_bytes() == previous


def test_config_errors_exit_2_and_name_the_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[status]\noutage_share = "half"\n')
    assert cli(["status", "summary", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert "status.outage_share" in err and str(path) in err
    assert "Traceback" not in err


def test_missing_config_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ELYTRA_STATUS_CONFIG", raising=False)
    assert cli(["status", "summary"]) == 2
    assert "no config file" in capsys.readouterr().err


def test_config_path_from_the_environment(
    kuma: ReplayServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ELYTRA_STATUS_CONFIG", str(kuma_config(tmp_path, kuma.url)))
    assert cli(["status", "summary", "--json"]) == 0
    assert decode(capsys.readouterr().out)


def test_publish_without_targets_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[infrastructure]\nmodel = "Droplets."\n')
    assert cli(["status", "publish", "--config", str(path)]) == 2
    assert "nothing to publish to" in capsys.readouterr().err


def test_config_check_masks_secrets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BETTERSTACK_API_TOKEN", raising=False)
    path = kuma_config(
        tmp_path,
        "https://status:hunter2-very-secret@uptime.example.com/?token=abcdef123456",
        extra='\n[[publish]]\nurl = "s3://bucket/status.json"\nendpoint_url = "https://nyc3.digitaloceanspaces.com"\n',
    )
    assert cli(["config", "check", "--config", str(path)]) == 0
    captured = capsys.readouterr()
    assert "hunter2-very-secret" not in captured.out + captured.err
    assert "abcdef123456" not in captured.out + captured.err
    shown = json.loads(captured.out)
    assert shown["sources"][0]["url"] == "https://status:***@uptime.example.com/?token=***"
    assert shown["status"]["stale_after"] == "30m"
    assert shown["config_file"] == str(path)


@pytest.mark.parametrize("state", ["operational", "degraded", "outage", "unknown", "stale"])
def test_mock_documents(state: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["status", "mock", "--state", state]) == 0
    doc = decode(capsys.readouterr().out)
    assert doc.platform_status == ("operational" if state == "stale" else state)
    assert is_stale(doc, NOW) is (state == "stale")
    out = tmp_path / "public" / "status.json"
    assert cli(["status", "mock", "--state", state, "--out", str(out)]) == 0
    assert decode(out.read_bytes()).platform_status == doc.platform_status


def test_mock_rejects_an_unknown_state(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["status", "mock", "--state", "fine"]) == 2
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["status"],
        ["status", "summary"],
        ["status", "publish"],
        ["status", "check"],
        ["status", "mock"],
        ["config"],
        ["config", "check"],
        ["contract"],
        ["contract", "export"],
        ["contract", "check"],
    ],
)
def test_help_on_every_command(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli([*argv, "--help"]) == 0
    assert "usage: elytra" in capsys.readouterr().out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["--version"]) == 0
    assert capsys.readouterr().out.startswith("elytra 1.")


def test_json_logs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[infrastructure]\nmodel = "Droplets."\n')
    assert (
        cli(["--log-format", "json", "status", "publish", "--config", str(path), "--to", str(tmp_path / "s.json")]) == 0
    )
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert lines and all({"time", "level", "message"} <= set(line) for line in lines)


def test_installed_script_runs_the_demo_and_imports_lazily(tmp_path: Path, demo_data: Path) -> None:
    """The console script, as cron would run it, on the bundled demo data."""
    elytra = Path(sys.executable).parent / "elytra"
    out = tmp_path / "status.json"
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    result = subprocess.run(
        [str(elytra), "status", "publish", "--config", str(ROOT / "examples" / "demo.toml"), "--to", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"wrote {out}" in result.stdout
    doc = decode(out.read_bytes())
    assert doc.platform_status == "operational"  # the demo data, made current, is a healthy fleet
    assert not is_stale(doc, datetime.now(UTC) - timedelta(seconds=5))


def test_commands_without_http_or_s3_do_not_import_them(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[infrastructure]\nmodel = "Droplets."\n')
    code = (
        "import sys\nfrom elytra_status_core._cli import main\n"
        f"assert main(['status', 'publish', '--config', {str(path)!r}, '--to', {str(tmp_path / 'x.json')!r}]) == 0\n"
        "heavy = sorted(m for m in ('httpx', 's3fs', 'botocore', 'aiobotocore') if m in sys.modules)\n"
        "print('heavy:' + ','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.splitlines()[-1] == "heavy:"


def test_dry_run_prints_exactly_what_would_be_published(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An allowlisted value that a detector would flag is printed as it will be published."""
    release = "3f9c2a7d1e4b8c6f0a5d2e9b7c1f4a8d6e3b0c57"
    path = tmp_path / "c.toml"
    path.write_text(f'[infrastructure]\nnotes = "Release {release}"\n\n[redaction]\nallow = ["{release}"]\n')
    assert cli(["status", "publish", "--config", str(path), "--dry-run", "--to", str(tmp_path / "s.json")]) == 0
    printed = capsys.readouterr().out
    assert cli(["status", "publish", "--config", str(path), "--to", str(tmp_path / "s.json")]) == 0
    published = (tmp_path / "s.json").read_text()
    assert release in printed
    assert json.loads(printed)["infrastructure"] == json.loads(published)["infrastructure"]
