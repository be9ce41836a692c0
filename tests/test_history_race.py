"""Two publishers (the HA pair) racing on one bucket for days: one history holding everything either saw.

200 simulated runs through the real publishing path (``_run.publish`` with the
real history merge) to moto's S3, the two publishers' clocks 90 s apart, each
run a different mix of statuses and notices. At the end the published history
is exactly what merging every sample in one process gives (nothing lost, no
order effect): every day either wrote is there, every notice either saw on
it, and no day's status is better than what either publisher observed.
"""

from __future__ import annotations

import random
import threading
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

from msgspec import UNSET

from elytra_status_contract import (
    ComponentStatus,
    Notice,
    NoticeUpdate,
    PlatformStatus,
    Status,
    decode_history,
    encode,
    encode_history,
)
from elytra_status_core import SinkSettings
from elytra_status_core._core.history import RunSample, merge_history
from elytra_status_core._run import PublishPlan, publish
from tests.conftest import S3Server
from tests.faultproxy import FaultProxy
from tests.settings import publish_options

START: Final = datetime(2026, 11, 25, 0, 3, tzinfo=UTC)
RUNS_EACH: Final = 100
STEP: Final = timedelta(minutes=36)
"""100 runs 36 minutes apart: 2.5 days per publisher."""
SKEW: Final = timedelta(seconds=90)
POLICY = publish_options(deadline=120, attempt_timeout=30, backoff_base=0.01, backoff_max=0.1, conflict_attempts=100)
STATUSES: tuple[Status, ...] = ("operational", "operational", "operational", "degraded", "outage", "unknown")
COMPONENT_STATUSES: tuple[ComponentStatus, ...] = (
    "operational",
    "operational",
    "degraded",
    "outage",
    "maintenance",
    "unknown",
)
RANK = {"operational": 0, "maintenance": 0, "degraded": 1, "outage": 2}


def incident(index: int, opened: datetime, resolved: datetime | None) -> Notice:
    updates = [NoticeUpdate(at=opened, status="investigating", body="Looking.")]
    if resolved is not None:
        updates.insert(0, NoticeUpdate(at=resolved, status="resolved", body="Fixed."))
    return Notice(
        id=f"incident-{index}",
        kind="incident",
        title=f"Incident {index}",
        status="resolved" if resolved is not None else "investigating",
        impact="degraded",
        started_at=opened,
        resolved_at=resolved if resolved is not None else UNSET,
        updated_at=updates[0].at,
        updates=updates,
    )


def msgspec_unset() -> object:
    import msgspec

    return msgspec.UNSET


def sample(rng: random.Random, at: datetime) -> RunSample:
    """What one run saw: a status, components, and the incidents opened so far (some resolved)."""
    notices: list[Notice] = []
    for index in range(int((at - START) / timedelta(hours=10)) + 1):
        opened = START + timedelta(hours=10 * index, minutes=5)
        if opened > at:
            continue
        resolved = opened + timedelta(hours=3)
        notices.append(incident(index, opened, resolved if resolved <= at else None))
    return RunSample(
        at=at,
        status=rng.choice(STATUSES),
        components={cid: rng.choice(COMPONENT_STATUSES) for cid in ("panel", "websites")},
        notices=tuple(notices),
    )


def test_two_publishers_over_200_runs_end_with_one_history_holding_everything(
    s3_server: S3Server, tmp_path: Path
) -> None:
    bucket = f"race-{uuid.uuid4().hex[:10]}"
    s3_server.client().create_bucket(Bucket=bucket)
    # moto checks If-Match and stores in two steps without a lock; S3 does both at once. The proxy
    # forwards one request at a time, which gives the race the store's real semantics (docs/reliability.md).
    with FaultProxy(s3_server.endpoint, serialize=True) as proxy:
        target = SinkSettings(url=f"s3://{bucket}/status.json", endpoint_url=proxy.url)
        samples: dict[str, list[RunSample]] = {"a": [], "b": []}
        failures: list[str] = []
        barrier = threading.Barrier(2)

        def publisher(name: str, skew: timedelta) -> None:
            rng = random.Random(f"history-race-{name}")
            for index in range(RUNS_EACH):
                barrier.wait()
                at = START + STEP * index + skew
                run = sample(rng, at)
                samples[name].append(run)
                doc = PlatformStatus(updated_at=at, platform_status=run.status)

                def merge(current: bytes | None, run: RunSample = run, at: datetime = at) -> bytes:
                    previous = decode_history(current) if current is not None else None
                    return encode_history(merge_history(previous, run, now=at))

                [outcome] = publish(
                    encode(doc), [target], base=tmp_path, options=POLICY, plan=PublishPlan(history=merge)
                )
                failures.extend(str(f) for f in (outcome.error, *outcome.failed) if f is not None)

        threads = [
            threading.Thread(target=publisher, args=("a", timedelta(0))),
            threading.Thread(target=publisher, args=("b", SKEW)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []

    body = s3_server.client().get_object(Bucket=bucket, Key="history.json")["Body"].read()
    published = decode_history(body)
    everything = sorted([*samples["a"], *samples["b"]], key=lambda s: s.at)
    assert len(everything) == 2 * RUNS_EACH
    reference = None
    for run in everything:
        reference = merge_history(reference, run, now=run.at)
    assert reference is not None
    assert published.days == reference.days  # the race lost nothing and its order did not matter

    days = {d.date: d for d in published.days}
    for run in everything:
        day = days[run.at.date()]  # every day either wrote is there
        if run.status != "unknown":
            assert day.status is not msgspec_unset() and RANK[str(day.status)] >= RANK[run.status]
        assert isinstance(day.components, dict)
        for cid, status in run.components.items():
            if status != "unknown":
                stored = day.components[cid].status
                assert stored is not msgspec_unset() and RANK[str(stored)] >= RANK[status]
        listed = {n.id for n in day.notices} if isinstance(day.notices, list) else set[str]()
        open_now = {n.id for n in run.notices if n.status != "resolved"}
        assert open_now <= listed  # no lost notice
