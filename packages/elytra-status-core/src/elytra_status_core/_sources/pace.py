"""A request budget for APIs that ask clients to stay under N requests a minute.

Healthchecks.io asks for at most 100 API requests a minute; UptimeRobot's
free plan allows about 10. A source keeps one ``Pace`` and awaits
``turn()`` before each request: at most ``limit`` requests start in any
window of ``period`` seconds, and the rest wait for their turn instead of
earning a ``429`` (which the fetcher still handles, with ``Retry-After``,
when a budget is shared with other clients of the same key).

Turns are reserved in order without a lock: a reservation is computed and
recorded with no ``await`` in between, so concurrent callers never take the
same slot. The clock and the sleep are parameters, so the budget is tested
without waiting.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

__all__ = ["Pace"]


class Pace:
    """At most ``limit`` request starts in any ``period`` seconds."""

    def __init__(
        self,
        limit: int,
        period: float = 60.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if limit < 1 or period <= 0:
            raise ValueError("a pace needs a limit of at least 1 and a positive period")
        self.limit = limit
        self.period = period
        self._clock = clock
        self._sleep = sleep
        self._starts: deque[float] = deque()
        self.waited = 0.0
        """Seconds spent waiting for a turn, in total (for logs and tests)."""

    def reserve(self) -> float:
        """Reserve the next turn; the seconds to wait until it."""
        now = self._clock()
        while self._starts and self._starts[0] <= now - self.period:
            self._starts.popleft()
        at = now
        if len(self._starts) >= self.limit:
            at = max(at, self._starts[-self.limit] + self.period)
        if self._starts:
            at = max(at, self._starts[-1])
        self._starts.append(at)
        return at - now

    async def turn(self) -> None:
        """Wait until a request may start."""
        delay = self.reserve()
        if delay > 0:
            self.waited += delay
            await self._sleep(delay)
