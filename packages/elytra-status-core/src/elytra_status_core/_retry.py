"""The one backoff and the one deadline, shared by fetching and publishing.

Backoff is "full jitter": the wait before retry ``n`` (1 for the first) is
uniform in ``[0, min(cap, base * 2**(n-1))]``, so two clients that failed
together do not retry together. The random source is passed in, so the
arithmetic is tested without sleeping. ``Deadline`` is the one place that
reads a monotonic clock; its clock is passed in too.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import random

__all__ = ["Deadline", "backoff"]


def backoff(retry: int, *, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Seconds to wait before retry number ``retry`` (1 for the first retry)."""
    ceiling = min(cap, base * 2 ** max(0, retry - 1))
    if rng is None:
        import random as shared  # the module's generator; loaded only when a retry happens

        return shared.uniform(0.0, ceiling)
    return rng.uniform(0.0, ceiling)


class Deadline:
    """An instant on the monotonic clock, ``seconds`` from when it was made; ``remaining()`` never goes below zero."""

    __slots__ = ("clock", "seconds", "start")

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self.start = clock()

    @property
    def at(self) -> float:
        return self.start + self.seconds

    def remaining(self) -> float:
        return max(0.0, self.at - self.clock())

    def elapsed(self) -> float:
        return self.clock() - self.start
