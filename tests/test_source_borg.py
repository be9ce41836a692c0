"""borg: a real repository and archives, the real `borg list --json` read in the host's zone."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from elytra_status_core import ConfigError, Observations, SourceContext, SourceError, make_source, parse_config
from elytra_status_core._sources.borg import parse_borg_list
from elytra_status_core._sources.fetch import Fetcher
from tests._integration import require_program

ZONE = "America/New_York"


@dataclass
class BorgRepo:
    folder: Path
    before: datetime
    after: datetime


def borg(program: str, env: dict[str, str], *args: str) -> bytes:
    return subprocess.run([program, *args], env=env, capture_output=True, check=True).stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> BorgRepo:
    program = require_program("borg")
    folder = tmp_path_factory.mktemp("borg")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder),
        "BORG_BASE_DIR": str(folder / "base"),
        "BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK": "yes",
        "BORG_RELOCATED_REPO_ACCESS_IS_OK": "yes",
        # the backup host's zone: borg writes its local time without an offset
        "TZ": ZONE,
    }
    data = folder / "data"
    data.mkdir()
    (data / "dump.sql").write_text("-- nightly dump\n")
    location = str(folder / "repo")
    borg(program, env, "init", "--encryption=none", location)
    before = datetime.now(UTC).replace(microsecond=0)
    borg(program, env, "create", f"{location}::db1-first", str(data))
    borg(program, env, "create", f"{location}::db1-second", str(data))
    after = datetime.now(UTC)
    (folder / "borg-list.json").write_bytes(borg(program, env, "list", "--json", location))
    (folder / "borg-info.json").write_bytes(borg(program, env, "info", "--json", f"{location}::db1-second"))
    return BorgRepo(folder, before, after)


def observe(config: str, base: Path) -> Observations:
    loaded = parse_config(config, base=base)
    source = make_source(loaded.sources[0], SourceContext(base=loaded.base, env=os.environ))

    async def scenario() -> Observations:
        async with Fetcher() as fetcher:
            return await source.collect(fetcher, datetime.now(UTC))

    return asyncio.run(scenario())


def test_borg_list_in_the_configured_zone(repo: BorgRepo) -> None:
    raw = json.loads((repo.folder / "borg-list.json").read_text())
    assert all("+" not in a["time"] and not a["time"].endswith("Z") for a in raw["archives"])  # naive local times
    runs = parse_borg_list((repo.folder / "borg-list.json").read_bytes(), "b", ZoneInfo(ZONE))
    assert [r.outcome for r in runs] == ["success", "success"]
    assert all(repo.before <= r.at <= repo.after for r in runs)


def test_reading_in_the_wrong_zone_shifts_the_times(repo: BorgRepo) -> None:
    """The reason `timezone` is required: UTC would misplace every archive by hours."""
    runs = parse_borg_list((repo.folder / "borg-list.json").read_bytes(), "b", ZoneInfo("UTC"))
    assert all(not repo.before <= r.at <= repo.after for r in runs)


def test_borg_info_uses_the_end_time(repo: BorgRepo) -> None:
    info = json.loads((repo.folder / "borg-info.json").read_text())
    (archive,) = info["archives"]
    (run,) = parse_borg_list((repo.folder / "borg-info.json").read_bytes(), "b", ZoneInfo(ZONE))
    expected = datetime.fromisoformat(archive["end"]).replace(tzinfo=ZoneInfo(ZONE)).astimezone(UTC)
    assert run.at == expected


def test_the_source_from_config(repo: BorgRepo) -> None:
    config = f'[[sources]]\nkind = "borg"\nlist = "borg-list.json"\ntimezone = "{ZONE}"\n'
    observations = observe(config, repo.folder)
    assert len(observations.backups) == 2
    assert observations.backups[0].source.startswith("borg (")


def test_an_unknown_zone_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"sources\[0\].*unknown time zone 'Mars/Olympus'"):
        parse_config('[[sources]]\nkind = "borg"\nlist = "x.json"\ntimezone = "Mars/Olympus"\n')


def test_the_zone_is_required() -> None:
    with pytest.raises(ConfigError, match="timezone"):
        parse_config('[[sources]]\nkind = "borg"\nlist = "x.json"\n')


# --- quirks beyond borg 1.2's output ---------------------------------------------------


def test_borg_2_offsets_win_over_the_zone() -> None:
    body = b'{"archives": [{"name": "web1", "id": "80cd", "time": "2025-06-01T02:00:01.000000+02:00"}]}'
    (run,) = parse_borg_list(body, "b", ZoneInfo("Asia/Tokyo"))
    assert run.at == datetime(2025, 6, 1, 0, 0, 1, tzinfo=UTC)


def test_checkpoints_are_failed_runs() -> None:
    body = json.dumps(
        {
            "archives": [
                {
                    "name": "web1-2025-06-01.checkpoint",
                    "start": "2025-06-01T02:00:01.000000",
                    "time": "2025-06-01T02:00:01.000000",
                },
                {
                    "name": "web1-2025-05-31.checkpoint.1",
                    "start": "2025-05-31T02:00:01.000000",
                    "time": "2025-05-31T02:00:01.000000",
                },
                {
                    "name": "web1-2025-05-30",
                    "start": "2025-05-30T02:00:01.000000",
                    "time": "2025-05-30T02:00:01.000000",
                },
            ]
        }
    ).encode()
    assert [r.outcome for r in parse_borg_list(body, "b", ZoneInfo("UTC"))] == ["failed", "failed", "success"]


def test_a_dst_change_is_read_in_the_zone() -> None:
    body = b'{"archives": [{"name": "a", "time": "2025-07-01T02:00:00.000000"}, {"name": "b", "time": "2025-01-01T02:00:00.000000"}]}'
    summer, winter = parse_borg_list(body, "b", ZoneInfo("Europe/Berlin"))
    assert summer.at == datetime(2025, 7, 1, 0, 0, tzinfo=UTC)
    assert winter.at == datetime(2025, 1, 1, 1, 0, tzinfo=UTC)
    assert summer.at - winter.at == timedelta(days=181, hours=-1)


def test_an_empty_repository_is_no_data() -> None:
    assert parse_borg_list(b'{"archives": [], "repository": {"id": "x"}}', "b", ZoneInfo("UTC")) == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"repository": {}}', "missing required field `archives`"),
        (b'{"archives": [{"name": "a"}]}', "archive 0 has no time"),
        (b'{"archives": [{"name": "a", "time": 5}]}', "Expected `str | null`"),
        (b'{"archives": [{"name": "a", "time": "yesterday"}]}', "not a timestamp"),
        (b'{"archives": [', "truncated"),
        (b"<html></html>", "HTML"),
        (b"", "empty body"),
    ],
)
def test_malformed_borg_output(body: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_borg_list(body, "b", ZoneInfo("UTC"))
