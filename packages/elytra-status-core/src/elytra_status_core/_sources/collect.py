"""Collection: every source at once, inside one deadline, through one fetcher.

A failed source is reported in the result, not raised: the run publishes
what the others measured and exits 1 afterwards. A parser bug inside a
source becomes a ``SourceError`` too, never a traceback or a wrong number.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from .._core.observations import Observations
from .._errors import SourceError
from .base import Source
from .fetch import Fetcher

__all__ = ["CollectResult", "collect"]


@dataclass(slots=True)
class CollectResult:
    """What one run collected, and which sources failed."""

    observations: Observations = field(default_factory=Observations)
    failures: list[SourceError] = field(default_factory=lambda: list[SourceError]())
    uptime_sources: int = 0
    uptime_answered: int = 0


async def _one(source: Source, fetcher: Fetcher, now: datetime) -> Observations:
    try:
        return await source.collect(fetcher, now)
    except SourceError:
        raise
    except Exception as exc:  # a parser bug must not become a traceback or a wrong number
        raise SourceError(source.name, f"failed unexpectedly ({type(exc).__name__})") from exc


async def collect(sources: Sequence[Source], fetcher: Fetcher, now: datetime, deadline: float) -> CollectResult:
    """Run every source concurrently, inside ``deadline`` seconds for the lot."""
    result = CollectResult(uptime_sources=sum(1 for s in sources if s.role == "uptime"))
    tasks = [asyncio.ensure_future(_one(source, fetcher, now)) for source in sources]
    if tasks:
        _done, pending = await asyncio.wait(tasks, timeout=deadline)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
    for source, task in zip(sources, tasks, strict=True):
        if task.cancelled():
            result.failures.append(SourceError(source.name, f"no answer within the {deadline:g}s collection deadline"))
            continue
        exc = task.exception()
        if isinstance(exc, SourceError):
            result.failures.append(exc)
        elif exc is not None:
            raise exc
        else:
            result.observations = result.observations + task.result()
            if source.role == "uptime":
                result.uptime_answered += 1
    return result
