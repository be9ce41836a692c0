"""Benchmark: the size of ``history.json`` and the cost of merging one run into it.

Builds the history a publisher with ``--components`` components (default 10)
would have after ``--days`` days (default 90) of runs, through the real
merge: every component with a status and an uptime every day, a few
incidents and a maintenance window. Then it prints

- the size of the published document (compact, as written, and gzipped as
  a CDN would serve it); target: under 60 KB;
- the median time of one merge (the previous history plus one run's sample
  and yesterday's figures), of the whole step a run takes per target
  (decode the current ``history.json``, merge, encode), and of a plain
  ``encode_history`` of the same document, with their ratios, all measured
  in the same run.

    uv run python bench/history.py
    uv run python bench/history.py --components 30 --days 366
"""

from __future__ import annotations

import argparse
import gzip
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import msgspec

from elytra_status_contract import ComponentStatus, HistoryDocument, Notice, decode_history, encode_history
from elytra_status_core._core.history import DayUptime, RunSample, day_of, merge_history
from elytra_status_core._core.settings import HistorySettings

NOW = datetime(2025, 11, 10, 12, 0, tzinfo=UTC)
LIMIT = 60 * 1024


def _notice(notice_id: str, start: datetime, hours: float, kind: str = "incident") -> Notice:
    end = start + timedelta(hours=hours)
    status = "resolved" if kind == "incident" else "completed"
    return msgspec.convert(
        {
            "id": notice_id,
            "kind": kind,
            "title": "Elevated errors in the control panel" if kind == "incident" else "Database cluster upgrade",
            "status": status,
            "impact": "degraded" if kind == "incident" else "none",
            "started_at": start.isoformat(),
            "resolved_at": end.isoformat(),
            "updated_at": end.isoformat(),
            "updates": [{"at": end.isoformat(), "status": status, "body": "Resolved."}],
        },
        Notice,
    )


def build(components: int, days: int) -> tuple[HistoryDocument, RunSample, list[DayUptime]]:
    """The history after ``days`` days of runs, and the next run's sample and figures."""
    ids = [f"component-{i:02d}" for i in range(components)]
    notices = [
        _notice(f"{(NOW - timedelta(days=back)):%Y-%m-%d}-incident-{back}", NOW - timedelta(days=back, hours=3), 5)
        for back in range(5, days, 11)
    ] + [_notice("2025-10-01-upgrade", datetime(2025, 10, 1, 2, tzinfo=UTC), 2, "maintenance")]

    def sample(at: datetime) -> RunSample:
        statuses: dict[str, ComponentStatus] = dict.fromkeys(ids, "operational")
        statuses[ids[0]] = "degraded"
        return RunSample(
            at=at,
            status="degraded",
            components=statuses,
            notices=tuple(n for n in notices if isinstance(n.started_at, datetime) and n.started_at <= at),
        )

    def figures(at: datetime) -> list[DayUptime]:
        day = day_of(at) - timedelta(days=1)
        return [DayUptime(day=day, platform=99.97, components={cid: 99.9 + i / 100 for i, cid in enumerate(ids)})]

    settings = HistorySettings(days=min(days, 366))
    history: HistoryDocument | None = None
    for back in range(days, 0, -1):
        at = NOW - timedelta(days=back)
        history = merge_history(history, sample(at), figures(at), now=at, settings=settings)
    assert history is not None
    return history, sample(NOW), figures(NOW)


def median_seconds(work: Callable[[], object], rounds: int) -> float:
    times: list[float] = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description="Size of history.json and the cost of one merge.")
    parser.add_argument("--components", type=int, default=10, help="components per day (default 10)")
    parser.add_argument("--days", type=int, default=90, help="days of history (default 90)")
    parser.add_argument("--rounds", type=int, default=200, help="timed rounds of each step (default 200)")
    args = parser.parse_args()

    previous, sample, figures = build(args.components, args.days)
    settings = HistorySettings(days=min(args.days, 366))
    current = encode_history(previous)
    merged = merge_history(previous, sample, figures, now=NOW, settings=settings)
    data = encode_history(merged)

    def merge() -> object:
        return merge_history(previous, sample, figures, now=NOW, settings=settings)

    def step() -> object:
        return encode_history(merge_history(decode_history(current), sample, figures, now=NOW, settings=settings))

    def encode() -> object:
        return encode_history(merged)

    for work in (merge, step, encode):  # warm up: decoders, caches
        work()
    t_merge, t_step, t_encode = (median_seconds(work, args.rounds) for work in (merge, step, encode))

    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()} {platform.release()}")
    print(f"{len(merged.days)} days x {args.components} components")
    print(f"history.json          {len(data):>9,} bytes  ({len(data) / 1024:.1f} KB, limit {LIMIT // 1024} KB)")
    print(f"  gzipped             {len(gzip.compress(data)):>9,} bytes")
    print(f"merge                 {t_merge * 1e3:>9.2f} ms")
    print(f"decode+merge+encode   {t_step * 1e3:>9.2f} ms")
    print(f"encode alone          {t_encode * 1e3:>9.2f} ms")
    print(f"merge / encode        {t_merge / t_encode:>9.1f}x")
    print(f"step / encode         {t_step / t_encode:>9.1f}x")
    return 0 if len(data) < LIMIT or args.days > 90 or args.components > 10 else 1


if __name__ == "__main__":
    sys.exit(main())
