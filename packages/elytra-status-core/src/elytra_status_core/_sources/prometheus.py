"""Prometheus, through instant queries of its HTTP API (``/api/v1/query``).

``query`` gives one series per monitor with 1 for up and 0 for down, like
``probe_success{job="blackbox"}``. Three instant queries run at once: the
query itself (current state), and its average over 24 hours and 7 days
(``avg_over_time(<query>[24h])``; an expression that is not a plain selector
becomes a subquery, ``avg_over_time((<query>)[24h:])``). ``query_24h`` and
``query_7d`` replace the generated window queries.

Series are matched across the three answers by their labels, ``__name__``
left out (``avg_over_time`` drops it). Sample values are strings: ``"NaN"``
is no data, a value between 0 and 1 in the current query is ``degraded``,
anything outside 0..1 is an error (the query does not measure up/down, and
a wrong number is worse than none). An empty result is no data. An error
envelope (``{"status": "error", ...}``, with HTTP 400, 422 or 503, or even
200) is a ``SourceError`` carrying Prometheus's own message.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta
from typing import Final
from urllib.parse import urlencode

import msgspec

from .._config import NonEmpty, SourceSettings
from .._core.durations import Duration, format_duration
from .._core.instants import from_epoch
from .._core.observations import MonitorObservation, MonitorState, Observations
from .._core.redact import mask_url
from .._errors import SourceError
from .base import SourceContext
from .fetch import Fetcher, gather_all
from .payload import decode_json, snippet

__all__ = ["Prometheus", "Settings", "from_settings", "parse_vector", "window_query"]


class Settings(SourceSettings, frozen=True, kw_only=True):
    """``kind = "prometheus"``: instant queries against the HTTP API."""

    url: NonEmpty
    """Base URL of Prometheus (``http://127.0.0.1:9090``)."""
    query: NonEmpty
    """PromQL giving one series per monitor, 1 = up and 0 = down (``probe_success{job="blackbox"}``)."""
    query_24h: str | None = None
    """PromQL for the 24h availability; default ``avg_over_time(<query>[24h])``."""
    query_7d: str | None = None
    """PromQL for the 7d availability; default ``avg_over_time(<query>[7d])``."""
    range_24h: Duration = Duration(hours=24)
    """Range of the default 24h query (shorten only to test a fresh Prometheus)."""
    range_7d: Duration = Duration(days=7)
    """Range of the default 7d query."""


_SELECTOR = re.compile(r"^\s*[A-Za-z_:][A-Za-z0-9_:]*\s*(?:\{[^{}]*\})?\s*$|^\s*\{[^{}]*\}\s*$")


class _Series(msgspec.Struct, frozen=True):
    metric: dict[str, str]
    value: tuple[float, str]


class _Head(msgspec.Struct, frozen=True):
    result_type: str = msgspec.field(name="resultType")


class _Vector(msgspec.Struct, frozen=True):
    result: list[_Series]


class _Envelope(msgspec.Struct, frozen=True):
    status: str
    data: msgspec.Raw = msgspec.Raw()
    error_type: str | None = msgspec.field(default=None, name="errorType")
    error: str | None = None


def window_query(query: str, window: timedelta) -> str:
    """``avg_over_time`` of ``query`` over ``window`` (a subquery unless ``query`` is a selector)."""
    span = format_duration(window)
    if _SELECTOR.match(query):
        return f"avg_over_time({query.strip()}[{span}])"
    return f"avg_over_time(({query.strip()})[{span}:])"


def _key(metric: dict[str, str]) -> str:
    labels = sorted((k, v) for k, v in metric.items() if k != "__name__")
    return "{" + ",".join(f'{k}="{v}"' for k, v in labels) + "}"


def parse_vector(body: bytes, source: str, what: str) -> dict[str, float | None]:
    """Series key -> sample value (``None`` for NaN) from a query answer."""
    return {key: value for key, (value, _at) in parse_samples(body, source, what).items()}


def parse_samples(body: bytes, source: str, what: str) -> dict[str, tuple[float | None, datetime | None]]:
    """Series key -> (sample value, ``None`` for NaN; the sample's timestamp) from a query answer."""
    envelope = decode_json(body, _Envelope, source, what)
    if envelope.status != "success":
        kind = snippet(envelope.error_type or "error", 40)
        detail = snippet(envelope.error or "no message", 300)
        raise SourceError(source, f"{what}: Prometheus answered {kind}: {detail}")
    data = bytes(envelope.data)
    if not data.strip() or data == b"null":
        raise SourceError(source, f"{what}: success without data")
    head = decode_json(data, _Head, source, what)
    if head.result_type != "vector":
        raise SourceError(source, f"{what}: expected an instant vector, got {snippet(head.result_type, 20)!r}")
    vector = decode_json(data, _Vector, source, what)
    values: dict[str, tuple[float | None, datetime | None]] = {}
    for series in vector.result:
        at = from_epoch(series.value[0])
        key = _key(series.metric)
        if key in values:
            raise SourceError(source, f"{what}: several series share the labels {snippet(key, 120)}")
        text = series.value[1].strip()
        try:
            number = float(text)
        except ValueError:
            raise SourceError(source, f"{what}: sample {snippet(text, 20)!r} is not a number") from None
        if math.isnan(number):
            values[key] = (None, at)
        elif not 0.0 <= number <= 1.0:
            raise SourceError(source, f"{what}: sample {snippet(text, 20)} for {snippet(key, 120)} is not within 0..1")
        else:
            values[key] = (number, at)
    return values


def _state(value: float | None) -> MonitorState | None:
    if value is None:
        return None
    if value >= 1.0:
        return "up"
    if value <= 0.0:
        return "down"
    return "degraded"


class Prometheus:
    """Monitors as the series of one PromQL query."""

    role: Final = "uptime"

    def __init__(
        self,
        url: str,
        query: str,
        *,
        query_24h: str | None = None,
        query_7d: str | None = None,
        range_24h: timedelta = timedelta(hours=24),
        range_7d: timedelta = timedelta(days=7),
        name: str | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.query = query
        self.query_24h = query_24h or window_query(query, range_24h)
        self.query_7d = query_7d or window_query(query, range_7d)
        self.name = f"{name or 'prometheus'} ({mask_url(self.url)})"

    async def _run(self, fetcher: Fetcher, query: str, what: str) -> dict[str, tuple[float | None, datetime | None]]:
        url = f"{self.url}/api/v1/query?{urlencode({'query': query})}"
        answer = await fetcher.fetch(url, source=self.name, accept=(200, 400, 422))
        return parse_samples(answer.body, self.name, what)

    async def collect(self, fetcher: Fetcher, now: datetime) -> Observations:
        current, day, week = await gather_all(
            (
                self._run(fetcher, self.query, "current query"),
                self._run(fetcher, self.query_24h, "24h query"),
                self._run(fetcher, self.query_7d, "7d query"),
            )
        )
        if not current:
            raise SourceError(
                self.name,
                f"the query {snippet(self.query, 120)!r} returned no series: a wrong job or label, "
                "or nothing scraped yet?",
            )
        keys = sorted(set(current) | set(day) | set(week))
        none: tuple[float | None, datetime | None] = (None, None)
        return Observations(
            monitors=tuple(
                MonitorObservation(
                    source=self.name,
                    monitor=key,
                    state=_state(current.get(key, none)[0]),
                    observed_at=current.get(key, none)[1],
                    availability_24h=day.get(key, none)[0],
                    availability_7d=week.get(key, none)[0],
                )
                for key in keys
            )
        )


def from_settings(settings: Settings, context: SourceContext) -> Prometheus:
    del context  # nothing relative, no secrets
    return Prometheus(
        settings.url,
        settings.query,
        query_24h=settings.query_24h,
        query_7d=settings.query_7d,
        range_24h=settings.range_24h,
        range_7d=settings.range_7d,
        name=settings.name,
    )
