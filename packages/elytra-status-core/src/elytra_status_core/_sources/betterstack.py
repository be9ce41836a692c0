"""Better Stack Uptime, through its REST API (v2).

``GET <url>/monitors`` is paginated: ``pagination.next`` is followed until it
is null. It must stay on the API's own origin (the token goes with every
request), and a page seen twice ends the walk with an error instead of a loop.

Monitor ``attributes.status``: ``up``, ``down``, ``maintenance`` map to the
same states; ``validating`` and ``pending`` (a new or re-checking monitor) are
``pending``, which counts as no data; ``paused`` monitors are left out, as is
a monitor with ``paused_at`` set. An unknown status is no data, not a guess.

Availability comes from ``GET <url>/monitors/<id>/sla?from=YYYY-MM-DD&to=YYYY-MM-DD``,
one request per monitor and window. The API counts whole days, so the 24h
window asks from yesterday to today and the 7d window from seven days ago to
today (UTC dates): each covers at least its window. ``availability`` is a
PERCENT and becomes a fraction here. A monitor deleted between the listing
and its SLA request (404) has unknown availability.

``range_availability`` asks the same endpoint for a fixed range of whole UTC
days (``from`` the first day ``to`` the last, both included), for history;
a range that does not start and end at midnight UTC is refused rather than
widened. Paused monitors are left out, and a monitor deleted meanwhile (404)
too.

The token is read from the environment variable named by ``token_env`` when
the source is collected, sent only as ``Authorization: Bearer``, and never
appears in a message.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Final
from urllib.parse import quote, urlencode, urljoin, urlsplit

import msgspec

from .._config import EnvName, NonEmpty, SourceSettings
from .._core.instants import parse_timestamp
from .._core.observations import MonitorObservation, MonitorState, Observations
from .._core.redact import mask_url
from .._errors import SourceError, SourceHTTPError
from .base import SourceContext
from .fetch import Fetcher, gather_all
from .payload import decode_json, snippet

__all__ = [
    "MONITOR_KEY",
    "BetterStack",
    "BetterStackMonitor",
    "Settings",
    "from_settings",
    "parse_monitors_page",
    "parse_sla",
]

MONITOR_KEY: Final = "the Better Stack monitor id (`258338`)"
"""What a monitor key of this kind is (components select monitors by it)."""


class Settings(SourceSettings, frozen=True, kw_only=True):
    """``kind = "betterstack"``: Better Stack Uptime monitors and their SLA."""

    token_env: EnvName
    """Name of the environment variable holding the API token (never the token)."""
    url: NonEmpty = "https://uptime.betterstack.com/api/v2"
    """API base URL."""


_STATES: Final[dict[str, MonitorState]] = {
    "up": "up",
    "down": "down",
    "maintenance": "maintenance",
    "validating": "pending",
    "pending": "pending",
}
_MAX_PAGES: Final = 10_000
PER_PAGE: Final = 250


class _Attributes(msgspec.Struct, frozen=True):
    status: str
    pronounceable_name: str | None = None
    paused_at: str | None = None
    last_checked_at: str | None = None


class _Monitor(msgspec.Struct, frozen=True):
    id: str | int
    attributes: _Attributes


class _Pagination(msgspec.Struct, frozen=True):
    next: str | None = None


class _Page(msgspec.Struct, frozen=True):
    data: list[_Monitor]
    pagination: _Pagination | None = None


class _SlaAttributes(msgspec.Struct, frozen=True):
    availability: float


class _SlaData(msgspec.Struct, frozen=True):
    attributes: _SlaAttributes


class _Sla(msgspec.Struct, frozen=True):
    data: _SlaData


class BetterStackMonitor(msgspec.Struct, frozen=True):
    """One monitor from a listing page: its id and mapped state (``None`` = no data)."""

    id: str
    state: MonitorState | None
    paused: bool
    checked_at: datetime | None = None
    """``last_checked_at``; ``None`` when absent or unreadable (the state then counts as no data)."""


def parse_monitors_page(body: bytes, source: str) -> tuple[list[BetterStackMonitor], str | None]:
    """The monitors on one ``/monitors`` page and the URL of the next page."""
    page = decode_json(body, _Page, source, "monitors page")
    monitors: list[BetterStackMonitor] = []
    for item in page.data:
        monitor_id = str(item.id)
        if not monitor_id or len(monitor_id) > 64:
            raise SourceError(source, "monitors page: monitor id is empty or too long")
        status = item.attributes.status
        paused = status == "paused" or item.attributes.paused_at is not None
        checked = item.attributes.last_checked_at
        try:
            checked_at = parse_timestamp(checked) if checked else None
        except ValueError:
            checked_at = None
        monitors.append(BetterStackMonitor(monitor_id, _STATES.get(status), paused, checked_at))
    return monitors, page.pagination.next if page.pagination else None


def parse_sla(body: bytes, source: str, monitor: str = "") -> float:
    """The availability in an SLA answer, as a fraction 0..1."""
    what = f"SLA of monitor {snippet(monitor, 40)}" if monitor else "SLA answer"
    percent = decode_json(body, _Sla, source, what).data.attributes.availability
    if isinstance(percent, bool) or not math.isfinite(percent) or not 0.0 <= percent <= 100.0:
        raise SourceError(source, f"{what}: availability {percent!r} is not a percentage 0..100")
    return percent / 100


def _midnight(when: datetime) -> bool:
    return (when.hour, when.minute, when.second, when.microsecond) == (0, 0, 0, 0)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


class BetterStack:
    """All monitors of one Better Stack Uptime team."""

    role: Final = "uptime"

    def __init__(
        self,
        token_env: str,
        url: str = "https://uptime.betterstack.com/api/v2",
        name: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.token_env = token_env
        self._env = env or {}
        self.url = url.rstrip("/")
        self.name = f"{name or 'betterstack'} ({mask_url(self.url)})"

    def _headers(self) -> Mapping[str, str]:
        token = self._env.get(self.token_env, "").strip()
        if not token:
            raise SourceError(self.name, f"environment variable {self.token_env} (token_env) is not set or empty")
        return {"Authorization": f"Bearer {token}"}

    async def monitors(self, fetcher: Fetcher, headers: Mapping[str, str]) -> list[BetterStackMonitor]:
        """Every monitor, following ``pagination.next``."""
        found: list[BetterStackMonitor] = []
        url: str | None = f"{self.url}/monitors?{urlencode({'per_page': PER_PAGE})}"
        origin = _origin(self.url)
        seen: set[str] = set()
        while url is not None:
            if url in seen or len(seen) >= _MAX_PAGES:
                raise SourceError(self.name, f"monitors pagination does not end (page {mask_url(url)} again)")
            seen.add(url)
            body = await fetcher.get(url, source=self.name, headers=headers)
            page, following = parse_monitors_page(body, self.name)
            found.extend(page)
            if following is not None:
                following = urljoin(url, following)
                if _origin(following) != origin:
                    raise SourceError(
                        self.name,
                        f"monitors pagination leads to another origin ({mask_url(following)}); not sending the token there",
                    )
            url = following
        return found

    async def _sla(
        self, fetcher: Fetcher, headers: Mapping[str, str], monitor: str, since: datetime, now: datetime
    ) -> float | None:
        return await self._sla_days(fetcher, headers, monitor, since.date(), now.date())

    async def _sla_days(
        self, fetcher: Fetcher, headers: Mapping[str, str], monitor: str, first: date, last: date
    ) -> float | None:
        query = urlencode({"from": first.isoformat(), "to": last.isoformat()})
        url = f"{self.url}/monitors/{quote(monitor, safe='')}/sla?{query}"
        try:
            body = await fetcher.get(url, source=self.name, headers=headers)
        except SourceHTTPError as exc:
            if exc.status == 404:
                return None
            raise
        return parse_sla(body, self.name, monitor)

    async def collect(self, fetcher: Fetcher, now: datetime) -> Observations:
        headers = self._headers()
        every = await self.monitors(fetcher, headers)
        if not every:
            raise SourceError(self.name, "the account has no monitors: wrong token, or the wrong team's?")
        listed = [m for m in every if not m.paused]
        measured = [m for m in listed if m.state in ("up", "down", "maintenance")]
        day, week = now - timedelta(days=1), now - timedelta(days=7)
        figures = await gather_all(
            self._sla(fetcher, headers, m.id, since, now) for m in measured for since in (day, week)
        )
        windows = {m.id: (figures[2 * i], figures[2 * i + 1]) for i, m in enumerate(measured)}
        return Observations(
            monitors=tuple(
                MonitorObservation(
                    source=self.name,
                    monitor=m.id,
                    state=m.state,
                    observed_at=m.checked_at,
                    availability_24h=windows.get(m.id, (None, None))[0],
                    availability_7d=windows.get(m.id, (None, None))[1],
                )
                for m in listed
            )
        )

    async def range_availability(self, fetcher: Fetcher, start: datetime, end: datetime) -> Mapping[str, float]:
        """Each monitor's SLA over the whole UTC days ``[start, end)``; ``SourceError`` for any other range."""
        first, after = start.astimezone(UTC), end.astimezone(UTC)
        if not (_midnight(first) and _midnight(after)) or after <= first:
            raise SourceError(
                self.name,
                "range_availability: the SLA endpoint counts whole UTC days; give a range from midnight to midnight",
            )
        headers = self._headers()
        listed = [m for m in await self.monitors(fetcher, headers) if not m.paused]
        last = (after - timedelta(days=1)).date()
        figures = await gather_all(self._sla_days(fetcher, headers, m.id, first.date(), last) for m in listed)
        return {m.id: figure for m, figure in zip(listed, figures, strict=True) if figure is not None}


def from_settings(settings: Settings, context: SourceContext) -> BetterStack:
    return BetterStack(settings.token_env, settings.url, settings.name, context.env)
