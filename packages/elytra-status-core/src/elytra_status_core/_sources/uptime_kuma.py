"""Uptime Kuma, through the public status-page API (1.23.x and 2.x).

``GET <url>/api/status-page/heartbeat/<slug>`` answers
``{"heartbeatList": {"<id>": [beats, oldest first]}, "uptimeList": {"<id>_24": fraction}}``.
Beat ``status``: 0 down, 1 up, 2 pending, 3 maintenance (a monitor inside a
maintenance window beats 3, so maintenance is honoured per monitor). An
unknown slug answers 200 with both maps empty: that is no data, never
"healthy". 2.x reports an uptime of 0 for a monitor without data, so a 24h
figure counts only for a monitor that has beats.

The 7-day uptime comes from the uptime badge, ``GET <url>/api/badge/<id>/uptime/168``,
an SVG whose ``<title>`` reads ``LABEL: 99.95%``. Only the part after the last
``": "`` is trusted (2.x labels a 168-hour badge "7h"); ``N/A`` (a monitor that
is not public) is unknown. A badge that answers 404 (an older Kuma, or a
saved copy of the API without badges) leaves the 7-day figure unknown. Any
other badge failure leaves the 7-day figures of the whole page unknown for
this run (with a warning): a mean over the badges that happened to answer
could overstate the platform's uptime, while the current states and the
24-hour figures are still good.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Final
from urllib.parse import quote

import msgspec

from .._config import NonEmpty, SourceSettings
from .._core.instants import parse_timestamp
from .._core.observations import MonitorObservation, MonitorState, Observations
from .._core.redact import mask_url
from .._core.staleness import FUTURE_TOLERANCE
from .._errors import SourceError, SourceHTTPError
from .._fs import resolve
from .._log import logger
from .base import SourceContext
from .fetch import Fetcher, gather_all
from .payload import check_fraction, decode_json, snippet

__all__ = ["MONITOR_KEY", "Settings", "UptimeKuma", "from_settings", "parse_badge", "parse_heartbeats"]

MONITOR_KEY: Final = "the Uptime Kuma monitor id (`3`)"
"""What a monitor key of this kind is (components select monitors by it)."""


class Settings(SourceSettings, frozen=True, kw_only=True):
    """``kind = "uptime-kuma"``: a public status page (heartbeats, 24h uptime, 7d badge)."""

    url: NonEmpty
    """Base URL of Uptime Kuma, or a folder holding a saved copy of its API."""
    status_page: NonEmpty
    """Slug of the public status page."""
    uptime_7d: bool = True
    """Read each monitor's 7-day uptime from its badge (one request per monitor)."""


_STATES: Final[dict[int, MonitorState]] = {0: "down", 1: "up", 2: "pending", 3: "maintenance"}
_BADGE_MAX_BYTES: Final = 64 * 1024


class _Beat(msgspec.Struct, frozen=True):
    status: int
    time: str


class _Heartbeats(msgspec.Struct, frozen=True):
    heartbeat_list: dict[str, list[_Beat] | None] = msgspec.field(name="heartbeatList")
    uptime_list: dict[str, float | None] = msgspec.field(default_factory=dict[str, float | None], name="uptimeList")


def _beat_time(beat: _Beat) -> datetime | None:
    """A beat's time: UTC written without an offset (``2025-06-01 12:00:05.123``); ``None`` if garbage."""
    try:
        return parse_timestamp(beat.time, UTC)
    except ValueError:
        return None


def parse_heartbeats(body: bytes, source: str, now: datetime | None = None) -> list[MonitorObservation]:
    """Monitor observations from a heartbeat payload; ``SourceError`` if malformed.

    A monitor's state is its newest beat by parsed time; beats whose time is
    garbage, and (given ``now``) beats more than 5 minutes in the future, are
    not candidates, so a bogus "up" never outranks a real newer "down".
    """
    payload = decode_json(body, _Heartbeats, source, "heartbeat payload")
    monitors: list[MonitorObservation] = []
    for monitor_id, listed in sorted(payload.heartbeat_list.items()):
        beats = listed or []
        state: MonitorState | None = None
        observed_at: datetime | None = None
        dated = [(at, beat) for beat in beats if (at := _beat_time(beat)) is not None]
        if now is not None:
            dated = [(at, beat) for at, beat in dated if at - now <= FUTURE_TOLERANCE]
        if dated:
            observed_at, newest = max(dated, key=lambda pair: pair[0])
            state = _STATES.get(newest.status)
            if state is None:
                raise SourceError(
                    source, f"monitor {snippet(monitor_id, 40)}: unknown heartbeat status {newest.status}"
                )
        uptime = payload.uptime_list.get(f"{monitor_id}_24")
        if uptime is not None:
            uptime = check_fraction(uptime, source, f"monitor {snippet(monitor_id, 40)} 24h uptime")
        monitors.append(
            MonitorObservation(
                source=source,
                monitor=monitor_id,
                state=state,
                observed_at=observed_at,
                availability_24h=uptime if beats else None,
            )
        )
    return monitors


_TITLE = re.compile(rb"<title>(.*?)</title>", re.DOTALL | re.IGNORECASE)
_PERCENT = re.compile(r"^([0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?)\s*%?$")


def parse_badge(body: bytes, source: str) -> float | None:
    """The uptime in an uptime badge as a fraction 0..1; ``None`` for ``N/A``."""
    match = _TITLE.search(body)
    if match is None:
        raise SourceError(source, "uptime badge: no <title> in the answer (not an Uptime Kuma badge)")
    try:
        title = html.unescape(match[1].decode("utf-8")).strip()
    except UnicodeDecodeError:
        raise SourceError(source, "uptime badge: title is not UTF-8") from None
    value = title.rsplit(": ", 1)[-1].strip()
    if value.upper() == "N/A":
        return None
    number = _PERCENT.match(value)
    if number is None:
        raise SourceError(source, f"uptime badge: {snippet(value, 40)!r} is not a percentage")
    percent = float(number[1])
    return check_fraction(percent / 100, source, "uptime badge")


class UptimeKuma:
    """One Uptime Kuma status page."""

    role: Final = "uptime"

    def __init__(self, url: str, status_page: str, name: str | None = None, uptime_7d: bool = True) -> None:
        self.url = url.rstrip("/")
        self.status_page = status_page
        self.uptime_7d = uptime_7d
        self.name = name or f"uptime-kuma/{status_page} ({mask_url(self.url)})"

    async def _badge(self, fetcher: Fetcher, monitor_id: str) -> float | None:
        url = f"{self.url}/api/badge/{quote(monitor_id, safe='')}/uptime/168"
        try:
            body = await fetcher.get(
                url,
                source=self.name,
                headers={"Accept": "image/svg+xml, */*"},
                max_bytes=_BADGE_MAX_BYTES,
            )
        except SourceHTTPError as exc:
            if exc.status == 404:  # no badges here: the 7-day figure stays unknown
                return None
            raise
        return parse_badge(body, self.name)

    async def collect(self, fetcher: Fetcher, now: datetime) -> Observations:
        body = await fetcher.get(
            f"{self.url}/api/status-page/heartbeat/{quote(self.status_page, safe='')}",
            source=self.name,
        )
        monitors = parse_heartbeats(body, self.name, now)
        if not monitors:
            raise SourceError(
                self.name,
                f"status page {snippet(self.status_page, 60)!r} has no monitors: wrong slug, or no monitor added to it?",
            )
        if self.uptime_7d:
            wanted = [m for m in monitors if m.state is not None]
            try:
                figures = await gather_all(self._badge(fetcher, m.monitor) for m in wanted)
            except SourceError as exc:
                logger.warning("%s; the 7-day uptime of this page is unknown this run", exc)
                figures = [None] * len(wanted)
            seven_day = {m.monitor: f for m, f in zip(wanted, figures, strict=True)}
            monitors = [msgspec.structs.replace(m, availability_7d=seven_day.get(m.monitor)) for m in monitors]
        return Observations(monitors=tuple(monitors))


def from_settings(settings: Settings, context: SourceContext) -> UptimeKuma:
    url = resolve(settings.url, context.base)
    name = f"{settings.name} ({mask_url(url)})" if settings.name else None
    return UptimeKuma(url, settings.status_page, name, settings.uptime_7d)
