"""Configured secrets are masked by value, whatever their shape, in everything the CLI prints.

A detector knows a secret by its shape; the secrets a run is configured with
(a source's token, a URL's password, the S3 keys, the alert webhook) may have
none. Here every kind of them is given a shape no detector recognises, and
each source kind echoes them back: HTTP sources in their 401/400/500 bodies
(as a server that repeats the credential it refused), file sources through
an error message that quotes the file. ``status publish``, ``--dry-run`` and
``config check`` run in-process; neither stdout nor stderr may show a
secret. A control run without the registry shows that the echo does reach the
output, so the masking under test is what hides it.
"""

from __future__ import annotations

import dataclasses
import json
import random
import string
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path

import pytest

import elytra_status_core._log as log
from elytra_status_core._cli import main
from elytra_status_core._core.redact import redact_text
from tests.servers import ReplayServer, Reply

NOW = datetime(2025, 11, 10, 12, tzinfo=UTC)


def _shapeless(rng: random.Random) -> str:
    """A secret no detector recognises: lower-case letters only, 12 to 20 of them."""
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(12, 20)))


@dataclasses.dataclass(frozen=True)
class Secrets:
    """One run's secrets, each of a different kind."""

    token: str
    """The value of the variable a source names with ``token_env`` (``betterstack`` only)."""
    url_password: str
    aws_secret: str
    aws_key_id: str
    aws_session: str
    webhook: str

    with_token: bool = True
    """Whether the config names the token's variable: a variable nobody names is not the run's secret."""
    with_password: bool = True
    """Whether a URL of the config carries the password."""

    @classmethod
    def fresh(cls, seed: int) -> Secrets:
        rng = random.Random(seed)
        token, password, secret, key_id, session = (_shapeless(rng) for _ in range(5))
        return cls(token, password, secret, key_id, session, webhook=f"https://alerts.example.com/{_shapeless(rng)}")

    def for_kind(self, kind: str) -> Secrets:
        """The secrets a config with a source of ``kind`` has: the token for Better Stack, a URL password for servers."""
        return dataclasses.replace(
            self, with_token=kind == "betterstack", with_password=kind in ("uptime-kuma", "prometheus")
        )

    def all(self) -> dict[str, str]:
        return {
            **({"token_env": self.token} if self.with_token else {}),
            **({"url password": self.url_password} if self.with_password else {}),
            "AWS_SECRET_ACCESS_KEY": self.aws_secret,
            "AWS_ACCESS_KEY_ID": self.aws_key_id,
            "AWS_SESSION_TOKEN": self.aws_session,
            "ELYTRA_STATUS_ALERT_WEBHOOK": self.webhook,
        }

    def environ(self) -> dict[str, str]:
        return {
            "ELYTRA_TEST_TOKEN": self.token,
            "AWS_SECRET_ACCESS_KEY": self.aws_secret,
            "AWS_ACCESS_KEY_ID": self.aws_key_id,
            "AWS_SESSION_TOKEN": self.aws_session,
            "ELYTRA_STATUS_ALERT_WEBHOOK": self.webhook,
        }

    def echo(self) -> str:
        """The values as a server would repeat them, with nothing around them that names them a secret."""
        return ", ".join(self.all().values())


def test_the_secrets_have_no_shape_a_detector_knows() -> None:
    secrets = Secrets.fresh(1)
    for value in secrets.all().values():
        assert redact_text(f"401: rejected {value}") == f"401: rejected {value}"


def _run(argv: list[str], environ: Mapping[str, str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv, environ=environ, clock=lambda: NOW)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _shown(secrets: Secrets, *outputs: str) -> list[str]:
    """The kinds of secret that appear in ``outputs``, whole or by their last ten characters."""
    text = "\n".join(outputs)
    return [kind for kind, value in secrets.all().items() if value in text or value[-10:] in text]


# --- the sources, each echoing the secrets back --------------------------------------------------

Table = Callable[[str, Secrets, Path], str]
"""A ``[[sources]]`` table for a server at a URL (or for files in a folder)."""


def _with_password(url: str, secrets: Secrets) -> str:
    return url.replace("http://", f"http://ops:{secrets.url_password}@")


HTTP_SOURCES: dict[str, tuple[str, Table]] = {
    "uptime-kuma": (
        "/api/status-page/heartbeat/platform",
        lambda url, s, _: (
            f'kind = "uptime-kuma"\nurl = "{_with_password(url, s)}"\nstatus_page = "platform"\nuptime_7d = false'
        ),
    ),
    "betterstack": (
        "/monitors",
        lambda url, s, _: f'kind = "betterstack"\nurl = "{url}"\ntoken_env = "ELYTRA_TEST_TOKEN"',
    ),
    "prometheus": (
        "/api/v1/query",
        lambda url, s, _: f'kind = "prometheus"\nurl = "{_with_password(url, s)}"\nquery = "probe_success"',
    ),
}


def _error_body(secrets: Secrets) -> bytes:
    """An API error body in the keys each kind reads (``msg``, ``errors``, ``error``), echoing every secret."""
    echo = f"rejected what we sent: {secrets.echo()}"
    return json.dumps({"status": "error", "errorType": "bad_data", "msg": echo, "errors": echo, "error": echo}).encode()


def _file_table(kind: str, secrets: Secrets, folder: Path) -> str:
    """A file source whose file (or missing folder) makes its error message quote the secrets."""
    if kind == "restic":
        path = folder / "restic.json"
        path.write_text(json.dumps({"error": f"repository rejected {secrets.echo()}"}) + "\n", encoding="utf-8")
        return f'kind = "restic"\nsnapshots = "{path}"'
    if kind == "borg":
        path = folder / "borg.json"
        path.write_text(json.dumps({"archives": [{"name": "nightly", "time": secrets.aws_secret}]}), encoding="utf-8")
        return f'kind = "borg"\nlist = "{path}"\ntimezone = "UTC"'
    return f'kind = "object-listing"\nprefix = "{folder}/backups-{secrets.aws_key_id}/"'


FILE_SOURCES = ("restic", "borg", "object-listing")


def _config(folder: Path, table: str) -> Path:
    path = folder / "elytra-status.toml"
    path.write_text(
        f'[publish_options]\nlock_file = "publish.lock"\n\n[collect]\nretries = 0\n\n[[sources]]\n{table}\n\n'
        f'[[publish]]\nurl = "out/status.json"\n',
        encoding="utf-8",
    )
    return path


COMMANDS: dict[str, list[str]] = {
    "publish": ["status", "publish", "--config"],
    "dry-run": ["status", "publish", "--dry-run", "--config"],
}


@pytest.fixture
def secrets(request: pytest.FixtureRequest) -> Secrets:
    return Secrets.fresh(hash(request.node.nodeid) & 0xFFFFFFFF)


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with ReplayServer() as running:
        yield running


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("status", [401, 400, 500])
@pytest.mark.parametrize("kind", sorted(HTTP_SOURCES))
@pytest.mark.parametrize("verbose", [False, True], ids=["quiet", "verbose"])
def test_an_http_source_echoing_every_secret_shows_none(
    kind: str,
    status: int,
    command: str,
    verbose: bool,
    secrets: Secrets,
    server: ReplayServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    secrets = secrets.for_kind(kind)
    path, table = HTTP_SOURCES[kind]
    server.routes[path] = Reply(status, _error_body(secrets))
    config = _config(tmp_path, table(server.url, secrets, tmp_path))
    argv = (["-v"] if verbose else []) + [*COMMANDS[command], str(config)]
    code, out, err = _run(argv, secrets.environ(), capsys)
    assert code == 1, err
    assert any(request.path.startswith(path) for request in server.requests), "the source was asked"
    assert _shown(secrets, out, err) == []


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("kind", FILE_SOURCES)
def test_a_file_source_quoting_a_secret_in_its_error_shows_none(
    kind: str, command: str, secrets: Secrets, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secrets = secrets.for_kind(kind)
    config = _config(tmp_path, _file_table(kind, secrets, tmp_path))
    code, out, err = _run([*COMMANDS[command], str(config)], secrets.environ(), capsys)
    assert code == 1, err
    assert f"source {kind}" in err, "the source failed and said so"
    assert _shown(secrets, out, err) == []


@pytest.mark.parametrize("where", ["name", "endpoint"])
def test_config_check_masks_a_secret_written_into_a_printed_setting(
    where: str, secrets: Secrets, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``config check`` prints every setting; a secret's value in one of them is masked like anywhere else."""
    secrets = secrets.for_kind("uptime-kuma" if where == "name" else "restic")
    body = (
        f'kind = "uptime-kuma"\nurl = "{_with_password("http://127.0.0.1:9", secrets)}"\nstatus_page = "platform"\n'
        f'name = "kuma for {secrets.aws_secret} and {secrets.url_password}"'
        if where == "name"
        else f'kind = "restic"\nsnapshots = "s3://backups/{secrets.aws_key_id}/{secrets.aws_session}.json"'
    )
    config = _config(tmp_path, body)
    code, out, err = _run(["config", "check", "--config", str(config)], secrets.environ(), capsys)
    assert code == 0, err
    assert json.loads(out)["sources"][0]["kind"] in ("uptime-kuma", "restic")
    assert "[redacted known-secret" in out
    assert _shown(secrets, out, err) == []


@pytest.mark.parametrize("kind", ["uptime-kuma", "betterstack", "restic"])
def test_without_the_registry_the_echo_reaches_the_output(
    kind: str,
    secrets: Secrets,
    server: ReplayServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The control: with registration switched off, the same runs print the secrets the tests above hide."""

    def registered_nowhere(values: object) -> None:
        return None

    monkeypatch.setattr(log, "register_secrets", registered_nowhere)
    secrets = secrets.for_kind(kind)
    if kind in HTTP_SOURCES:
        path, table = HTTP_SOURCES[kind]
        server.routes[path] = Reply(401, _error_body(secrets))
        config = _config(tmp_path, table(server.url, secrets, tmp_path))
    else:
        config = _config(tmp_path, _file_table(kind, secrets, tmp_path))
    _code, out, err = _run(["status", "publish", "--dry-run", "--config", str(config)], secrets.environ(), capsys)
    shown = _shown(secrets, out, err)
    assert "AWS_SECRET_ACCESS_KEY" in shown and "ELYTRA_STATUS_ALERT_WEBHOOK" in shown
    if kind == "betterstack":
        assert "token_env" in shown
    if kind == "uptime-kuma":
        assert "url password" in shown


def test_a_new_run_forgets_the_secrets_of_the_last(
    secrets: Secrets, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, _file_table("restic", secrets, tmp_path))
    _run(["status", "publish", "--dry-run", "--config", str(config)], secrets.environ(), capsys)
    assert secrets.aws_secret in log.known_secrets().values
    assert secrets.token not in log.known_secrets().values  # no source names its variable
    _run(["status", "mock", "--state", "outage"], {}, capsys)
    assert secrets.aws_secret not in log.known_secrets().values


def test_a_secret_cut_short_by_a_message_limit_is_masked_too() -> None:
    from elytra_status_core._core.redact import KnownSecrets

    known = KnownSecrets.of(["orchardlanternfieldmouse"])
    assert (
        redact_text("server said: orchardlantern...", known=known)
        == "server said: [redacted known-secret (14 chars)]..."
    )
    assert redact_text("tail orchardlant", known=known) == "tail [redacted known-secret (11 chars)]"
    assert (
        redact_text("an orchard lantern, orchardl then more", known=known) == "an orchard lantern, orchardl then more"
    )


def test_registered_secrets_are_masked_in_log_lines_and_short_ones_ignored(capsys: pytest.CaptureFixture[str]) -> None:
    log.configure_logging()
    log.register_secrets(["orchardlantern", "abc"])
    log.logger.warning("server said: orchardlantern abc")
    err = capsys.readouterr().err
    assert "orchardlantern" not in err and "[redacted known-secret (14 chars)] abc" in err
    log.forget_secrets()


def test_a_configured_secret_of_any_shape_is_never_published() -> None:
    """Detectors judge shapes; a registered value is refused by value, in the document itself."""
    from elytra_status_contract import Infrastructure, PlatformStatus, encode
    from elytra_status_core._errors import LeakDetected
    from elytra_status_core._log import forget_secrets, register_secrets
    from elytra_status_core._run import guard_output

    odd = "correct horse battery staple"  # no detector's shape: four words
    doc = PlatformStatus(
        updated_at=datetime(2025, 6, 1, tzinfo=UTC),
        platform_status="operational",
        infrastructure=Infrastructure(notes=f"Note: {odd}."),
    )
    data = encode(doc)
    assert guard_output(data) == data  # nothing registered: the detectors see ordinary words
    register_secrets([odd])
    try:
        with pytest.raises(LeakDetected, match="a configured secret value appears in the output"):
            guard_output(data)
    finally:
        forget_secrets()
