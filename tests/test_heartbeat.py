"""Run heartbeats (``[run] ping_url``, the Healthchecks.io convention) around ``elytra status publish``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from elytra_status_core._cli import main
from elytra_status_core._errors import NotifyError
from elytra_status_core._heartbeat import Heartbeat, ping_url_of
from elytra_status_core._log import known_secrets
from elytra_status_core._run import default_lock_path, run_lock
from tests.conftest import free_port
from tests.servers import ReplayServer, Reply

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
CHECK = "/ping/0e3a6b4c-1d2f-4a5b-9c8d-7e6f5a4b3c2d"


def test_ping_urls() -> None:
    url = "https://hc-ping.com/0e3a6b4c"
    assert ping_url_of(url, "start", None) == "https://hc-ping.com/0e3a6b4c/start"
    assert ping_url_of(url, "success", "r1") == "https://hc-ping.com/0e3a6b4c?rid=r1"
    assert ping_url_of(url + "/", "fail", "r1") == "https://hc-ping.com/0e3a6b4c/fail?rid=r1"
    assert ping_url_of("https://hc.example.com/ping/key/slug?create=1", "start", "r2") == (
        "https://hc.example.com/ping/key/slug/start?create=1&rid=r2"
    )


def test_a_transient_ping_failure_is_retried_within_the_timeout() -> None:
    calls: list[str] = []
    slept: list[float] = []
    now = [0.0]

    def send(url: str, body: bytes, **_: object) -> None:
        calls.append(url)
        if len(calls) < 3:
            raise NotifyError("x", "answered HTTP 503", transient=True)

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    beat = Heartbeat("https://hc.example.com/x", timeout=10, send=send, sleep=sleep, clock=lambda: now[0])
    assert beat.success()
    assert len(calls) == 3 and len(slept) == 2
    calls.clear()

    def refuse(url: str, body: bytes, **_: object) -> None:
        calls.append(url)
        raise NotifyError("x", "answered HTTP 404")

    assert not Heartbeat("https://hc.example.com/x", timeout=10, send=refuse, sleep=sleep, clock=lambda: now[0]).start()
    assert len(calls) == 1  # not worth repeating


def config(tmp_path: Path, ping: str, *, target: str = "status.json", extra: str = "") -> Path:
    path = tmp_path / "elytra-status.toml"
    path.write_text(
        f'[infrastructure]\nmodel = "Dedicated servers."\n\n[[publish]]\nurl = "{target}"\n\n[run]\n{ping}\n{extra}',
        encoding="utf-8",
    )
    return path


def publish(path: Path, capsys: pytest.CaptureFixture[str], environ: dict[str, str] | None = None) -> tuple[int, str]:
    env = {"XDG_RUNTIME_DIR": str(path.parent / "run"), **(environ or {})}
    code = main(["status", "publish", "--config", str(path)], environ=env, clock=lambda: NOW)
    return code, capsys.readouterr().err


def pings(server: ReplayServer) -> list[tuple[str, str, bytes]]:
    """(path, rid, body) of every ping."""
    seen: list[tuple[str, str, bytes]] = []
    for request in server.requests:
        parts = urlsplit(request.path)
        seen.append((parts.path, parse_qs(parts.query).get("rid", [""])[0], request.body))
    return seen


@pytest.fixture
def checks() -> Iterator[ReplayServer]:
    routes = {CHECK: Reply(200, b"OK"), f"{CHECK}/start": Reply(200, b"OK"), f"{CHECK}/fail": Reply(200, b"OK")}
    with ReplayServer(routes) as server:
        yield server


def test_a_run_pings_start_then_success(
    checks: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = publish(config(tmp_path, f'ping_url = "{checks.url}{CHECK}"'), capsys)
    assert code == 0
    [(start, rid, _), (done, rid_again, body)] = pings(checks)
    assert (start, done) == (f"{CHECK}/start", CHECK)
    assert rid and rid == rid_again
    assert body == b""
    assert CHECK not in err  # the ping URL is a secret


def test_a_failed_run_pings_fail_with_the_last_error_line(
    checks: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "taken").write_text("a file, not a folder\n", encoding="utf-8")
    path = config(tmp_path, f'ping_url = "{checks.url}{CHECK}"', target="taken/status.json")
    code, err = publish(path, capsys)
    assert code == 1
    [(start, _, _), (fail, _, body)] = pings(checks)
    assert (start, fail) == (f"{CHECK}/start", f"{CHECK}/fail")
    last_error = [line for line in err.splitlines() if " error " in line][-1]
    assert body.decode() == last_error.split(" error   ", 1)[1]
    assert body.startswith(b"sink ")


def test_a_config_error_pings_fail_without_start(
    checks: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "elytra-status.toml"
    path.write_text(f'[[publish]]\nurl = "status.json"\n\n[run]\nping_url = "{checks.url}{CHECK}"\n', encoding="utf-8")
    code, _ = publish(path, capsys)
    assert code == 2
    [(fail, _, body)] = pings(checks)
    assert fail == f"{CHECK}/fail"
    assert b"nothing to measure" in body


def test_the_url_may_come_from_the_environment(
    checks: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = config(tmp_path, 'ping_url_env = "ELYTRA_STATUS_PING_URL"')
    code, err = publish(path, capsys, {"ELYTRA_STATUS_PING_URL": f"{checks.url}{CHECK}"})
    assert code == 0
    assert known_secrets().spans(f"{checks.url}{CHECK}")  # masked by value in every log line
    assert [p for p, _, _ in pings(checks)] == [f"{CHECK}/start", CHECK]
    code, err = publish(path, capsys)
    assert code == 0
    assert "ELYTRA_STATUS_PING_URL is not set; no heartbeat is sent" in err


def test_an_unreachable_heartbeat_never_fails_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}{CHECK}"
    code, err = publish(config(tmp_path, f'ping_url = "{url}"', extra='ping_timeout = "1s"\n'), capsys)
    assert code == 0
    assert "heartbeat start (http://127.0.0.1:" in err
    assert (tmp_path / "status.json").is_file()


def test_a_run_that_finds_the_lock_taken_pings_nothing(
    checks: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = config(tmp_path, f'ping_url = "{checks.url}{CHECK}"')
    lock = default_lock_path(path, {"XDG_RUNTIME_DIR": str(tmp_path / "run")})
    with run_lock(lock, private_folder=True):
        code, err = publish(path, capsys)
    assert code == 0
    assert "still going" in err
    assert pings(checks) == []


def test_ping_url_and_ping_url_env_exclude_each_other(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = config(tmp_path, 'ping_url = "https://hc-ping.com/x"\nping_url_env = "PING"')
    assert main(["config", "check", "--config", str(path)], environ={}) == 2
    assert "set ping_url or ping_url_env, not both" in capsys.readouterr().err
