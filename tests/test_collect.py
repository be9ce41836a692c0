"""Collection across sources: combining, partial failure, total failure, deadline, faults."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from elytra_status_core import ConfigError, SourceContext, SourceError, decode, make_source, parse_config
from elytra_status_core._cli import main
from elytra_status_core._sources.collect import CollectResult, collect
from elytra_status_core._sources.fetch import Fetcher
from elytra_status_core._sources.registry import SOURCE_KINDS
from tests.servers import ReplayServer, Reply
from tests.settings import collect_settings
from tests.strategies import kuma_badge_svg

ENV = "ELYTRA_TEST_COLLECT_TOKEN"
NOW = datetime(2025, 6, 1, 12, 3, tzinfo=UTC)
"""The clock of every run here: the heartbeats below are a few minutes old then."""

KUMA = {
    "heartbeatList": {
        "1": [{"status": 1, "time": "2025-06-01 12:00:05.123", "msg": "", "ping": 42}],
        "2": [{"status": 1, "time": "2025-06-01 12:00:06", "msg": "", "ping": 40}],
    },
    "uptimeList": {"1_24": 1, "2_24": 0.998},
}
KUMA_OTHER = {
    "heartbeatList": {"7": [{"status": 0, "time": "2025-06-01 12:00:05.123", "msg": "", "ping": None}]},
    "uptimeList": {"7_24": 0.9},
}
BETTERSTACK_PAGE = {
    "data": [
        {
            "id": "31",
            "type": "monitor",
            "attributes": {
                "status": "up",
                "paused_at": None,
                "pronounceable_name": "Shop",
                "last_checked_at": "2025-06-01T12:02:30.000Z",
            },
        }
    ],
    "pagination": {"first": None, "last": None, "prev": None, "next": None},
}
SLA = {"data": {"id": "31", "type": "monitor_sla", "attributes": {"availability": 99.9}}}
RESTIC = [
    {"time": "2025-06-01T02:00:01.123456789+02:00", "tree": "a3", "paths": ["/srv"], "id": "4d", "short_id": "4d"}
]
BORG = {"archives": [{"name": "db1", "start": "2025-06-01T03:00:02.000000", "time": "2025-06-01T03:00:02.000000"}]}


@pytest.fixture
def services(monkeypatch: pytest.MonkeyPatch) -> Iterator[ReplayServer]:
    monkeypatch.setenv(ENV, "collect-test-token")
    svg = {"Content-Type": "image/svg+xml"}
    with ReplayServer(
        {
            "/kuma/api/status-page/heartbeat/platform": Reply(body=json.dumps(KUMA).encode()),
            "/kuma/api/status-page/heartbeat/shop": Reply(body=json.dumps(KUMA_OTHER).encode()),
            "/kuma/api/status-page/heartbeat/broken": Reply(503, b"SQLITE_BUSY"),
            "/kuma/api/badge/1/uptime/168": Reply(body=kuma_badge_svg("Uptime (168h)", "99.90%"), headers=svg),
            "/kuma/api/badge/2/uptime/168": Reply(body=kuma_badge_svg("Uptime (168h)", "99.70%"), headers=svg),
            "/kuma/api/badge/7/uptime/168": Reply(body=kuma_badge_svg("Uptime (168h)", "95.00%"), headers=svg),
            "/bs/api/v2/monitors": Reply(body=json.dumps(BETTERSTACK_PAGE).encode()),
            "/bs/api/v2/monitors/31/sla": Reply(body=json.dumps(SLA).encode()),
            "/files/restic.json": Reply(body=json.dumps(RESTIC).encode()),
            "/files/borg.json": Reply(body=json.dumps(BORG).encode()),
            "/stall/api/status-page/heartbeat/platform": Reply(body=json.dumps(KUMA).encode(), delay=3),
        }
    ) as server:
        yield server


def write_config(tmp_path: Path, sources: str, collect: str = "retries = 1") -> Path:
    path = tmp_path / "elytra-status.toml"
    path.write_text(
        f"""
[status]
operational_min_24h = 99.0

[backups]
policy = "Nightly backups."

[collect]
{collect}

{sources}

[[publish]]
url = "out/status.json"
"""
    )
    return path


def kuma(url: str, slug: str = "platform") -> str:
    return f'[[sources]]\nkind = "uptime-kuma"\nurl = "{url}/kuma"\nstatus_page = "{slug}"\n'


def betterstack(url: str) -> str:
    return f'[[sources]]\nkind = "betterstack"\nurl = "{url}/bs/api/v2"\ntoken_env = "{ENV}"\n'


def backups(url: str) -> str:
    return (
        f'[[sources]]\nkind = "restic"\nsnapshots = "{url}/files/restic.json"\n'
        f'[[sources]]\nkind = "borg"\nlist = "{url}/files/borg.json"\ntimezone = "Europe/Berlin"\n'
    )


def without_server_noise(err: str) -> str:
    """stderr without the loopback server's own reports (a client closing a kept-alive connection)."""
    return re.sub(r"-{40}\nException occurred during processing of request.*?-{40}\n", "", err, flags=re.DOTALL)


def published(tmp_path: Path) -> dict[str, Any]:
    return json.loads((tmp_path / "out" / "status.json").read_text())


def test_sources_of_every_kind_combine(services: ReplayServer, tmp_path: Path) -> None:
    url = services.url
    config = write_config(tmp_path, kuma(url) + kuma(url, "shop") + betterstack(url) + backups(url))
    assert main(["status", "publish", "--config", str(config)], clock=lambda: NOW) == 0
    doc = published(tmp_path)
    # four monitors from three uptime sources: 1 up, 2 up, 7 down, 31 up
    assert doc["platform_status"] == "degraded"
    assert doc["uptime"] == {"last_24h": 97.42, "last_7d": 98.62}  # (1+.998+.9+.999)/4, (.999+.997+.95+.999)/4
    # borg 03:00:02 Berlin (+02:00 in June) is newer than restic 02:00:01+02:00
    assert doc["backups"] == {
        "policy": "Nightly backups.",
        "last_successful_backup": "2025-06-01T01:00:02Z",
        "last_backup_status": "success",  # 11 hours before NOW, inside max_age
    }


def test_one_failing_uptime_source_publishes_the_others_and_fails_the_run_naming_it(
    services: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret_url = services.url.replace("http://", "http://ops:hunter2@")
    config = write_config(tmp_path, kuma(services.url) + kuma(secret_url, "broken"))
    assert main(["status", "publish", "--config", str(config)], clock=lambda: NOW) == 1
    err = capsys.readouterr().err
    assert "warning" in err
    last = err.strip().splitlines()[-1]
    assert "1 configured source(s) failed: uptime-kuma/broken (http://ops:***@127.0.0.1:" in last
    assert "source uptime-kuma/broken (http://ops:***@127.0.0.1:" in err
    assert "HTTP 503" in err
    assert "hunter2" not in err
    doc = published(tmp_path)
    assert doc["platform_status"] == "operational"
    assert doc["uptime"] == {"last_24h": 99.9, "last_7d": 99.8}


def test_every_uptime_source_failing_publishes_nothing(
    services: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    good = write_config(tmp_path, kuma(services.url) + backups(services.url))
    assert main(["status", "publish", "--config", str(good)], clock=lambda: NOW) == 0
    previous = (tmp_path / "out" / "status.json").read_bytes()
    capsys.readouterr()
    monkeypatch.delenv(ENV)
    bad = write_config(tmp_path, kuma(services.url, "broken") + betterstack(services.url) + backups(services.url))
    assert main(["status", "publish", "--config", str(bad)], clock=lambda: NOW) == 1
    err = capsys.readouterr().err
    assert "uptime-kuma/broken" in err and "HTTP 503" in err
    assert f"environment variable {ENV}" in err
    assert "all 2 uptime source(s) failed" in err
    assert "Traceback" not in without_server_noise(err)
    assert (tmp_path / "out" / "status.json").read_bytes() == previous
    assert decode(previous).platform_status == "operational"


def test_a_failing_backup_source_publishes_the_rest_and_fails_the_run(
    services: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing snapshots file must reach cron's mail: the run exits 1, naming the source last."""
    sources = kuma(services.url) + f'[[sources]]\nkind = "restic"\nsnapshots = "{services.url}/files/missing.json"\n'
    assert main(["status", "publish", "--config", str(write_config(tmp_path, sources))], clock=lambda: NOW) == 1
    err = capsys.readouterr().err
    assert "source restic (" in err
    assert "failed: restic (" in err.strip().splitlines()[-1]
    assert published(tmp_path)["platform_status"] == "operational"
    assert "last_backup_status" not in published(tmp_path).get("backups", {})


def test_the_collection_deadline_fails_slow_sources_only(
    services: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stalled = f'[[sources]]\nkind = "uptime-kuma"\nurl = "{services.url}/stall"\nstatus_page = "platform"\nname = "slow-kuma"\n'
    config = write_config(
        tmp_path, kuma(services.url, "shop") + stalled, collect='deadline = "1s"\nrequest_timeout = "30s"'
    )
    assert main(["status", "publish", "--config", str(config)], clock=lambda: NOW) == 1
    err = capsys.readouterr().err
    assert "source slow-kuma (" in err and "no answer within the 1s collection deadline" in err
    assert published(tmp_path)["platform_status"] == "outage"  # only the shop page's down monitor answered


def test_an_unknown_kind_lists_the_supported_ones() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config('[[sources]]\nkind = "pingdom"\nurl = "https://x"\n')
    message = str(caught.value)
    assert "sources[0].kind" in message and "'pingdom'" in message
    for kind in ("uptime-kuma", "betterstack", "prometheus", "restic", "borg", "object-listing"):
        assert kind in message


def test_secrets_are_never_inline_in_source_tables() -> None:
    with pytest.raises(ConfigError, match=r"sources\[0\]\.token.*token_env"):
        parse_config('[[sources]]\nkind = "betterstack"\ntoken_env = "X"\ntoken = "abc"\n')


# --- every source kind, every way an answer can be garbage -------------------------------

BIG = b'{"data": [' + b'{"id": "1"},' * (10 * 1024 * 1024 // 12) + b'{"id": "1"}]}'
FAULTS: dict[str, Reply] = {
    "html": Reply(200, b"<!DOCTYPE html><html><body><h1>Login</h1></body></html>", {"Content-Type": "text/html"}),
    "truncated-json": Reply(200, b'{"heartbeatList": {"1": [{"status": 1, "time": "2025-06-01'),
    "wrong-types": Reply(200, b'{"heartbeatList": [1, 2], "data": "x", "status": 5, "archives": {"a": 1}}'),
    "error-body": Reply(
        200, b'{"status": "error", "errorType": "internal", "error": "backend down", "errors": "backend down"}'
    ),
    "10mb-body": Reply(200, BIG),
}
KINDS: dict[str, tuple[str, str]] = {
    "uptime-kuma": ('kind = "uptime-kuma"\nurl = "{url}"\nstatus_page = "p"', "/api/status-page/heartbeat/p"),
    "betterstack": (f'kind = "betterstack"\nurl = "{{url}}/api/v2"\ntoken_env = "{ENV}"', "/api/v2/monitors"),
    "prometheus": ('kind = "prometheus"\nurl = "{url}"\nquery = "probe_success"', "/api/v1/query"),
    "restic": ('kind = "restic"\nsnapshots = "{url}/restic.json"', "/restic.json"),
    "borg": ('kind = "borg"\nlist = "{url}/borg.json"\ntimezone = "UTC"', "/borg.json"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_garbage_answers_are_source_errors_naming_the_source(
    kind: str, fault: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, "collect-test-token")
    table, path = KINDS[kind]
    with ReplayServer({path: FAULTS[fault]}) as server:
        loaded = parse_config("[[sources]]\n" + table.format(url=server.url))
        source = make_source(loaded.sources[0], SourceContext(base=loaded.base, env=os.environ))

        async def scenario() -> CollectResult:
            async with Fetcher(collect_settings(retries=0)) as fetcher:
                return await collect([source], fetcher, NOW, 30)

        result = asyncio.run(scenario())
    assert result.observations.monitors == () and result.observations.backups == ()
    (failure,) = result.failures
    assert isinstance(failure, SourceError)
    assert failure.source == source.name
    assert str(failure).startswith(f"source {source.name}: ")
    assert "127.0.0.1" in source.name


def test_the_demo_sources_load_neither_httpx_nor_s3fs(tmp_path: Path, demo_data: Path) -> None:
    """Kinds are imported by name on first use, and file sources never touch the HTTP stack."""
    demo = Path(__file__).resolve().parent.parent / "examples" / "demo.toml"
    code = (
        "import sys\n"
        "from elytra_status_core._cli import main\n"
        f"assert main(['status', 'summary', '--json', '--config', {str(demo)!r}]) == 0\n"
        "loaded = sorted(m for m in ('httpx', 's3fs', 'botocore', 'elytra_status_core._sources.betterstack', 'elytra_status_core._sources.prometheus') if m in sys.modules)\n"
        "assert not loaded, loaded\n"
        "assert 'elytra_status_core._sources.restic' in sys.modules and 'elytra_status_core._sources.borg' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    doc = decode(done.stdout)
    assert doc.platform_status == "operational"


MINIMAL = {
    "uptime-kuma": ('url = "https://u"\nstatus_page = "p"', "uptime"),
    "betterstack": ('token_env = "T"', "uptime"),
    "prometheus": ('url = "http://127.0.0.1:9090"\nquery = "up"', "uptime"),
    "restic": ('snapshots = "r.json"', "backups"),
    "borg": ('list = "b.json"\ntimezone = "UTC"', "backups"),
    "object-listing": ('prefix = "s3://b/p/"', "backups"),
    "uptimerobot": ('token_env = "T"', "uptime"),
    "healthchecks": ('token_env = "T"', "uptime"),
    "gatus": ('url = "https://gatus.example.com"', "uptime"),
}


@pytest.mark.parametrize("kind", SOURCE_KINDS)
def test_every_kind_is_registered(kind: str, tmp_path: Path) -> None:
    body, role = MINIMAL[kind]
    loaded = parse_config(f'[[sources]]\nkind = "{kind}"\n{body}\n', base=tmp_path)
    source = make_source(loaded.sources[0], SourceContext(base=loaded.base, env=os.environ))
    assert source.role == role
    assert source.name
