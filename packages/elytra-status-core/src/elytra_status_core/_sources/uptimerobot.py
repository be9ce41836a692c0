"""UptimeRobot, through its API v2 (``getMonitors``).

``POST <url>/getMonitors`` with a form body: the API key, ``format=json``,
``custom_uptime_ratios=1-7`` (days: the 24-hour and 7-day uptime) and the
page (``offset``, ``limit=50``, the most the API gives). Pages are asked for
until ``offset + limit >= total``. The key travels in the BODY, never in the
URL, and is masked in every message, even when the API echoes it back
(``passed_value``); use a read-only key (My Settings, API Settings,
Read-Only API Key).

Monitor ``status``: 2 up, 9 down, 8 "seems down" (a failed check not yet
confirmed) is ``degraded``, 0 paused is ``maintenance``, 1 "not checked yet"
is ``pending`` (no data); any other value is no data. The status is
UptimeRobot's as of its answer, so it is observed at the time of the run.

``custom_uptime_ratio`` is ONE string of percents joined by ``-`` in the
order asked (``"99.981-100.000"``: 24h, then 7d); each becomes a fraction.
A monitor that is paused or not checked yet has no figures (its ratios are
not measurements). ``range_availability`` asks the same way with
``custom_uptime_ranges=<start>_<end>`` (Unix seconds), for history.

Errors answer 200 with ``{"stat": "fail", "error": {...}}``: the source
fails with the error's type and message (never its ``passed_value``). The
free plan allows about 10 requests a minute: requests are paced to
``requests_per_minute``, and a ``429`` waits for its ``Retry-After``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Final
from urllib.parse import urlencode

import msgspec
from msgspec import Meta

from .._config import EnvName, NonEmpty, SourceSettings
from .._core.observations import MonitorObservation, MonitorState, Observations
from .._core.redact import mask_url
from .._errors import SourceError
from .base import SourceContext, SourceRole
from .fetch import Fetcher
from .keys import hiding, read_key
from .pace import Pace
from .payload import decode_json, snippet

__all__ = [
    "MONITOR_KEY",
    "Settings",
    "UptimeRobot",
    "UptimeRobotMonitor",
    "UptimeRobotPage",
    "from_settings",
    "parse_monitors_page",
    "parse_percents",
]

MONITOR_KEY: Final = "the UptimeRobot monitor id (`777749809`)"
"""What a monitor key of this kind is (components select monitors by it)."""


class Settings(SourceSettings, frozen=True, kw_only=True):
    """``kind = "uptimerobot"``: UptimeRobot monitors and their 24h/7d uptime ratios."""

    token_env: EnvName
    """Name of the environment variable holding the read-only API key (never the key)."""
    url: NonEmpty = "https://api.uptimerobot.com/v2"
    """API base URL."""
    requests_per_minute: Annotated[int, Meta(ge=1, le=6000)] = 10
    """Most requests started in any minute (the free plan allows about 10)."""


_STATES: Final[dict[int, MonitorState]] = {0: "maintenance", 1: "pending", 2: "up", 8: "degraded", 9: "down"}
_MEASURED: Final = frozenset({2, 8, 9})
PAGE_LIMIT: Final = 50
_MAX_PAGES: Final = 10_000


class _Error(msgspec.Struct, frozen=True):
    type: str | None = None
    message: str | None = None
    parameter_name: str | None = None


class _Envelope(msgspec.Struct, frozen=True):
    stat: str
    error: _Error | None = None


class _Pagination(msgspec.Struct, frozen=True):
    offset: int = 0
    limit: int = 0
    total: int = 0


class _Monitor(msgspec.Struct, frozen=True):
    id: int | str
    status: int
    custom_uptime_ratio: str | None = None
    custom_uptime_ranges: str | None = None


class _Page(msgspec.Struct, frozen=True):
    stat: str
    monitors: list[_Monitor] = []
    pagination: _Pagination | None = None


class UptimeRobotMonitor(msgspec.Struct, frozen=True):
    """One monitor of a page: its id, mapped state, and the figures asked for (fractions)."""

    id: str
    status: int
    state: MonitorState | None
    figures: tuple[float, ...] | None
    """The ratios (or ranges) asked for, in order; ``None`` when the monitor has none."""

    @property
    def measured(self) -> bool:
        """Up, down or "seems down": checked and not paused, so its figures are measurements."""
        return self.status in _MEASURED


class UptimeRobotPage(msgspec.Struct, frozen=True):
    monitors: list[UptimeRobotMonitor]
    total: int
    """Monitors in the account, as the page says (``pagination.total``)."""


def parse_percents(text: str, count: int, source: str, what: str) -> tuple[float, ...]:
    """``"99.981-100.000"`` -> ``(0.99981, 1.0)``: ``count`` percents joined by ``-``, as fractions."""
    parts = text.split("-")
    if len(parts) != count:
        raise SourceError(source, f"{what}: {snippet(text, 40)!r} holds {len(parts)} figure(s), not {count}")
    figures: list[float] = []
    for part in parts:
        try:
            percent = float(part.strip())
        except ValueError:
            raise SourceError(source, f"{what}: {snippet(part, 20)!r} is not a percentage") from None
        if not math.isfinite(percent) or not 0.0 <= percent <= 100.0:
            raise SourceError(source, f"{what}: {snippet(part, 20)!r} is not a percentage 0..100")
        figures.append(percent / 100)
    return tuple(figures)


def _failure(body: bytes, source: str, what: str) -> None:
    """``SourceError`` for a ``stat: fail`` answer, with its type and message (never ``passed_value``)."""
    envelope = decode_json(body, _Envelope, source, what)
    if envelope.stat == "ok":
        return
    error = envelope.error or _Error()
    said = ", ".join(
        snippet(part, 160)
        for part in (error.type, error.message, f"parameter {error.parameter_name}" if error.parameter_name else None)
        if part
    )
    raise SourceError(
        source, f"{what}: UptimeRobot answered stat {snippet(envelope.stat, 20)!r}: {said or 'no message'}"
    )


def parse_monitors_page(
    body: bytes, source: str, count: int = 2, field: str = "custom_uptime_ratio"
) -> UptimeRobotPage:
    """The monitors of one ``getMonitors`` answer, with ``count`` figures each from ``field``."""
    what = "getMonitors"
    _failure(body, source, what)
    page = decode_json(body, _Page, source, what)
    monitors: list[UptimeRobotMonitor] = []
    for item in page.monitors:
        monitor_id = str(item.id)
        if not monitor_id or len(monitor_id) > 64:
            raise SourceError(source, f"{what}: monitor id is empty or too long")
        text = item.custom_uptime_ratio if field == "custom_uptime_ratio" else item.custom_uptime_ranges
        figures = None
        if text and item.status in _MEASURED:
            figures = parse_percents(text, count, source, f"monitor {snippet(monitor_id, 20)} {field}")
        monitors.append(UptimeRobotMonitor(monitor_id, item.status, _STATES.get(item.status), figures))
    total = page.pagination.total if page.pagination is not None else len(monitors)
    if total < 0:
        raise SourceError(source, f"{what}: pagination.total is negative")
    return UptimeRobotPage(monitors, total)


class UptimeRobot:
    """All monitors of one UptimeRobot account."""

    @property
    def role(self) -> SourceRole:
        """Always ``uptime``."""
        return "uptime"

    def __init__(
        self,
        token_env: str,
        url: str = "https://api.uptimerobot.com/v2",
        name: str | None = None,
        env: Mapping[str, str] | None = None,
        requests_per_minute: int = 10,
    ) -> None:
        self.token_env = token_env
        self._env = env or {}
        self.url = url.rstrip("/")
        self.name = f"{name or 'uptimerobot'} ({mask_url(self.url)})"
        self.pace = Pace(requests_per_minute)

    async def monitors(
        self, fetcher: Fetcher, asked: Mapping[str, str], count: int, field: str
    ) -> list[UptimeRobotMonitor]:
        """Every monitor, page by page, with ``count`` figures each from ``field``."""
        key = read_key(self._env, self.token_env, self.name)
        found: list[UptimeRobotMonitor] = []
        seen: set[str] = set()
        offset = 0
        with hiding(key):
            for _ in range(_MAX_PAGES):
                form = {"api_key": key, "format": "json", **asked, "offset": str(offset), "limit": str(PAGE_LIMIT)}
                await self.pace.turn()
                answer = await fetcher.fetch(
                    f"{self.url}/getMonitors",
                    source=self.name,
                    headers={"Content-Type": "application/x-www-form-urlencoded", "Cache-Control": "no-cache"},
                    accept=(200, 400, 401, 403),
                    data=urlencode(form).encode(),
                )
                page = parse_monitors_page(answer.body, self.name, count, field)
                if answer.status != 200:  # an error without the stat: fail envelope
                    raise SourceError(self.name, f"POST {mask_url(self.url)}/getMonitors answered HTTP {answer.status}")
                # a monitor added meanwhile shifts the pages: one seen twice is counted once
                found.extend(m for m in page.monitors if m.id not in seen)
                seen.update(m.id for m in page.monitors)
                offset += len(page.monitors)
                if not page.monitors or offset >= page.total:
                    return found
        raise SourceError(self.name, f"getMonitors pagination does not end after {_MAX_PAGES} pages")

    async def collect(self, fetcher: Fetcher, now: datetime) -> Observations:
        every = await self.monitors(fetcher, {"custom_uptime_ratios": "1-7"}, 2, "custom_uptime_ratio")
        if not every:
            raise SourceError(self.name, "the account has no monitors: wrong API key, or the wrong account's?")
        return Observations(
            monitors=tuple(
                MonitorObservation(
                    source=self.name,
                    monitor=m.id,
                    state=m.state,
                    observed_at=now,
                    availability_24h=m.figures[0] if m.figures else None,
                    availability_7d=m.figures[1] if m.figures else None,
                )
                for m in every
            )
        )

    async def range_availability(self, fetcher: Fetcher, start: datetime, end: datetime) -> Mapping[str, float]:
        """Each measured monitor's uptime over ``[start, end)`` (``custom_uptime_ranges``, whole seconds)."""
        if end <= start:
            raise SourceError(self.name, "range_availability: the range is empty")
        span = f"{math.floor(start.timestamp())}_{math.ceil(end.timestamp())}"
        every = await self.monitors(fetcher, {"custom_uptime_ranges": span}, 1, "custom_uptime_ranges")
        return {m.id: m.figures[0] for m in every if m.figures}


def from_settings(settings: Settings, context: SourceContext) -> UptimeRobot:
    return UptimeRobot(settings.token_env, settings.url, settings.name, context.env, settings.requests_per_minute)
