"""What an operator can get wrong, caught before a run: targets, text, headers; mock and explain."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from elytra_status_core import ConfigError, decode, parse_config
from elytra_status_core._cli import main
from tests.servers import ReplayServer, Reply

NOW = datetime(2025, 6, 1, 12, 5, tzinfo=UTC)
KUMA = {
    "heartbeatList": {
        "1": [{"status": 1, "time": "2025-06-01 12:04:00", "msg": "", "ping": 1}],
        "2": [{"status": 0, "time": "2025-06-01 12:04:01", "msg": "", "ping": None}],
        "3": [{"status": 1, "time": "2025-06-01 09:00:00", "msg": "", "ping": 1}],
    },
    "uptimeList": {"1_24": 1, "2_24": 0.9, "3_24": 1},
}


def cli(argv: list[str], **kwargs: Any) -> int:
    return main(argv, clock=lambda: NOW, **kwargs)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "elytra-status.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def kuma() -> Any:
    with ReplayServer({"/api/status-page/heartbeat/platform": Reply(body=json.dumps(KUMA).encode())}) as server:
        yield server


def kuma_table(url: str) -> str:
    return f'[[sources]]\nkind = "uptime-kuma"\nurl = "{url}"\nstatus_page = "platform"\nuptime_7d = false\n'


BROKEN_TARGETS = [
    ("s4://bucket/status.json", "unsupported scheme s4://"),
    ("gs://bucket/status.json", "unsupported scheme gs://"),
    ("memory://status.json", "unsupported scheme memory:// (test only)"),
    ("ftp://example.com/status.json", "unsupported scheme ftp://"),
    ("S3://bucket/status.json", "lower case"),
    ("s3://bucket", "without an object key"),
    ("s3://bucket/", "without an object key"),
    ("s3://bucket/status/", "without an object key"),
    ("s3:/bucket/status.json", "is not a URL; write s3://"),
    ("s3:///status.json", "without a bucket"),
    ("FILE:///srv/status.json", "lower case"),
]


@pytest.mark.parametrize(("url", "words"), BROKEN_TARGETS)
def test_config_check_rejects_a_broken_target(
    url: str, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write(tmp_path, f'[infrastructure]\nmodel = "Droplets."\n[[publish]]\nurl = "{url}"\n')
    assert cli(["config", "check", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "publish[0].url" in err and words in err


@pytest.mark.parametrize(("url", "words"), BROKEN_TARGETS[:6])
def test_publish_to_rejects_the_same_urls(
    url: str, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write(tmp_path, '[infrastructure]\nmodel = "Droplets."\n')
    assert cli(["status", "publish", "--config", str(config), "--to", url]) == 2
    assert words in capsys.readouterr().err


@pytest.mark.parametrize(
    ("table", "key", "words"),
    [
        ('url = "s3://b/k"\nendpoint_url = "nyc3.digitaloceanspaces.com"', "publish[0].endpoint_url", "http://"),
        ('url = "s3://b/k"\nacl = "public"', "publish[0].acl", "unknown canned ACL 'public'"),
        ('url = "s3://b/k"\ncontent_type = "json"', "publish[0].content_type", "media type"),
    ],
)
def test_target_settings_are_checked(table: str, key: str, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(f"[[publish]]\n{table}\n")
    assert caught.value.key == key and words in str(caught.value)


def test_good_targets_pass() -> None:
    for url in (
        "status.json",
        "out/status.json",
        "/srv/www/status.json",
        "file:///srv/status.json",
        "s3://b/status.json",
    ):
        assert parse_config(f'[[publish]]\nurl = "{url}"\nacl = "none"\n').config.publish[0].url == url


def test_an_operational_minimum_given_as_a_fraction_is_refused() -> None:
    with pytest.raises(ConfigError, match="looks like a fraction"):
        parse_config("[status]\noperational_min_24h = 0.999\n")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('[status]\nstale_after = "99999999999999999999d"\n', "status.stale_after"),
        ("x = " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
        ('[infrastructure]\nnotes = "' + "a." * 3000 + '"\n', "infrastructure.notes"),
    ],
)
def test_absurd_input_is_a_config_error_naming_where(
    text: str, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(["config", "check", "--config", str(write(tmp_path, text))]) == 2
    err = capsys.readouterr().err
    assert words in err and "this is a bug" not in err


def test_an_empty_config_has_nothing_to_measure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["config", "check", "--config", str(write(tmp_path, ""))]) == 2
    assert "nothing to measure" in capsys.readouterr().err


def test_static_text_and_headers_are_scanned_by_config_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write(
        tmp_path,
        '[infrastructure]\nnotes = "Reach the primary at 10.20.30.40."\n'
        '[[publish]]\nurl = "out/status.json"\ncache_control = "public, max-age=60, token=ghp_R8kq2ZxT4mW9vB1nC6pL3sD7fH0jK5gQ2wE8"\n',
    )
    assert cli(["config", "check", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "infrastructure.notes" in err and "publish[0].cache_control" in err
    assert "ghp_R8kq2ZxT4mW9vB1nC6pL3sD7fH0jK5gQ2wE8" not in err
    assert not (tmp_path / "out").exists()


def test_one_failing_target_never_keeps_the_others_from_being_written(
    kuma: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write(tmp_path, kuma_table(kuma.url))
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where a folder should be")
    good = tmp_path / "good" / "status.json"
    argv = ["status", "publish", "--config", str(config), "--to", str(blocked / "status.json"), "--to", str(good)]
    assert cli(argv) == 1
    assert decode(good.read_bytes()).platform_status == "outage"  # 1 of 2 counted monitors down
    assert "not-a-folder" in capsys.readouterr().err


def test_mock_writes_local_files_only_unless_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["status", "mock", "--state", "outage", "--out", "s3://elytracloud-status/status.json"]) == 2
    assert "local files" in capsys.readouterr().err


def test_mock_never_replaces_a_newer_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "status.json"
    newer = '{"updated_at": "2025-06-01T12:07:00Z", "platform_status": "operational"}'
    out.write_text(newer)
    assert cli(["status", "mock", "--state", "outage", "--out", str(out)]) == 1
    assert out.read_text() == newer
    assert "newer document" in capsys.readouterr().err
    older = tmp_path / "older.json"
    older.write_text('{"updated_at": "2025-06-01T11:00:00Z", "platform_status": "operational"}')
    assert cli(["status", "mock", "--state", "outage", "--out", str(older)]) == 0
    assert decode(older.read_bytes()).platform_status == "outage"


def test_explain_says_what_each_monitor_did(
    kuma: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write(tmp_path, kuma_table(kuma.url))
    assert cli(["status", "explain", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    lines = {line.split()[1]: line for line in out.splitlines() if line.startswith("  monitor ")}
    assert "counts as up" in lines["1"] and "checked 1m ago" in lines["1"]
    assert "counts as down" in lines["2"]
    assert "dropped: too old" in lines["3"] and "checked 3h5m ago" in lines["3"]
    assert "platform_status degraded: 1 of 2 counted monitor(s) down (50%)" not in out  # outage_share is 0.5
    assert "platform_status outage: 1 of 2 counted monitor(s) down (50%), at or above outage_share 50%" in out
    assert not (tmp_path / "out").exists()


def test_global_flags_work_after_the_subcommand(
    kuma: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write(tmp_path, kuma_table(kuma.url))
    assert cli(["status", "summary", "--json", "--log-format", "json", "-v", "--config", str(config)]) == 0
    err = capsys.readouterr().err
    assert err and all(json.loads(line)["level"] for line in err.splitlines())


def test_config_check_online_probes_sources_and_targets(
    kuma: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dead = f'[[sources]]\nkind = "uptime-kuma"\nurl = "{kuma.url}/gone"\nstatus_page = "platform"\nname = "gone"\n'
    config = write(tmp_path, kuma_table(kuma.url) + dead + '[[publish]]\nurl = "out/status.json"\n')
    assert cli(["config", "check", "--config", str(config), "--online"]) == 1
    out = capsys.readouterr().out
    assert "OK    source uptime-kuma/platform" in out and "3 monitor(s)" in out
    assert "FAIL  source gone (" in out and "HTTP 404" in out
    assert "OK    target " in out and "empty (the first publish creates it)" in out


def test_a_source_with_its_own_observation_age_keeps_older_states(
    kuma: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    default = write(tmp_path, kuma_table(kuma.url))
    assert cli(["status", "explain", "--config", str(default)]) == 0
    assert "dropped: too old" in capsys.readouterr().out
    relaxed = write(tmp_path, kuma_table(kuma.url) + 'max_observation_age = "4h"\n')
    assert cli(["status", "explain", "--config", str(relaxed)]) == 0
    out = capsys.readouterr().out
    assert "dropped" not in out
    assert "1 of 3 counted monitor(s) down" in out
