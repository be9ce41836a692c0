"""Hypothesis strategies, kept in one place and reused across tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import msgspec
from hypothesis import strategies as st

from elytra_status_contract import (
    ComponentDay,
    ComponentStatus,
    DayNotice,
    DayStatus,
    HistoryDay,
    HistoryDocument,
    Impact,
    Notice,
    NoticeKind,
    NoticeStatus,
    NoticeUpdate,
)
from elytra_status_core import BackupRun, MonitorObservation, StatusSettings
from elytra_status_core._core.history import DayUptime, RunSample
from elytra_status_core._core.observations import MonitorState
from elytra_status_core._core.settings import HistorySettings

# --- observations (pure core) -------------------------------------------------

MONITOR_STATES: tuple[MonitorState, ...] = ("up", "down", "degraded", "maintenance", "pending")

fractions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
aware_instants = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))


@st.composite
def monitor_observations(draw: st.DrawFn, state: MonitorState | None = None) -> MonitorObservation:
    """One monitor; ``state`` fixes its current state."""
    return MonitorObservation(
        source="test",
        monitor=draw(st.text(alphabet="abcdef0123456789", min_size=1, max_size=6)),
        state=state if state is not None else draw(st.none() | st.sampled_from(MONITOR_STATES)),
        availability_24h=draw(st.none() | fractions),
        availability_7d=draw(st.none() | fractions),
    )


monitor_lists = st.lists(monitor_observations(), max_size=30)

status_settings = st.builds(
    StatusSettings,
    operational_min_24h=st.just(0.0) | st.floats(min_value=1, max_value=100),
    outage_share=st.floats(min_value=0.01, max_value=1.0),
    uptime_aggregation=st.sampled_from(["mean", "min"]),
)


@st.composite
def backup_runs(draw: st.DrawFn, around: datetime) -> BackupRun:
    """A backup run within 10 days before ``around``."""
    ago = draw(st.integers(min_value=0, max_value=10 * 86400))
    return BackupRun(
        source="test",
        at=around - timedelta(seconds=ago),
        outcome=draw(st.sampled_from(["success", "warning", "failed"])),
    )


# --- source payloads (parsers of the I/O shell) ------------------------------------


def kuma_badge_svg(label: str, message: str) -> bytes:
    """An Uptime Kuma badge as badge-maker draws it: the text is in ``<title>LABEL: MESSAGE</title>``."""
    width = 7 * (len(label) + len(message)) + 20
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
        f'aria-label="{label}: {message}"><title>{label}: {message}</title>'
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/>'
        '<stop offset="1" stop-opacity=".1"/></linearGradient><g fill="#fff" text-anchor="middle" '
        'font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="110">'
        f'<text x="300" y="140" transform="scale(.1)">{label}</text>'
        f'<text x="900" y="140" transform="scale(.1)">{message}</text></g></svg>'
    ).encode()


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=25,
)
"""Any JSON document (as Python values)."""


@st.composite
def mutated_payloads(draw: st.DrawFn, valid: bytes) -> bytes:
    """``valid`` broken the ways sources break: truncated, spliced, bytes flipped, HTML, or random."""
    how = draw(st.sampled_from(["truncate", "splice", "flip", "html", "random", "as-is"]))
    if how == "truncate":
        return valid[: draw(st.integers(min_value=0, max_value=max(0, len(valid) - 1)))]
    if how == "splice":
        at = draw(st.integers(min_value=0, max_value=len(valid)))
        return valid[:at] + draw(st.binary(max_size=20)) + valid[at:]
    if how == "flip":
        if not valid:
            return valid
        at = draw(st.integers(min_value=0, max_value=len(valid) - 1))
        return valid[:at] + bytes([draw(st.integers(min_value=0, max_value=255))]) + valid[at + 1 :]
    if how == "html":
        return b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"
    if how == "random":
        return draw(st.binary(max_size=200))
    return valid


# --- status.json documents (contract conformance corpus) ---------------------------
# Raw JSON values, not Structs: the corpus is fed as text to the Python decoder,
# to Ajv with the exported schema and to the TypeScript parsePlatformStatus.

CONTRACT_FIELDS = frozenset(
    {
        "schema_version",
        "updated_at",
        "stale_after",
        "platform_status",
        "uptime",
        "backups",
        "infrastructure",
        "components",
        "notices",
    }
)
COMPONENT_STATUSES = ("operational", "degraded", "outage", "maintenance", "unknown")
NOTICE_STATUSES = ("investigating", "identified", "monitoring", "resolved", "scheduled", "in_progress", "completed")
component_ids = st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,39}\Z")
notice_ids = st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,63}\Z")


@st.composite
def contract_timestamps(draw: st.DrawFn) -> str:
    """An RFC 3339 instant the contract accepts: any offset, 0-6 fraction digits, years 1..9998."""
    when = draw(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9998, 12, 30)))
    text = when.replace(microsecond=0).isoformat()
    digits = draw(st.integers(min_value=0, max_value=6))
    if digits:
        text += "." + f"{when.microsecond:06d}"[:digits]
    offset = draw(st.one_of(st.just("Z"), st.tuples(st.sampled_from("+-"), st.integers(0, 23), st.integers(0, 59))))
    if isinstance(offset, str):
        return text + offset
    sign, hours, minutes = offset
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


def recent_contract_timestamps() -> st.SearchStrategy[str]:
    """Instants near 2025, where staleness boundaries are interesting."""
    return st.datetimes(min_value=datetime(2025, 11, 9), max_value=datetime(2025, 11, 12)).map(
        lambda when: when.strftime("%Y-%m-%dT%H:%M:%SZ")
    )


percent_values = st.one_of(
    st.floats(min_value=0, max_value=100, allow_nan=False),
    st.integers(min_value=0, max_value=100),
    st.sampled_from([0, 0.0, 100, 100.0, 99.99, 99.9, -0.0]),
)
unknown_field_names = st.text(min_size=1, max_size=12).filter(lambda name: name not in CONTRACT_FIELDS)


def _with_unknown_fields(draw: st.DrawFn, known: dict[str, object], allowed: bool) -> dict[str, object]:
    if allowed and draw(st.booleans()):
        extra = draw(st.dictionaries(unknown_field_names, json_values, max_size=3))
        return {**{k: v for k, v in extra.items() if k not in known}, **known}
    return known


@st.composite
def contract_documents(draw: st.DrawFn, unknown_fields: bool = True) -> dict[str, object]:
    """A valid v1 document as decoded JSON; optional sections and fields appear or not.

    With ``unknown_fields`` it may carry fields a newer 1.x producer could add,
    which every reader must ignore.
    """
    instants = st.one_of(contract_timestamps(), recent_contract_timestamps())
    doc: dict[str, object] = {
        "updated_at": draw(instants),
        "platform_status": draw(st.sampled_from(["operational", "degraded", "outage", "unknown"])),
    }
    if draw(st.booleans()):
        doc["schema_version"] = f"1.{draw(st.integers(min_value=0, max_value=12))}"
    if draw(st.booleans()):
        doc["stale_after"] = draw(instants)
    if draw(st.booleans()):
        uptime: dict[str, object] = {}
        for key in ("last_24h", "last_7d"):
            if draw(st.booleans()):
                uptime[key] = draw(percent_values)
        doc["uptime"] = _with_unknown_fields(draw, uptime, unknown_fields)
    if draw(st.booleans()):
        backups: dict[str, object] = {}
        if draw(st.booleans()):
            backups["policy"] = draw(st.text(max_size=40))
        if draw(st.booleans()):
            backups["last_successful_backup"] = draw(instants)
        if draw(st.booleans()):
            backups["last_backup_status"] = draw(st.sampled_from(["success", "warning", "failed", "unknown"]))
        doc["backups"] = _with_unknown_fields(draw, backups, unknown_fields)
    if draw(st.booleans()):
        infrastructure: dict[str, object] = {}
        if draw(st.booleans()):
            infrastructure["model"] = draw(st.text(max_size=40))
        if draw(st.booleans()):
            infrastructure["regions"] = draw(st.lists(st.text(max_size=8), max_size=4))
        if draw(st.booleans()):
            infrastructure["notes"] = draw(st.text(max_size=40))
        doc["infrastructure"] = _with_unknown_fields(draw, infrastructure, unknown_fields)
    if draw(st.booleans()):
        doc["components"] = draw(st.lists(_components(instants, unknown_fields), max_size=4))
    if draw(st.booleans()):
        doc["notices"] = draw(st.lists(_notices(instants, unknown_fields), max_size=3))
    return _with_unknown_fields(draw, doc, unknown_fields)


@st.composite
def _components(draw: st.DrawFn, instants: st.SearchStrategy[str], unknown_fields: bool) -> dict[str, object]:
    """A 1.1 component."""
    del instants
    component: dict[str, object] = {
        "id": draw(component_ids),
        "name": draw(st.text(max_size=30)),
        "status": draw(st.sampled_from(COMPONENT_STATUSES)),
    }
    if draw(st.booleans()):
        component["group"] = draw(st.text(max_size=20))
    if draw(st.booleans()):
        component["uptime"] = {"last_24h": draw(percent_values)}
    return _with_unknown_fields(draw, component, unknown_fields)


@st.composite
def _notices(draw: st.DrawFn, instants: st.SearchStrategy[str], unknown_fields: bool) -> dict[str, object]:
    """A 1.1 notice with its timeline."""
    notice: dict[str, object] = {
        "id": draw(notice_ids),
        "kind": draw(st.sampled_from(["incident", "maintenance"])),
        "title": draw(st.text(max_size=30)),
        "status": draw(st.sampled_from(NOTICE_STATUSES)),
        "impact": draw(st.sampled_from(["none", "degraded", "outage"])),
        "updated_at": draw(instants),
        "updates": [
            _with_unknown_fields(
                draw,
                {
                    "at": draw(instants),
                    "status": draw(st.sampled_from(NOTICE_STATUSES)),
                    "body": draw(st.text(max_size=60)),
                },
                unknown_fields,
            )
            for _ in range(draw(st.integers(min_value=0, max_value=3)))
        ],
    }
    for key in ("started_at", "resolved_at", "scheduled_for", "scheduled_until"):
        if draw(st.booleans()):
            notice[key] = draw(instants)
    if draw(st.booleans()):
        notice["components"] = draw(st.lists(component_ids, max_size=3))
    return _with_unknown_fields(draw, notice, unknown_fields)


_BAD_TIMESTAMPS = (
    "2025-11-10t12:00:00Z",
    "2025-11-10T12:00:00z",
    "2025-11-10 12:00:00Z",
    "2025-11-10T12:00:00",
    "2025-11-10T12:00:00+0100",
    "2025-11-10T12:00:00+01",
    "2025-11-10T12:00:00.1234567Z",
    "2025-11-10T12:00:00.Z",
    "2025-11-10T12:00Z",
    "2025-02-29T12:00:00Z",
    "2025-04-31T12:00:00Z",
    "2025-11-10T24:00:00Z",
    "2025-11-10T12:60:00Z",
    "2025-11-10T12:00:60Z",
    "2025-11-10T12:00:00+24:00",
    "0000-01-01T00:00:00Z",
    "+2025-11-10T12:00:00Z",
    " 2025-11-10T12:00:00Z",
    "2025-11-10",
    "1731240000",
    "",
)


@st.composite
def broken_contract_documents(draw: st.DrawFn) -> dict[str, object] | list[object] | str | int | None:
    """A valid document with exactly one contract violation, or not an object at all."""
    doc = dict(draw(contract_documents(unknown_fields=False)))
    how = draw(
        st.sampled_from(
            [
                "status",
                "backup-status",
                "uptime-range",
                "missing",
                "type",
                "null",
                "timestamp",
                "version",
                "component",
                "notice",
                "not-object",
            ]
        )
    )
    if how == "status":
        doc["platform_status"] = draw(st.sampled_from(["maintenance", "Operational", "", "up"]))
    elif how == "backup-status":
        doc["backups"] = {"last_backup_status": draw(st.sampled_from(["skipped", "ok", "SUCCESS"]))}
    elif how == "uptime-range":
        figure = draw(
            st.floats(min_value=100, exclude_min=True, allow_infinity=False)
            | st.floats(max_value=0, exclude_max=True, allow_infinity=False)
        )
        doc["uptime"] = {draw(st.sampled_from(["last_24h", "last_7d"])): figure}
    elif how == "missing":
        del doc[draw(st.sampled_from(["updated_at", "platform_status"]))]
    elif how == "type":
        field, value = draw(
            st.sampled_from(
                [
                    ("updated_at", 1731240000),
                    ("platform_status", 1),
                    ("uptime", [99.9]),
                    ("uptime", {"last_24h": "99.9"}),
                    ("uptime", {"last_7d": True}),
                    ("backups", "nightly"),
                    ("backups", {"policy": 7}),
                    ("infrastructure", {"regions": "nyc3"}),
                    ("infrastructure", {"regions": ["nyc3", 3]}),
                    ("infrastructure", {"model": ["a"]}),
                    ("schema_version", 1.0),
                ]
            )
        )
        doc[field] = value
    elif how == "null":
        path = draw(
            st.sampled_from(
                [
                    "updated_at",
                    "stale_after",
                    "platform_status",
                    "uptime",
                    "backups",
                    "infrastructure",
                    "schema_version",
                    "uptime.last_24h",
                    "backups.policy",
                    "backups.last_successful_backup",
                    "infrastructure.regions",
                ]
            )
        )
        if "." in path:
            section, field = path.split(".")
            doc[section] = {field: None}
        else:
            doc[path] = None
    elif how == "timestamp":
        field = draw(st.sampled_from(["updated_at", "stale_after", "backups.last_successful_backup"]))
        bad = draw(st.sampled_from(_BAD_TIMESTAMPS))
        if field.startswith("backups."):
            doc["backups"] = {"last_successful_backup": bad}
        else:
            doc[field] = bad
    elif how == "component":
        component: dict[str, object] = {"id": "panel", "name": "Control panel", "status": "operational"}
        key, value = draw(
            st.sampled_from(
                [
                    ("status", "down"),
                    ("status", None),
                    ("id", "Control Panel"),
                    ("id", "panel\n"),
                    ("id", "x" * 41),
                    ("name", None),
                    ("uptime", {"last_24h": 100.5}),
                ]
            )
        )
        if value is None:
            del component[key]
        else:
            component[key] = value
        doc["components"] = [component]
    elif how == "notice":
        notice: dict[str, object] = {
            "id": "2026-12-01-errors",
            "kind": "incident",
            "title": "Errors",
            "status": "investigating",
            "impact": "degraded",
            "updated_at": "2026-12-01T14:05:00Z",
            "updates": [{"at": "2026-12-01T14:05:00Z", "status": "investigating", "body": "Looking."}],
        }
        key, value = draw(
            st.sampled_from(
                [
                    ("kind", "outage"),
                    ("status", "fixed"),
                    ("impact", "minor"),
                    ("updated_at", None),
                    ("updates", None),
                    ("updates", [{"at": "2026-12-01T14:05:00Z", "status": "investigating"}]),
                    ("updates", [{"at": "2026-12-01 14:05:00Z", "status": "investigating", "body": "b"}]),
                    ("resolved_at", "yesterday"),
                    ("components", ["Panel"]),
                    ("id", "2026_12_01"),
                ]
            )
        )
        if value is None:
            del notice[key]
        else:
            notice[key] = value
        doc["notices"] = [notice]
    elif how == "version":
        doc["schema_version"] = draw(st.sampled_from(["2.0", "1", "1.01", "1.0\n", "v1.0", "1.-1", "", "1.0.0"]))
    else:
        return draw(st.sampled_from([None, "status", 3, [doc], []]))
    return doc


def _anything_or(valid: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """Mostly well-typed values, sometimes any JSON value in their place."""
    return st.one_of(valid, valid, valid, json_values)


wire_timestamps = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)).map(lambda d: d.isoformat()),
    st.datetimes(timezones=st.just(UTC)).map(lambda d: d.isoformat().replace("+00:00", "Z")),
    st.from_regex(r"\A\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d{1,12})?(Z|[+-]\d\d:?\d\d)?\Z"),
    st.text(max_size=30),
)
"""Timestamps as sources write them, valid or not (naive, with offsets, nanoseconds, garbage)."""


def kuma_heartbeat_payloads() -> st.SearchStrategy[object]:
    """Uptime Kuma heartbeat payloads, shaped right with wrong values mixed in."""
    beat = st.fixed_dictionaries(
        {"status": _anything_or(st.integers(min_value=-1, max_value=4)), "time": _anything_or(wire_timestamps)},
        optional={"msg": st.text(max_size=5), "ping": st.none() | st.integers()},
    )
    ids = st.text(alphabet="0123456789", min_size=1, max_size=3)
    return st.fixed_dictionaries(
        {"heartbeatList": _anything_or(st.dictionaries(ids, _anything_or(st.lists(beat, max_size=4)), max_size=4))},
        optional={
            "uptimeList": _anything_or(
                st.dictionaries(
                    ids.map(lambda i: f"{i}_24"), _anything_or(st.floats(allow_nan=False, allow_infinity=False))
                )
            )
        },
    )


def betterstack_page_payloads() -> st.SearchStrategy[object]:
    """Better Stack ``/monitors`` pages, shaped right with wrong values mixed in."""
    attributes = st.fixed_dictionaries(
        {
            "status": _anything_or(
                st.sampled_from(["up", "down", "validating", "paused", "pending", "maintenance", "other"])
            )
        },
        optional={"paused_at": _anything_or(st.none() | wire_timestamps), "pronounceable_name": st.text(max_size=10)},
    )
    monitor = st.fixed_dictionaries(
        {"id": _anything_or(st.integers(min_value=0) | st.text(max_size=80)), "attributes": _anything_or(attributes)}
    )
    return st.fixed_dictionaries(
        {"data": _anything_or(st.lists(monitor, max_size=4))},
        optional={"pagination": _anything_or(st.fixed_dictionaries({"next": st.none() | st.text(max_size=30)}))},
    )


def betterstack_sla_payloads() -> st.SearchStrategy[object]:
    """Better Stack SLA answers; ``availability`` is a percent, sometimes out of range."""
    return st.fixed_dictionaries(
        {
            "data": _anything_or(
                st.fixed_dictionaries(
                    {
                        "attributes": _anything_or(
                            st.fixed_dictionaries(
                                {"availability": _anything_or(st.floats(min_value=-10, max_value=200))}
                            )
                        )
                    }
                )
            )
        }
    )


def prometheus_vector_payloads() -> st.SearchStrategy[object]:
    """Prometheus query answers: success vectors with string samples, error envelopes."""
    sample = st.one_of(
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.sampled_from(["NaN", "+Inf", "-Inf", "1", "0", "0.5", "1e-3"]),
        st.text(max_size=8),
    )
    series = st.fixed_dictionaries(
        {
            "metric": _anything_or(
                st.dictionaries(st.sampled_from(["__name__", "instance", "job"]), st.text(max_size=8), max_size=3)
            ),
            "value": _anything_or(st.tuples(st.floats(allow_nan=False, allow_infinity=False), sample).map(list)),
        }
    )
    success = st.fixed_dictionaries(
        {
            "status": st.just("success"),
            "data": _anything_or(
                st.fixed_dictionaries(
                    {
                        "resultType": _anything_or(st.sampled_from(["vector", "matrix", "scalar"])),
                        "result": _anything_or(st.lists(series, max_size=4)),
                    }
                )
            ),
        },
        optional={"warnings": st.lists(st.text(max_size=10), max_size=2)},
    )
    error = st.fixed_dictionaries(
        {"status": st.just("error")},
        optional={"errorType": _anything_or(st.text(max_size=10)), "error": _anything_or(st.text(max_size=40))},
    )
    return st.one_of(success, error)


def restic_snapshot_payloads() -> st.SearchStrategy[object]:
    """``restic snapshots --json`` output, flat or grouped, with wrong values mixed in."""
    snapshot = st.fixed_dictionaries(
        {"time": _anything_or(wire_timestamps)},
        optional={
            "hostname": st.text(max_size=8),
            "tags": st.lists(st.text(max_size=5), max_size=2),
            "id": st.text(max_size=8),
        },
    )
    flat = st.lists(_anything_or(snapshot), max_size=4)
    grouped = st.lists(
        st.fixed_dictionaries(
            {
                "group_key": _anything_or(st.dictionaries(st.text(max_size=5), st.text(max_size=5))),
                "snapshots": _anything_or(st.none() | flat),
            }
        ),
        max_size=3,
    )
    return st.one_of(flat, grouped, st.none())


def restic_backup_logs() -> st.SearchStrategy[bytes]:
    """``restic backup --json`` logs: JSON lines with stderr text mixed in."""
    message = st.fixed_dictionaries(
        {"message_type": _anything_or(st.sampled_from(["status", "summary", "error", "exit_error", "verbose_status"]))},
        optional={"backup_start": _anything_or(wire_timestamps), "snapshot_id": st.text(max_size=8)},
    )
    import msgspec

    line = st.one_of(message.map(lambda m: msgspec.json.encode(m)), st.text(max_size=20).map(str.encode))
    return st.lists(line, max_size=6).map(b"\n".join)


def borg_list_payloads() -> st.SearchStrategy[object]:
    """``borg list --json`` (and ``info --json``) output, naive or offset times, checkpoints."""
    archive = st.fixed_dictionaries(
        {},
        optional={
            "name": _anything_or(st.text(max_size=10) | st.just("web1.checkpoint")),
            "start": _anything_or(wire_timestamps),
            "time": _anything_or(wire_timestamps),
            "end": _anything_or(wire_timestamps),
        },
    )
    return st.fixed_dictionaries(
        {"archives": _anything_or(st.lists(archive, max_size=4))},
        optional={"repository": st.fixed_dictionaries({"id": st.text(max_size=8)})},
    )


def uptimerobot_page_payloads() -> st.SearchStrategy[object]:
    """UptimeRobot ``getMonitors`` answers: ``stat`` ok or fail, percent strings joined by ``-``."""
    percent = st.one_of(
        st.floats(min_value=-10, max_value=200).map(lambda f: f"{f:.3f}"),
        st.sampled_from(["100.000", "0.000", "99.981", "", "NaN", "inf", "1e2"]),
        st.text(alphabet="0123456789.-", max_size=8),
    )
    joined = st.lists(percent, min_size=0, max_size=3).map("-".join)
    monitor = st.fixed_dictionaries(
        {
            "id": _anything_or(st.integers(min_value=0, max_value=2**40) | st.text(max_size=70)),
            "status": _anything_or(st.sampled_from([0, 1, 2, 8, 9, 5])),
        },
        optional={
            "custom_uptime_ratio": _anything_or(joined),
            "custom_uptime_ranges": _anything_or(joined),
            "friendly_name": st.text(max_size=8),
        },
    )
    ok = st.fixed_dictionaries(
        {"stat": st.just("ok"), "monitors": _anything_or(st.lists(monitor, max_size=4))},
        optional={
            "pagination": _anything_or(
                st.fixed_dictionaries(
                    {
                        "offset": st.integers(min_value=-5, max_value=100),
                        "limit": st.integers(min_value=-5, max_value=100),
                        "total": st.integers(min_value=-5, max_value=100),
                    }
                )
            )
        },
    )
    fail = st.fixed_dictionaries(
        {"stat": _anything_or(st.sampled_from(["fail", "ok"]))},
        optional={
            "error": _anything_or(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "type": st.text(max_size=10),
                        "message": st.text(max_size=20),
                        "parameter_name": st.text(max_size=8),
                        "passed_value": st.text(max_size=20),
                    },
                )
            )
        },
    )
    return st.one_of(ok, fail)


def healthchecks_check_payloads() -> st.SearchStrategy[object]:
    """Healthchecks ``/api/v3/checks/`` answers: statuses, null ``last_ping``, offsets, read-only keys or not."""
    check = st.fixed_dictionaries(
        {"status": _anything_or(st.sampled_from(["new", "up", "grace", "down", "paused", "started"]))},
        optional={
            "name": st.text(max_size=10),
            "slug": _anything_or(st.none() | st.text(max_size=12)),
            "tags": st.text(max_size=10),
            "last_ping": _anything_or(st.none() | wire_timestamps),
            "unique_key": _anything_or(st.text(alphabet="0123456789abcdef", min_size=1, max_size=40)),
            "grace": st.integers(min_value=0, max_value=10**6),
            "timeout": st.integers(min_value=0, max_value=10**6),
        },
    )
    return st.fixed_dictionaries({"checks": _anything_or(st.lists(check, max_size=4))})


def healthchecks_flip_payloads() -> st.SearchStrategy[object]:
    """Healthchecks ``flips/`` answers, wrapped (``{"flips": [...]}``) or bare."""
    flip = st.fixed_dictionaries(
        {"timestamp": _anything_or(wire_timestamps), "up": _anything_or(st.sampled_from([0, 1, 2, True, False]))}
    )
    flips = st.lists(flip, max_size=5)
    return st.one_of(st.fixed_dictionaries({"flips": _anything_or(flips)}), flips)


def gatus_status_payloads() -> st.SearchStrategy[object]:
    """Gatus ``/api/v1/endpoints/statuses`` answers: nanosecond durations, 9-digit fractions, missing keys."""
    result = st.fixed_dictionaries(
        {"success": _anything_or(st.booleans()), "timestamp": _anything_or(wire_timestamps)},
        optional={"status": st.integers(min_value=0, max_value=599), "duration": st.integers(min_value=0)},
    )
    endpoint = st.fixed_dictionaries(
        {"name": _anything_or(st.text(max_size=10))},
        optional={
            "group": _anything_or(st.none() | st.text(max_size=8)),
            "key": _anything_or(st.text(max_size=20)),
            "results": _anything_or(st.none() | st.lists(result, max_size=4)),
            "events": st.lists(st.fixed_dictionaries({"type": st.text(max_size=8)}), max_size=2),
        },
    )
    return st.lists(endpoint, max_size=4)


gatus_uptime_texts = st.one_of(
    st.floats().map(lambda f: f"{f:f}".encode()),
    st.floats(min_value=0, max_value=1).map(lambda f: f"{f:f}\n".encode()),
    st.sampled_from([b"0", b"1", b"0.998611", b"1.000000", b"-0.1", b"NaN", b"", b"<html></html>"]),
    st.binary(max_size=20),
)
"""What ``/uptimes/<window>`` may answer: a bare fraction as Gatus prints it (``%f``), or not."""


# --- history.json (merging day records) -------------------------------------------------

HISTORY_COMPONENTS: tuple[str, ...] = ("panel", "websites", "dns", "api")
HISTORY_START = datetime(2025, 9, 1, tzinfo=UTC)
"""History strategies draw instants from a few months after this, so days overlap often."""


def history_instants(days: int = 75) -> st.SearchStrategy[datetime]:
    """Whole-second UTC instants within ``days`` days after ``HISTORY_START``."""
    return st.integers(min_value=0, max_value=days * 86400).map(lambda s: HISTORY_START + timedelta(seconds=s))


@dataclass(frozen=True)
class WorldNotice:
    """A notice as it happens: open from ``start`` to ``end`` (``None``: still open), maybe renamed once."""

    id: str
    kind: NoticeKind
    title: str
    impact: Impact
    start: datetime
    end: datetime | None
    renamed_at: datetime | None = None
    """From this instant on, the notice file says ``new_title`` and ``new_impact``."""
    new_title: str = ""
    new_impact: Impact = "outage"


_KINDS: tuple[NoticeKind, ...] = ("incident", "maintenance")
_IMPACTS: tuple[Impact, ...] = ("none", "degraded", "outage")
_TITLES = ("Slow panel", "DNS errors", "Upgrade")


@st.composite
def notice_worlds(draw: st.DrawFn, count: int = 4) -> list[WorldNotice]:
    """A few notices as they happen, some renamed on the way (the operator edits the file)."""
    world: list[WorldNotice] = []
    for index in range(draw(st.integers(min_value=0, max_value=count))):
        start = draw(history_instants())
        lasted = draw(st.none() | st.integers(min_value=0, max_value=5 * 86400))
        renamed = draw(st.none() | st.integers(min_value=0, max_value=3 * 86400))
        world.append(
            WorldNotice(
                id=f"notice-{index}",
                kind=draw(st.sampled_from(_KINDS)),
                title=draw(st.sampled_from(_TITLES)),
                impact=draw(st.sampled_from(_IMPACTS)),
                start=start,
                end=None if lasted is None else start + timedelta(seconds=lasted),
                renamed_at=None if renamed is None else start + timedelta(seconds=renamed),
                new_title=draw(st.sampled_from(_TITLES)),
                new_impact=draw(st.sampled_from(_IMPACTS)),
            )
        )
    return world


def notices_at(world: list[WorldNotice], at: datetime) -> tuple[Notice, ...]:
    """Every notice of ``world`` as derived at ``at``: started ones, resolved or still open."""
    out: list[Notice] = []
    for notice in world:
        if notice.start > at:
            continue
        end = notice.end if notice.end is not None and notice.end <= at else None
        if notice.kind == "incident":
            status: NoticeStatus = "investigating" if end is None else "resolved"
        else:
            status = "in_progress" if end is None else "completed"
        renamed = notice.renamed_at is not None and notice.renamed_at <= at
        out.append(
            Notice(
                id=notice.id,
                kind=notice.kind,
                title=notice.new_title if renamed else notice.title,
                status=status,
                impact=notice.new_impact if renamed else notice.impact,
                started_at=notice.start,
                resolved_at=msgspec.UNSET if end is None else end,
                updated_at=notice.start if end is None else end,
                updates=[NoticeUpdate(at=notice.start, status=status, body="What happened.")],
            )
        )
    return tuple(out)


HISTORY_COMPONENT_STATUSES: tuple[ComponentStatus, ...] = (
    "operational",
    "degraded",
    "outage",
    "maintenance",
    "unknown",
)
DAY_STATUSES: tuple[DayStatus, ...] = ("operational", "degraded", "outage")

component_statuses: st.SearchStrategy[dict[str, ComponentStatus]] = st.dictionaries(
    st.sampled_from(HISTORY_COMPONENTS), st.sampled_from(HISTORY_COMPONENT_STATUSES), max_size=len(HISTORY_COMPONENTS)
)
percent_figures = st.one_of(
    st.floats(min_value=0, max_value=100, allow_nan=False), st.sampled_from([100.0, 99.99, 99.996, 0.0])
)


@st.composite
def run_samples(
    draw: st.DrawFn,
    world: list[WorldNotice] | None = None,
    at: st.SearchStrategy[datetime] | None = None,
) -> RunSample:
    """One run's sample; its notices are ``world`` as derived at its instant."""
    when = draw(at if at is not None else history_instants())
    return RunSample(
        at=when,
        status=draw(st.sampled_from(["operational", "degraded", "outage", "unknown"])),
        components=draw(component_statuses),
        notices=notices_at(world or [], when),
    )


def uptime_truth(seed: int, day: date) -> DayUptime:
    """The figures every source agrees on for ``day`` (two publishers read the same sources)."""
    value = (seed * 7919 + day.toordinal() * 104729) % 10001 / 100
    return DayUptime(
        day=day, platform=value, components={cid: min(100.0, value + i) for i, cid in enumerate(HISTORY_COMPONENTS[:2])}
    )


@st.composite
def day_uptimes(draw: st.DrawFn, before: datetime) -> list[DayUptime]:
    """Figures of a few days before ``before``'s day, any values."""
    out: list[DayUptime] = []
    for back in draw(st.lists(st.integers(min_value=1, max_value=40), max_size=5, unique=True)):
        out.append(
            DayUptime(
                day=before.date() - timedelta(days=back),
                platform=draw(st.none() | percent_figures),
                components=draw(st.dictionaries(st.sampled_from(HISTORY_COMPONENTS), percent_figures, max_size=2)),
            )
        )
    return out


def _component_days(closed: bool) -> st.SearchStrategy[dict[str, ComponentDay]]:
    uptime: st.SearchStrategy[float | msgspec.UnsetType] = st.just(msgspec.UNSET)
    if closed:
        uptime = uptime | st.sampled_from([100.0, 99.5, 0.0])
    day = st.builds(
        ComponentDay,
        status=st.just(msgspec.UNSET) | st.sampled_from(["operational", "maintenance", "degraded", "outage"]),
        uptime=uptime,
    ).filter(lambda c: c != ComponentDay())
    return st.dictionaries(st.sampled_from(HISTORY_COMPONENTS), day, max_size=3)


_CLOSED_COMPONENT_DAYS = _component_days(closed=True)
_OPEN_COMPONENT_DAYS = _component_days(closed=False)
_DAY_NOTICES = st.lists(
    st.builds(
        DayNotice,
        id=st.sampled_from(["notice-0", "notice-1", "old-one"]),
        kind=st.sampled_from(["incident", "maintenance"]),
        title=st.sampled_from(["Slow panel", "Stored title"]),
        impact=st.sampled_from(["none", "degraded", "outage"]),
    ),
    max_size=2,
    unique_by=lambda n: n.id,
)
_DAY_BACKS = st.lists(st.integers(min_value=0, max_value=120), max_size=15, unique=True)
_DAY_STATUS_OR_NONE = st.just(msgspec.UNSET) | st.sampled_from(DAY_STATUSES)
_DAY_UPTIME_OR_NONE = st.just(msgspec.UNSET) | st.sampled_from([100.0, 99.98, 12.5])


@st.composite
def histories(draw: st.DrawFn, at: datetime | None = None) -> HistoryDocument:
    """A valid history as some publisher wrote it at ``at`` (default: drawn)."""
    updated_at = at if at is not None else draw(history_instants())
    last = updated_at.date()
    days: list[HistoryDay] = []
    for back in sorted(draw(_DAY_BACKS)):
        components = draw(_OPEN_COMPONENT_DAYS if back == 0 else _CLOSED_COMPONENT_DAYS)
        notices = draw(_DAY_NOTICES)
        days.append(
            HistoryDay(
                date=last - timedelta(days=back),
                partial=True if back == 0 else msgspec.UNSET,
                status=draw(_DAY_STATUS_OR_NONE),
                uptime=msgspec.UNSET if back == 0 else draw(_DAY_UPTIME_OR_NONE),
                components=components or msgspec.UNSET,
                notices=sorted(notices, key=lambda n: n.id) or msgspec.UNSET,
            )
        )
    return HistoryDocument(updated_at=updated_at, days=days)


history_settings = st.builds(HistorySettings, days=st.integers(min_value=1, max_value=60) | st.just(90) | st.just(366))
