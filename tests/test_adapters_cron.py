"""The cron wrapper, the crontab, the systemd units and the logrotate snippet.

The wrapper runs for real: the real ``elytra`` publishing to moto's S3 server,
a real ``flock`` and ``timeout``, credentials only from the env file.
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import socket
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from elytra_status_contract import decode
from tests._integration import require_program
from tests.conftest import ROOT, S3Server

CRON = ROOT / "adapters" / "cron"
WRAPPER = CRON / "elytra-status-cron"
ELYTRA = Path(sys.executable).parent / "elytra"
LINE = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ elytra-status-cron job=(?P<job>\w+) outcome=(?P<outcome>[\w-]+) "
    r"exit=(?P<exit>\d+) duration=\d+\.\d{3}s(?: (?P<key>error|reason)=\"(?P<message>.*)\")?$"
)


class Site:
    """A scratch deployment: config, env file, log and lock folders under tmp_path."""

    def __init__(self, root: Path, endpoint: str, bucket: str) -> None:
        self.root = root
        self.bucket = bucket
        self.log = root / "log" / "elytra-status.log"
        self.output_log = root / "log" / "output.log"
        self.log.parent.mkdir()
        (root / "lock").mkdir()
        self.config = root / "etc" / "elytra-status.toml"
        self.config.parent.mkdir()
        self.config.write_text(
            f'[[publish]]\nurl = "s3://{bucket}/status.json"\nendpoint_url = "{endpoint}"\n', encoding="utf-8"
        )
        self.env_file = root / "etc" / "env"
        self.write_env()

    def write_env(self, timeout: int = 60, extra: str = "") -> None:
        self.env_file.write_text(
            "# elytra-status credentials\n"
            f"ELYTRA_STATUS_CONFIG={self.config}\n"
            "export AWS_ACCESS_KEY_ID=testing\n"
            "AWS_SECRET_ACCESS_KEY='testing'\n"
            'AWS_DEFAULT_REGION="us-east-1"\n'
            "\n"
            f"ELYTRA_BIN={ELYTRA}\n"
            f"ELYTRA_STATUS_LOG={self.log}\n"
            f"ELYTRA_STATUS_OUTPUT_LOG={self.output_log}\n"
            f"ELYTRA_STATUS_LOCK_DIR={self.root / 'lock'}\n"
            f"ELYTRA_STATUS_TIMEOUT={timeout}\n" + extra,
            encoding="utf-8",
        )
        self.env_file.chmod(0o600)

    def environ(self) -> dict[str, str]:
        """What cron gives a job: a bare environment. No AWS credentials in it."""
        return {
            "PATH": "/usr/bin:/bin",
            "HOME": str(self.root),
            "LANG": "C.UTF-8",
            "ELYTRA_STATUS_ENV_FILE": str(self.env_file),
        }

    def command(self, job: str = "publish", *args: str) -> list[str]:
        return ["bash", str(WRAPPER), job, *args]

    def run(self, job: str = "publish", *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.command(job, *args), env=self.environ(), capture_output=True, text=True, timeout=120)

    def lines(self) -> list[re.Match[str]]:
        text = self.log.read_text(encoding="utf-8") if self.log.exists() else ""
        matches = [LINE.match(line) for line in text.splitlines()]
        assert all(m is not None for m in matches), text
        return [m for m in matches if m is not None]


@pytest.fixture
def site(tmp_path: Path, s3_server: S3Server) -> Site:
    require_program("flock")
    require_program("timeout")
    bucket = f"status-{uuid.uuid4().hex[:12]}"
    s3_server.client().create_bucket(Bucket=bucket)
    return Site(tmp_path, s3_server.endpoint, bucket)


class HangingEndpoint:
    """A loopback TCP server that accepts connections and never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.accepted = threading.Event()
        self.connections: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)
            self.accepted.set()

    def close(self) -> None:
        self.sock.close()
        for conn in self.connections:
            conn.close()


@pytest.fixture
def hanging() -> Iterator[HangingEndpoint]:
    endpoint = HangingEndpoint()
    try:
        yield endpoint
    finally:
        endpoint.close()


# --- static checks ---------------------------------------------------------------


def test_shellcheck_reports_nothing() -> None:
    shellcheck = require_program("shellcheck")
    done = subprocess.run([shellcheck, "--severity=style", str(WRAPPER)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""


def test_wrapper_is_executable() -> None:
    assert os.access(WRAPPER, os.X_OK)
    assert WRAPPER.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n")


def test_crontab_publishes_every_10_minutes_and_checks_every_5() -> None:
    jobs: dict[str, str] = {}
    for line in (CRON / "elytra-status.crontab").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or re.match(r"^[A-Z_]+=", line):
            continue
        fields = line.split()
        schedule, user, program, job = " ".join(fields[:5]), fields[5], fields[6], fields[7]
        assert user == "elytra-status"
        assert program == "/usr/local/bin/elytra-status-cron"
        jobs[job] = schedule
    assert jobs == {"publish": "*/10 * * * *", "check": "*/5 * * * *"}


# --- the wrapper against moto -----------------------------------------------------


def test_publish_success_logs_one_line(site: Site, s3_server: S3Server) -> None:
    assert "AWS_ACCESS_KEY_ID" not in site.environ()
    done = site.run()
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""
    (line,) = site.lines()
    assert (line["job"], line["outcome"], line["exit"]) == ("publish", "ok", "0")
    obj: Any = s3_server.client().get_object(Bucket=site.bucket, Key="status.json")
    assert obj["ContentType"] == "application/json"
    assert obj["CacheControl"] == "public, max-age=60"
    assert decode(obj["Body"].read()).platform_status == "unknown"
    assert f"wrote s3://{site.bucket}/status.json" in site.output_log.read_text(encoding="utf-8")

    again = site.run()
    assert again.returncode == 0, again.stderr
    assert [m["outcome"] for m in site.lines()] == ["ok", "ok"]


def test_publish_failure_exit_code_and_log_line(site: Site) -> None:
    site.config.write_text(
        site.config.read_text(encoding="utf-8").replace(site.bucket, "no-such-bucket"), encoding="utf-8"
    )
    done = site.run()
    assert done.returncode == 1
    (line,) = site.lines()
    assert (line["outcome"], line["exit"], line["key"]) == ("failed", "1", "error")
    assert "no-such-bucket" in line["message"]
    assert done.stderr.strip() == line.group(0), "a failure is printed for cron's MAILTO"


def test_credentials_come_from_the_env_file(site: Site) -> None:
    site.env_file.write_text(
        "\n".join(line for line in site.env_file.read_text(encoding="utf-8").splitlines() if "AWS_" not in line) + "\n",
        encoding="utf-8",
    )
    done = site.run()
    assert done.returncode == 1
    assert site.lines()[0]["outcome"] == "failed"


def test_config_error_keeps_exit_code_2(site: Site) -> None:
    site.config.write_text("[[publish]]\nurl = 42\n", encoding="utf-8")
    done = site.run()
    assert done.returncode == 2
    (line,) = site.lines()
    assert (line["outcome"], line["exit"]) == ("failed", "2")
    assert "publish[0].url" in line["message"]


def test_bad_env_file_line_is_reported_without_its_value(site: Site) -> None:
    site.write_env(extra="this line leaks hunter2-secret\n")
    done = site.run()
    assert done.returncode == 2
    assert "hunter2" not in done.stderr + site.log.read_text(encoding="utf-8")
    (line,) = site.lines()
    assert line["outcome"] == "error"
    assert re.search(r"line \d+: expected KEY=value", line["message"])


def test_missing_env_file_is_an_error(site: Site) -> None:
    env = site.environ() | {"ELYTRA_STATUS_ENV_FILE": str(site.root / "nowhere")}
    done = subprocess.run(site.command(), env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "does not exist" in done.stderr


def test_lock_held_by_a_second_run(site: Site, hanging: HangingEndpoint) -> None:
    site.config.write_text(f'[[publish]]\nurl = "s3://{site.bucket}/status.json"\nendpoint_url = "{hanging.url}"\n')
    site.write_env(timeout=6)
    with subprocess.Popen(
        site.command(), env=site.environ(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ) as first:
        try:
            # Once elytra talks to the endpoint, the first run surely holds the lock.
            assert hanging.accepted.wait(30), "the first run never reached the S3 endpoint"
            second = site.run()
            assert second.returncode == 0, second.stderr
            assert second.stdout == "" and second.stderr == ""
            (skipped,) = site.lines()
            assert (skipped["outcome"], skipped["exit"], skipped["key"]) == ("skipped", "0", "reason")
            assert "another run holds" in skipped["message"]
        finally:
            first.wait(60)
    assert first.returncode == 124
    assert [m["outcome"] for m in site.lines()] == ["skipped", "timeout"]


def test_timeout(site: Site, hanging: HangingEndpoint) -> None:
    site.config.write_text(f'[[publish]]\nurl = "s3://{site.bucket}/status.json"\nendpoint_url = "{hanging.url}"\n')
    site.write_env(timeout=2)
    done = site.run()
    assert done.returncode == 124
    (line,) = site.lines()
    assert (line["outcome"], line["exit"], line["message"]) == ("timeout", "124", "killed after 2s")
    assert done.stderr.strip() == line.group(0)
    # The lock went with the killed run: the next run gets it (and times out too).
    assert site.run().returncode == 124
    assert [m["outcome"] for m in site.lines()] == ["timeout", "timeout"]


def test_check_job_uses_the_url_from_the_env_file(site: Site, s3_server: S3Server) -> None:
    assert site.run().returncode == 0
    url = f"{s3_server.endpoint}/{site.bucket}/status.json"
    site.write_env(extra=f"ELYTRA_STATUS_CHECK_URL={url}\nELYTRA_STATUS_CHECK_STATE={site.root / 'state.json'}\n")
    done = site.run("check")
    assert done.returncode == 0, site.output_log.read_text(encoding="utf-8")
    assert [(m["job"], m["outcome"]) for m in site.lines()] == [("publish", "ok"), ("check", "ok")]
    client: Any = s3_server.client()
    client.delete_object(Bucket=site.bucket, Key="status.json")
    done = site.run("check", url, "--json")
    assert done.returncode == 1
    line = site.lines()[-1]
    assert (line["job"], line["outcome"], line["exit"]) == ("check", "failed", "1")
    assert "is failing: fetch" in line["message"]


# --- systemd and logrotate --------------------------------------------------------

UNITS = sorted((CRON / "systemd").iterdir())


def _units_for_this_host(tmp_path: Path) -> list[Path]:
    """The units with ExecStart pointing at this checkout's elytra (verify wants it to exist)."""
    copies: list[Path] = []
    for unit in UNITS:
        copy = tmp_path / unit.name
        copy.write_text(
            unit.read_text(encoding="utf-8").replace("/usr/local/bin/elytra", str(ELYTRA)), encoding="utf-8"
        )
        copies.append(copy)
    return copies


def test_systemd_units_verify_cleanly(tmp_path: Path) -> None:
    analyze = require_program("systemd-analyze")
    assert {u.suffix for u in UNITS} == {".service", ".timer"}
    assert {u.stem for u in UNITS} == {"elytra-status-publish", "elytra-status-check"}
    done = subprocess.run(
        [analyze, "verify", *map(str, _units_for_this_host(tmp_path))], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "", done.stderr  # unknown keys are only warnings


@pytest.mark.parametrize("service", ["elytra-status-publish.service", "elytra-status-check.service"])
def test_systemd_units_are_hardened(service: str, tmp_path: Path) -> None:
    analyze = require_program("systemd-analyze")
    text = (CRON / "systemd" / service).read_text(encoding="utf-8")
    for setting in (
        "DynamicUser=yes",
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
        "ReadOnlyPaths=/etc/elytra-status",
    ):
        assert setting in text.splitlines()
    unit = next(u for u in _units_for_this_host(tmp_path) if u.name == service)
    done = subprocess.run(
        [analyze, "security", "--offline=yes", "--threshold=25", str(unit)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr


def test_timers_match_the_crontab() -> None:
    publish = (CRON / "systemd" / "elytra-status-publish.timer").read_text(encoding="utf-8")
    check = (CRON / "systemd" / "elytra-status-check.timer").read_text(encoding="utf-8")
    assert "OnCalendar=*:0/10" in publish.splitlines()
    assert "OnCalendar=*:0/5" in check.splitlines()


def test_logrotate_snippet_rotates(tmp_path: Path) -> None:
    logrotate = require_program("logrotate")
    logs = tmp_path / "log"
    logs.mkdir()
    (logs / "elytra-status.log").write_text("one line per run\n", encoding="utf-8")
    user = pwd.getpwuid(os.getuid()).pw_name
    group = grp.getgrgid(os.getgid()).gr_name
    snippet = (CRON / "logrotate" / "elytra-status").read_text(encoding="utf-8")
    assert "/var/log/elytra-status/*.log {" in snippet
    conf = tmp_path / "logrotate.conf"
    conf.write_text(
        snippet.replace("/var/log/elytra-status", str(logs)).replace("elytra-status elytra-status", f"{user} {group}"),
        encoding="utf-8",
    )
    conf.chmod(0o644)
    done = subprocess.run(
        [logrotate, "--force", "--state", str(tmp_path / "state"), str(conf)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert (logs / "elytra-status.log.1").read_text(encoding="utf-8") == "one line per run\n"
    assert (logs / "elytra-status.log").read_text(encoding="utf-8") == ""
    assert (logs / "elytra-status.log").stat().st_mode & 0o777 == 0o640
