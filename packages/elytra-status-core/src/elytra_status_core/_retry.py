"""Retry policy for sink writes: capped, jittered backoff inside a total deadline.

The policy is data; the clock and the random source are passed in, so the
arithmetic is tested without sleeping. ``Deadline`` is the one place that
reads a monotonic clock.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["Deadline", "RetryPolicy"]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard a publish tries before it gives up (the ``[publish_options]`` table).

    Backoff is "full jitter": the n-th wait is uniform in
    ``[0, min(backoff_max, backoff_base * 2**n)]``, so two publishers that
    failed together do not retry together.
    """

    deadline: float = 120.0
    """Seconds for the whole publish step, every target and retry included."""
    attempt_timeout: float = 20.0
    """Seconds for one attempt at one target (read, compare, write)."""
    backoff_base: float = 0.5
    backoff_max: float = 10.0
    conflict_attempts: int = 8
    """Conditional writes lost to another writer before the attempt counts as failed."""

    def backoff(self, retry: int, rng: random.Random | None = None) -> float:
        """Seconds to wait before retry number ``retry`` (1 for the first retry)."""
        cap = min(self.backoff_max, self.backoff_base * 2 ** max(0, retry - 1))
        return (rng or random).uniform(0.0, cap)


@dataclass(slots=True)
class Deadline:
    """An instant on the monotonic clock; ``remaining()`` never goes below zero."""

    seconds: float
    clock: Callable[[], float] = time.monotonic
    start: float = field(init=False)

    def __post_init__(self) -> None:
        self.start = self.clock()

    @property
    def at(self) -> float:
        return self.start + self.seconds

    def remaining(self) -> float:
        return max(0.0, self.at - self.clock())

    def elapsed(self) -> float:
        return self.clock() - self.start
