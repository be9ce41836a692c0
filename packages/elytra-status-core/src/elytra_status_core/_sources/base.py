"""What every source is: the ``Source`` protocol, and what a source is built with.

A source turns one configured system into ``Observations``. It is built
from the settings Struct of its kind (decoded from its ``[[sources]]`` table)
and a ``SourceContext``; it reads through the run's one ``Fetcher``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

from .._core.observations import Observations

if TYPE_CHECKING:
    from .fetch import Fetcher

__all__ = ["RangeSource", "Source", "SourceContext", "SourceRole"]

SourceRole = Literal["uptime", "backups"]


@dataclass(frozen=True, slots=True)
class SourceContext:
    """What a source is built with besides its settings."""

    base: Path
    """Folder that relative paths resolve against (the config file's)."""
    env: Mapping[str, str] = field(default_factory=dict[str, str])
    """The environment the CLI passed in, for ``token_env`` lookups (the library never reads ``os.environ``)."""


class Source(Protocol):
    """Something that reports monitor states or backup runs."""

    @property
    def name(self) -> str:
        """How messages name this source; secrets already masked."""
        ...

    @property
    def role(self) -> SourceRole:
        """``uptime`` sources decide whether a run may publish at all."""
        ...

    async def collect(self, fetcher: Fetcher, now: datetime) -> Observations:
        """Read the source once. Raise only ``SourceError``."""
        ...


@runtime_checkable
class RangeSource(Source, Protocol):
    """A source that can answer availability over a fixed time range.

    History uses it for a closed UTC day's exact uptime (at the first run
    after midnight, and for ``elytra history backfill``). Sources that only
    know rolling windows do not implement it.
    """

    async def range_availability(self, fetcher: Fetcher, start: datetime, end: datetime) -> Mapping[str, float]:
        """Availability, a fraction 0..1, per monitor key over ``[start, end)``.

        A monitor the source has no data for in that range is left out
        (never 0, never 1). Raise only ``SourceError``.
        """
        ...
