"""Prometheus, through instant queries of its HTTP API (``/api/v1/query``).

``query`` gives one series per monitor with 1 for up and 0 for down, like
``probe_success{job="blackbox"}``. Three instant queries run at once: the
query itself (current state), and its average over 24 hours and 7 days
(``avg_over_time(<query>[24h])``; an expression that is not a plain selector
becomes a subquery, ``avg_over_time((<query>)[24h:])``). ``query_24h`` and
``query_7d`` replace the generated window queries.

At fleet scale the aggregation belongs in Prometheus: a query such as
``avg by (component) (probe_success{job="blackbox"})`` answers one series per
component however many probes there are, and with ``monitor_label =
"component"`` each series is the monitor whose key is that label's value.
For an ``avg by (...)`` or ``avg without (...)`` of a plain selector, the
window queries push the average down too
(``avg by (component) (avg_over_time(probe_success{job="blackbox"}[1d]))``),
so no subquery evaluates the whole fleet at every step. Thanos Query and
Mimir (under ``<mimir>/prometheus``) serve the same HTTP API; ``tenant`` is
sent as ``X-Scope-OrgID`` for a multi-tenant Mimir or Cortex.

Series are matched across the three answers by their monitor key: the value
of ``monitor_label``, else the series' labels with ``__name__`` left out
(``avg_over_time`` drops it). Sample values are strings: ``"NaN"``
is no data, a value between 0 and 1 in the current query is ``degraded``,
anything outside 0..1 is an error (the query does not measure up/down, and
a wrong number is worse than none). An empty result is no data. An error
envelope (``{"status": "error", ...}``, with HTTP 400, 422 or 503, or even
200) is a ``SourceError`` carrying Prometheus's own message.

``range_availability`` evaluates the window query over a fixed range at its
end (``avg_over_time(<query>[<range>])`` with ``time=<end>``), for history.
It uses the generated window query: ``query_24h`` and ``query_7d`` replace
the rolling windows only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Final, TypeVar
from urllib.parse import urlencode

import msgspec

from .._config import NonEmpty, SourceSettings
from .._core.durations import Duration, format_duration
from .._core.instants import from_epoch
from .._core.observations import MonitorObservation, MonitorState, Observations
from .._core.redact import mask_url
from .._errors import SourceError
from .base import SourceContext, SourceRole
from .fetch import Fetcher, gather_all
from .payload import decode_json, snippet

__all__ = ["MONITOR_KEY", "Prometheus", "Settings", "from_settings", "parse_samples", "parse_vector", "window_query"]

MONITOR_KEY: Final = (
    "the value of the `monitor_label` label (`panel`); without `monitor_label`, the series' labels "
    'without `__name__` (`{instance="https://example.com",job="blackbox"}`)'
)
"""What a monitor key of this kind is (components select monitors by it)."""


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
    monitor_label: NonEmpty | None = None
    """Label whose value is the monitor key (``component`` for ``avg by (component) (...)``); default: all labels."""
    tenant: NonEmpty | None = None
    """Sent as ``X-Scope-OrgID``: the tenant of a multi-tenant Mimir or Cortex."""


T = TypeVar("T")

_SELECTOR_TEXT = r"(?:[A-Za-z_:][A-Za-z0-9_:]*\s*(?:\{[^{}]*\})?|\{[^{}]*\})"
_SELECTOR = re.compile(rf"^\s*{_SELECTOR_TEXT}\s*$")
_AVERAGE = re.compile(
    rf"^\s*avg\s*(?P<grouping>(?:by|without)\s*\([^()]*\))\s*\(\s*(?P<selector>{_SELECTOR_TEXT})\s*\)\s*$"
)


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
    """``avg_over_time`` of ``query`` over ``window``.

    A selector gets a range; ``avg by (...)``/``avg without (...)`` of a
    selector keeps its grouping around the averaged selector (the average of
    the series' averages); anything else becomes a subquery.
    """
    span = format_duration(window)
    if _SELECTOR.match(query):
        return f"avg_over_time({query.strip()}[{span}])"
    average = _AVERAGE.match(query)
    if average:
        grouping = " ".join(average["grouping"].split())
        return f"avg {grouping} (avg_over_time({average['selector'].strip()}[{span}]))"
    return f"avg_over_time(({query.strip()})[{span}:])"


def _inner(data: bytes, into: type[T], source: str, what: str) -> T:
    """``data``, a part of an answer ``decode_json`` already vouched for (valid JSON, no key twice), as ``into``.

    The whole answer was checked once; checking its biggest part again for
    every Struct would double the cost of a large answer.
    """
    try:
        return msgspec.json.decode(data, type=into)
    except msgspec.ValidationError as exc:
        raise SourceError(source, f"{what}: unexpected payload: {exc}") from None
    except (msgspec.DecodeError, UnicodeDecodeError):  # raw bytes inside the answer
        raise SourceError(source, f"{what}: text is not valid UTF-8 JSON") from None


def _key(metric: dict[str, str], label: str | None, source: str, what: str) -> str:
    if label is not None:
        value = metric.get(label)
        if not value:
            shown = snippet(_key(metric, None, source, what), 120)
            raise SourceError(source, f"{what}: the series {shown} has no label {snippet(label, 40)!r} (monitor_label)")
        return value
    labels = sorted((k, v) for k, v in metric.items() if k != "__name__")
    return "{" + ",".join(f'{k}="{v}"' for k, v in labels) + "}"


def parse_vector(body: bytes, source: str, what: str, label: str | None = None) -> dict[str, float | None]:
    """Monitor key -> sample value (``None`` for NaN) from a query answer."""
    return {key: value for key, (value, _at) in parse_samples(body, source, what, label).items()}


def parse_samples(
    body: bytes, source: str, what: str, label: str | None = None
) -> dict[str, tuple[float | None, datetime | None]]:
    """Monitor key -> (sample value, ``None`` for NaN; the sample's timestamp) from a query answer.

    The key is the value of ``label`` when given, else the series' labels.
    """
    envelope = decode_json(body, _Envelope, source, what)
    if envelope.status != "success":
        kind = snippet(envelope.error_type or "error", 40)
        detail = snippet(envelope.error or "no message", 300)
        raise SourceError(source, f"{what}: Prometheus answered {kind}: {detail}")
    data = bytes(envelope.data)
    if not data.strip() or data == b"null":
        raise SourceError(source, f"{what}: success without data")
    head = _inner(data, _Head, source, what)
    if head.result_type != "vector":
        raise SourceError(source, f"{what}: expected an instant vector, got {snippet(head.result_type, 20)!r}")
    vector = _inner(data, _Vector, source, what)
    values: dict[str, tuple[float | None, datetime | None]] = {}
    for series in vector.result:
        at = from_epoch(series.value[0])
        key = _key(series.metric, label, source, what)
        if key in values:
            shared = f"the {snippet(label, 40)} {snippet(key, 80)!r}" if label else f"the labels {snippet(key, 120)}"
            raise SourceError(source, f"{what}: several series share {shared}")
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

    @property
    def role(self) -> SourceRole:
        """Always ``uptime``."""
        return "uptime"

    def __init__(
        self,
        url: str,
        query: str,
        *,
        query_24h: str | None = None,
        query_7d: str | None = None,
        range_24h: timedelta = timedelta(hours=24),
        range_7d: timedelta = timedelta(days=7),
        monitor_label: str | None = None,
        tenant: str | None = None,
        name: str | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.query = query
        self.query_24h = query_24h or window_query(query, range_24h)
        self.query_7d = query_7d or window_query(query, range_7d)
        self.monitor_label = monitor_label
        self.headers = {"X-Scope-OrgID": tenant} if tenant else {}
        self.name = f"{name or 'prometheus'} ({mask_url(self.url)})"

    async def _run(
        self, fetcher: Fetcher, query: str, what: str, at: datetime | None = None
    ) -> dict[str, tuple[float | None, datetime | None]]:
        params = {"query": query} if at is None else {"query": query, "time": f"{at.timestamp():.3f}"}
        url = f"{self.url}/api/v1/query?{urlencode(params)}"
        answer = await fetcher.fetch(url, source=self.name, headers=self.headers, accept=(200, 400, 422))
        return parse_samples(answer.body, self.name, what, self.monitor_label)

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

    async def range_availability(self, fetcher: Fetcher, start: datetime, end: datetime) -> Mapping[str, float]:
        """Each series' average over ``[start, end)``: the window query over the range, evaluated just before ``end``.

        Prometheus 2 includes both ends of a range selector, so a sample
        stamped exactly at ``end`` (midnight) would count toward the day it
        opens, and a day with no samples but that one would read 100 %.
        Evaluating 1 ms before ``end`` leaves it out (Prometheus 3, whose
        ranges are open at the start, agrees).
        """
        if end <= start:
            raise SourceError(self.name, "range_availability: the range is empty")
        query = window_query(self.query, end - start)
        found = await self._run(fetcher, query, f"range query {snippet(query, 120)!r}", end - _JUST_BEFORE)
        return {key: value for key, (value, _at) in found.items() if value is not None}


_JUST_BEFORE: Final = timedelta(milliseconds=1)


def from_settings(settings: Settings, context: SourceContext) -> Prometheus:
    del context  # nothing relative, no secrets
    return Prometheus(
        settings.url,
        settings.query,
        query_24h=settings.query_24h,
        query_7d=settings.query_7d,
        range_24h=settings.range_24h,
        range_7d=settings.range_7d,
        monitor_label=settings.monitor_label,
        tenant=settings.tenant,
        name=settings.name,
    )
