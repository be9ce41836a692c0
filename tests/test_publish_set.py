"""Publishing the set at a target: history merged, files beside status.json, status.json last.

Through s3fs to moto's S3, with the fault proxy in between. The plan here is a
small stand-in for the real outputs (a history that is a list of run ids, two
sibling files), so each test shows one publishing rule; the real outputs go
through the same code (test_outputs_published.py).
"""

from __future__ import annotations

import json
import random
import threading
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from elytra_status_contract import ContractError, PlatformStatus, encode
from elytra_status_core import SinkSettings
from elytra_status_core._run import PublishPlan, Sibling, publish
from tests.conftest import S3Server
from tests.faultproxy import Fault, FaultProxy, Request
from tests.settings import publish_options

T = datetime(2025, 11, 10, 12, 0, tzinfo=UTC)
POLICY = publish_options(deadline=60, attempt_timeout=20, backoff_base=0.01, backoff_max=0.05)
"""Generous, so a loaded machine never fails a test: only injected faults do."""
FAILING = publish_options(deadline=16, attempt_timeout=8, backoff_base=0.05, backoff_max=0.2)
"""For a file that fails every time: its retries take half of this."""
RACING = publish_options(deadline=60, attempt_timeout=20, backoff_base=0.01, backoff_max=0.05, conflict_attempts=50)
"""Generous: under load, two publishers conflicting on every file must still finish."""


def document(at: datetime) -> bytes:
    return encode(PlatformStatus(updated_at=at, platform_status="operational"))


def toy_plan(run_id: str, *, failing_history: bool = False) -> PublishPlan:
    """History = sorted list of run ids (a commutative merge); siblings name the run and the history length."""

    def merge(current: bytes | None) -> bytes:
        runs: list[str] = []
        if current is not None:
            try:
                runs = [str(run) for run in json.loads(current)["runs"]]
            except (ValueError, KeyError, TypeError):
                raise ContractError("not a history") from None
        if failing_history:
            raise ContractError("broken on purpose")
        return json.dumps({"runs": sorted({*runs, run_id})}).encode()

    def siblings(history: bytes | None) -> Sequence[Sibling]:
        count = len(json.loads(history)["runs"]) if history else 0
        return (
            Sibling("badges/status.svg", f"<svg><text>{run_id}</text></svg>".encode(), "image/svg+xml"),
            Sibling("api/v2/summary.json", json.dumps({"run": run_id, "days": count}).encode(), "application/json"),
        )

    return PublishPlan(history=merge, siblings=siblings)


@pytest.fixture
def bucket(s3_server: S3Server) -> str:
    name = f"set-{uuid.uuid4().hex[:10]}"
    s3_server.client().create_bucket(Bucket=name)
    return name


def get(s3_server: S3Server, bucket: str, key: str) -> bytes | None:
    client = s3_server.client()
    try:
        return client.get_object(Bucket=bucket, Key=key)["Body"].read()
    except client.exceptions.NoSuchKey:
        return None


def target(bucket: str, endpoint: str) -> SinkSettings:
    return SinkSettings(
        url=f"s3://{bucket}/site/status.json", endpoint_url=endpoint, cache_control="public, max-age=60"
    )


def test_every_file_lands_beside_status_json_with_its_type_and_status_json_last(
    s3_server: S3Server, bucket: str, tmp_path: Path
) -> None:
    with FaultProxy(s3_server.endpoint) as proxy:
        [outcome] = publish(document(T), [target(bucket, proxy.url)], base=tmp_path, options=POLICY, plan=toy_plan("a"))
        puts = [r.path for r in proxy.requests if r.method == "PUT"]
    assert outcome.written and outcome.error is None and outcome.failed == ()
    assert puts == [
        f"/{bucket}/site/history.json",
        f"/{bucket}/site/badges/status.svg",
        f"/{bucket}/site/api/v2/summary.json",
        f"/{bucket}/site/status.json",
    ]
    client = s3_server.client()
    for key, kind in [
        ("site/status.json", "application/json"),
        ("site/history.json", "application/json"),
        ("site/badges/status.svg", "image/svg+xml"),
        ("site/api/v2/summary.json", "application/json"),
    ]:
        head = client.head_object(Bucket=bucket, Key=key)
        assert head["ContentType"] == kind, key
        assert head["CacheControl"] == "public, max-age=60", key
        grants = client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
        assert any(g["Grantee"].get("URI", "").endswith("/AllUsers") and g["Permission"] == "READ" for g in grants), key
    assert json.loads(get(s3_server, bucket, "site/api/v2/summary.json") or b"") == {"run": "a", "days": 1}


def test_a_target_holding_a_newer_status_json_receives_nothing_but_the_history_merge(
    s3_server: S3Server, bucket: str, tmp_path: Path
) -> None:
    newer = document(T + timedelta(minutes=5))
    s3_server.client().put_object(Bucket=bucket, Key="site/status.json", Body=newer)
    with FaultProxy(s3_server.endpoint) as proxy:
        [outcome] = publish(document(T), [target(bucket, proxy.url)], base=tmp_path, options=POLICY, plan=toy_plan("a"))
        puts = [r.path for r in proxy.requests if r.method == "PUT"]
    assert not outcome.written and outcome.error is None
    assert puts == [f"/{bucket}/site/history.json"]  # merging history never loses a sample, so it still happens
    assert get(s3_server, bucket, "site/status.json") == newer
    assert get(s3_server, bucket, "site/badges/status.svg") is None


def test_a_failing_sibling_is_named_and_never_keeps_status_json_from_being_written(
    s3_server: S3Server, bucket: str, tmp_path: Path
) -> None:
    with FaultProxy(s3_server.endpoint) as proxy:
        proxy.inject(
            Fault("status", "PUT", f"/{bucket}/site/badges/status.svg", times=None, status=503, code="SlowDown")
        )
        [outcome] = publish(document(T), [target(bucket, proxy.url)], base=tmp_path, options=POLICY, plan=toy_plan("a"))
    assert outcome.written and outcome.error is None
    (failure,) = outcome.failed
    assert "badges/status.svg" in str(failure)
    assert get(s3_server, bucket, "site/status.json") == document(T)
    assert get(s3_server, bucket, "site/api/v2/summary.json") is not None  # the next file was still tried


def test_a_history_merge_that_loses_a_race_is_merged_again(s3_server: S3Server, bucket: str, tmp_path: Path) -> None:
    s3_server.client().put_object(Bucket=bucket, Key="site/history.json", Body=b'{"runs": ["old"]}')
    sneaked: list[bool] = []

    def other_writer(request: Request) -> None:
        if not sneaked:
            sneaked.append(True)
            s3_server.client().put_object(Bucket=bucket, Key="site/history.json", Body=b'{"runs": ["old", "other"]}')

    with FaultProxy(s3_server.endpoint) as proxy:
        proxy.inject(Fault("hook", "PUT", f"/{bucket}/site/history.json", times=1, hook=other_writer))
        [outcome] = publish(document(T), [target(bucket, proxy.url)], base=tmp_path, options=POLICY, plan=toy_plan("a"))
    assert outcome.written and outcome.failed == ()
    assert json.loads(get(s3_server, bucket, "site/history.json") or b"") == {"runs": ["a", "old", "other"]}


def test_an_unreadable_history_is_set_aside_and_never_blocks_status_json(
    s3_server: S3Server, bucket: str, tmp_path: Path
) -> None:
    s3_server.client().put_object(Bucket=bucket, Key="site/history.json", Body=b"<html>not a history</html>")
    [outcome] = publish(
        document(T), [target(bucket, s3_server.endpoint)], base=tmp_path, options=POLICY, plan=toy_plan("a")
    )
    assert outcome.written and outcome.failed == ()
    assert json.loads(get(s3_server, bucket, "site/history.json") or b"") == {"runs": ["a"]}
    listed = s3_server.client().list_objects_v2(Bucket=bucket, Prefix="site/history.json.corrupt-")["Contents"]
    (aside,) = [item["Key"] for item in listed]
    assert get(s3_server, bucket, aside) == b"<html>not a history</html>"


def test_a_leak_in_a_sibling_refuses_that_file_only(s3_server: S3Server, bucket: str, tmp_path: Path) -> None:
    def leaky(history: bytes | None) -> Sequence[Sibling]:
        del history
        return (
            Sibling("badges/status.json", b'{"schemaVersion":1,"label":"db","message":"10.1.2.3"}', "application/json"),
            Sibling("history.atom", b"<feed/>", "application/atom+xml"),
        )

    plan = PublishPlan(siblings=leaky)
    [outcome] = publish(document(T), [target(bucket, s3_server.endpoint)], base=tmp_path, options=POLICY, plan=plan)
    (failure,) = outcome.failed
    assert "badges/status.json" in str(failure) and "10.1.2.3" not in str(failure)
    assert get(s3_server, bucket, "site/badges/status.json") is None
    assert get(s3_server, bucket, "site/history.atom") == b"<feed/>"
    assert get(s3_server, bucket, "site/status.json") == document(T)


def test_two_publishers_racing_keep_both_histories_and_the_newest_status(
    s3_server: S3Server, bucket: str, tmp_path: Path
) -> None:
    with FaultProxy(s3_server.endpoint, serialize=True) as proxy:  # S3's atomic conditional writes
        endpoint = proxy.url
        rounds = 6
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []
        failures: list[str] = []

        def publisher(name: str, skew: timedelta) -> None:
            try:
                rng = random.Random(name)
                for index in range(rounds):
                    barrier.wait()
                    at = T + timedelta(minutes=10 * index) + skew
                    [outcome] = publish(
                        document(at),
                        [target(bucket, endpoint)],
                        base=tmp_path,
                        options=RACING,
                        plan=toy_plan(f"{name}-{index}"),
                        rng=rng,
                    )
                    failures.extend(str(f) for f in (outcome.error, *outcome.failed) if f is not None)
            except BaseException as exc:  # reported by the main thread
                errors.append(exc)

        threads = [
            threading.Thread(target=publisher, args=("a", timedelta(0))),
            threading.Thread(target=publisher, args=("b", timedelta(seconds=40))),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == [] and failures == []
    runs = json.loads(get(s3_server, bucket, "site/history.json") or b"")["runs"]
    assert sorted(runs) == sorted([f"{n}-{i}" for n in "ab" for i in range(rounds)])  # nobody's sample lost
    newest = T + timedelta(minutes=10 * (rounds - 1), seconds=40)
    assert get(s3_server, bucket, "site/status.json") == document(newest)


def test_a_publisher_killed_between_files_leaves_status_json_as_it_was_and_the_next_run_converges(
    s3_server: S3Server, bucket: str, tmp_path: Path
) -> None:
    """A real ``elytra status publish`` process, SIGKILLed while it writes the files beside status.json."""
    import os
    import signal
    import subprocess
    import sys

    from elytra_status_contract import decode

    config = tmp_path / "elytra-status.toml"
    previous = document(T - timedelta(days=400))
    s3_server.client().put_object(Bucket=bucket, Key="site/status.json", Body=previous)
    children: list[subprocess.Popen[bytes]] = []

    def kill(request: Request) -> None:
        del request
        children[0].send_signal(signal.SIGKILL)
        children[0].wait(timeout=30)

    with FaultProxy(s3_server.endpoint) as proxy:
        config.write_text(
            f"""
[infrastructure]
model = "Dedicated droplet per client."

[page]
name = "Elytracloud"
url = "https://status.elytracloud.com"

[[publish]]
url = "s3://{bucket}/site/status.json"
endpoint_url = "{proxy.url}"
"""
        )
        proxy.inject(Fault("hook", "PUT", f"/{bucket}/site/api/v2/incidents.json", times=1, hook=kill))
        environ = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
        argv = [sys.executable, "-m", "elytra_status_core", "status", "publish", "--config", str(config)]
        children.append(subprocess.Popen(argv, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        assert children[0].wait(timeout=120) == -signal.SIGKILL
        assert get(s3_server, bucket, "site/status.json") == previous  # the commit point was never reached
        assert get(s3_server, bucket, "site/api/v2/components.json") is not None  # files before the kill landed
        again = subprocess.run(argv, env=environ, capture_output=True, timeout=120, check=False)
    assert again.returncode == 0, again.stderr.decode(errors="replace")
    doc = decode(get(s3_server, bucket, "site/status.json") or b"")
    assert doc.updated_at > T
    summary = json.loads(get(s3_server, bucket, "site/api/v2/summary.json") or b"")
    assert summary["page"]["updated_at"].replace("Z", "+00:00") == doc.updated_at.isoformat()
    for key in ("site/history.json", "site/history.atom", "site/badges/status.svg", "site/api/v2/incidents.json"):
        assert get(s3_server, bucket, key) is not None, key
