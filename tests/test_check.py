"""``elytra status check`` against real loopback HTTP servers, one per failure kind."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import msgspec
import pytest

from elytra_status_contract import PlatformStatus, encode
from elytra_status_core._cli import main
from elytra_status_core._cli.status import STATE_FILE_ENV, WEBHOOK_ENV, default_state_file
from elytra_status_core._monitor.alert import mask_webhook
from elytra_status_core._monitor.evaluate import CHECKS, CheckOptions, Fetched, evaluate
from tests.servers import Recorded, ReplayServer, Reply

GOOD_HEADERS: Mapping[str, str] = {
    "Content-Type": "application/json",
    "Access-Control-Allow-Origin": "*",
    "Cache-Control": "public, max-age=60",
}
WEBHOOK_PATH = "/services/T0000/B0000/s3cr3tW3bh00kPath"
NOW = datetime(2026, 3, 14, 9, 26, 53, tzinfo=UTC)
"""The clock of every check run here: freshness never depends on when the test runs."""


def document(updated_at: datetime | None = None, stale_after: datetime | None = None) -> bytes:
    when = updated_at or NOW
    doc = PlatformStatus(updated_at=when, platform_status="operational")
    if stale_after is not None:
        doc = msgspec.structs.replace(doc, stale_after=stale_after)
    return encode(doc)


def ago(**kwargs: float) -> datetime:
    return NOW - timedelta(**kwargs)


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with ReplayServer() as srv:
        yield srv


def serve(srv: ReplayServer, reply: Reply) -> str:
    srv.routes["/status.json"] = reply
    return f"{srv.url}/status.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["status", "check", *argv], clock=lambda: NOW)
    out, err = capsys.readouterr()
    return code, out, err


def lines_by_check(out: str) -> dict[str, tuple[str, str]]:
    """``{name: (STATUS, detail)}`` from the one-line-per-check output."""
    table: dict[str, tuple[str, str]] = {}
    for line in out.strip().splitlines():
        status, name, detail = line.split(None, 2)
        table[name] = (status, detail)
    assert list(table) == list(CHECKS), out
    return table


def failing(out: str) -> set[str]:
    return {name for name, (status, _) in lines_by_check(out).items() if status == "FAIL"}


# --- healthy --------------------------------------------------------------------


def test_healthy_document_passes_every_check_and_sends_an_origin(
    server: ReplayServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = serve(server, Reply(200, document(ago(minutes=3)), GOOD_HEADERS))
    code, out, err = run(capsys, url)
    assert code == 0, out + err
    table = lines_by_check(out)
    assert all(status == "OK" for status, _ in table.values()), out
    assert "Access-Control-Allow-Origin *" in table["cors"][1]
    assert "platform_status operational" in table["contract"][1]
    request = server.requests[-1]
    assert request.method == "GET"
    assert request.headers["origin"] == "https://elytra-status-check.example"


def test_an_origin_echoed_back_is_accepted(server: ReplayServer, capsys: pytest.CaptureFixture[str]) -> None:
    def echo(request: Recorded) -> Reply:
        return Reply(
            200, document(), {**GOOD_HEADERS, "Access-Control-Allow-Origin": request.headers.get("origin", "")}
        )

    server.routes["/status.json"] = echo
    code, out, _ = run(capsys, f"{server.url}/status.json", "--origin", "https://www.elytracloud.com")
    assert code == 0, out
    assert server.requests[-1].headers["origin"] == "https://www.elytracloud.com"


def test_json_output(server: ReplayServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = serve(server, Reply(200, document(), {**GOOD_HEADERS, "Cache-Control": ""}))
    code, out, _ = run(capsys, url, "--json")
    assert code == 1
    report = json.loads(out)
    assert report["url"] == url
    assert report["healthy"] is False
    assert report["alert"] == "disabled"
    assert [c["name"] for c in report["checks"]] == list(CHECKS)
    statuses = {c["name"]: c["status"] for c in report["checks"]}
    assert statuses["cache-control"] == "fail"
    assert statuses["contract"] == "ok"


# --- one case per failure kind --------------------------------------------------


@pytest.mark.parametrize("status", [404, 500])
def test_http_error_status(status: int, server: ReplayServer, capsys: pytest.CaptureFixture[str]) -> None:
    body = b"<?xml version='1.0'?><Error><Code>NoSuchKey</Code></Error>"
    url = serve(server, Reply(status, body, {"Content-Type": "application/xml"}))
    code, out, _ = run(capsys, url)
    assert code == 1
    table = lines_by_check(out)
    assert table["fetch"][0] == "FAIL"
    assert f"HTTP {status}" in table["fetch"][1]
    assert {s for name, (s, _) in table.items() if name != "fetch"} == {"SKIP"}


def test_html_error_page_served_with_200(server: ReplayServer, capsys: pytest.CaptureFixture[str]) -> None:
    page = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"
    url = serve(server, Reply(200, page, {**GOOD_HEADERS, "Content-Type": "text/html; charset=utf-8"}))
    code, out, _ = run(capsys, url)
    assert code == 1
    assert failing(out) == {"content-type", "contract"}
    table = lines_by_check(out)
    assert "text/html" in table["content-type"][1]
    assert "not valid JSON" in table["contract"][1]


def test_truncated_json_stored_in_the_bucket(server: ReplayServer, capsys: pytest.CaptureFixture[str]) -> None:
    whole = document()
    url = serve(server, Reply(200, whole[: len(whole) // 2], GOOD_HEADERS))
    code, out, _ = run(capsys, url)
    assert code == 1
    assert failing(out) == {"contract"}
    assert lines_by_check(out)["freshness"][0] == "SKIP"


def test_truncated_json_on_the_wire(server: ReplayServer, capsys: pytest.CaptureFixture[str]) -> None:
    whole = document()
    url = serve(server, Reply(200, whole, GOOD_HEADERS, truncate_to=len(whole) // 2))
    code, out, _ = run(capsys, url)
    assert code == 1
    table = lines_by_check(out)
    assert table["fetch"][0] == "FAIL"
    assert "cut short at 46 of 92 bytes" in table["fetch"][1]


def test_schema_invalid_json(server: ReplayServer, capsys: pytest.CaptureFixture[str]) -> None:
    body = json.dumps({"updated_at": f"{NOW:%Y-%m-%dT%H:%M:%SZ}", "platform_status": "green"})
    url = serve(server, Reply(200, body.encode(), GOOD_HEADERS))
    code, out, _ = run(capsys, url)
    assert code == 1
    assert failing(out) == {"contract"}
    assert "$.platform_status" in lines_by_check(out)["contract"][1]


def test_missing_required_field(server: ReplayServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = serve(server, Reply(200, b'{"platform_status": "operational"}', GOOD_HEADERS))
    code, out, _ = run(capsys, url)
    assert code == 1
    assert failing(out) == {"contract"}
    assert "updated_at" in lines_by_check(out)["contract"][1]


def test_stale_document(server: ReplayServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = serve(server, Reply(200, document(ago(hours=2)), GOOD_HEADERS))
    code, out, _ = run(capsys, url)
    assert code == 1
    assert failing(out) == {"freshness"}
    assert "stale: updated 2h ago" in lines_by_check(out)["freshness"][1]


def test_max_age_is_stricter_than_a_generous_stale_after(
    server: ReplayServer, capsys: pytest.CaptureFixture[str]
) -> None:
    updated = ago(minutes=20)
    url = serve(server, Reply(200, document(updated, updated + timedelta(hours=2)), GOOD_HEADERS))
    code, out, _ = run(capsys, url)
    assert code == 0, out
    assert "(stale_after)" not in lines_by_check(out)["freshness"][1]
    code, out, _ = run(capsys, url, "--max-age", "10m")
    assert code == 1
    detail = lines_by_check(out)["freshness"][1]
    assert detail.endswith("(--max-age 10m)")


def test_stale_after_is_stricter_than_max_age(server: ReplayServer, capsys: pytest.CaptureFixture[str]) -> None:
    updated = ago(minutes=10)
    url = serve(server, Reply(200, document(updated, updated + timedelta(minutes=5)), GOOD_HEADERS))
    code, out, _ = run(capsys, url, "--max-age", "1h")
    assert code == 1
    assert failing(out) == {"freshness"}
    assert lines_by_check(out)["freshness"][1].endswith("(stale_after)")


def test_document_from_the_future(server: ReplayServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = serve(server, Reply(200, document(ago(hours=-1)), GOOD_HEADERS))
    code, out, _ = run(capsys, url)
    assert code == 1
    assert failing(out) == {"not-in-future", "freshness"}
    assert "ahead of this host's clock" in lines_by_check(out)["not-in-future"][1]


def test_small_clock_skew_is_tolerated(server: ReplayServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = serve(server, Reply(200, document(ago(minutes=-2)), GOOD_HEADERS))
    code, out, _ = run(capsys, url)
    assert code == 0, out


def test_missing_cors_header(server: ReplayServer, capsys: pytest.CaptureFixture[str]) -> None:
    headers = {k: v for k, v in GOOD_HEADERS.items() if k != "Access-Control-Allow-Origin"}
    url = serve(server, Reply(200, document(), headers))
    code, out, _ = run(capsys, url)
    assert code == 1
    assert failing(out) == {"cors"}
    assert "no Access-Control-Allow-Origin" in lines_by_check(out)["cors"][1]


def test_cors_for_another_origin_only(server: ReplayServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = serve(
        server, Reply(200, document(), {**GOOD_HEADERS, "Access-Control-Allow-Origin": "https://other.example"})
    )
    code, out, _ = run(capsys, url)
    assert code == 1
    assert failing(out) == {"cors"}


def test_wrong_content_type(server: ReplayServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = serve(server, Reply(200, document(), {**GOOD_HEADERS, "Content-Type": "binary/octet-stream"}))
    code, out, _ = run(capsys, url)
    assert code == 1
    assert failing(out) == {"content-type"}
    assert "binary/octet-stream" in lines_by_check(out)["content-type"][1]


def test_content_type_with_charset_is_fine(server: ReplayServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = serve(server, Reply(200, document(), {**GOOD_HEADERS, "Content-Type": "application/json; charset=utf-8"}))
    code, out, _ = run(capsys, url)
    assert code == 0, out


def test_timeout(server: ReplayServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = serve(server, Reply(200, document(), GOOD_HEADERS, delay=3.0))
    code, out, _ = run(capsys, url, "--timeout", "0.3")
    assert code == 1
    table = lines_by_check(out)
    assert table["fetch"] == ("FAIL", "GET timed out after 0.3s")


def test_connection_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with ReplayServer() as srv:
        url = f"{srv.url}/status.json"
    code, out, _ = run(capsys, url, "--timeout", "2")
    assert code == 1
    assert lines_by_check(out)["fetch"][1].startswith("cannot connect to 127.0.0.1:")


def test_redirect_is_followed_like_a_browser(server: ReplayServer, capsys: pytest.CaptureFixture[str]) -> None:
    server.routes["/old.json"] = Reply(301, b"", {"Location": "/status.json"})
    serve(server, Reply(200, document(), GOOD_HEADERS))
    code, out, _ = run(capsys, f"{server.url}/old.json")
    assert code == 0, out


def test_cache_control_missing(server: ReplayServer, capsys: pytest.CaptureFixture[str]) -> None:
    headers = {k: v for k, v in GOOD_HEADERS.items() if k != "Cache-Control"}
    url = serve(server, Reply(200, document(), headers))
    code, out, _ = run(capsys, url)
    assert code == 1
    assert failing(out) == {"cache-control"}


# --- local files ----------------------------------------------------------------


def test_local_path_and_file_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "status doc.json"
    path.write_bytes(document(ago(minutes=1)))
    for target in (str(path), path.as_uri()):
        code, out, _ = run(capsys, target)
        assert code == 0, out
        table = lines_by_check(out)
        assert table["cors"][0] == "SKIP"
        assert table["freshness"][0] == "OK"


def test_local_stale_and_missing_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "status.json"
    path.write_bytes(document(ago(hours=3)))
    code, out, _ = run(capsys, path.as_uri())
    assert code == 1
    assert failing(out) == {"freshness"}
    code, out, _ = run(capsys, str(tmp_path / "missing.json"))
    assert code == 1
    assert "does not exist" in lines_by_check(out)["fetch"][1]


def test_check_of_a_local_file_does_not_import_httpx(tmp_path: Path) -> None:
    path = tmp_path / "status.json"
    path.write_bytes(document())
    script = (
        "import sys\n"
        "from datetime import datetime\n"
        "from elytra_status_core._cli import main\n"
        f"code = main(['status', 'check', {str(path)!r}], clock=lambda: datetime.fromisoformat({NOW.isoformat()!r}))\n"
        "assert 'httpx' not in sys.modules, 'httpx was imported'\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


# --- usage errors ----------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["http://127.0.0.1:1/status.json", "--max-age", "soon"],
        ["http://127.0.0.1:1/status.json", "--max-age", "0m"],
        ["http://127.0.0.1:1/status.json", "--timeout", "never"],
        ["s3://bucket/status.json"],
        [],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, *argv)
    assert code == 2


def test_bad_webhook_is_a_usage_error_and_stays_secret(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "status.json"
    path.write_bytes(document())
    code, out, err = run(capsys, str(path), "--alert-webhook", f"ftp://hooks.example{WEBHOOK_PATH}")
    assert code == 2
    assert "s3cr3t" not in out + err
    assert "ftp://hooks.example/***" in err


# --- alerting ---------------------------------------------------------------------


@pytest.fixture
def hook() -> Iterator[ReplayServer]:
    with ReplayServer({WEBHOOK_PATH: Reply(200, b"ok", {"Content-Type": "text/plain"})}) as srv:
        yield srv


def posts(srv: ReplayServer) -> list[dict[str, Any]]:
    return [cast(dict[str, Any], json.loads(r.body)) for r in srv.requests if r.method == "POST"]


def test_alerts_only_on_change_of_state(
    server: ReplayServer, hook: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "state" / "check.json"
    webhook = f"{hook.url}{WEBHOOK_PATH}"
    healthy = Reply(200, document(), GOOD_HEADERS)
    broken = Reply(200, document(), {**GOOD_HEADERS, "Content-Type": "text/plain"})
    url = serve(server, healthy)
    argv = (url, "--alert-webhook", webhook, "--state-file", str(state))

    outputs: list[str] = []

    def step(reply: Reply, expected_code: int) -> dict[str, Any]:
        server.routes["/status.json"] = reply
        code, out, err = run(capsys, *argv, "--json")
        outputs.append(out + err)
        assert code == expected_code, out + err
        return cast(dict[str, Any], json.loads(out))

    first = step(healthy, 0)
    assert first["alert"] == "not-needed" and first["previous"] is None
    assert posts(hook) == []

    down = step(broken, 1)
    assert down["alert"] == "sent" and down["previous"] == "healthy"
    assert len(posts(hook)) == 1
    text = posts(hook)[0]["text"]
    assert "failing" in text and url in text and "content-type" in text
    assert hook.requests[-1].headers["content-type"] == "application/json"

    for _ in range(3):  # a cron job every 5 minutes: no repeats
        again = step(broken, 1)
        assert again["alert"] == "not-needed" and again["previous"] == "failing"
    assert len(posts(hook)) == 1

    up = step(healthy, 0)
    assert up["alert"] == "sent"
    assert len(posts(hook)) == 2
    assert "healthy again" in posts(hook)[1]["text"]

    step(healthy, 0)
    assert len(posts(hook)) == 2

    saved = json.loads(state.read_text())
    assert saved["targets"][url]["healthy"] is True
    assert all("s3cr3t" not in text for text in outputs)
    assert "s3cr3t" not in state.read_text()


def test_failed_alert_is_retried_next_run(
    server: ReplayServer, hook: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "check.json"
    url = serve(server, Reply(404, b"", {}))
    hook.routes[WEBHOOK_PATH] = [Reply(500, b"oops", {"Content-Type": "text/plain"}), Reply(200, b"ok", {})]
    argv = (url, "--alert-webhook", f"{hook.url}{WEBHOOK_PATH}", "--state-file", str(state))

    code, out, err = run(capsys, *argv)
    assert code == 1
    assert f"alert webhook {hook.url}/*** answered HTTP 500" in err
    assert "s3cr3t" not in out + err
    assert not state.exists()  # the flip is not recorded until the alert went out

    code, out, err = run(capsys, *argv, "--json")
    assert code == 1
    assert json.loads(out)["alert"] == "sent"
    assert len(posts(hook)) == 2

    code, out, _ = run(capsys, *argv, "--json")
    assert json.loads(out)["alert"] == "not-needed"
    assert len(posts(hook)) == 2


def test_webhook_from_the_environment(
    server: ReplayServer,
    hook: ReplayServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(WEBHOOK_ENV, f"{hook.url}{WEBHOOK_PATH}")
    monkeypatch.setenv(STATE_FILE_ENV, str(tmp_path / "from-env.json"))
    url = serve(server, Reply(500, b"", {}))
    code, out, err = run(capsys, url)
    assert code == 1
    assert len(posts(hook)) == 1
    assert (tmp_path / "from-env.json").exists()
    assert "s3cr3t" not in out + err


def test_default_state_file(tmp_path: Path) -> None:
    assert default_state_file({STATE_FILE_ENV: str(tmp_path / "x.json")}) == tmp_path / "x.json"
    assert (
        default_state_file({"STATE_DIRECTORY": str(tmp_path / "systemd")}) == tmp_path / "systemd" / "check-state.json"
    )
    xdg = default_state_file({"XDG_STATE_HOME": str(tmp_path / "xdg")})
    assert xdg == tmp_path / "xdg" / "elytra-status" / "check-state.json"
    assert default_state_file({"HOME": str(tmp_path)}) == tmp_path / ".local/state/elytra-status/check-state.json"


def test_mask_webhook_keeps_only_scheme_and_host() -> None:
    assert mask_webhook("https://hooks.slack.com/services/T0/B0/abc") == "https://hooks.slack.com/***"
    assert mask_webhook("http://127.0.0.1:8080/x?token=1") == "http://127.0.0.1:8080/***"


# --- the pure evaluation -------------------------------------------------------------


def test_evaluate_reports_every_check_in_order() -> None:
    now = datetime(2025, 11, 10, 12, 0, tzinfo=UTC)
    body = document(now - timedelta(minutes=5))
    fetched = Fetched("http", 200, "OK", {k.lower(): v for k, v in GOOD_HEADERS.items()}, body)
    results = evaluate(fetched, now=now, options=CheckOptions())
    assert [r.name for r in results] == list(CHECKS)
    assert {r.status for r in results} == {"ok"}
    late = evaluate(fetched, now=now + timedelta(minutes=26), options=CheckOptions())
    assert [r.name for r in late if r.status == "fail"] == ["freshness"]
