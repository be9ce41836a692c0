"""Real-looking secrets fed through every error path never show up in stdout or stderr.

Sources that answer 401/500 (echoing the token back), sources that cannot be
reached, sinks that fail, config errors, a leak caught in the document,
argparse's own messages, an unexpected exception, and a library logging a
credential: each runs the CLI in-process and checks that neither the secret
nor a recognizable tail of it (its last 10 characters) was printed.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from elytra_status_core._cli import main
from tests.conftest import S3Server, free_port
from tests.faultproxy import Fault, FaultProxy
from tests.servers import ReplayServer, Reply

GITHUB = "ghp_R8kq2ZxT4mW9vB1nC6pL3sD7fH0jK5gQ2wE8"
AWS_KEY = "AKIAZ7QW3ERT5YUI9OPA"
AWS_SECRET = "kP9/wQ2+zX7vB4nM1cL8sD3fG6hJ0kL5pO9iU2yT"
DO_TOKEN = "dop_v1_" + "3f9a0c2b7e1d4a6f8b5c9e0d2a4f6b8c1e3d5f7a9b0c2d4e6f8a1b3c5d7e9f0a"
SLACK_HOOK = "https://hooks.slack.com/services/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"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdGF0dXMtYm90IiwiZXhwIjoxNzYyNzQzNjAwfQ.Zk3pQ9vX2mW7bT1cR8nL4sY6hD0jF5gK3aE9uI2oP7w"
PASSWORD = "Tr0ub4dor-and-3-horses"
SECRETS = [GITHUB, AWS_KEY, AWS_SECRET, DO_TOKEN, SLACK_HOOK, JWT, PASSWORD]


def assert_no_secret(*outputs: str) -> None:
    text = "\n".join(outputs)
    for secret in SECRETS:
        assert secret not in text, f"secret printed: {secret[:6]}…"
        assert secret[-10:] not in text, f"tail of a secret printed: {secret[:6]}…"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    assert_no_secret(captured.out, captured.err)
    if "-v" not in argv:
        assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def write_config(folder: Path, body: str, options: str = "") -> Path:
    path = folder / "elytra-status.toml"
    path.write_text(f'[publish_options]\nlock_file = "publish.lock"\n{options}\n{body}')
    return path


@pytest.fixture
def echoing_source() -> Iterator[ReplayServer]:
    """An Uptime Kuma that rejects us and echoes our credentials back in the body."""
    echo = f"invalid token {GITHUB} for user ops:{PASSWORD}; hint {AWS_SECRET}".encode()
    with ReplayServer(
        {
            "/api/status-page/heartbeat/denied": Reply(401, echo, {"Content-Type": "text/plain"}),
            "/api/status-page/heartbeat/broken": Reply(500, echo, {"Content-Type": "text/plain"}),
            "/api/status-page/heartbeat/garbage": Reply(200, b'{"heartbeatList": "' + echo + b'"}'),
        }
    ) as server:
        yield server


def _with_credentials(url: str) -> str:
    return url.replace("http://", f"http://ops:{PASSWORD}@")


@pytest.mark.parametrize("slug", ["denied", "broken", "garbage", GITHUB])
@pytest.mark.parametrize("verbose", [False, True])
def test_source_errors_do_not_print_credentials(
    slug: str, verbose: bool, echoing_source: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(
        tmp_path,
        f"""
[collect]
retries = 0

[[sources]]
kind = "uptime-kuma"
url = "{_with_credentials(echoing_source.url)}"
status_page = "{slug}"
uptime_7d = false

[[publish]]
url = "out/status.json"
""",
    )
    argv = ["-v"] if verbose else []
    code, _out, err = run([*argv, "status", "publish", "--config", str(config)], capsys)
    assert code == 1
    assert "ops:***@127.0.0.1" in err  # the URL is named, masked
    assert not (tmp_path / "out").exists()


def test_unreachable_source_does_not_print_credentials(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(
        tmp_path,
        f"""
[collect]
retries = 0

[[sources]]
kind = "uptime-kuma"
url = "http://ops:{PASSWORD}@127.0.0.1:{free_port()}/?token={GITHUB}"
status_page = "platform"
""",
    )
    code, _out, err = run(["-v", "status", "summary", "--config", str(config)], capsys)
    assert code == 1 and "127.0.0.1" in err


@pytest.fixture
def bucket(s3_server: S3Server) -> str:
    name = f"secrets-{uuid.uuid4().hex[:12]}"
    s3_server.client().create_bucket(Bucket=name)
    return name


@pytest.mark.parametrize("fault", ["status", "reset", "denied"])
def test_sink_errors_do_not_print_credentials(
    fault: str,
    s3_server: S3Server,
    bucket: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", AWS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", AWS_SECRET)
    monkeypatch.setenv("AWS_SESSION_TOKEN", JWT)
    with FaultProxy(s3_server.endpoint) as proxy:
        planned = {
            "status": Fault("status", "PUT", times=None, status=503, code="SlowDown"),
            "reset": Fault("reset", times=None),
            "denied": Fault("status", times=None, status=403, code="InvalidAccessKeyId"),
        }[fault]
        proxy.inject(planned)
        config = write_config(
            tmp_path,
            f"""
[infrastructure]
model = "Droplets."

[[publish]]
url = "s3://{bucket}/status.json?token={GITHUB}"
endpoint_url = "{_with_credentials(proxy.url)}"
""",
            options='deadline = "2s"\nattempt_timeout = "1s"\nbackoff_max = "1s"\n',
        )
        code, _out, err = run(["-v", "status", "publish", "--config", str(config)], capsys)
    assert code == 1
    assert f"s3://{bucket}/status.json" in err


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (
            f'[[sources]]\nkind = "uptime-kuma"\nurl = "http://127.0.0.1"\nstatus_page = "p"\ntoken = "{GITHUB}"\n',
            "sources[0].token",
        ),
        (f'[status]\noutage_share = "{GITHUB}"\n', "status.outage_share"),
        (f'[status]\nstale_after = "{GITHUB}"\n', "status.stale_after"),
        (f'[backups]\nmax_age = "{JWT}"\n', "backups.max_age"),
        (f'[[sources]]\nkind = "{DO_TOKEN}"\n', "sources[0]"),
        (f"[status]\npassword = {PASSWORD}\n", "line 5"),
        (f'[[publish]]\nurl = "{SLACK_HOOK}"\nacl = 5\n', "publish[0].acl"),
        (f'[collect]\nretries = "{AWS_SECRET}"\n', "collect.retries"),
    ],
    ids=[
        "unknown-token-key",
        "wrong-type",
        "bad-duration",
        "bad-duration-jwt",
        "unknown-kind",
        "toml-syntax",
        "webhook-url",
        "aws-secret",
    ],
)
def test_config_errors_do_not_print_secrets(
    body: str, where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, body)
    code, _out, err = run(["config", "check", "--config", str(config)], capsys)
    assert code == 2
    assert where in err


def test_config_check_masks_every_credential(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(
        tmp_path,
        f"""
[redaction]
allow = ["status.elytracloud.com", "{AWS_KEY}"]

[[sources]]
kind = "uptime-kuma"
url = "https://ops:{PASSWORD}@uptime.example.com/?token={GITHUB}&jwt={JWT}"
status_page = "platform"
name = "kuma via {SLACK_HOOK}"

[[publish]]
url = "s3://elytracloud-status/status.json"
endpoint_url = "https://{AWS_KEY}:{AWS_SECRET}@nyc3.digitaloceanspaces.com"
""",
    )
    code, out, _err = run(["config", "check", "--config", str(config)], capsys)
    assert code == 0
    shown = json.loads(out)
    assert shown["redaction"]["allow"][0] == "status.elytracloud.com"
    assert shown["sources"][0]["url"].startswith("https://ops:***@uptime.example.com/")


def test_dry_run_refuses_a_leaking_document_and_masks_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(
        tmp_path,
        f"""
[infrastructure]
model = "Dedicated droplet per client."
notes = "Deploys use {GITHUB} and the DB at postgres://app:{PASSWORD}@10.0.0.5/app"
""",
    )
    code, out, err = run(
        ["status", "publish", "--config", str(config), "--to", str(tmp_path / "s.json"), "--dry-run"], capsys
    )
    assert code == 2  # static text is checked before the run, like `config check` does
    assert out == ""
    for detector in ("github-token", "url-credentials", "database-url", "ipv4"):
        assert f"$.infrastructure.notes: {detector}" in err
    assert not (tmp_path / "s.json").exists()


def test_dry_run_of_a_clean_document_prints_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, '[infrastructure]\nnotes = "See status.elytracloud.com."\n')
    code, out, err = run(
        ["status", "publish", "--config", str(config), "--to", f"s3://b/k?token={GITHUB}", "--dry-run"], capsys
    )
    assert code == 0
    assert json.loads(out)["infrastructure"]["notes"] == "See status.elytracloud.com."
    assert "would publish to s3://b/k?token=***" in err


def test_argparse_messages_are_masked(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(["status", "mock", "--state", GITHUB], capsys)
    assert code == 2 and "invalid choice" in err


@pytest.mark.parametrize("log_format", ["text", "json"])
@pytest.mark.parametrize("verbose", [False, True])
def test_an_unexpected_error_is_one_masked_line(
    log_format: str, verbose: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without -v: one line, no traceback. With -v: the traceback too, masked like everything else."""
    import elytra_status_core._run as publish

    def explode(*args: object, **kwargs: object) -> object:
        logging.getLogger("botocore.credentials").warning("found credentials %s / %s", AWS_KEY, AWS_SECRET)
        raise RuntimeError(f"boom while talking to {SLACK_HOOK} with {DO_TOKEN}")

    monkeypatch.setattr(publish, "build_run", explode)
    config = write_config(tmp_path, '[infrastructure]\nmodel = "Droplets."\n')
    argv = ["--log-format", log_format, *(["-v"] if verbose else [])]
    code, _out, err = run(
        [*argv, "status", "publish", "--config", str(config), "--to", str(tmp_path / "s.json")], capsys
    )
    assert code == 1
    assert "unexpected error (RuntimeError" in err
    assert ("Traceback" in err) is verbose
    assert "[botocore.credentials]" in err  # the library's warning went through the same masking


_LOADS_LOGGING_LATE = f"""
import sys
import elytra_status_core._run as publish
from elytra_status_core._cli import main

def explode(*args, **kwargs):
    import logging  # first loaded here, as by a library, after the CLI has configured its logging
    logging.getLogger("botocore.credentials").warning("found credentials %s / %s", {AWS_KEY!r}, {AWS_SECRET!r})
    raise RuntimeError("boom while talking to {SLACK_HOOK} with {DO_TOKEN}")

assert "logging" not in sys.modules, "logging was loaded before the command ran"
publish.build_run = explode
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("log_format", ["text", "json"])
@pytest.mark.parametrize("verbose", [False, True])
def test_logging_loaded_by_a_library_mid_run_is_masked_too(log_format: str, verbose: bool, tmp_path: Path) -> None:
    """A fresh process: the CLI starts without ``logging``; whoever loads it later gets the masking handlers."""
    config = write_config(tmp_path, '[infrastructure]\nmodel = "Droplets."\n')
    argv = ["--log-format", log_format, *(["-v"] if verbose else [])]
    argv += ["status", "publish", "--config", str(config), "--to", str(tmp_path / "s.json")]
    done = subprocess.run(
        [sys.executable, "-c", _LOADS_LOGGING_LATE, *argv], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 1, done.stderr
    assert_no_secret(done.stdout, done.stderr)
    assert "[botocore.credentials] found credentials" in done.stderr
    assert "unexpected error (RuntimeError" in done.stderr
    assert ("Traceback" in done.stderr) is verbose
    if log_format == "json":
        assert all(json.loads(line)["level"] for line in done.stderr.splitlines())


def test_status_check_of_a_url_with_credentials(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with ReplayServer({"/status.json": Reply(401, f"bad token {GITHUB}".encode())}) as server:
        url = _with_credentials(server.url) + f"/status.json?token={GITHUB}"
        code, out, err = run(["status", "check", url], capsys)
    assert code == 1
    assert "127.0.0.1" in out + err
