"""Healthchecks.io, through its Management API v3 (hosted or self-hosted).

``GET <url>/api/v3/checks/`` with ``X-Api-Key: <read-only key>`` (and
``?tag=...`` for each configured tag: checks with all of them) lists the
checks. A read-only key is required: with it the listing carries each
check's stable ``unique_key`` instead of its ping and management URLs; a
listing without ``unique_key`` (a read-write key) is refused.

As an uptime source (``role = "uptime"``, the default), each check is a
monitor: ``up`` is up, ``grace`` (late, not down yet) is ``degraded``,
``down`` is down, ``paused`` is ``maintenance`` and ``new`` (never pinged)
is ``pending``, which counts as no data; any other status is no data.
Healthchecks evaluates the status when it answers, so the state is observed
at the time of the run (a saved copy of the API is observed at the file's
modification time, so an old copy counts as no data).

The 24-hour and 7-day availability come from the check's status changes,
``GET <url>/api/v3/checks/<unique_key>/flips/`` (``{"flips": [{"timestamp",
"up"}]}``, newest first; kept for the current and two previous months): the
share of the window the check was up, counted only over the time whose
state is known. Before the oldest flip the state is unknown; a check with no
flips at all has been in its current status all along. Since the last flip
the check is in the state that flip gave it, except that a check paused or
new now is not measured since then (flips record a pause as ``up: 0``, so an
earlier pause counts as down: the figure never overstates).
``range_availability`` counts the same way over a fixed range, for history.

As a backup source (``role = "backups"``; ``tags`` then names the backup
checks), each check gives backup runs: ``up`` is a successful run at its
``last_ping``; ``grace`` is that success and a ``warning`` (the run is
late) at the time of the run; ``down`` is a ``failed`` run at the time of
the run (overdue, or a failure was pinged: the last ping may be either, so
it is not counted as a success); ``new`` and ``paused`` give no runs.

Times carry offsets (``+00:00``, or any other); ``last_ping`` is null for a
new check. Healthchecks asks for at most 100 API requests a minute: the
requests of one source are paced to ``requests_per_minute``, and a ``429``
waits for its ``Retry-After``. One run costs one request for the listing and
one per check for its flips.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Annotated, Final
from urllib.parse import quote, urlencode

import msgspec
from msgspec import Meta

from .._config import EnvName, NonEmpty, SourceSettings
from .._core.observations import BackupRun, MonitorObservation, MonitorState, Observations
from .._core.redact import mask_url
from .._errors import SourceError, SourceHTTPError
from .base import SourceContext, SourceRole
from .fetch import Fetcher, gather_all
from .keys import hiding, read_key
from .pace import Pace
from .payload import decode_json, parse_aware, snippet

__all__ = [
    "MONITOR_KEY",
    "Flip",
    "HealthCheck",
    "Healthchecks",
    "Settings",
    "backup_runs",
    "flip_availability",
    "from_settings",
    "parse_checks",
    "parse_flips",
]

MONITOR_KEY: Final = "the check's slug (`nightly-db-backup`), or its `unique_key` when it has no slug"
"""What a monitor key of this kind is (components select monitors by it)."""


class Settings(SourceSettings, frozen=True, kw_only=True):
    """``kind = "healthchecks"``: Healthchecks.io checks, as monitors or as backup heartbeats."""

    token_env: EnvName
    """Name of the environment variable holding the read-only API key (never the key)."""
    url: NonEmpty = "https://healthchecks.io"
    """Site of Healthchecks (a self-hosted one's base URL); the API is under ``/api/v3``."""
    role: SourceRole = "uptime"
    """``uptime``: checks are monitors; ``backups``: checks are backup heartbeats (select them with ``tags``)."""
    tags: tuple[NonEmpty, ...] = ()
    """Only checks with all of these tags (required for ``role = "backups"``)."""
    availability: bool = True
    """Read each check's flips for the 24h and 7d availability (one request per check; uptime role only)."""
    requests_per_minute: Annotated[int, Meta(ge=1, le=6000)] = 100
    """Most requests started in any minute (Healthchecks asks for at most 100)."""

    def __post_init__(self) -> None:
        if self.role == "backups" and not self.tags:
            raise ValueError("a backups source selects its checks by tag: set tags (e.g. ['backup'])")


_STATES: Final[dict[str, MonitorState]] = {
    "up": "up",
    "grace": "degraded",
    "down": "down",
    "paused": "maintenance",
    "new": "pending",
}
_KEY_LIMIT: Final = 128


class _Check(msgspec.Struct, frozen=True):
    status: str
    name: str = ""
    slug: str | None = None
    tags: str = ""
    last_ping: str | None = None
    unique_key: str | None = None


class _Checks(msgspec.Struct, frozen=True):
    checks: list[_Check]


class _Flip(msgspec.Struct, frozen=True):
    timestamp: str
    up: int | bool


class _Flips(msgspec.Struct, frozen=True):
    flips: list[_Flip]


class HealthCheck(msgspec.Struct, frozen=True):
    """One check of the listing."""

    key: str
    """The monitor key: the slug, else the unique key."""
    unique_key: str
    status: str
    state: MonitorState | None
    last_ping: datetime | None


class Flip(msgspec.Struct, frozen=True):
    """A status change: at ``at`` the check became up (``up``) or anything else."""

    at: datetime
    up: bool


def parse_checks(body: bytes, source: str) -> list[HealthCheck]:
    """The checks of a ``/api/v3/checks/`` answer; ``SourceError`` when malformed or not read-only."""
    listing = decode_json(body, _Checks, source, "checks")
    checks: list[HealthCheck] = []
    seen: set[str] = set()
    for index, item in enumerate(listing.checks):
        if not item.unique_key:
            raise SourceError(
                source,
                f"checks: check {index} has no unique_key: the API key is a read-write key; "
                "create a read-only API key (Project Settings, API Access)",
            )
        if len(item.unique_key) > _KEY_LIMIT or (item.slug and len(item.slug) > _KEY_LIMIT):
            raise SourceError(source, f"checks: check {index} has a slug or unique_key over {_KEY_LIMIT} characters")
        key = item.slug or item.unique_key
        if key in seen:
            raise SourceError(source, f"checks: two checks have the key {snippet(key, 60)!r}; give them distinct slugs")
        seen.add(key)
        last_ping = (
            parse_aware(item.last_ping, source, f"check {snippet(key, 40)} last_ping") if item.last_ping else None
        )
        checks.append(HealthCheck(key, item.unique_key, item.status, _STATES.get(item.status), last_ping))
    return checks


def parse_flips(body: bytes, source: str, what: str = "flips") -> list[Flip]:
    """The flips of a ``flips/`` answer (``{"flips": [...]}``, or a bare list), oldest first."""
    if body.lstrip()[:1] == b"[":
        items = decode_json(body, list[_Flip], source, what)
    else:
        items = decode_json(body, _Flips, source, what).flips
    flips: list[Flip] = []
    for item in items:
        if isinstance(item.up, bool):
            up = item.up
        elif item.up in (0, 1):
            up = item.up == 1
        else:
            raise SourceError(source, f"{what}: up is {item.up!r}, not 0 or 1")
        flips.append(Flip(parse_aware(item.timestamp, source, f"{what} timestamp"), up))
    return sorted(flips, key=lambda flip: flip.at)


def _current(status: str) -> bool | None:
    """Whether a check in ``status`` counts as up now; ``None`` when it is not measured (paused, new)."""
    if status in ("up", "grace"):
        return True
    if status == "down":
        return False
    return None


def flip_availability(
    flips: Sequence[Flip], status: str, now: datetime, start: datetime, end: datetime
) -> float | None:
    """The share of ``[start, end)`` (cut at ``now``) a check was up, over the time its state is known.

    ``flips`` oldest first; ``status`` the check's status at ``now``. ``None``
    when no part of the range has a known state.
    """
    end = min(end, now)
    if end <= start:
        return None
    current = _current(status)
    known = [flip for flip in flips if flip.at <= now]
    segments: list[tuple[datetime, datetime, bool | None]] = []
    if not known:
        segments.append((start, end, current))
    else:
        for this, following in zip(known, [*known[1:], None], strict=True):
            until = following.at if following is not None else now
            state: bool | None = this.up
            if following is None and current is None:
                state = None  # paused or new since the last flip
            segments.append((this.at, until, state))
    up = measured = timedelta(0)
    for begin, until, state in segments:
        if state is None:
            continue
        span = min(until, end) - max(begin, start)
        if span <= timedelta(0):
            continue
        measured += span
        if state:
            up += span
    if measured <= timedelta(0):
        return None
    return min(1.0, max(0.0, up / measured))


def backup_runs(checks: Iterable[HealthCheck], source: str, now: datetime) -> list[BackupRun]:
    """Backup runs from backup checks (module docstring)."""
    runs: list[BackupRun] = []
    for check in checks:
        if check.status in ("up", "grace") and check.last_ping is not None:
            runs.append(BackupRun(source=source, at=check.last_ping, outcome="success"))
        if check.status == "grace":
            runs.append(BackupRun(source=source, at=now, outcome="warning"))
        elif check.status == "down":
            runs.append(BackupRun(source=source, at=now, outcome="failed"))
    return runs


class Healthchecks:
    """The checks of one Healthchecks project."""

    def __init__(
        self,
        token_env: str,
        url: str = "https://healthchecks.io",
        *,
        role: SourceRole = "uptime",
        tags: Sequence[str] = (),
        availability: bool = True,
        requests_per_minute: int = 100,
        name: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.token_env = token_env
        self._env = env or {}
        self.url = url.rstrip("/")
        self.role: SourceRole = role
        self.tags = tuple(tags)
        self.availability = availability
        self.pace = Pace(requests_per_minute)
        self.name = f"{name or 'healthchecks'} ({mask_url(self.url)})"

    def _headers(self, key: str) -> Mapping[str, str]:
        return {"X-Api-Key": key}

    async def _get(
        self, fetcher: Fetcher, url: str, key: str, *, modified: bool = False
    ) -> tuple[bytes, datetime | None]:
        await self.pace.turn()
        answer = await fetcher.fetch(url, source=self.name, headers=self._headers(key), modified=modified)
        return answer.body, answer.modified

    async def checks(self, fetcher: Fetcher, key: str) -> tuple[list[HealthCheck], datetime | None]:
        """The selected checks, and the listing's modification time when it has one (a saved copy)."""
        query = urlencode([("tag", tag) for tag in self.tags])
        url = f"{self.url}/api/v3/checks/" + (f"?{query}" if query else "")
        body, modified = await self._get(fetcher, url, key, modified=True)
        checks = parse_checks(body, self.name)
        if not checks:
            selected = f" with the tags {', '.join(self.tags)}" if self.tags else ""
            raise SourceError(self.name, f"the project has no checks{selected}: wrong API key, or wrong tags?")
        return checks, modified

    async def flips(self, fetcher: Fetcher, key: str, check: HealthCheck) -> list[Flip] | None:
        """Every retained flip of ``check``; ``None`` when the check is gone (404)."""
        url = f"{self.url}/api/v3/checks/{quote(check.unique_key, safe='')}/flips/"
        try:
            body, _ = await self._get(fetcher, url, key)
        except SourceHTTPError as exc:
            if exc.status == 404:
                return None
            raise
        return parse_flips(body, self.name, f"flips of check {snippet(check.key, 40)}")

    async def collect(self, fetcher: Fetcher, now: datetime) -> Observations:
        key = read_key(self._env, self.token_env, self.name)
        with hiding(key):
            checks, modified = await self.checks(fetcher, key)
            if self.role == "backups":
                return Observations(backups=tuple(backup_runs(checks, self.name, modified or now)))
            measured = [c for c in checks if c.status != "new"] if self.availability else []
            flips = await gather_all(self.flips(fetcher, key, c) for c in measured)
        observed = modified or now
        figures: dict[str, tuple[float | None, float | None]] = {}
        for check, history in zip(measured, flips, strict=True):
            if history is not None:
                figures[check.key] = (
                    flip_availability(history, check.status, observed, observed - timedelta(days=1), observed),
                    flip_availability(history, check.status, observed, observed - timedelta(days=7), observed),
                )
        return Observations(
            monitors=tuple(
                MonitorObservation(
                    source=self.name,
                    monitor=c.key,
                    state=c.state,
                    observed_at=observed,
                    availability_24h=figures.get(c.key, (None, None))[0],
                    availability_7d=figures.get(c.key, (None, None))[1],
                )
                for c in checks
            )
        )

    async def range_availability(self, fetcher: Fetcher, start: datetime, end: datetime) -> Mapping[str, float]:
        """Each check's availability over ``[start, end)`` from its flips (uptime role)."""
        if self.role != "uptime":
            raise SourceError(self.name, "range_availability: a backups source has no availability")
        if end <= start:
            raise SourceError(self.name, "range_availability: the range is empty")
        key = read_key(self._env, self.token_env, self.name)
        with hiding(key):
            checks, _ = await self.checks(fetcher, key)
            wanted = [c for c in checks if c.status != "new"]
            flips = await gather_all(self.flips(fetcher, key, c) for c in wanted)
        # the current status holds after the newest flip, wherever the range ends
        newest = [flip.at for history in flips if history for flip in history]
        observed = max([end, *newest])
        found: dict[str, float] = {}
        for check, history in zip(wanted, flips, strict=True):
            if history is None:
                continue
            value = flip_availability(history, check.status, observed, start, end)
            if value is not None:
                found[check.key] = value
        return found


def from_settings(settings: Settings, context: SourceContext) -> Healthchecks:
    return Healthchecks(
        settings.token_env,
        settings.url,
        role=settings.role,
        tags=settings.tags,
        availability=settings.availability,
        requests_per_minute=settings.requests_per_minute,
        name=settings.name,
        env=context.env,
    )
