"""Two publishers with skewed clocks race for the same object while a reader polls it.

The guarantee under test: whatever the interleaving, a reader never sees
``updated_at`` go backwards and never reads an invalid document, and the
newest document any publisher built is the one left in place.

Each round both publishers start together (a barrier) with their own client;
publisher A's clock runs 7 s fast, B's 23 s slow, and each run starts a
random 0-45 s into its 60 s slot, so within a round either one may hold the
newer document, and B's document is sometimes older than A's from the round
before. S3 goes through moto's server (behind a proxy that forwards one
request at a time: see ``tests/faultproxy.py`` for why); local files go
through the file sink with its lock.

On one host, overlapping runs are kept apart by the run lock: the second run
says so and exits 0, and a killed run leaves no stale lock.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from elytra_status_contract import ContractError
from elytra_status_core import PlatformStatus, SinkSettings, decode, encode, parse_config
from elytra_status_core._cli import main
from elytra_status_core._errors import LockBusy
from elytra_status_core._run import default_lock_path, publish, publish_to_sinks, run_lock
from elytra_status_core._sinks import make_sink
from tests.conftest import S3Server
from tests.faultproxy import FaultProxy
from tests.servers import ReplayServer, Reply
from tests.settings import publish_options

ROUNDS = 200
BASE = datetime(2025, 11, 10, tzinfo=UTC)
SKEW = {"A": timedelta(seconds=7), "B": timedelta(seconds=-23)}
POLICY = publish_options(deadline=60, attempt_timeout=20, backoff_base=0.01, backoff_max=0.1)


@dataclass
class Tally:
    written: int = 0
    kept_newer: int = 0
    errors: list[str] = field(default_factory=lambda: list[str]())
    built: list[datetime] = field(default_factory=lambda: list[datetime]())


@dataclass
class Reader:
    """Polls the object until stopped; records what it saw and anything wrong."""

    read: Callable[[], bytes | None]
    polls: int = 0
    seen: list[datetime] = field(default_factory=lambda: list[datetime]())
    problems: list[str] = field(default_factory=lambda: list[str]())
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        last: datetime | None = None
        while not self.stop.is_set():
            data = self.read()
            self.polls += 1
            if data is None:
                if last is not None:
                    self.problems.append("the object disappeared")
                continue
            try:
                doc = decode(data)
            except ContractError as exc:
                self.problems.append(f"invalid document: {exc}")
                continue
            if last is not None and doc.updated_at < last:
                self.problems.append(f"updated_at went back from {last} to {doc.updated_at}")
            if last is None or doc.updated_at != last:
                self.seen.append(doc.updated_at)
            last = doc.updated_at
            self.stop.wait(0.002)  # poll hard, but leave the publishers some CPU


def race(targets: dict[str, SinkSettings], base: Path, reader: Reader) -> dict[str, Tally]:
    # One client per publisher for all its rounds (a cron run makes one per run;
    # making 400 S3 clients would only make the test slow).
    sinks = {
        name: make_sink(target, base=base, attempt_timeout=POLICY.attempt_timeout.total_seconds())
        for name, target in targets.items()
    }
    barrier = threading.Barrier(len(targets))
    tallies = {name: Tally() for name in targets}
    rng = random.Random(1110)
    offsets = {name: [rng.uniform(0, 45) for _ in range(ROUNDS)] for name in targets}

    def publisher(name: str) -> None:
        tally = tallies[name]
        for round_ in range(ROUNDS):
            now = BASE + timedelta(seconds=60 * round_ + offsets[name][round_]) + SKEW[name]
            doc = PlatformStatus(updated_at=now.replace(microsecond=0), platform_status="operational")
            tally.built.append(doc.updated_at)
            barrier.wait(timeout=60)
            [outcome] = publish_to_sinks(encode(doc), [sinks[name]], options=POLICY)
            if outcome.error is not None:
                tally.errors.append(str(outcome.error))
            elif outcome.written:
                tally.written += 1
            else:
                tally.kept_newer += 1

    polling = threading.Thread(target=reader.run, daemon=True)
    polling.start()
    workers = [threading.Thread(target=publisher, args=(name,)) for name in targets]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
    reader.stop.set()
    polling.join(timeout=30)
    assert not any(worker.is_alive() for worker in workers)
    return tallies


def check(tallies: dict[str, Tally], reader: Reader, final: bytes | None) -> None:
    assert reader.problems == []
    for name, tally in tallies.items():
        assert tally.errors == [], name
        assert tally.written + tally.kept_newer == ROUNDS
    assert final is not None
    newest = max(t for tally in tallies.values() for t in tally.built)
    assert decode(final).updated_at == newest
    assert reader.seen == sorted(reader.seen)
    # both publishers won rounds and both lost rounds, so the race was real
    assert all(tally.written > 0 and tally.kept_newer > 0 for tally in tallies.values())
    print(  # noqa: T201 (the race's tally, shown with pytest -s)
        f"\nrace: {ROUNDS} rounds x {len(tallies)} publishers; "
        + ", ".join(f"{n}: {t.written} written, {t.kept_newer} kept newer" for n, t in tallies.items())
        + f"; reader: {reader.polls} polls, {len(reader.seen)} distinct documents, 0 regressions"
    )


def test_two_s3_publishers_never_move_updated_at_backwards(s3_server: S3Server, tmp_path: Path) -> None:
    bucket = f"race-{uuid.uuid4().hex[:12]}"
    client = s3_server.client()
    client.create_bucket(Bucket=bucket)
    client.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})

    def read() -> bytes | None:
        try:
            return client.get_object(Bucket=bucket, Key="status.json")["Body"].read()
        except client.exceptions.NoSuchKey:
            return None

    reader = Reader(read)
    with FaultProxy(s3_server.endpoint, serialize=True) as proxy:
        target = SinkSettings(url=f"s3://{bucket}/status.json", endpoint_url=proxy.url)
        tallies = race({"A": target, "B": target}, tmp_path, reader)
        lost = len(proxy.answers("PUT", 412))
    check(tallies, reader, read())

    # The bucket is versioned: every write ever made, in order, not only what the reader caught.
    history = write_history(s3_server, bucket)
    # "written" also counts a publisher finding its exact bytes already there (both built the same second)
    assert 0 < len(history) <= sum(t.written for t in tallies.values())
    assert history == sorted(history), "some write replaced a newer document with an older one"
    print(  # noqa: T201 (shown with pytest -s)
        f"race: {lost} conditional writes lost to the other publisher (412) and retried; {len(history)} versions, in order"
    )


def write_history(s3_server: S3Server, bucket: str) -> list[datetime]:
    """``updated_at`` of every version of the object, oldest write first."""
    client = s3_server.client()
    versions: list[dict[str, object]] = []
    for page in client.get_paginator("list_object_versions").paginate(Bucket=bucket, Prefix="status.json"):
        versions += page.get("Versions", [])
    if versions and versions[0]["IsLatest"]:
        versions.reverse()
    assert versions and versions[-1]["IsLatest"]
    return [
        decode(client.get_object(Bucket=bucket, Key="status.json", VersionId=v["VersionId"])["Body"].read()).updated_at
        for v in versions
    ]


def test_two_local_publishers_never_move_updated_at_backwards(tmp_path: Path) -> None:
    path = tmp_path / "public" / "status.json"

    def read() -> bytes | None:
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None

    reader = Reader(read)
    target = SinkSettings(url=str(path))
    tallies = race({"A": target, "B": target}, tmp_path, reader)
    check(tallies, reader, read())


@pytest.mark.parametrize("skew", [timedelta(minutes=-30), timedelta(hours=2)])
def test_a_publisher_with_a_wildly_wrong_clock_cannot_regress_the_document(skew: timedelta, tmp_path: Path) -> None:
    """A clock 30 min slow never replaces newer documents, and its run fails loudly saying why;
    a clock 2 h fast wins (readers then see the document as stale, and the check flags it)."""
    loaded = parse_config("", base=tmp_path)
    target = SinkSettings(url="status.json")
    good = PlatformStatus(updated_at=BASE, platform_status="operational")
    publish(encode(good), [target], base=loaded.base, options=POLICY)
    skewed = PlatformStatus(updated_at=BASE + skew, platform_status="degraded")
    [outcome] = publish(encode(skewed), [target], base=loaded.base, options=POLICY)
    held = decode((tmp_path / "status.json").read_bytes())
    assert outcome.written is (skew > timedelta(0))
    assert held.updated_at == max(BASE, BASE + skew)
    if skew < timedelta(0):
        assert outcome.error is not None and "clock is wrong" in str(outcome.error)
        # the publisher with the right clock, later, keeps failing loudly rather than quietly
        # deferring: nothing is lost, and the operator is told what to fix
    else:
        assert outcome.error is None


def test_a_newer_document_of_a_later_major_version_is_left_alone(tmp_path: Path) -> None:
    loaded = parse_config("", base=tmp_path)
    newer = b'{"schema_version": "2.0", "updated_at": "2025-11-10T00:01:00Z", "state": "ok"}'
    (tmp_path / "status.json").write_bytes(newer)
    ours = PlatformStatus(updated_at=BASE, platform_status="operational")
    [outcome] = publish(encode(ours), [SinkSettings(url="status.json")], base=loaded.base, options=POLICY)
    assert (outcome.written, outcome.error) == (False, None)
    assert (tmp_path / "status.json").read_bytes() == newer


# --- overlapping runs on one host -----------------------------------------------------------

KUMA = {
    "heartbeatList": {"1": [{"status": 1, "time": "2025-11-10 12:00:00", "msg": "", "ping": 40}]},
    "uptimeList": {"1_24": 1},
}


def _config(folder: Path, kuma_url: str) -> Path:
    path = folder / "elytra-status.toml"
    path.write_text(
        f"""
[[sources]]
kind = "uptime-kuma"
url = "{kuma_url}"
status_page = "platform"
uptime_7d = false
# these runs are real processes on the wall clock; the saved beat's age is not what they test
max_observation_age = "36500d"

[[publish]]
url = "out/status.json"
"""
    )
    return path


def _start_slow_run(config: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    """``elytra status publish`` as cron starts it, against a source that answers after 5 s."""
    elytra = Path(sys.executable).parent / "elytra"
    return subprocess.Popen(
        [str(elytra), "-v", "status", "publish", "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _wait_for_lock(path: Path, process: subprocess.Popen[str]) -> None:
    """Until the first run has taken the lock (it writes its pid into the lock file)."""
    for _ in range(600):
        if path.exists() and f"pid {process.pid}" in path.read_text():
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    raise AssertionError("the first run never took the lock")


@pytest.fixture
def slow_kuma() -> Iterator[ReplayServer]:
    reply = Reply(body=json.dumps(KUMA).encode(), delay=5.0)
    with ReplayServer({"/api/status-page/heartbeat/platform": reply}) as server:
        yield server


@pytest.fixture
def runtime_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A private runtime folder for the default lock path, for this process and children."""
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.delenv("RUNTIME_DIRECTORY", raising=False)
    return {**os.environ}


def test_an_overlapping_run_says_so_and_exits_0(
    slow_kuma: ReplayServer, tmp_path: Path, runtime_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, slow_kuma.url)
    lock = default_lock_path(config, runtime_env)
    first = _start_slow_run(config, runtime_env)
    try:
        _wait_for_lock(lock, first)
        assert main(["status", "publish", "--config", str(config)]) == 0
        err = capsys.readouterr().err
        assert "another publish run with this config is still going" in err
        assert f"pid {first.pid}" in err
        assert first.poll() is None, "the second run must not disturb the first"
    finally:
        out, err = first.communicate(timeout=60)
    assert first.returncode == 0, err
    assert "wrote" in out
    assert decode((tmp_path / "out" / "status.json").read_bytes()).platform_status == "operational"
    assert [r.path for r in slow_kuma.requests] == [
        "/api/status-page/heartbeat/platform"
    ]  # the second run fetched nothing


def test_a_killed_run_does_not_leave_a_stale_lock(
    slow_kuma: ReplayServer, tmp_path: Path, runtime_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, slow_kuma.url)
    lock = default_lock_path(config, runtime_env)
    first = _start_slow_run(config, runtime_env)
    _wait_for_lock(lock, first)
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=30)
    slow_kuma.routes["/api/status-page/heartbeat/platform"] = Reply(body=json.dumps(KUMA).encode())
    assert main(["status", "publish", "--config", str(config)]) == 0
    assert "wrote" in capsys.readouterr().out
    assert (tmp_path / "out" / "status.json").exists()


def test_the_default_lock_folder_is_private(tmp_path: Path, runtime_env: dict[str, str]) -> None:
    lock = default_lock_path(tmp_path / "elytra-status.toml", runtime_env)
    with run_lock(lock, private_folder=True):
        assert oct(lock.parent.stat().st_mode & 0o777) == "0o700"
        with pytest.raises(LockBusy) as busy, run_lock(lock, private_folder=True):
            pass
        assert f"pid {os.getpid()}" in busy.value.holder
    with run_lock(lock, private_folder=True):  # released: free again
        pass
