"""Uptime Kuma, through the public status-page API (1.23.x and 2.x).

``GET <url>/api/status-page/heartbeat/<slug>`` answers
``{"heartbeatList": {"<id>": [beats, oldest first]}, "uptimeList": {"<id>_24": fraction}}``.
Beat ``status``: 0 down, 1 up, 2 pending, 3 maintenance. An unknown slug
answers 200 with both maps empty: that is no data, never "healthy". 2.x
reports an uptime of 0 for a monitor without data, so a 24h figure counts
only for a monitor that has beats.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Final
from urllib.parse import quote

import msgspec

from ._config import SourceConfig, UptimeKumaConfig
from ._errors import SourceError
from ._fetch import Fetcher
from ._fs import resolve
from ._observations import MonitorObservation, MonitorState, Observations
from ._redact import mask_url

__all__ = ["UptimeKuma", "from_config", "parse_heartbeats"]

_STATES: Final[dict[int, MonitorState]] = {0: "down", 1: "up", 2: "pending", 3: "maintenance"}


class _Beat(msgspec.Struct, frozen=True):
    status: int
    time: str


class _Heartbeats(msgspec.Struct, frozen=True):
    heartbeatList: dict[str, list[_Beat]]  # noqa: N815 (wire name)
    uptimeList: dict[str, float] = {}  # noqa: N815 (wire name)


_decoder = msgspec.json.Decoder(_Heartbeats)


def parse_heartbeats(body: bytes, source: str) -> list[MonitorObservation]:
    """Monitor observations from a heartbeat payload; ``SourceError`` if malformed."""
    try:
        payload = _decoder.decode(body)
    except msgspec.DecodeError as exc:
        raise SourceError(source, f"unexpected heartbeat payload: {exc}") from None
    monitors: list[MonitorObservation] = []
    for monitor_id, beats in sorted(payload.heartbeatList.items()):
        state: MonitorState | None = None
        if beats:
            newest = max(beats, key=lambda beat: beat.time)
            state = _STATES.get(newest.status)
            if state is None:
                raise SourceError(source, f"monitor {monitor_id}: unknown heartbeat status {newest.status}")
        uptime = payload.uptimeList.get(f"{monitor_id}_24")
        if uptime is not None and not 0.0 <= uptime <= 1.0:
            raise SourceError(source, f"monitor {monitor_id}: 24h uptime {uptime} is not a fraction 0..1")
        monitors.append(
            MonitorObservation(
                source=source,
                monitor=monitor_id,
                state=state,
                availability_24h=uptime if beats else None,
            )
        )
    return monitors


class UptimeKuma:
    """One Uptime Kuma status page."""

    role: Final = "uptime"

    def __init__(self, url: str, status_page: str, name: str | None = None) -> None:
        self.url = url.rstrip("/")
        self.status_page = status_page
        self.name = name or f"uptime-kuma/{status_page} ({mask_url(self.url)})"

    async def collect(self, fetcher: Fetcher, now: datetime) -> Observations:
        body = await fetcher.get(
            f"{self.url}/api/status-page/heartbeat/{quote(self.status_page, safe='')}",
            source=self.name,
        )
        return Observations(monitors=tuple(parse_heartbeats(body, self.name)))


def from_config(config: SourceConfig, base: Path) -> UptimeKuma:
    assert isinstance(config, UptimeKumaConfig)
    return UptimeKuma(resolve(config.url, base), config.status_page, config.name)
