"""Two publishers (an HA pair) on one bucket: a change is announced exactly once, by the run whose write won.

Each publisher has its own config, run lock and webhook receiver, so the
receivers tell who announced what. S3 is moto's server; the publishers that
race go through the fault proxy with ``serialize=True`` (moto does not
evaluate a conditional write atomically, S3 does: see tests/faultproxy.py).

The first test makes the collision happen on purpose: when publisher A's
conditional write is on its way, publisher B runs a whole publish first. B's
write replaces the old document and B announces the change; A's write then
fails its ``If-Match``, A reads B's document, replaces it with its own
(newer) one and has nothing to announce, because nothing changed between
B's document and A's. A publisher that compared with the document it read
first would announce the change a second time.
"""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from elytra_status_core import decode, encode
from elytra_status_core._cli import main
from elytra_status_core._core.fixtures import mock_document
from tests.conftest import S3Server
from tests.faultproxy import Fault, FaultProxy, Request
from tests.servers import ReplayServer, Reply

T0 = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
HOOK = "/hooks/publisher"


def config(folder: Path, bucket: str, endpoint: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "elytra-status.toml"
    path.write_text(
        '[infrastructure]\nmodel = "Dedicated servers."\n\n'
        f'[[publish]]\nurl = "s3://{bucket}/status.json"\nendpoint_url = "{endpoint}"\n\n'
        # Only status.json: the other outputs are not what notifications compare, and cost requests.
        "[outputs]\nhistory = false\nstatuspage = false\nfeeds = false\nbadges = false\n\n"
        "[publish_options]\n"
        'backoff_base = "10ms"\nbackoff_max = "50ms"\n\n'
        '[[notify]]\nkind = "webhook"\nurl_env = "STATUS_WEBHOOK_URL"\n',
        encoding="utf-8",
    )
    return path


def publish(path: Path, hook: str, now: datetime) -> int:
    import os

    environ = {**os.environ, "STATUS_WEBHOOK_URL": hook, "XDG_RUNTIME_DIR": str(path.parent)}
    return main(["status", "publish", "--config", str(path)], environ=environ, clock=lambda: now)


def announced(server: ReplayServer) -> list[Any]:
    return [json.loads(r.body)["changes"] for r in server.requests if r.method == "POST"]


@pytest.fixture
def bucket(s3_server: S3Server) -> str:
    name = f"status-{uuid.uuid4().hex[:12]}"
    s3_server.client().create_bucket(Bucket=name)
    return name


def seed(s3_server: S3Server, bucket: str, at: datetime) -> None:
    """An operational document, older than anything the publishers build (they say "unknown": no sources)."""
    s3_server.client().put_object(Bucket=bucket, Key="status.json", Body=encode(mock_document("operational", at)))


def test_the_publisher_whose_write_won_announces_and_the_other_does_not(
    s3_server: S3Server, bucket: str, tmp_path: Path
) -> None:
    seed(s3_server, bucket, T0)
    with (
        FaultProxy(s3_server.endpoint) as proxy,
        ReplayServer({HOOK: Reply(200, b"ok")}) as hook_a,
        ReplayServer({HOOK: Reply(200, b"ok")}) as hook_b,
    ):
        config_a = config(tmp_path / "a", bucket, proxy.url)
        config_b = config(tmp_path / "b", bucket, s3_server.endpoint)
        codes: list[int] = []

        def b_runs_first(request: Request) -> None:
            codes.append(publish(config_b, hook_b.url + HOOK, T0 + timedelta(minutes=1)))

        proxy.inject(Fault("hook", method="PUT", path=f"/{bucket}/status.json", hook=b_runs_first))
        code_a = publish(config_a, hook_a.url + HOOK, T0 + timedelta(minutes=2))
        puts = [answer for answer in proxy.answers("PUT") if answer[1] == f"/{bucket}/status.json"]
    assert (code_a, codes) == (0, [0])
    assert puts[0][2] == 412  # A's first write lost: B had replaced the document in between
    assert puts[-1][2] == 200
    assert announced(hook_b) == [[{"type": "platform_status", "from": "operational", "to": "unknown"}]]
    assert announced(hook_a) == []
    held = s3_server.client().get_object(Bucket=bucket, Key="status.json")["Body"].read()
    assert decode(held).updated_at == T0 + timedelta(minutes=2)


def race(publishers: dict[str, tuple[Path, str, datetime]]) -> dict[str, int]:
    """Start every publisher at once (a barrier); their exit codes."""
    barrier = threading.Barrier(len(publishers))
    codes: dict[str, int] = {}

    def run(name: str) -> None:
        path, hook, now = publishers[name]
        barrier.wait()
        codes[name] = publish(path, hook, now)

    threads = [threading.Thread(target=run, args=(name,)) for name in publishers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return codes


def test_racing_rounds_announce_each_change_once(s3_server: S3Server, bucket: str, tmp_path: Path) -> None:
    rounds = 8
    with (
        FaultProxy(s3_server.endpoint, serialize=True) as proxy,
        ReplayServer({HOOK: Reply(200, b"ok")}) as hook_a,
        ReplayServer({HOOK: Reply(200, b"ok")}) as hook_b,
    ):
        config_a, config_b = config(tmp_path / "a", bucket, proxy.url), config(tmp_path / "b", bucket, proxy.url)
        for index in range(rounds):
            start = T0 + timedelta(hours=index)
            seed(s3_server, bucket, start)
            before = len(announced(hook_a)) + len(announced(hook_b))
            # A's clock is ahead in even rounds, B's in odd ones: either may hold the newer document.
            ahead, behind = start + timedelta(minutes=2), start + timedelta(minutes=1)
            a_at, b_at = (ahead, behind) if index % 2 == 0 else (behind, ahead)
            codes = race({"A": (config_a, hook_a.url + HOOK, a_at), "B": (config_b, hook_b.url + HOOK, b_at)})
            assert codes == {"A": 0, "B": 0}
            after = len(announced(hook_a)) + len(announced(hook_b))
            assert after - before == 1, f"round {index}: {after - before} announcements"
    every = announced(hook_a) + announced(hook_b)
    assert every == [[{"type": "platform_status", "from": "operational", "to": "unknown"}]] * rounds
