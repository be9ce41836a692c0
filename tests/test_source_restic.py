"""restic: a real repository, real backups, and the real `--json` output parsed."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from elytra_status_core import Observations, SourceContext, SourceError, make_source, parse_config
from elytra_status_core._sources.fetch import Fetcher
from elytra_status_core._sources.restic import parse_restic
from tests._integration import require_program
from tests.conftest import S3Server
from tests.servers import ReplayServer, Reply

NOW = datetime.now(UTC)


@dataclass
class Repo:
    program: str
    path: Path
    env: dict[str, str]

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [self.program, "--repo", str(self.path), *args], env=self.env, capture_output=True, check=check
        )


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    program = require_program("restic")
    folder = tmp_path_factory.mktemp("restic")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder),
        "RESTIC_PASSWORD": "elytra-test-password",
        "RESTIC_CACHE_DIR": str(folder / "cache"),
        # restic prints local times with their offset: use a zone with a half-hour offset
        "TZ": "Asia/Kolkata",
    }
    data = folder / "data"
    data.mkdir()
    (data / "index.html").write_text("<h1>hello</h1>\n")
    repo = Repo(program, folder / "repo", env)
    repo.run("init")
    for host in ("web1", "web2"):
        out = repo.run("backup", "--json", "--host", host, "--tag", "nightly", str(data)).stdout
        (folder / f"backup-{host}.json").write_bytes(out)
    (folder / "snapshots.json").write_bytes(repo.run("snapshots", "--json").stdout)
    (folder / "grouped.json").write_bytes(repo.run("snapshots", "--json", "--group-by", "host").stdout)
    failed = repo.run("backup", "--json", str(folder / "no-such-folder"), check=False)
    assert failed.returncode != 0
    (folder / "backup-failed.json").write_bytes(failed.stdout)
    return repo


def snapshot_times(path: Path) -> list[datetime]:
    """The snapshot times as restic wrote them, read independently (nanoseconds cut to microseconds)."""
    times: list[datetime] = []
    for item in json.loads(path.read_text()):
        match = re.fullmatch(r"(.*T[0-9:]+)(?:\.([0-9]+))?(Z|[+-][0-9:]+)", item["time"])
        assert match is not None, item["time"]
        fraction = (match[2] or "0")[:6].ljust(6, "0")
        times.append(datetime.fromisoformat(f"{match[1]}.{fraction}{match[3]}".replace("Z", "+00:00")).astimezone(UTC))
    return times


def observe(config: str, base: Path) -> Observations:
    loaded = parse_config(config, base=base)
    source = make_source(loaded.sources[0], SourceContext(base=loaded.base, env=os.environ))

    async def scenario() -> Observations:
        async with Fetcher() as fetcher:
            return await source.collect(fetcher, NOW)

    return asyncio.run(scenario())


def test_snapshots_json(repo: Repo) -> None:
    path = repo.path.parent / "snapshots.json"
    assert '"time":"' in path.read_text() and "+05:30" in path.read_text()
    runs = parse_restic(path.read_bytes(), "r")
    assert [r.outcome for r in runs] == ["success", "success"]
    assert sorted(r.at for r in runs) == sorted(snapshot_times(path))
    assert all(NOW - timedelta(minutes=10) < r.at <= datetime.now(UTC) for r in runs)


def test_grouped_snapshots_json(repo: Repo) -> None:
    grouped = parse_restic((repo.path.parent / "grouped.json").read_bytes(), "r")
    flat = parse_restic((repo.path.parent / "snapshots.json").read_bytes(), "r")
    assert sorted(r.at for r in grouped) == sorted(r.at for r in flat)


def test_backup_json_summary_is_a_success_at_the_log_time(repo: Repo) -> None:
    path = repo.path.parent / "backup-web1.json"
    assert b'"message_type":"summary"' in path.read_bytes()
    modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    (run,) = parse_restic(path.read_bytes(), "r", modified)
    assert run.outcome == "success"
    assert run.at == modified


def test_a_failed_backup_is_a_failed_run(repo: Repo) -> None:
    path = repo.path.parent / "backup-failed.json"
    (run,) = parse_restic(path.read_bytes(), "r", datetime(2025, 6, 1, tzinfo=UTC))
    assert run.outcome == "failed"
    assert run.at == datetime(2025, 6, 1, tzinfo=UTC)


def test_the_source_reads_a_relative_path_from_the_config_folder(repo: Repo) -> None:
    observations = observe('[[sources]]\nkind = "restic"\nsnapshots = "snapshots.json"\n', repo.path.parent)
    assert len(observations.backups) == 2
    assert observations.backups[0].source.startswith("restic (")


def test_the_source_reads_a_backup_log_with_its_modification_time(repo: Repo) -> None:
    path = repo.path.parent / "backup-web2.json"
    observations = observe(f'[[sources]]\nkind = "restic"\nsnapshots = "{path}"\n', repo.path.parent)
    (run,) = observations.backups
    assert run.at == datetime.fromtimestamp(path.stat().st_mtime, UTC)


def test_the_source_reads_over_http_with_last_modified(repo: Repo) -> None:
    when = datetime(2025, 6, 1, 2, 0, tzinfo=UTC)
    body = (repo.path.parent / "backup-web1.json").read_bytes()
    headers = {"Content-Type": "application/x-ndjson", "Last-Modified": format_datetime(when, usegmt=True)}
    with ReplayServer({"/restic/last.json": Reply(body=body, headers=headers)}) as server:
        observations = observe(
            f'[[sources]]\nkind = "restic"\nsnapshots = "{server.url}/restic/last.json"\n', repo.path.parent
        )
    assert [(r.at, r.outcome) for r in observations.backups] == [(when, "success")]


def test_the_source_reads_from_s3(repo: Repo, s3_server: S3Server) -> None:
    client = s3_server.client()
    client.create_bucket(Bucket="restic-reports")
    client.put_object(
        Bucket="restic-reports", Key="web/snapshots.json", Body=(repo.path.parent / "snapshots.json").read_bytes()
    )
    config = f'[[sources]]\nkind = "restic"\nsnapshots = "s3://restic-reports/web/snapshots.json"\nendpoint_url = "{s3_server.endpoint}"\n'
    assert len(observe(config, repo.path.parent).backups) == 2


# --- quirks of the format, beyond what restic 0.14 prints ----------------------------

SNAPSHOT = {
    "time": "2025-06-01T02:00:01.123456789+02:00",
    "tree": "a3b4",
    "paths": ["/srv"],
    "id": "4d5e",
    "short_id": "4d5e6f7a",
}


def test_nanoseconds_and_offsets() -> None:
    (run,) = parse_restic(json.dumps([SNAPSHOT]).encode(), "r")
    assert run.at == datetime(2025, 6, 1, 0, 0, 1, 123456, tzinfo=UTC)


def test_no_snapshots_is_no_data() -> None:
    assert parse_restic(b"[]\n", "r") == []
    assert parse_restic(b"null\n", "r") == []


def test_a_0_18_summary_carries_its_own_time() -> None:
    log = b"\n".join(
        [
            b'{"message_type":"status","percent_done":0.5}',
            b'{"message_type":"summary","snapshot_id":"ce7c4e7f","backup_start":"2025-06-01T02:00:00.5+02:00","backup_end":"2025-06-01T02:03:00+02:00"}',
        ]
    )
    (run,) = parse_restic(log, "r", None)
    assert (run.at, run.outcome) == (datetime(2025, 6, 1, 0, 0, 0, 500000, tzinfo=UTC), "success")


def test_unreadable_files_make_a_warning() -> None:
    log = (
        b'{"message_type":"error","error":{"message":"permission denied"},"during":"archival","item":"/srv/secret"}\n'
        b'{"message_type":"summary","snapshot_id":"ce7c4e7f"}\n'
    )
    (run,) = parse_restic(log, "r", datetime(2025, 6, 1, tzinfo=UTC))
    assert run.outcome == "warning"


def test_stderr_text_mixed_into_the_log_is_skipped() -> None:
    log = b'repository 1234 opened\n{"message_type":"summary","snapshot_id":"ce7c4e7f"}\nFatal: nothing\n'
    (run,) = parse_restic(log, "r", datetime(2025, 6, 1, tzinfo=UTC))
    assert run.outcome == "success"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'[{"time": "2025-06-01 02:00"}]', "not a timestamp"),
        (b'[{"time": "2025-06-01T02:00:01"}]', "no UTC offset"),
        (b'[{"time": "2025-13-01T02:00:01Z"}]', "not a valid date"),
        (b'[{"tree": "a3b4"}]', "missing required field `time`"),
        (b'[{"group_key": {}, "snapshots": [{"tree": "x"}]}]', "missing required field `time`"),
        (b'[{"time": "2025-06-01T02:00:01Z"', "truncated"),
        (b"<html></html>", "HTML"),
        (b'{"message_type":"summary"}', "no backup_start and no modification time"),
        (b'{"message_type": 5}\n', "unexpected line"),
        (b'{"message_type":"summ\n', "truncated or invalid JSON line"),
        (b"just some text\n", "no restic JSON messages"),
        (b"", "no backup_start and no modification time"),
    ],
)
def test_malformed_restic_output(body: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_restic(body, "r")
