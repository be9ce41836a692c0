"""Better Stack Uptime through a loopback server replaying its API: pagination, SLA, 429s, token."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from elytra_status_core import Observations, SourceError
from elytra_status_core._config import CollectSettings
from elytra_status_core._sources.betterstack import BetterStack, parse_monitors_page, parse_sla
from elytra_status_core._sources.fetch import Fetcher
from tests.servers import Recorded, ReplayServer, Reply
from tests.settings import collect_settings

NOW = datetime(2025, 6, 1, 12, 5, tzinfo=UTC)
TOKEN = "bs-test-token-4f9a2c"
ENV = "ELYTRA_TEST_BETTERSTACK_TOKEN"

MONITORS: list[dict[str, Any]] = [
    {"id": "1", "status": "up"},
    {"id": "2", "status": "down"},
    {"id": "3", "status": "paused", "paused_at": "2025-05-01T00:00:00.000Z"},
    {"id": "4", "status": "validating"},
    {"id": "5", "status": "pending"},
    {"id": "6", "status": "maintenance"},
    {"id": "7", "status": "up", "paused_at": "2025-05-02T00:00:00.000Z"},
]
AVAILABILITY = {"1": (99.98, 99.5), "2": (50.0, 92.857), "6": (100, 100)}


def monitor_json(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": item["id"],
        "type": "monitor",
        "attributes": {
            "url": f"https://site{item['id']}.example.com",
            "pronounceable_name": f"Site {item['id']}",
            "monitor_type": "status",
            "status": item["status"],
            "last_checked_at": "2025-06-01T12:04:46.000Z",
            "paused_at": item.get("paused_at"),
        },
    }


class BetterStackApi:
    """Route table replaying the monitors listing (2 per page) and per-monitor SLA."""

    def __init__(self, server: ReplayServer, monitors: list[dict[str, Any]], per_page: int = 2) -> None:
        self.server = server
        self.monitors = monitors
        self.per_page = per_page
        server.routes["/api/v2/monitors"] = self.listing
        for item in monitors:
            server.routes[f"/api/v2/monitors/{item['id']}/sla"] = self.sla

    @property
    def base(self) -> str:
        return f"{self.server.url}/api/v2"

    def listing(self, request: Recorded) -> Reply:
        query = parse_qs(urlsplit(request.path).query)
        page = int(query.get("page", ["1"])[0])
        last = max(1, -(-len(self.monitors) // self.per_page))
        chunk = self.monitors[(page - 1) * self.per_page : page * self.per_page]
        link = f"{self.base}/monitors?page=%d&per_page=250"
        body = {
            "data": [monitor_json(m) for m in chunk],
            "pagination": {
                "first": link % 1,
                "last": link % last,
                "prev": link % (page - 1) if page > 1 else None,
                "next": link % (page + 1) if page < last else None,
            },
        }
        return Reply(body=json.dumps(body).encode())

    def sla(self, request: Recorded) -> Reply:
        parts = urlsplit(request.path)
        monitor = parts.path.split("/")[-2]
        query = parse_qs(parts.query)
        day, week = AVAILABILITY[monitor]
        value = day if query["from"] == ["2025-05-31"] else week
        body = {
            "data": {
                "id": monitor,
                "type": "monitor_sla",
                "attributes": {
                    "availability": value,
                    "total_downtime": 600,
                    "number_of_incidents": 3,
                    "longest_incident": 300,
                    "average_incident": 200,
                },
            }
        }
        return Reply(body=json.dumps(body).encode())


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[BetterStackApi]:
    monkeypatch.setenv(ENV, TOKEN)
    with ReplayServer() as server:
        yield BetterStackApi(server, MONITORS)


def observe(base: str, settings: CollectSettings | None = None) -> Observations:
    async def scenario() -> Observations:
        async with Fetcher(settings or collect_settings(backoff_base=0.01)) as fetcher:
            return await BetterStack(ENV, base, env=os.environ).collect(fetcher, NOW)

    return asyncio.run(scenario())


def test_all_pages_and_the_sla_of_every_measured_monitor(api: BetterStackApi) -> None:
    observations = observe(api.base)
    got = {m.monitor: (m.state, m.availability_24h, m.availability_7d) for m in observations.monitors}
    assert got == {
        "1": ("up", pytest.approx(0.9998), pytest.approx(0.995)),
        "2": ("down", pytest.approx(0.5), pytest.approx(0.92857)),
        "4": ("pending", None, None),
        "5": ("pending", None, None),
        "6": ("maintenance", 1.0, 1.0),
    }
    paths = list(api.server.paths())
    assert [p for p in paths if "/sla" not in p] == [
        "/api/v2/monitors?per_page=250",
        "/api/v2/monitors?page=2&per_page=250",
        "/api/v2/monitors?page=3&per_page=250",
        "/api/v2/monitors?page=4&per_page=250",
    ]
    assert sorted(p for p in paths if "/sla" in p) == sorted(
        f"/api/v2/monitors/{m}/sla?from={since}&to=2025-06-01"
        for m in ("1", "2", "6")
        for since in ("2025-05-31", "2025-05-25")
    )


def test_the_token_comes_from_the_environment_as_a_bearer_header(api: BetterStackApi) -> None:
    observe(api.base)
    assert {r.headers.get("authorization") for r in api.server.requests} == {f"Bearer {TOKEN}"}


def test_a_missing_token_fails_before_any_request(api: BetterStackApi, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV)
    with pytest.raises(SourceError, match=f"environment variable {ENV} .* is not set"):
        observe(api.base)
    assert api.server.requests == []


def test_429s_with_retry_after_are_waited_out(api: BetterStackApi) -> None:
    listing = api.listing
    sla = api.sla
    limited: set[str] = set()

    def once_limited(handler: Any) -> Any:
        def route(request: Recorded) -> Reply:
            key = request.path
            if key not in limited and ("?page=2&" in key or "/monitors/2/sla" in key):
                limited.add(key)
                return Reply(
                    429, b'{"errors": "Rate limit exceeded"}', {"Retry-After": "1", "Content-Type": "application/json"}
                )
            return handler(request)

        return route

    api.server.routes["/api/v2/monitors"] = once_limited(listing)
    api.server.routes["/api/v2/monitors/2/sla"] = once_limited(sla)
    observations = observe(api.base)
    assert len(limited) == 3  # page 2 and both SLA windows of monitor 2
    assert {m.monitor for m in observations.monitors} == {"1", "2", "4", "5", "6"}


def test_a_sla_404_leaves_that_monitor_unknown(api: BetterStackApi) -> None:
    del api.server.routes["/api/v2/monitors/6/sla"]
    got = {m.monitor: m.availability_24h for m in observe(api.base).monitors}
    assert got["6"] is None
    assert got["1"] == pytest.approx(0.9998)


def test_a_bad_sla_range_is_a_source_error_with_the_api_message(api: BetterStackApi) -> None:
    api.server.routes["/api/v2/monitors/1/sla"] = Reply(400, b'{"errors": "Invalid date range"}')
    with pytest.raises(SourceError, match="HTTP 400: Invalid date range"):
        observe(api.base)


def test_a_200_with_an_error_body(api: BetterStackApi) -> None:
    api.server.routes["/api/v2/monitors"] = Reply(body=b'{"errors": "Team is suspended"}')
    with pytest.raises(SourceError, match="answered an error: Team is suspended"):
        observe(api.base)


def test_pagination_never_leaves_the_api_origin(api: BetterStackApi) -> None:
    with ReplayServer() as elsewhere:
        page = {"data": [monitor_json(MONITORS[0])], "pagination": {"next": f"{elsewhere.url}/api/v2/monitors?page=2"}}
        api.server.routes["/api/v2/monitors"] = Reply(body=json.dumps(page).encode())
        with pytest.raises(SourceError, match="another origin"):
            observe(api.base)
        assert elsewhere.requests == []


def test_a_pagination_loop_is_an_error(api: BetterStackApi) -> None:
    page = {"data": [monitor_json(MONITORS[0])], "pagination": {"next": f"{api.base}/monitors?per_page=250"}}
    api.server.routes["/api/v2/monitors"] = Reply(body=json.dumps(page).encode())
    with pytest.raises(SourceError, match="pagination does not end"):
        observe(api.base)


def test_relative_next_links_are_followed(api: BetterStackApi) -> None:
    pages = {
        "1": {"data": [monitor_json(MONITORS[0])], "pagination": {"next": "/api/v2/monitors?page=2"}},
        "2": {"data": [monitor_json(MONITORS[1])], "pagination": {"next": None}},
    }

    def listing(request: Recorded) -> Reply:
        page = parse_qs(urlsplit(request.path).query).get("page", ["1"])[0]
        return Reply(body=json.dumps(pages[page]).encode())

    api.server.routes["/api/v2/monitors"] = listing
    assert {m.monitor for m in observe(api.base).monitors} == {"1", "2"}


def test_errors_never_carry_the_token(api: BetterStackApi) -> None:
    api.server.routes["/api/v2/monitors"] = Reply(401, b'{"errors": "Invalid Team API token"}')
    with pytest.raises(SourceError) as caught:
        observe(api.base)
    assert TOKEN not in str(caught.value)


def test_an_unknown_status_is_no_data() -> None:
    body = json.dumps({"data": [monitor_json({"id": 9, "status": "exploded"})], "pagination": None}).encode()
    monitors, following = parse_monitors_page(body, "b")
    assert [(m.id, m.state, m.paused) for m in monitors] == [("9", None, False)]
    assert following is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"data": {"attributes": {"availability": 101}}}', "not a percentage"),
        (b'{"data": {"attributes": {"availability": -1}}}', "not a percentage"),
        (b'{"data": {"attributes": {"availability": "99.9"}}}', "Expected `float`"),
        (b'{"data": {"attributes": {}}}', "missing required field"),
        (b"<html>maintenance</html>", "HTML"),
        (b'{"data": {"attr', "truncated"),
    ],
)
def test_bad_sla_answers(body: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_sla(body, "b")


def test_an_account_without_monitors_is_a_source_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, TOKEN)
    empty: dict[str, object] = {"data": [], "pagination": {"first": None, "last": None, "prev": None, "next": None}}
    refused = pytest.raises(SourceError, match="the account has no monitors: wrong token")
    with ReplayServer({"/api/v2/monitors": Reply(body=json.dumps(empty).encode())}) as server, refused:
        observe(f"{server.url}/api/v2")


def test_a_duplicate_key_in_a_payload_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, TOKEN)
    body = b'{"data": [{"id": "1", "type": "monitor", "attributes": {"status": "down", "status": "up"}}]}'
    refused = pytest.raises(SourceError, match="the key 'status' appears twice in one object")
    with ReplayServer({"/api/v2/monitors": Reply(body=body)}) as server, refused:
        observe(f"{server.url}/api/v2")


# --- availability over fixed ranges (history) -----------------------------------------------


def ranged(base: str, start: datetime, end: datetime) -> dict[str, float]:
    async def scenario() -> dict[str, float]:
        async with Fetcher(collect_settings(backoff_base=0.01, retries=0)) as fetcher:
            return dict(await BetterStack(ENV, base, env=os.environ).range_availability(fetcher, start, end))

    return asyncio.run(scenario())


def test_range_availability_asks_the_sla_of_whole_utc_days(api: BetterStackApi) -> None:
    def sla(request: Recorded) -> Reply:
        parts = urlsplit(request.path)
        query = parse_qs(parts.query)
        monitor = parts.path.split("/")[-2]
        figures = {"1": {"2025-05-30": 99.5}, "2": {"2025-05-30": 12.5}, "6": {"2025-05-30": 100}}
        value = figures.get(monitor, {}).get(query["from"][0])
        if value is None or query["to"] != query["from"]:
            return Reply(400, b'{"errors": "Invalid date range"}')
        return Reply(body=json.dumps({"data": {"id": monitor, "attributes": {"availability": value}}}).encode())

    for item in MONITORS:
        api.server.routes[f"/api/v2/monitors/{item['id']}/sla"] = sla
    del api.server.routes["/api/v2/monitors/4/sla"]  # gone since the listing
    api.server.routes["/api/v2/monitors/5/sla"] = Reply(body=b'{"data": {"attributes": {"availability": 100}}}')
    day = datetime(2025, 5, 30, tzinfo=UTC)
    with pytest.raises(SourceError, match="Invalid date range"):  # monitor 5 answers; 1, 2, 6 must be asked right
        ranged(api.base, day, day + timedelta(days=2))
    found = ranged(api.base, day, day + timedelta(days=1))
    assert found == {"1": pytest.approx(0.995), "2": 0.125, "5": 1.0, "6": 1.0}
    asked = {p.split("?")[0] for p in api.server.paths() if "/sla" in p}
    assert "/api/v2/monitors/3/sla" not in asked and "/api/v2/monitors/7/sla" not in asked  # paused


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime(2025, 5, 30, 6, tzinfo=UTC), datetime(2025, 5, 31, tzinfo=UTC)),
        (datetime(2025, 5, 30, tzinfo=UTC), datetime(2025, 5, 30, 23, 59, 59, tzinfo=UTC)),
        (datetime(2025, 5, 31, tzinfo=UTC), datetime(2025, 5, 30, tzinfo=UTC)),
    ],
)
def test_a_range_of_part_days_is_refused(api: BetterStackApi, start: datetime, end: datetime) -> None:
    with pytest.raises(SourceError, match="counts whole UTC days"):
        ranged(api.base, start, end)
    assert api.server.requests == []
