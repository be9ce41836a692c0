"""Gatus, through its API (``/api/v1/endpoints``).

``GET <url>/api/v1/endpoints/statuses?page=1&pageSize=N`` lists every
endpoint with its newest results: ``page`` and ``pageSize`` page through
each endpoint's results (page 1 holds the newest), not through the
endpoints, so one page is all a run needs. Results are oldest first; the
state is the result with the newest ``timestamp`` (9 fractional digits;
unreadable ones, and ones more than 5 minutes in the future, are not
candidates): ``success`` true is up, false is down, and the state is
observed at that result's time, so an endpoint Gatus stopped checking
counts as no data once its newest result is too old. An endpoint without
results is no data. ``duration`` is in nanoseconds and is not read.

Availability: ``GET <url>/api/v1/endpoints/<key>/uptimes/24h`` (and
``7d``) answers ``text/plain`` with a bare FRACTION (``0.998611``). Gatus
answers ``0`` for a window without data, so a figure counts only for an
endpoint whose newest result lies inside that window (an endpoint with no
results is never asked: no data, not 0% up). An endpoint that disappeared
between the listing and its uptime request (404) has unknown availability.

The endpoint key is ``<group>_<name>``, lower-cased, with ``/ _ . , # + &``
and spaces replaced by ``-``; the listing's ``key`` is used, and made the
same way when a listing lacks it. With ``security.basic`` configured in
Gatus, set ``username`` and ``password_env`` (HTTP Basic; the password is
read from the environment and never appears in a message).
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Annotated, Final
from urllib.parse import quote, urlencode

import msgspec
from msgspec import Meta

from .._config import EnvName, NonEmpty, SourceSettings
from .._core.instants import parse_timestamp
from .._core.observations import MonitorObservation, MonitorState, Observations
from .._core.redact import mask_url
from .._core.staleness import FUTURE_TOLERANCE
from .._errors import SourceError, SourceHTTPError
from .base import SourceContext, SourceRole
from .fetch import Fetcher, gather_all
from .keys import hiding, read_key
from .payload import decode_json, snippet

__all__ = [
    "MONITOR_KEY",
    "Gatus",
    "GatusEndpoint",
    "Settings",
    "endpoint_key",
    "from_settings",
    "parse_statuses",
    "parse_uptime",
]

MONITOR_KEY: Final = "the Gatus endpoint key, `<group>_<name>` lower-cased (`core_front`)"
"""What a monitor key of this kind is (components select monitors by it)."""


class Settings(SourceSettings, frozen=True, kw_only=True):
    """``kind = "gatus"``: Gatus endpoint statuses and their 24h/7d uptimes."""

    url: NonEmpty
    """Base URL of Gatus (``https://status.example.com``)."""
    username: str | None = None
    """User for HTTP Basic, when Gatus has ``security.basic`` configured."""
    password_env: EnvName | None = None
    """Name of the environment variable holding that user's password (never the password)."""
    results: Annotated[int, Meta(ge=1, le=100)] = 10
    """Newest results read per endpoint (``pageSize``); the newest one is the state."""

    def __post_init__(self) -> None:
        if (self.username is None) != (self.password_env is None):
            raise ValueError("set both username and password_env for HTTP Basic, or neither")


_WINDOWS: Final = (("24h", timedelta(hours=24)), ("7d", timedelta(days=7)))
_KEY_CHARS = re.compile(r"[/_.,#+& ]")
_UPTIME_MAX_BYTES: Final = 1024
_FRACTION = re.compile(r"^[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$")


def endpoint_key(group: str, name: str) -> str:
    """Gatus's key for an endpoint: ``<group>_<name>``, each lower-cased with separators made ``-``."""
    return f"{_KEY_CHARS.sub('-', group.lower())}_{_KEY_CHARS.sub('-', name.lower())}"


class _Result(msgspec.Struct, frozen=True):
    success: bool
    timestamp: str


class _Status(msgspec.Struct, frozen=True):
    name: str
    group: str | None = ""
    key: str | None = None
    results: list[_Result] | None = None


class GatusEndpoint(msgspec.Struct, frozen=True):
    """One endpoint: its key, current state and when it was last checked (``None``: no usable result)."""

    key: str
    state: MonitorState | None
    checked_at: datetime | None


def parse_statuses(body: bytes, source: str, now: datetime | None = None) -> list[GatusEndpoint]:
    """Endpoints from ``/api/v1/endpoints/statuses``; ``SourceError`` if malformed or keys repeat."""
    statuses = decode_json(body, list[_Status], source, "endpoint statuses")
    endpoints: list[GatusEndpoint] = []
    seen: set[str] = set()
    for status in statuses:
        key = status.key or endpoint_key(status.group or "", status.name)
        if len(key) > 256:
            raise SourceError(source, "endpoint statuses: an endpoint key is over 256 characters")
        if key in seen:
            raise SourceError(source, f"endpoint statuses: the key {snippet(key, 60)!r} appears twice")
        seen.add(key)
        dated: list[tuple[datetime, bool]] = []
        for result in status.results or []:
            try:
                at = parse_timestamp(result.timestamp)
            except ValueError:
                continue
            if now is None or at - now <= FUTURE_TOLERANCE:
                dated.append((at, result.success))
        if not dated:
            endpoints.append(GatusEndpoint(key, None, None))
            continue
        at, success = max(dated, key=lambda pair: pair[0])
        endpoints.append(GatusEndpoint(key, "up" if success else "down", at))
    return endpoints


def parse_uptime(body: bytes, source: str, what: str) -> float:
    """A bare fraction as ``/uptimes/<window>`` answers it (``0.998611``)."""
    try:
        text = body.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise SourceError(source, f"{what}: answer is not UTF-8 text") from None
    if not _FRACTION.match(text):
        raise SourceError(source, f"{what}: {snippet(text, 40)!r} is not a fraction")
    value = float(text)
    if not math.isfinite(value) or not 0.0 <= value <= 1.0:
        raise SourceError(source, f"{what}: {snippet(text, 40)} is not a fraction 0..1")
    return value


class Gatus:
    """Every endpoint of one Gatus."""

    @property
    def role(self) -> SourceRole:
        """Always ``uptime``."""
        return "uptime"

    def __init__(
        self,
        url: str,
        *,
        username: str | None = None,
        password_env: str | None = None,
        results: int = 10,
        name: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.username = username
        self.password_env = password_env
        self.results = results
        self._env = env or {}
        self.name = f"{name or 'gatus'} ({mask_url(self.url)})"

    def _credentials(self) -> tuple[dict[str, str], str | None]:
        if self.username is None or self.password_env is None:
            return {}, None
        password = read_key(self._env, self.password_env, self.name, "password_env")
        pair = base64.b64encode(f"{self.username}:{password}".encode()).decode()
        return {"Authorization": f"Basic {pair}"}, password

    async def _uptime(
        self, fetcher: Fetcher, headers: Mapping[str, str], endpoint: GatusEndpoint, window: str
    ) -> float | None:
        url = f"{self.url}/api/v1/endpoints/{quote(endpoint.key, safe='')}/uptimes/{window}"
        try:
            body = await fetcher.get(
                url, source=self.name, headers={**headers, "Accept": "text/plain, */*"}, max_bytes=_UPTIME_MAX_BYTES
            )
        except SourceHTTPError as exc:
            if exc.status == 404:
                return None
            raise
        return parse_uptime(body, self.name, f"{window} uptime of {snippet(endpoint.key, 60)}")

    async def collect(self, fetcher: Fetcher, now: datetime) -> Observations:
        headers, password = self._credentials()
        with hiding(*([password] if password else [])):
            query = urlencode({"page": 1, "pageSize": self.results})
            body = await fetcher.get(f"{self.url}/api/v1/endpoints/statuses?{query}", source=self.name, headers=headers)
            endpoints = parse_statuses(body, self.name, now)
            if not endpoints:
                raise SourceError(self.name, "Gatus lists no endpoints: wrong URL, or nothing configured yet?")
            asked = [
                (endpoint, window)
                for endpoint in endpoints
                for window, span in _WINDOWS
                if endpoint.checked_at is not None and endpoint.checked_at >= now - span
            ]
            figures = await gather_all(self._uptime(fetcher, headers, e, w) for e, w in asked)
        uptimes = {(e.key, w): figure for (e, w), figure in zip(asked, figures, strict=True)}
        return Observations(
            monitors=tuple(
                MonitorObservation(
                    source=self.name,
                    monitor=e.key,
                    state=e.state,
                    observed_at=e.checked_at,
                    availability_24h=uptimes.get((e.key, "24h")),
                    availability_7d=uptimes.get((e.key, "7d")),
                )
                for e in endpoints
            )
        )


def from_settings(settings: Settings, context: SourceContext) -> Gatus:
    return Gatus(
        settings.url,
        username=settings.username,
        password_env=settings.password_env,
        results=settings.results,
        name=settings.name,
        env=context.env,
    )
