"""Notices: the file rules, what a notice says at ``now``, what status.json carries, and the CLI."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from elytra_status_contract import Notice, decode
from elytra_status_core._cli import main
from elytra_status_core._core.durations import Duration
from elytra_status_core._core.notices import (
    INCIDENT_STATUSES,
    NoticeFile,
    check_notice,
    derive,
    select,
)
from elytra_status_core._core.settings import NoticeSettings
from elytra_status_core._errors import ConfigError
from elytra_status_core._notices import load_notices, new_notice_text, parse_notice, update_text
from tests.conftest import S3Server

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
T0 = datetime(2026, 12, 1, 14, 5, tzinfo=UTC)


def incident(
    *updates: tuple[datetime, str], impact: str = "degraded", components: list[str] | None = None
) -> NoticeFile:
    return msgspec.convert(
        {
            "kind": "incident",
            "title": "Elevated errors in the control panel",
            "impact": impact,
            "components": components or [],
            "updates": [{"at": at, "status": status, "body": f"{status} body"} for at, status in updates],
        },
        NoticeFile,
    )


def maintenance(start: datetime, end: datetime, *updates: tuple[datetime, str]) -> NoticeFile:
    return msgspec.convert(
        {
            "kind": "maintenance",
            "title": "Database upgrade",
            "scheduled_for": start,
            "scheduled_until": end,
            "updates": [{"at": at, "status": status, "body": f"{status} body"} for at, status in updates],
        },
        NoticeFile,
    )


def derived(notice_id: str, notice: NoticeFile, now: datetime = NOW) -> Notice:
    result = derive(notice_id, notice, now)
    assert result is not None
    return result


# --- derived fields ----------------------------------------------------------------------


def test_an_incident_is_its_newest_update_with_times_from_its_timeline() -> None:
    notice = incident(
        (T0, "investigating"), (T0 + timedelta(minutes=20), "identified"), (T0 + timedelta(minutes=35), "resolved")
    )
    check_notice(notice, file="x.toml")
    open_now = derived("a", notice, T0 + timedelta(minutes=25))
    assert (open_now.status, open_now.started_at, open_now.resolved_at) == ("identified", T0, msgspec.UNSET)
    assert [u.status for u in open_now.updates] == ["identified", "investigating"]  # newest first, posted only
    done = derived("a", notice)
    assert done.status == "resolved"
    assert done.resolved_at == done.updated_at == T0 + timedelta(minutes=35)


def test_a_notice_whose_first_update_is_not_posted_yet_is_not_published() -> None:
    assert derive("a", incident((NOW + timedelta(minutes=1), "investigating")), NOW) is None


def test_maintenance_follows_its_window_by_itself() -> None:
    start, end = NOW + timedelta(hours=1), NOW + timedelta(hours=2)
    notice = maintenance(start, end, (NOW - timedelta(days=2), "scheduled"))
    check_notice(notice, file="m.toml")
    before, inside, after = (derived("m", notice, t) for t in (NOW, start + timedelta(minutes=5), end))
    assert (before.status, inside.status, after.status) == ("scheduled", "in_progress", "completed")
    assert before.started_at is msgspec.UNSET
    assert inside.started_at == after.started_at == start
    assert after.resolved_at == end


def test_an_in_progress_update_keeps_maintenance_open_past_its_window_until_completed() -> None:
    start, end = NOW - timedelta(hours=2), NOW - timedelta(hours=1)
    notice = maintenance(
        start, end, (start - timedelta(days=1), "scheduled"), (start - timedelta(minutes=5), "in_progress")
    )
    now = derived("m", notice)
    assert now.status == "in_progress" and now.started_at == start - timedelta(minutes=5)
    done = maintenance(
        start, end, (start - timedelta(days=1), "scheduled"), (start + timedelta(minutes=10), "completed")
    )
    early = derived("m", done)
    assert early.status == "completed" and early.resolved_at == start + timedelta(minutes=10)


_STEP = st.integers(min_value=1, max_value=600).map(lambda m: timedelta(minutes=m))


@st.composite
def maintenance_files(draw: st.DrawFn) -> NoticeFile:
    """Valid maintenance files: a window, a scheduled first update, then maybe in_progress and completed."""
    announced = NOW + draw(st.integers(min_value=-3000, max_value=3000).map(lambda m: timedelta(minutes=m)))
    start = announced + draw(_STEP)
    end = start + draw(_STEP)
    updates: list[tuple[datetime, str]] = [(announced, "scheduled")]
    at = announced
    for status in draw(st.sampled_from([[], ["in_progress"], ["completed"], ["in_progress", "completed"]])):
        at = at + draw(_STEP)
        updates.append((at, status))
    notice = maintenance(start, end, *updates)
    check_notice(notice, file="m.toml")
    return notice


@given(maintenance_files(), st.lists(_STEP, min_size=2, max_size=8))
def test_maintenance_never_goes_back_to_scheduled_as_time_moves_forward(
    notice: NoticeFile, steps: list[timedelta]
) -> None:
    now = notice.updates[0].at
    seen: list[str] = []
    for step in steps:
        now += step
        seen.append(derived("m", notice, now).status)
    for earlier, later in itertools.pairwise(seen):
        assert not (earlier != "scheduled" and later == "scheduled"), seen
    explicit_completion = [u.at for u in notice.updates if u.status == "completed"]
    if explicit_completion:
        assert derived("m", notice, explicit_completion[0] + timedelta(days=400)).status == "completed"


@st.composite
def incident_files(draw: st.DrawFn) -> NoticeFile:
    at = NOW - timedelta(days=1)
    updates: list[tuple[datetime, str]] = []
    for status in draw(st.lists(st.sampled_from(INCIDENT_STATUSES), min_size=1, max_size=6)):
        at = at + draw(st.integers(min_value=0, max_value=300).map(lambda m: timedelta(minutes=m)))
        updates.append((at, status))
    return incident(*updates)


@given(incident_files(), st.lists(_STEP, min_size=1, max_size=8))
def test_an_incident_keeps_its_start_and_never_loses_updates_as_time_moves(
    notice: NoticeFile, steps: list[timedelta]
) -> None:
    now = notice.updates[0].at
    previous: Notice | None = None
    for step in [timedelta(0), *steps]:
        now += step
        current = derived("i", notice, now)
        assert current.started_at == notice.updates[0].at
        assert current.status == current.updates[0].status
        assert (current.resolved_at is not msgspec.UNSET) == (current.status == "resolved")
        if previous is not None:
            assert current.updated_at >= previous.updated_at
            assert len(current.updates) >= len(previous.updates)
        previous = current


# --- the file rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "key", "reason"),
    [
        ({"kind": "outage"}, "kind", "incident or maintenance"),
        ({"updates": [{"at": T0, "status": "scheduled", "body": "x"}]}, "updates[0].status", "not one of"),
        ({"updates": [{"at": T0, "status": "fixed", "body": "x"}]}, "updates[0].status", "unknown status 'fixed'"),
        ({"impact": "minor"}, "impact", "none, degraded or outage"),
        (
            {
                "updates": [
                    {"at": T0, "status": "investigating", "body": "a"},
                    {"at": T0 - timedelta(minutes=1), "status": "resolved", "body": "b"},
                ]
            },
            "updates[1].at",
            "out of time order",
        ),
        ({"components": ["billing"]}, "components[0]", "unknown component id"),
        ({"title": ""}, "title", "length"),
        ({"updates": [{"at": T0, "status": "investigating"}]}, "updates[0]", "body"),
        ({"updates": [{"at": T0, "status": "investigating", "body": "  \n"}]}, "updates[0].body", "empty"),
        ({"impact": None}, "impact", "needs an impact"),
        ({"scheduled_for": T0}, "scheduled_for", "only maintenance"),
        ({"colour": "red"}, "colour", "unknown key"),
    ],
)
def test_bad_incident_files_name_the_file_and_key(
    raw: dict[str, object], key: str, reason: str, tmp_path: Path
) -> None:
    base: dict[str, object] = {
        "kind": "incident",
        "title": "Errors",
        "impact": "degraded",
        "updates": [{"at": T0, "status": "investigating", "body": "Looking."}],
    }
    merged = {k: v for k, v in {**base, **raw}.items() if v is not None}
    path = tmp_path / "2026-12-01-bad.toml"
    path.write_text(_toml(merged))
    with pytest.raises(ConfigError) as caught:
        parse_notice("2026-12-01-bad", str(path), path.read_bytes(), {"panel"})
    assert caught.value.file == str(path)
    assert caught.value.key is not None and caught.value.key.startswith(key), caught.value
    assert reason in str(caught.value)


def test_a_maintenance_window_that_ends_before_it_starts_is_refused() -> None:
    notice = maintenance(NOW, NOW - timedelta(minutes=1), (NOW - timedelta(days=1), "scheduled"))
    with pytest.raises(ConfigError, match="ends before it starts") as caught:
        check_notice(notice, file="m.toml")
    assert caught.value.key == "scheduled_until"
    first = maintenance(NOW, NOW + timedelta(hours=1), (NOW - timedelta(days=1), "in_progress"))
    with pytest.raises(ConfigError, match="first update has status scheduled"):
        check_notice(first, file="m.toml")


def test_a_file_name_that_is_not_an_id_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="name is its id"):
        parse_notice("Panel Errors", "Panel Errors.toml", b"", None)


def _toml(table: dict[str, object]) -> str:
    """A small TOML writer for the test tables (strings, datetimes, lists of strings, updates)."""
    lines: list[str] = []
    tail: list[str] = []
    for key, value in table.items():
        if key == "updates" and isinstance(value, list):
            for update in cast(list[dict[str, object]], value):
                tail.append("\n[[updates]]")
                tail += [f"{k} = {_value(v)}" for k, v in update.items()]
        else:
            lines.append(f"{key} = {_value(value)}")
    return "\n".join(lines + tail) + "\n"


def _value(value: object) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, list):
        return "[" + ", ".join(json.dumps(v) for v in cast(list[object], value)) + "]"
    return json.dumps(value)


# --- what status.json carries ------------------------------------------------------------


def test_status_json_carries_what_is_worth_showing_now_in_order() -> None:
    day = timedelta(days=1)
    notices = [
        derived("minor-open", incident((NOW - timedelta(hours=3), "investigating"), impact="degraded")),
        derived("major-old", incident((NOW - timedelta(hours=5), "identified"), impact="outage")),
        derived("major-new", incident((NOW - timedelta(hours=1), "investigating"), impact="outage")),
        derived("resolved-recently", incident((NOW - day, "investigating"), (NOW - timedelta(hours=2), "resolved"))),
        derived("resolved-long-ago", incident((NOW - 9 * day, "investigating"), (NOW - 8 * day, "resolved"))),
        derived(
            "upcoming-late", maintenance(NOW + 6 * day, NOW + 6 * day + timedelta(hours=1), (NOW - day, "scheduled"))
        ),
        derived("upcoming-soon", maintenance(NOW + day, NOW + day + timedelta(hours=1), (NOW - day, "scheduled"))),
        derived("too-far", maintenance(NOW + 8 * day, NOW + 8 * day + timedelta(hours=1), (NOW - day, "scheduled"))),
        derived("running", maintenance(NOW - timedelta(minutes=5), NOW + timedelta(hours=1), (NOW - day, "scheduled"))),
        derived(
            "done-recently", maintenance(NOW - timedelta(hours=3), NOW - timedelta(hours=2), (NOW - day, "scheduled"))
        ),
    ]
    picked = [n.id for n in select(notices, NOW)]
    assert picked == [
        "major-new",
        "major-old",
        "minor-open",
        "running",
        "upcoming-soon",
        "upcoming-late",
        "done-recently",
        "resolved-recently",
    ]
    narrow = [n.id for n in select(notices, NOW, NoticeSettings(upcoming=Duration(days=2), recent=Duration(hours=1)))]
    assert "upcoming-late" not in narrow and "resolved-recently" not in narrow and "upcoming-soon" in narrow


# --- files on disk and through fsspec ----------------------------------------------------


def test_update_text_round_trips_any_body_exactly(tmp_path: Path) -> None:
    bodies = [
        "plain",
        "two\nlines",
        "ends with '",
        "has ''' inside\nand lines",
        'quote " and \\ backslash',
        "tab\tand \x7f del",
        "\n\nleading",
    ]
    for index, body in enumerate(bodies):
        text = new_notice_text(
            kind="incident",
            title=f'A "title" {index}',
            impact="none",
            components=[],
            at=T0,
            status="investigating",
            body=body,
        ) + update_text(T0 + timedelta(minutes=1), "resolved", body)
        loaded = parse_notice(f"n-{index}", "n.toml", text.encode())
        assert [u.body for u in loaded.notice.updates] == [body, body]
        assert loaded.notice.title == f'A "title" {index}'


def test_notices_are_read_from_any_fsspec_url() -> None:
    from elytra_status_core._fs import url_to_fs

    fs, _ = url_to_fs("memory://")
    text = new_notice_text(
        kind="incident", title="Errors", impact="outage", components=[], at=T0, status="investigating", body="Looking."
    )
    fs.pipe_file("/notices-test/2026-12-01-errors.toml", text.encode())
    fs.pipe_file("/notices-test/README.md", b"not a notice")
    fs.pipe_file("/notices-test/archive/2025-01-01-old.toml", b"nested: not read")
    loaded = load_notices(NoticeSettings(dir="memory://notices-test"), Path("/unused"), set())
    assert [(n.id, n.file) for n in loaded] == [("2026-12-01-errors", "memory://notices-test/2026-12-01-errors.toml")]
    assert load_notices(NoticeSettings(dir="memory://no-such-folder"), Path("/unused")) == []


# --- the CLI, end to end -----------------------------------------------------------------

HEARTBEATS = {
    "heartbeatList": {
        "1": [{"status": 1, "time": "2026-12-01 14:59:00", "msg": "", "ping": 40}],
        "2": [{"status": 1, "time": "2026-12-01 14:59:01", "msg": "", "ping": 41}],
        "7": [{"status": 1, "time": "2026-12-01 14:59:02", "msg": "", "ping": 42}],
    },
    "uptimeList": {"1_24": 1, "2_24": 0.9999, "7_24": 1},
}

LEAKY_MONITOR_KEY = "db-7.internal.example"


def site(tmp_path: Path, *, extra: str = "", heartbeats: dict[str, object] | None = None) -> Path:
    kuma = tmp_path / "kuma"
    beats = kuma / "api" / "status-page" / "heartbeat" / "platform"
    beats.parent.mkdir(parents=True)
    beats.write_text(json.dumps(heartbeats or HEARTBEATS))
    (tmp_path / "notices").mkdir()
    config = tmp_path / "elytra-status.toml"
    config.write_text(
        f"""
[[sources]]
kind = "uptime-kuma"
name = "kuma"
url = "kuma"
status_page = "platform"
uptime_7d = false

[[components]]
id = "websites"
name = "Customer websites"
group = "Hosting"
monitors = ["kuma:1", "kuma:2"]

[[components]]
id = "panel"
name = "Control panel"
monitors = ["kuma:7", "kuma:db-*"]

[[publish]]
url = "public/status.json"
{extra}
"""
    )
    return config


def beat(tmp_path: Path, now: datetime) -> None:
    """Every monitor checked a minute before ``now``."""
    beats = json.loads(json.dumps(HEARTBEATS))
    for monitor in beats["heartbeatList"].values():
        monitor[0]["time"] = (now - timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M:%S")
    (tmp_path / "kuma" / "api" / "status-page" / "heartbeat" / "platform").write_text(json.dumps(beats))


def cli(argv: list[str], now: datetime = NOW) -> int:
    return main(argv, environ={}, clock=lambda: now)


def published(tmp_path: Path) -> dict[str, object]:
    return json.loads((tmp_path / "public" / "status.json").read_bytes())


def test_an_incident_from_first_update_to_resolution(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = str(site(tmp_path))
    assert cli(["status", "publish", "--config", config]) == 0
    assert published(tmp_path)["platform_status"] == "operational"
    assert "notices" not in published(tmp_path)

    argv = ["notice", "new", "incident", "--config", config, "--title", "Control panel logins fail"]
    assert (
        cli([*argv, "--impact", "outage", "--component", "panel", "--body", "We are investigating.", "--publish"]) == 0
    )
    notice_id = "2026-12-01-control-panel-logins-fail"
    doc = decode((tmp_path / "public" / "status.json").read_bytes())
    assert doc.platform_status == "outage"  # the operator's word counts while every monitor is green
    assert doc.components is not msgspec.UNSET and doc.notices is not msgspec.UNSET
    assert {c.id: c.status for c in doc.components} == {"websites": "operational", "panel": "outage"}
    assert [(n.id, n.status) for n in doc.notices] == [(notice_id, "investigating")]

    path = tmp_path / "notices" / f"{notice_id}.toml"
    path.write_text(path.read_text() + "# operator: see the deploy log\n")
    before = path.read_bytes()
    later = NOW + timedelta(minutes=30)
    beat(tmp_path, later)
    update = [
        "notice",
        "update",
        notice_id,
        "--config",
        config,
        "--status",
        "resolved",
        "--body",
        "Rolled back.",
        "--publish",
    ]
    assert cli(update, later) == 0
    assert path.read_bytes().startswith(before)  # appended, comments kept
    doc = decode((tmp_path / "public" / "status.json").read_bytes())
    assert doc.platform_status == "operational"
    assert doc.notices is not msgspec.UNSET
    (notice,) = doc.notices
    assert (notice.status, notice.resolved_at, [u.status for u in notice.updates]) == (
        "resolved",
        later,
        ["resolved", "investigating"],
    )

    capsys.readouterr()
    assert cli(["notice", "list", "--config", config], later + timedelta(days=2)) == 0
    assert "no notices shown now" in capsys.readouterr().out
    assert cli(["notice", "list", "--config", config, "--all"], later + timedelta(days=2)) == 0
    assert notice_id in capsys.readouterr().out


def test_maintenance_announced_then_in_progress_then_completed(tmp_path: Path) -> None:
    config = str(site(tmp_path))
    argv = ["notice", "new", "maintenance", "--config", config, "--title", "Database upgrade", "--component", "panel"]
    assert cli([*argv, "--starts", "2h", "--ends", "3h", "--body", "Short interruptions."]) == 0
    for offset, platform, panel, status in [
        (timedelta(0), "operational", "operational", "scheduled"),
        (timedelta(hours=2, minutes=5), "operational", "maintenance", "in_progress"),
        (timedelta(hours=3, minutes=5), "operational", "operational", "completed"),
    ]:
        beat(tmp_path, NOW + offset)
        assert cli(["status", "publish", "--config", config], NOW + offset) == 0
        doc = decode((tmp_path / "public" / "status.json").read_bytes())
        assert doc.components is not msgspec.UNSET and doc.notices is not msgspec.UNSET
        assert doc.platform_status == platform
        assert {c.id: c.status for c in doc.components}["panel"] == panel
        assert [n.status for n in doc.notices] == [status]


def test_notice_commands_refuse_a_leak_before_writing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = str(site(tmp_path))
    argv = ["notice", "new", "incident", "--config", config, "--title", "Errors"]
    assert cli([*argv, "--body", "Failing over to db-2 at 10.20.30.40 now"]) == 2
    err = capsys.readouterr().err
    assert "ipv4" in err and "10.20.30.40" not in err and "updates[0].body" in err
    assert list((tmp_path / "notices").iterdir()) == []
    assert cli([*argv, "--body", "Looking."]) == 0
    (path,) = (tmp_path / "notices").iterdir()
    before = path.read_bytes()
    update = ["notice", "update", path.stem, "--config", config, "--status", "identified"]
    assert cli([*update, "--body", "token=ghp_16C7e42F292c6912E7710c838347Ae178B4a"]) == 2
    assert "ghp_16C7e42F292c6912E7710c838347Ae178B4a" not in capsys.readouterr().err
    assert path.read_bytes() == before


def test_a_leak_in_a_notice_file_fails_the_publish_closed_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(site(tmp_path))
    assert cli(["status", "publish", "--config", config]) == 0
    good = (tmp_path / "public" / "status.json").read_bytes()
    leaky = tmp_path / "notices" / "2026-11-01-old.toml"
    text = new_notice_text(
        kind="incident",
        title="Old",
        impact="none",
        components=[],
        at=T0 - timedelta(days=30),
        status="investigating",
        body="x",
    )
    leaky.write_text(
        text + update_text(T0 - timedelta(days=29), "resolved", "Fixed by editing postgres://app:s3cretpass@db1/app")
    )
    assert cli(["status", "publish", "--config", config], NOW + timedelta(minutes=10)) != 0
    err = capsys.readouterr().err
    assert "2026-11-01-old.toml" in err and "updates[1].body" in err and "s3cretpass" not in err
    assert (tmp_path / "public" / "status.json").read_bytes() == good


def test_monitor_keys_and_names_are_never_published(tmp_path: Path) -> None:
    beats = json.loads(json.dumps(HEARTBEATS))
    beats["heartbeatList"][LEAKY_MONITOR_KEY] = [
        {"status": 0, "time": "2026-12-01 14:59:03", "msg": "10.9.8.7 refused", "ping": None}
    ]
    config = str(site(tmp_path, heartbeats=beats))
    assert cli(["status", "publish", "--config", config]) == 0
    data = (tmp_path / "public" / "status.json").read_bytes()
    doc = decode(data)
    assert doc.components is not msgspec.UNSET
    assert {c.id: c.status for c in doc.components}["panel"] == "outage"  # kuma:db-* picked it
    for published_file in (tmp_path / "public").rglob("*"):
        if published_file.is_file():
            body = published_file.read_bytes()
            assert LEAKY_MONITOR_KEY.encode() not in body and b"10.9.8.7" not in body, published_file


def test_a_selector_that_matches_nothing_warns_in_the_log_and_in_explain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(site(tmp_path))
    assert cli(["status", "explain", "--config", config]) == 0
    captured = capsys.readouterr()
    assert "component panel: selector 'kuma:db-*' matches no monitor in this run" in captured.out
    assert "selector 'kuma:db-*' matches no monitor" in captured.err
    assert "component websites: operational" in captured.out


@pytest.mark.parametrize(
    ("extra", "key", "reason"),
    [
        ('[[components]]\nid = "panel"\nname = "Again"\n', "components[2].id", "used twice"),
        (
            '[[components]]\nid = "x"\nname = "X"\nmonitors = ["kuma"]\n',
            "components[2].monitors[0]",
            "'<source name>:<monitor key glob>'",
        ),
        (
            '[[components]]\nid = "x"\nname = "X"\nmonitors = ["prom:*"]\n',
            "components[2].monitors[0]",
            "no source is called 'prom'",
        ),
        ('[[components]]\nid = "Bad Id"\nname = "X"\n', "components[2].id", "match"),
        (
            '[[sources]]\nkind = "uptime-kuma"\nname = "kuma"\nurl = "k2"\nstatus_page = "p"\n',
            "sources[1].name",
            "two sources",
        ),
    ],
)
def test_component_config_errors_name_the_key(
    tmp_path: Path, extra: str, key: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(site(tmp_path, extra=extra))
    assert cli(["config", "check", "--config", config]) == 2
    err = capsys.readouterr().err
    assert key in err and reason in err, err


def test_a_notice_naming_an_unknown_component_is_a_config_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(site(tmp_path))
    text = new_notice_text(
        kind="incident",
        title="Errors",
        impact="degraded",
        components=["billing"],
        at=T0,
        status="investigating",
        body="x",
    )
    (tmp_path / "notices" / "2026-12-01-errors.toml").write_text(text)
    assert cli(["status", "publish", "--config", config]) == 2
    err = capsys.readouterr().err
    assert "2026-12-01-errors.toml" in err and "components[0]" in err and "unknown component id 'billing'" in err
    assert (
        cli(["notice", "new", "incident", "--config", config, "--title", "T", "--component", "nope", "--body", "b"])
        == 2
    )


def test_notices_in_a_bucket_prefix_are_written_and_read_through_s3(
    tmp_path: Path, s3_server: S3Server, capsys: pytest.CaptureFixture[str]
) -> None:
    s3_server.client().create_bucket(Bucket="notices-bucket")
    extra = f'[notices]\ndir = "s3://notices-bucket/notices/"\nendpoint_url = "{s3_server.endpoint}"\n'
    config = str(site(tmp_path, extra=extra))
    environ = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}

    def run(argv: list[str], now: datetime = NOW) -> int:
        return main(argv, environ=environ, clock=lambda: now)

    new = ["notice", "new", "incident", "--config", config, "--title", "DNS lookups fail", "--impact", "outage"]
    assert run([*new, "--body", "Looking into it."]) == 0
    notice_id = "2026-12-01-dns-lookups-fail"
    update = ["notice", "update", notice_id, "--config", config, "--status", "identified", "--body", "Found it."]
    assert run(update, NOW + timedelta(minutes=1)) == 0
    beat(tmp_path, NOW + timedelta(minutes=2))
    assert run(["status", "publish", "--config", config], NOW + timedelta(minutes=2)) == 0
    doc = decode((tmp_path / "public" / "status.json").read_bytes())
    assert doc.platform_status == "outage"
    assert doc.notices is not msgspec.UNSET
    assert [(n.id, n.status) for n in doc.notices] == [(notice_id, "identified")]
    stored = s3_server.client().get_object(Bucket="notices-bucket", Key=f"notices/{notice_id}.toml")["Body"].read()
    assert stored.startswith(b"# Incident notice") and stored.count(b"[[updates]]") == 2
