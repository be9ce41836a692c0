"""Fault injection: publishing through a faulty network to moto's S3, and crashes of local writes.

Every scenario ends in exactly one of three outcomes, and the object in the
bucket is exactly one of two byte strings:

- ``published``: our document is there;
- ``kept-newer``: a newer document was there (or arrived), it is still there, no error;
- ``failed``: the publish gave up with an error (exit 1 in the CLI), the previous document is still there.

Anything else (a truncated object, an older document over a newer one, a
missing object, a traceback) fails the test.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

import pytest

from elytra_status_contract import Status
from elytra_status_core import PlatformStatus, SinkError, SinkSettings, decode, encode
from elytra_status_core._cli import main
from elytra_status_core._config import PublishOptions
from elytra_status_core._run import PublishOutcome, publish
from tests.conftest import ROOT, S3Server
from tests.faultproxy import Fault, FaultProxy, Request
from tests.settings import publish_options

T = datetime(2025, 11, 10, 12, 0, tzinfo=UTC)
KEY = "status.json"

Expect = Literal["published", "kept-newer", "failed"]
Previous = Literal["none", "older", "newer"]


def document(at: datetime, status: Status = "operational") -> tuple[PlatformStatus, bytes]:
    doc = PlatformStatus(updated_at=at, platform_status=status)
    return doc, encode(doc)


OURS_DOC, OURS = document(T)
_, OLDER = document(T - timedelta(minutes=10), "degraded")
_, NEWER = document(T + timedelta(minutes=3), "outage")


@dataclass(frozen=True)
class Scenario:
    id: str
    faults: Callable[[str, S3Server], list[Fault]]
    """Faults for bucket name and server (fresh per run: faults count their uses)."""
    previous: Previous
    expect: Expect
    deadline: float = 8.0
    not_retried: bool = False
    """The failure is not worth retrying: the faulty PUT must be sent exactly once."""
    notes: str = ""


def obj(bucket: str) -> str:
    return f"/{bucket}/{KEY}"


def _sneak_in_newer(server: S3Server, bucket: str) -> Callable[[Request], None]:
    def hook(request: Request) -> None:
        server.client().put_object(Bucket=bucket, Key=KEY, Body=NEWER)

    return hook


SCENARIOS: list[Scenario] = [
    Scenario("no-fault", lambda b, s: [], "older", "published"),
    Scenario("first-publish", lambda b, s: [], "none", "published"),
    Scenario(
        "put-slowdown-once",
        lambda b, s: [Fault("status", "PUT", obj(b), status=503, code="SlowDown")],
        "older",
        "published",
    ),
    Scenario(
        "put-internal-error-twice",
        lambda b, s: [Fault("status", "PUT", obj(b), times=2, status=500, code="InternalError")],
        "older",
        "published",
    ),
    Scenario(
        "put-throttled-429",
        lambda b, s: [Fault("status", "PUT", obj(b), status=429, code="TooManyRequests")],
        "older",
        "published",
    ),
    Scenario("head-503-once", lambda b, s: [Fault("status", "HEAD", obj(b), status=503)], "older", "published"),
    Scenario(
        "get-500-once",
        lambda b, s: [Fault("status", "GET", obj(b), status=500, code="InternalError")],
        "older",
        "published",
    ),
    Scenario("put-stall-once", lambda b, s: [Fault("stall", "PUT", obj(b))], "older", "published"),
    Scenario("head-stall-once", lambda b, s: [Fault("stall", "HEAD", obj(b))], "older", "published"),
    Scenario("put-reset-once", lambda b, s: [Fault("reset", "PUT", obj(b))], "older", "published"),
    Scenario(
        "put-lands-answer-reset",
        lambda b, s: [Fault("reset-after", "PUT", obj(b), times=3)],
        "older",
        "published",
        notes="the write reached the store, the answer was lost: the next attempt finds our bytes",
    ),
    Scenario("put-lands-answer-stalls", lambda b, s: [Fault("stall-after", "PUT", obj(b))], "older", "published"),
    Scenario(
        "put-answer-cut-in-headers", lambda b, s: [Fault("cut-headers", "PUT", obj(b), keep=12)], "older", "published"
    ),
    Scenario(
        "get-body-cut-older-in-place", lambda b, s: [Fault("cut-body", "GET", obj(b), keep=20)], "older", "published"
    ),
    Scenario(
        "get-body-cut-newer-in-place",
        lambda b, s: [Fault("cut-body", "GET", obj(b), keep=20)],
        "newer",
        "kept-newer",
        notes="a truncated read must not pass for an invalid document that may be replaced",
    ),
    Scenario(
        "get-body-always-cut-newer-in-place",
        lambda b, s: [Fault("cut-body", "GET", obj(b), keep=20, times=None)],
        "newer",
        "failed",
        deadline=2.0,
    ),
    Scenario(
        "newer-writer-sneaks-in-before-our-put",
        lambda b, s: [Fault("hook", "PUT", obj(b), hook=_sneak_in_newer(s, b))],
        "older",
        "kept-newer",
        notes="our If-Match write fails with 412; the re-read finds the newer document",
    ),
    Scenario(
        "store-rejects-if-match",
        lambda b, s: [Fault("status", "PUT", obj(b), header="If-Match", times=None, status=501, code="NotImplemented")],
        "older",
        "published",
        notes="falls back to read-compare-write",
    ),
    Scenario(
        "store-rejects-if-none-match",
        lambda b, s: [
            Fault("status", "PUT", obj(b), header="If-None-Match", times=None, status=501, code="NotImplemented")
        ],
        "none",
        "published",
    ),
    Scenario(
        "first-publish-put-503-once", lambda b, s: [Fault("status", "PUT", obj(b), status=503)], "none", "published"
    ),
    Scenario(
        "put-slowdown-forever",
        lambda b, s: [Fault("status", "PUT", obj(b), times=None, status=503, code="SlowDown")],
        "older",
        "failed",
        deadline=2.0,
    ),
    Scenario(
        "put-500-forever-no-object-yet",
        lambda b, s: [Fault("status", "PUT", obj(b), times=None, status=500, code="InternalError")],
        "none",
        "failed",
        deadline=2.0,
    ),
    Scenario("everything-stalls", lambda b, s: [Fault("stall", times=None)], "older", "failed", deadline=2.0),
    Scenario("every-connection-resets", lambda b, s: [Fault("reset", times=None)], "older", "failed", deadline=2.0),
    Scenario(
        "put-access-denied",
        lambda b, s: [Fault("status", "PUT", obj(b), times=None, status=403, code="AccessDenied")],
        "older",
        "failed",
        not_retried=True,
        notes="not worth retrying: fails at once",
    ),
    Scenario(
        "no-such-bucket",
        lambda b, s: [Fault("status", times=None, status=404, code="NoSuchBucket")],
        "none",
        "failed",
        not_retried=True,
    ),
]


def _policy(deadline: float) -> PublishOptions:
    return publish_options(
        deadline=deadline, attempt_timeout=min(2.0, deadline / 2), backoff_base=0.05, backoff_max=0.25
    )


def _read(server: S3Server, bucket: str) -> bytes | None:
    client = server.client()
    try:
        return client.get_object(Bucket=bucket, Key=KEY)["Body"].read()
    except client.exceptions.NoSuchKey:
        return None


def _outcome_of(outcome: PublishOutcome) -> Expect:
    if outcome.error is not None:
        assert not outcome.written
        return "failed"
    return "published" if outcome.written else "kept-newer"


@pytest.fixture
def bucket(s3_server: S3Server) -> str:
    name = f"faults-{uuid.uuid4().hex[:12]}"
    s3_server.client().create_bucket(Bucket=name)
    return name


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_fault_scenario(scenario: Scenario, s3_server: S3Server, bucket: str, tmp_path: Path) -> None:
    previous = {"none": None, "older": OLDER, "newer": NEWER}[scenario.previous]
    if previous is not None:
        s3_server.client().put_object(Bucket=bucket, Key=KEY, Body=previous)
    with FaultProxy(s3_server.endpoint) as proxy:
        proxy.inject(*scenario.faults(bucket, s3_server))
        target = SinkSettings(url=f"s3://{bucket}/{KEY}", endpoint_url=proxy.url)
        [outcome] = publish(OURS, [target], base=tmp_path, options=_policy(scenario.deadline), rng=random.Random(5))
    final = _read(s3_server, bucket)

    assert _outcome_of(outcome) == scenario.expect, outcome.error
    if scenario.expect == "published":
        assert final == OURS
    elif scenario.expect == "kept-newer":
        assert final == NEWER
    else:
        assert final == previous, "a failed publish must leave the previous document untouched"
        assert outcome.error is not None and f"s3://{bucket}/{KEY}" in str(outcome.error)
    if scenario.not_retried:
        assert len(proxy.seen("PUT", "status")) == 1
    assert final is None or decode(final)  # never a broken object


def test_the_cli_gives_up_within_the_deadline_and_exits_1(
    s3_server: S3Server, bucket: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    s3_server.client().put_object(Bucket=bucket, Key=KEY, Body=OLDER)
    with FaultProxy(s3_server.endpoint) as proxy:
        proxy.inject(Fault("status", "PUT", obj(bucket), times=None, status=503, code="SlowDown"))
        config = tmp_path / "elytra-status.toml"
        config.write_text(
            f"""
[infrastructure]
model = "Droplets."

[publish_options]
deadline = "4s"
attempt_timeout = "2s"
backoff_max = "1s"
lock_file = "publish.lock"

[[publish]]
url = "s3://{bucket}/{KEY}"
endpoint_url = "{proxy.url}"
"""
        )
        assert main(["status", "publish", "--config", str(config)]) == 1
        puts = len(proxy.seen("PUT"))
    err = capsys.readouterr().err
    assert "SlowDown" in err and "gave up after" in err and "previous document is unchanged" in err
    assert "retrying in" in err
    assert puts >= 2
    assert _read(s3_server, bucket) == OLDER


# --- local files: a crash at any point leaves the old or the new complete file -------------------

_WRITER = """
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from elytra_status_contract import PlatformStatus, encode
from elytra_status_core._sinks.local import LocalFileSink

sink = LocalFileSink(Path(sys.argv[1]))
start = int(sys.argv[2])
for i in range(start, start + 100000):
    doc = PlatformStatus(updated_at=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=i), platform_status="operational")
    data = encode(doc) + b" " * (i % 4096)  # sizes vary, so a torn write would show
    sink.replace_if(data, lambda current: True)
    if i == start:
        print("ready", flush=True)
"""


@pytest.fixture
def writer_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}


def test_killing_the_writer_at_any_moment_leaves_a_complete_file(tmp_path: Path, writer_env: dict[str, str]) -> None:
    """SIGKILL a process that rewrites the file in a loop, 15 times at random moments."""
    target = tmp_path / "status.json"
    rng = random.Random(11)
    start = 0
    seen: list[int] = []
    for _ in range(15):
        child = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(target), str(start)],
            stdout=subprocess.PIPE,
            env=writer_env,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"ready"
        try:
            child.wait(timeout=rng.uniform(0.0, 0.08))
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()
        doc = decode(target.read_bytes())  # complete and valid, whatever the moment of the kill
        seconds = int((doc.updated_at - datetime(2025, 1, 1, tzinfo=UTC)).total_seconds())
        assert seconds >= start, "the file went back to an older document"
        seen.append(seconds)
        start = seconds + 1
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name not in {"status.json"})
    assert all(name.startswith(".status.json.") and name.endswith(".tmp") for name in leftovers)


class _ShortStore:
    """An object store whose GET hands back fewer bytes than its Content-Length, without an error."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.requests = 0
        self.puts: list[bytes] = []

    def get(self, timeout: float | None = None) -> _Got:
        self.requests += 1
        return _Got(self.data[:20], '"etag"', len(self.data))

    def put(self, data: bytes, timeout: float | None = None, **params: str) -> None:
        self.requests += 1
        self.puts.append(data)


class _Got:
    def __init__(self, data: bytes, etag: str | None, size: int | None) -> None:
        self.data, self.etag, self.size = data, etag, size


def test_a_silently_short_read_is_never_taken_for_an_invalid_document() -> None:
    """Even if the transport did not notice, bytes that do not match the object's size are not trusted."""
    from elytra_status_core._errors import TransientSinkError
    from elytra_status_core._sinks.fsspec import S3Sink

    store = _ShortStore(NEWER)
    sink = S3Sink("s3://bucket/status.json", store, {})
    decisions: list[bytes | None] = []
    with pytest.raises(TransientSinkError) as caught:
        sink.replace_if(OURS, lambda current: decisions.append(current) or True)
    assert caught.value.cause == "short-read"
    assert decisions == []
    assert store.puts == []


def test_every_scenario_is_documented() -> None:
    doc = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    missing = [s.id for s in SCENARIOS if f"`{s.id}`" not in doc]
    assert missing == []
    assert f"{len(SCENARIOS)} scenarios" in doc


@pytest.mark.parametrize("step", ["write", "fsync", "chmod", "replace", "fsync-folder"])
def test_a_failure_at_any_step_of_a_local_write_leaves_a_complete_file(
    step: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from elytra_status_core._sinks.local import LocalFileSink

    target = tmp_path / "status.json"
    sink = LocalFileSink(target)
    assert sink.replace_if(OLDER, lambda current: True)
    fsyncs: list[int] = []
    real_fsync, real_replace, real_chmod = os.fsync, os.replace, os.chmod

    def fail(*args: object) -> None:
        raise OSError(5, f"injected failure at {step}")

    def fsync(fd: int) -> None:
        fsyncs.append(fd)
        if (step == "fsync" and len(fsyncs) == 1) or (step == "fsync-folder" and len(fsyncs) == 2):
            fail()
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    if step == "replace":
        monkeypatch.setattr(os, "replace", fail)
    if step == "chmod":
        monkeypatch.setattr(os, "chmod", fail)
    if step == "write":
        real_fdopen = os.fdopen

        class FullDisk:
            def __init__(self, fd: int, mode: str = "rb") -> None:
                self.handle = real_fdopen(fd, mode)

            def __enter__(self) -> FullDisk:
                return self

            def __exit__(self, *exc_info: object) -> None:
                self.handle.close()

            def write(self, data: bytes) -> int:
                self.handle.write(data[: len(data) // 2])
                self.handle.flush()
                raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "fdopen", FullDisk)
    with pytest.raises(SinkError):
        sink.replace_if(OURS, lambda current: True)
    monkeypatch.setattr(os, "replace", real_replace)
    monkeypatch.setattr(os, "chmod", real_chmod)
    held = target.read_bytes()
    # before the rename: the old file; after it (only the folder fsync failed): the new one
    assert held == (OURS if step == "fsync-folder" else OLDER)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["status.json"]


def test_backoff_is_capped_and_jittered() -> None:
    from elytra_status_core._retry import backoff

    rng = random.Random(3)
    for retry in range(1, 12):
        cap = min(10.0, 0.5 * 2 ** (retry - 1))
        waits = [backoff(retry, base=0.5, cap=10.0, rng=rng) for _ in range(200)]
        assert all(0.0 <= w <= cap for w in waits)
        assert max(waits) > 0.8 * cap and min(waits) < 0.2 * cap  # spread over the whole range
