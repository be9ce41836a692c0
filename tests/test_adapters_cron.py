"""The cron wrapper, the crontab, the systemd units and the logrotate snippet.

The wrapper runs for real: the real ``elytra`` publishing to moto's S3 server,
a real ``flock`` and ``timeout``, credentials only from the env file. Tests of
what the wrapper itself does with its arguments and logs run it with a stub
``elytra`` that records the arguments it was given.
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import shlex
import socket
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from elytra_status_contract import decode
from tests._integration import require_program
from tests.conftest import ROOT, S3Server

CRON = ROOT / "adapters" / "cron"
WRAPPER = CRON / "elytra-status-cron"
ELYTRA = Path(sys.executable).parent / "elytra"
# Static text for the document: a config with nothing to measure and nothing to say is refused.
STATIC = '[infrastructure]\nmodel = "Dedicated droplet per client."\n\n'
LINE = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ elytra-status-cron job=(?P<job>\w+) outcome=(?P<outcome>[\w-]+) "
    r"exit=(?P<exit>\d+) duration=\d+\.\d{3}s(?: (?P<key>error|reason)=\"(?P<message>.*)\")?$"
)


class Site:
    """A scratch deployment: config, env file, log and lock folders under tmp_path."""

    def __init__(self, root: Path, endpoint: str, bucket: str, elytra: Path = ELYTRA) -> None:
        self.root = root
        self.bucket = bucket
        self.elytra = elytra
        self.log = root / "log" / "elytra-status.log"
        self.output_log = root / "log" / "output.log"
        self.log.parent.mkdir()
        self.lock_dir = root / "lock"
        self.lock_dir.mkdir()
        self.config = root / "etc" / "elytra-status.toml"
        self.config.parent.mkdir()
        self.config.write_text(
            f'{STATIC}[[publish]]\nurl = "s3://{bucket}/status.json"\nendpoint_url = "{endpoint}"\n', encoding="utf-8"
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
            f"ELYTRA_BIN={self.elytra}\n"
            f"ELYTRA_STATUS_LOG={self.log}\n"
            f"ELYTRA_STATUS_OUTPUT_LOG={self.output_log}\n"
            f"ELYTRA_STATUS_LOCK_DIR={self.lock_dir}\n"
            f"ELYTRA_STATUS_TIMEOUT={timeout}\n" + extra,
            encoding="utf-8",
        )
        self.env_file.chmod(0o600)

    def environ(self) -> dict[str, str]:
        """What cron gives a job: a bare environment. No AWS credentials in it.

        The log paths are set here too, so that an error found before the env
        file is read is not logged to the default folder under /var/log.
        """
        return {
            "PATH": "/usr/bin:/bin",
            "HOME": str(self.root),
            "LANG": "C.UTF-8",
            "ELYTRA_STATUS_ENV_FILE": str(self.env_file),
            "ELYTRA_STATUS_LOG": str(self.log),
            "ELYTRA_STATUS_OUTPUT_LOG": str(self.output_log),
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


class StubElytra:
    """A stand-in for ``elytra``: records its arguments, prints one line, exits with ``$STUB_EXIT``."""

    OUTPUT = "stub elytra ran"

    def __init__(self, folder: Path) -> None:
        self.path = folder / "bin" / "elytra"
        self.path.parent.mkdir(parents=True)
        self.argv_file = folder / "argv"
        self.path.write_text(
            "#!/usr/bin/env bash\n"
            f"printf '%s\\0' \"$@\" >{shlex.quote(str(self.argv_file))}\n"
            f"echo '{self.OUTPUT}'\n"
            'exit "${STUB_EXIT:-0}"\n',
            encoding="utf-8",
        )
        self.path.chmod(0o755)

    def ran(self) -> bool:
        return self.argv_file.exists()

    def argv(self) -> list[str]:
        return self.argv_file.read_text(encoding="utf-8").split("\0")[:-1]


@pytest.fixture
def stub(tmp_path: Path) -> StubElytra:
    return StubElytra(tmp_path / "stub")


@pytest.fixture
def stub_site(tmp_path: Path, stub: StubElytra) -> Site:
    """A deployment whose elytra is the stub: no S3, nothing is published."""
    require_program("flock")
    require_program("timeout")
    return Site(tmp_path, "http://127.0.0.1:9", "unused", elytra=stub.path)


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
    site.config.write_text(
        f'{STATIC}[[publish]]\nurl = "s3://{site.bucket}/status.json"\nendpoint_url = "{hanging.url}"\n'
    )
    site.write_env(timeout=15)  # room for a slow start on a loaded machine; the endpoint hangs anyway
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
    site.config.write_text(
        f'{STATIC}[[publish]]\nurl = "s3://{site.bucket}/status.json"\nendpoint_url = "{hanging.url}"\n'
    )
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


# --- the wrapper's arguments and logs, with the stub elytra --------------------------

CHECK_URL = "https://status.example.com/status.json"
OTHER_URL = "https://other.example.com/status.json"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), ["status", "check", CHECK_URL]),
        (("--max-age", "1h"), ["status", "check", CHECK_URL, "--max-age", "1h"]),
        (("--json", "--timeout", "20"), ["status", "check", CHECK_URL, "--json", "--timeout", "20"]),
        ((OTHER_URL, "--max-age", "1h"), ["status", "check", OTHER_URL, "--max-age", "1h"]),
    ],
)
def test_check_options_keep_the_url_from_the_env_file(
    stub_site: Site, stub: StubElytra, args: tuple[str, ...], expected: list[str]
) -> None:
    stub_site.write_env(extra=f"ELYTRA_STATUS_CHECK_URL={CHECK_URL}\n")
    done = stub_site.run("check", *args)
    assert done.returncode == 0, done.stderr
    assert stub.argv() == expected
    (line,) = stub_site.lines()
    assert (line["job"], line["outcome"]) == ("check", "ok")


def test_check_options_without_any_url_are_an_error(stub_site: Site, stub: StubElytra) -> None:
    done = stub_site.run("check", "--max-age", "1h")
    assert done.returncode == 2
    assert "set ELYTRA_STATUS_CHECK_URL or pass the URL to check" in done.stderr
    assert not stub.ran()


def test_publish_arguments_are_passed_on(stub_site: Site, stub: StubElytra) -> None:
    assert stub_site.run("publish", "--dry-run").returncode == 0
    assert stub.argv() == ["status", "publish", "--dry-run"]


def test_missing_log_and_lock_folders_are_created(stub_site: Site, stub: StubElytra) -> None:
    logs = stub_site.root / "var" / "log" / "elytra-status"
    stub_site.log = logs / "elytra-status.log"
    stub_site.output_log = logs / "output.log"
    stub_site.lock_dir = stub_site.root / "run" / "lock"
    stub_site.write_env()
    done = stub_site.run()
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""
    (line,) = stub_site.lines()
    assert line["outcome"] == "ok"
    assert StubElytra.OUTPUT in stub_site.output_log.read_text(encoding="utf-8")
    assert logs.stat().st_mode & 0o777 == 0o750
    assert (stub_site.lock_dir / "elytra-status-publish.lock").exists()


@pytest.mark.parametrize(("code", "outcome"), [(0, "ok"), (1, "failed")])
def test_logs_that_cannot_be_written_go_to_stderr(stub_site: Site, stub: StubElytra, code: int, outcome: str) -> None:
    blocker = stub_site.root / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    stub_site.log = blocker / "log" / "elytra-status.log"
    stub_site.output_log = blocker / "log" / "output.log"
    stub_site.write_env(extra=f"STUB_EXIT={code}\n")
    done = stub_site.run()
    assert done.returncode == code
    assert done.stdout == ""
    stderr = done.stderr.splitlines()
    why = f"its folder {blocker / 'log'} does not exist and cannot be created"
    assert (
        f"elytra-status-cron: warning: cannot write the log {stub_site.log} ({why}); logging to stderr instead"
        in stderr
    )
    assert (
        f"elytra-status-cron: warning: cannot write the output log {stub_site.output_log} ({why}); "
        "the output of elytra follows" in stderr
    )
    assert StubElytra.OUTPUT in stderr
    lines = [m for m in map(LINE.match, stderr) if m is not None]
    assert [(m["outcome"], m["exit"]) for m in lines] == [(outcome, str(code))]  # once, on failure too


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


def unit_settings(path: Path) -> dict[str, list[str]]:
    """The ``Key=value`` assignments of a unit file, by key, in order."""
    settings: dict[str, list[str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";", "[")):
            continue
        key, _, value = line.partition("=")
        settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def state_directories(service: str) -> list[PurePosixPath]:
    """The ``StateDirectory=`` entries of a unit, relative to /var/lib."""
    values = unit_settings(CRON / "systemd" / service).get("StateDirectory", [])
    return [PurePosixPath(entry.split(":", 1)[0]) for value in values for entry in value.split()]


def test_each_service_has_a_state_directory_of_its_own() -> None:
    """With DynamicUser=yes, a shared state directory would change owner at every start of either unit."""
    publish = state_directories("elytra-status-publish.service")
    check = state_directories("elytra-status-check.service")
    assert publish and check
    for mine in publish:
        for theirs in check:
            assert mine != theirs
            assert not mine.is_relative_to(theirs) and not theirs.is_relative_to(mine)


def test_the_check_state_file_is_where_the_docs_say() -> None:
    from elytra_status_core._cli.status import default_state_file

    service = CRON / "systemd" / "elytra-status-check.service"
    (folder,) = state_directories(service.name)
    state_directory = PurePosixPath("/var/lib") / folder
    state = state_directory / "check-state.json"
    # systemd sets $STATE_DIRECTORY; the env file's ELYTRA_STATUS_CHECK_STATE (for cron) is unset.
    assert "ELYTRA_STATUS_CHECK_STATE" in " ".join(unit_settings(service)["UnsetEnvironment"]).split()
    assert str(default_state_file({"STATE_DIRECTORY": str(state_directory)})) == str(state)
    readme = (CRON / "README.md").read_text(encoding="utf-8")
    env = (CRON / "env.example").read_text(encoding="utf-8")
    for text in (readme, env):
        assert str(state) in text
    for service_name in ("elytra-status-publish.service", "elytra-status-check.service"):
        (own,) = state_directories(service_name)
        assert f"StateDirectory={own}" in readme
    # cron keeps the state in the service user's home, which no unit uses.
    (cron_state,) = re.findall(r"^ELYTRA_STATUS_CHECK_STATE=(.+)$", env, re.MULTILINE)
    home = re.search(r"useradd --system --home-dir (\S+)", readme)
    assert home is not None
    assert PurePosixPath(cron_state).is_relative_to(home[1])
    for service_name in ("elytra-status-publish.service", "elytra-status-check.service"):
        for own in state_directories(service_name):
            assert not PurePosixPath(cron_state).is_relative_to(PurePosixPath("/var/lib") / own)


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


# --- the install and operations guides ----------------------------------------------

DOCS = ROOT / "docs"
LOCKED_INSTALL = (
    "uv sync --frozen --no-dev --no-editable",
    "uv export --frozen --no-dev --no-emit-workspace",
    "pip install --require-hashes -r requirements.txt",
    "pip install --no-deps ./packages/elytra-status-contract ./packages/elytra-status-core",
)


def shell_lines(markdown: str) -> list[str]:
    """The lines of the fenced ``bash`` blocks of a document, continuation lines joined."""
    lines: list[str] = []
    for block in re.findall(r"^ *```bash\n(.*?)^ *```", markdown, re.MULTILINE | re.DOTALL):
        joined = re.sub(r"\\\n\s*", " ", block)
        lines += [line.strip() for line in joined.splitlines() if line.strip()]
    return lines


@pytest.mark.parametrize("doc", [CRON / "README.md", DOCS / "operations.md"], ids=lambda p: p.name)
def test_install_instructions_use_the_lockfile(doc: Path) -> None:
    lines = shell_lines(doc.read_text(encoding="utf-8"))
    for command in LOCKED_INSTALL:
        assert any(command in line for line in lines), command
    # No pip install that would resolve dependencies by itself.
    for line in lines:
        if "pip install" in line:
            assert "--require-hashes" in line or "--no-deps" in line, line


def test_install_instructions_are_the_same_in_both_guides() -> None:
    def install(doc: Path) -> list[str]:
        lines = shell_lines(doc.read_text(encoding="utf-8"))
        return [line.split("#")[0].strip() for line in lines if re.search(r"\b(uv (sync|export)|pip install)\b", line)]

    assert install(CRON / "README.md") == install(DOCS / "operations.md")


def _options(*command: str) -> list[str]:
    """The options ``elytra COMMAND --help`` lists, without the global ones."""
    done = subprocess.run([str(ELYTRA), *command, "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    usage = done.stdout.split("\n\n", 1)[0]
    found = re.findall(r"\[(--[a-z][a-z-]*)", usage)
    return [option for option in found if option not in {"--log-format", "--config"}]


def _mentions(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def test_operations_guide_documents_every_option_of_the_check() -> None:
    text = (DOCS / "operations.md").read_text(encoding="utf-8")
    options = _options("status", "check")
    assert {"--max-age", "--origin", "--timeout", "--state-file"} <= set(options)
    assert [option for option in options if not _mentions(text, option)] == []
    # The state file's default, in the order the check looks for it.
    chain = ["$ELYTRA_STATUS_CHECK_STATE", "$STATE_DIRECTORY", "$XDG_STATE_HOME", "~/.local/state/elytra-status"]
    positions = [text.find(step) for step in chain]
    assert -1 not in positions and positions == sorted(positions), positions


def _table_keys(text: str, heading: str) -> list[str]:
    """The first column of the first table after ``heading``."""
    section = text.split(heading, 1)[1]
    table = re.search(r"^\| key \|.*?(?=^[^|])", section, re.MULTILINE | re.DOTALL)
    assert table is not None, heading
    return re.findall(r"^\| `([a-z_]+)` \|", table.group(0), re.MULTILINE)


def test_publish_tables_are_documented_key_by_key() -> None:
    import msgspec

    from elytra_status_core._config import PublishOptions, SinkSettings

    operations = (DOCS / "operations.md").read_text(encoding="utf-8")
    reliability = (DOCS / "reliability.md").read_text(encoding="utf-8")
    publish = [f.encode_name for f in msgspec.structs.fields(SinkSettings)]
    options = [f.encode_name for f in msgspec.structs.fields(PublishOptions)]
    assert _table_keys(operations, "`[[publish]]`") == publish
    assert _table_keys(operations, "`[publish_options]`") == options
    assert _table_keys(reliability, "### Retry policy") == options
    assert '`"none"`' in operations.split("`[[publish]]`", 1)[1]


def test_duration_units_are_documented() -> None:
    from elytra_status_core._core.durations import parse_duration

    for doc in ("operations.md", "reliability.md", "sources.md"):
        text = (DOCS / doc).read_text(encoding="utf-8")
        units = re.search(r"`ms`, `s`, `m`,\s+`h`\s+or\s+`d`", text)
        assert units is not None, doc
        for example in re.findall(r'`"(\d+(?:ms|[smhd])(?:\d+(?:ms|[smhd]))*)"`', text):
            parse_duration(example)


def test_every_source_key_is_shown_in_its_section() -> None:
    """Each kind's section of docs/sources.md, outside the generated table, shows every key of its table."""
    import msgspec

    from elytra_status_core._sources.registry import KINDS, source_module

    text = (DOCS / "sources.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## ([a-z-]+)\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL))
    missing: list[str] = []
    for kind in KINDS:
        fields = msgspec.structs.fields(source_module(kind).Settings)
        for field in fields:
            if field.encode_name in {"kind", "name", "max_observation_age"}:
                continue  # documented once for every kind
            if not re.search(rf"^#? ?{field.encode_name} = ", sections[kind], re.MULTILINE):
                missing.append(f"{kind}.{field.encode_name}")
    assert missing == []
