"""Change notifications: each kind against a loopback receiver, retries, the leak guard, and the CLI.

Webhook, Slack and Discord post to the replay server in tests/servers.py; mail
goes to a local aiosmtpd relay that offers STARTTLS (with a certificate made
here) and requires a login, as a real submission port does.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import ipaddress
import json
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import Message as MailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import msgspec
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from elytra_status_contract import PlatformStatus
from elytra_status_core import encode
from elytra_status_core._cli import main
from elytra_status_core._config import decode_table
from elytra_status_core._core.changes import changes
from elytra_status_core._log import configure_logging, known_secrets, register_secrets
from elytra_status_core._notify.base import Message, NotifyContext
from elytra_status_core._notify.deliver import Sent, deliver
from elytra_status_core._notify.registry import decode_settings, make_notifier
from tests.conftest import free_port
from tests.servers import ReplayServer, Reply

T0 = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
HOOK = "/services/T0000/B0000/abcdefghijklmnopqrstuvwx"


def document(status: str = "operational", **fields: Any) -> PlatformStatus:
    return msgspec.convert(
        {"schema_version": "1.1", "updated_at": T0, "platform_status": status, **fields}, PlatformStatus
    )


INCIDENT: dict[str, Any] = {
    "id": "2026-12-01-panel-errors",
    "kind": "incident",
    "title": "Elevated errors <!channel> @everyone",
    "status": "investigating",
    "impact": "degraded",
    "updated_at": "2026-12-01T14:05:00Z",
    "updates": [{"at": "2026-12-01T14:05:00Z", "status": "investigating", "body": "We are investigating."}],
}


def message(body: str = "We are investigating.") -> Message:
    notice = {**INCIDENT, "updates": [{**INCIDENT["updates"][0], "body": body}]}
    found = changes(document(), document("degraded", notices=[notice]))
    return Message(
        changes=tuple(found),
        document=document("degraded", notices=[notice]),
        page_name="Example status",
        page_url="https://status.example.com",
    )


def notifier(table: dict[str, Any], environ: dict[str, str], base: Path | None = None) -> Any:
    return make_notifier(decode_settings(table), NotifyContext(base=base or Path.cwd(), env=environ))


@dataclass
class Clock:
    """A monotonic clock that moves only when the code under test sleeps."""

    now: float = 0.0
    sleeps: list[float] = field(default_factory=lambda: list[float]())

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def log() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    configure_logging("text", False, stream)
    yield stream
    configure_logging("text", False)


def posts(server: ReplayServer) -> list[Any]:
    return [json.loads(r.body) for r in server.requests if r.method == "POST"]


# --- the kinds, against a loopback receiver ---------------------------------------------------------


def test_webhook_posts_the_documented_body_signed(log: io.StringIO) -> None:
    with ReplayServer({HOOK: Reply(200, b"ok")}) as server:
        environ = {"HOOK_URL": server.url + HOOK, "HOOK_KEY": "a-signing-key-of-ours"}
        target = notifier({"kind": "webhook", "url_env": "HOOK_URL", "signing_secret_env": "HOOK_KEY"}, environ)
        [sent] = deliver(message(), [target], deadline=10)
    assert sent == Sent("webhook", True, 1)
    [request] = server.requests
    body = json.loads(request.body)
    assert set(body) == {"type", "version", "page", "updated_at", "platform_status", "headline", "text", "changes"}
    assert (body["type"], body["version"], body["platform_status"]) == ("elytra-status.changes", 1, "degraded")
    assert body["page"] == {"name": "Example status", "url": "https://status.example.com"}
    assert body["changes"][0] == {"type": "platform_status", "from": "operational", "to": "degraded"}
    notice = body["changes"][1]
    assert (notice["type"], notice["event"], notice["id"], notice["to"]) == (
        "notice",
        "opened",
        "2026-12-01-panel-errors",
        "investigating",
    )
    assert notice["body"] == "We are investigating."
    expected = hmac.new(b"a-signing-key-of-ours", request.body, hashlib.sha256).hexdigest()
    assert request.headers["x-elytra-signature-256"] == f"sha256={expected}"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["user-agent"].startswith("elytra-status/")
    assert f"{server.url}/***" in log.getvalue()
    assert HOOK not in log.getvalue()


def test_slack_escapes_markup_and_does_not_unfurl() -> None:
    with ReplayServer({HOOK: Reply(200, b"ok", {"Content-Type": "text/plain"})}) as server:
        target = notifier({"kind": "slack", "url_env": "SLACK"}, {"SLACK": server.url + HOOK})
        [sent] = deliver(message(), [target], deadline=10)
    assert sent.sent
    [payload] = posts(server)
    assert payload["unfurl_links"] is False
    text: str = payload["text"]
    assert text.startswith("*Platform status: operational → degraded (+1 more)*\n")
    assert "&lt;!channel&gt;" in text
    assert "<!channel>" not in text
    assert "<https://status.example.com>" not in text  # escaped too: Slack would read it as a link command
    assert "We are investigating." in text


def test_discord_sends_an_embed_and_pings_nobody() -> None:
    with ReplayServer({HOOK: Reply(204, b"")}) as server:
        target = notifier({"kind": "discord", "url_env": "DISCORD"}, {"DISCORD": server.url + HOOK})
        [sent] = deliver(message(), [target], deadline=10)
    assert sent.sent
    [payload] = posts(server)
    assert payload["allowed_mentions"] == {"parse": []}
    [embed] = payload["embeds"]
    assert embed["title"] == "Platform status: operational → degraded (+1 more)"
    assert embed["url"] == "https://status.example.com"
    assert embed["color"] == 0xF9A825
    assert embed["timestamp"] == "2026-12-01T14:00:00Z"
    assert "Incident opened: Elevated errors <!channel> @everyone" in embed["description"]


# --- retries, the deadline, failures that are not retried ----------------------------------------


def test_a_transient_failure_is_retried_honouring_retry_after(log: io.StringIO) -> None:
    replies = [Reply(503, b""), Reply(429, b"", {"Retry-After": "3"}), Reply(200, b"ok")]
    clock = Clock()
    with ReplayServer({HOOK: replies}) as server:
        target = notifier({"kind": "webhook", "url_env": "U"}, {"U": server.url + HOOK})
        [sent] = deliver(message(), [target], deadline=30, sleep=clock.sleep, clock=clock)
    assert (sent.sent, sent.attempts) == (True, 3)
    assert len(clock.sleeps) == 2
    assert clock.sleeps[1] >= 3
    assert "answered HTTP 503; attempt 1 failed" in log.getvalue()


def test_a_permanent_failure_is_not_retried(log: io.StringIO) -> None:
    clock = Clock()
    with ReplayServer({HOOK: Reply(404, b"no_service")}) as server:
        target = notifier({"kind": "slack", "url_env": "U"}, {"U": server.url + HOOK})
        [sent] = deliver(message(), [target], deadline=30, sleep=clock.sleep, clock=clock)
    assert (sent.sent, sent.attempts, sent.error) == (False, 1, "answered HTTP 404")
    assert clock.sleeps == []
    assert len(server.requests) == 1
    assert "not sent: answered HTTP 404" in log.getvalue()


def test_retries_end_at_the_deadline() -> None:
    clock = Clock()
    with ReplayServer({HOOK: Reply(503, b"")}) as server:
        target = notifier({"kind": "discord", "url_env": "U"}, {"U": server.url + HOOK})
        [sent] = deliver(message(), [target], deadline=20, sleep=clock.sleep, clock=clock)
    assert not sent.sent
    assert sent.error == "answered HTTP 503"
    assert clock.now <= 20
    assert sent.attempts == len(server.requests) > 1


def test_an_unreachable_receiver_is_a_failure_not_an_exception() -> None:
    clock = Clock()
    url = f"http://127.0.0.1:{free_port()}{HOOK}"
    target = notifier({"kind": "webhook", "url_env": "U"}, {"U": url})
    [sent] = deliver(message(), [target], deadline=5, sleep=clock.sleep, clock=clock)
    assert not sent.sent
    assert sent.error is not None and sent.error.startswith("failed (")


def test_targets_are_independent(log: io.StringIO) -> None:
    with ReplayServer({HOOK: Reply(200, b"ok"), "/down": Reply(400, b"")}) as server:
        good = notifier({"kind": "webhook", "url_env": "GOOD", "name": "ops"}, {"GOOD": server.url + HOOK})
        bad = notifier({"kind": "slack", "url_env": "BAD"}, {"BAD": server.url + "/down"})
        outcomes = deliver(message(), [bad, good], deadline=10)
    assert [(o.name, o.sent) for o in outcomes] == [("slack", False), ("ops", True)]


# --- the leak guard ---------------------------------------------------------------------------------


def test_a_message_that_would_leak_is_not_sent(log: io.StringIO) -> None:
    with ReplayServer({HOOK: Reply(200, b"ok")}) as server:
        target = notifier({"kind": "webhook", "url_env": "U"}, {"U": server.url + HOOK})
        [sent] = deliver(message("Rotated the key AKIAIOSFODNN7EXAMPLE after the incident."), [target], deadline=10)
    assert (sent.sent, sent.error) == (False, "sensitive data found")
    assert server.requests == []
    logged = log.getvalue()
    assert "refusing to send, sensitive data found" in logged
    assert "AKIAIOSFODNN7EXAMPLE" not in logged


def test_a_configured_secret_in_a_message_is_not_sent(log: io.StringIO) -> None:
    register_secrets(["plain-looking-value-42"])
    with ReplayServer({HOOK: Reply(200, b"ok")}) as server:
        target = notifier({"kind": "slack", "url_env": "U"}, {"U": server.url + HOOK})
        [sent] = deliver(message("The value plain-looking-value-42 was reset."), [target], deadline=10)
    assert not sent.sent
    assert server.requests == []
    assert "a configured secret value appears in the message" in log.getvalue()


# --- settings ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ({"kind": "teams", "url_env": "U"}, "notify[0].kind"),
        ({"kind": "slack", "url": "https://hooks.slack.com/x"}, "notify[0].url"),
        ({"kind": "email", "host": "smtp.example.com", "from": "a@example.com", "to": []}, "notify[0].to"),
        ({"kind": "email", "host": "h", "from": "a@example.com", "to": ["b@x"], "password_env": "P"}, "notify[0]"),
    ],
)
def test_bad_notify_tables_name_the_key(table: dict[str, Any], key: str) -> None:
    from elytra_status_core import ConfigError

    with pytest.raises(ConfigError) as caught:
        decode_settings(table)
    assert caught.value.key is not None and caught.value.key.startswith(key)


def test_an_unset_url_variable_is_a_config_error() -> None:
    from elytra_status_core import ConfigError

    with pytest.raises(ConfigError, match="SLACK_WEBHOOK_URL is not set") as caught:
        notifier({"kind": "slack", "url_env": "SLACK_WEBHOOK_URL"}, {})
    assert caught.value.key == "notify[0].url_env"
    with pytest.raises(ConfigError, match=r"http\(s\) URL"):
        notifier({"kind": "slack", "url_env": "U"}, {"U": "ftp://hooks.example.com/x"})


# --- mail through a local relay with STARTTLS -------------------------------------------------------


def _certificate(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "elytra-status test relay")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime(2020, 1, 1, tzinfo=UTC))
        .not_valid_after(datetime(2100, 1, 1, tzinfo=UTC))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "relay.pem", folder / "relay.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


class Relay:
    """Keeps what it was sent."""

    def __init__(self) -> None:
        self.mails: list[MailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802 (aiosmtpd's hook name)
        content = envelope.original_content or b""
        with self._lock:
            self.mails.append(message_from_bytes(content, policy=default_policy))
            self.envelopes.append((str(envelope.mail_from), [str(r) for r in envelope.rcpt_tos]))
        return "250 OK"


def _login(server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (b"status", b"relay-pass-1")
    return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd answers 535 itself


@dataclass
class RelayAt:
    port: int
    cert: Path
    relay: Relay


@pytest.fixture
def relay(tmp_path: Path) -> Iterator[RelayAt]:
    cert, key = _certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    handler = Relay()
    port = free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        authenticator=_login,
        auth_required=True,
    )
    controller.start()
    try:
        yield RelayAt(port, cert, handler)
    finally:
        controller.stop()


def _mail_table(at: RelayAt, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "email",
        "host": "127.0.0.1",
        "port": at.port,
        "from": "status@example.com",
        "to": ["oncall@example.com", "noc@example.com"],
        "username_env": "SMTP_USER",
        "password_env": "SMTP_PASS",
        "ca_file": str(at.cert),
        **extra,
    }


def test_email_goes_through_starttls_with_a_login(relay: RelayAt) -> None:
    target = notifier(_mail_table(relay), {"SMTP_USER": "status", "SMTP_PASS": "relay-pass-1"})
    [sent] = deliver(message(), [target], deadline=20)
    assert sent == Sent("email", True, 1)
    [mail] = relay.relay.mails
    assert mail["Subject"] == "[Example status] Platform status: operational → degraded (+1 more)"
    assert mail["From"] == "status@example.com"
    assert mail["To"] == "oncall@example.com, noc@example.com"
    assert relay.relay.envelopes == [("status@example.com", ["oncall@example.com", "noc@example.com"])]
    payload = mail.get_payload(decode=True)
    assert isinstance(payload, bytes)
    text = payload.decode()
    assert "- Incident opened: Elevated errors <!channel> @everyone (investigating, impact degraded)" in text
    assert "  We are investigating." in text


def test_email_with_a_wrong_password_is_not_retried(relay: RelayAt) -> None:
    clock = Clock()
    target = notifier(_mail_table(relay), {"SMTP_USER": "status", "SMTP_PASS": "wrong-password"})
    [sent] = deliver(message(), [target], deadline=20, sleep=clock.sleep, clock=clock)
    assert (sent.sent, sent.attempts, sent.error) == (False, 1, "the relay answered 535")
    assert relay.relay.mails == []


def test_email_refuses_a_relay_it_cannot_verify(relay: RelayAt, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    unrelated, _key = _certificate(elsewhere)  # an authority that did not sign the relay's certificate
    table = _mail_table(relay, ca_file=str(unrelated))
    target = notifier(table, {"SMTP_USER": "status", "SMTP_PASS": "relay-pass-1"})
    [sent] = deliver(message(), [target], deadline=20)
    assert (sent.sent, sent.attempts) == (False, 1)
    assert sent.error is not None and sent.error.startswith("TLS with the relay failed")
    assert relay.relay.mails == []


def test_email_settings_need_starttls_for_credentials() -> None:
    from elytra_status_core import ConfigError

    table = {
        "kind": "email",
        "host": "smtp.example.com",
        "from": "status@example.com",
        "to": ["oncall@example.com"],
        "username_env": "U",
        "password_env": "P",
        "starttls": False,
    }
    with pytest.raises(ConfigError, match="only sent over STARTTLS"):
        decode_table(table, type(decode_settings({**table, "starttls": True})), key="notify[0]")


# --- through the CLI: the publish's previous document against the one it wrote -----------------------


def _config(tmp_path: Path, url: str) -> Path:
    config = tmp_path / "elytra-status.toml"
    config.write_text(
        '[infrastructure]\nmodel = "Dedicated servers."\n\n[[publish]]\nurl = "status.json"\n\n'
        '[[notify]]\nkind = "webhook"\nurl_env = "STATUS_WEBHOOK_URL"\n',
        encoding="utf-8",
    )
    del url
    return config


def _publish(config: Path, url: str, now: datetime, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    environ = {"STATUS_WEBHOOK_URL": url, "XDG_RUNTIME_DIR": str(config.parent / "run")}
    code = main(["status", "publish", "--config", str(config)], environ=environ, clock=lambda: now)
    return code, capsys.readouterr().err


def test_publish_notifies_once_per_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with ReplayServer({HOOK: Reply(200, b"ok")}) as server:
        url = server.url + HOOK
        config = _config(tmp_path, url)
        code, err = _publish(config, url, T0, capsys)  # the first document: nothing it replaced
        assert code == 0
        assert posts(server) == []
        (tmp_path / "status.json").write_bytes(encode(document("operational")))
        code, err = _publish(config, url, T0 + timedelta(minutes=10), capsys)
        assert code == 0
        [body] = posts(server)
        assert body["changes"] == [{"type": "platform_status", "from": "operational", "to": "unknown"}]
        assert HOOK not in err
        assert f"notify webhook ({server.url}/***): sent" in err
        assert known_secrets().spans(f"posted to {url}")  # the URL is masked by value in every log line
        code, err = _publish(config, url, T0 + timedelta(minutes=20), capsys)  # unknown again: nothing to say
        assert code == 0
        assert len(posts(server)) == 1


def test_a_failing_notifier_does_not_fail_the_publish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with ReplayServer({HOOK: Reply(400, b"")}) as server:
        url = server.url + HOOK
        config = _config(tmp_path, url)
        (tmp_path / "status.json").write_bytes(encode(document("operational")))
        code, err = _publish(config, url, T0 + timedelta(minutes=10), capsys)
    assert code == 0
    assert '"platform_status":"unknown"' in (tmp_path / "status.json").read_text(encoding="utf-8")
    assert "not sent: answered HTTP 400" in err


def test_a_missing_webhook_variable_is_logged_at_publish_and_an_error_in_config_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, "")
    (tmp_path / "status.json").write_bytes(encode(document("operational")))
    code = main(
        ["status", "publish", "--config", str(config)],
        environ={"XDG_RUNTIME_DIR": str(tmp_path)},
        clock=lambda: T0 + timedelta(minutes=5),
    )
    err = capsys.readouterr().err
    assert code == 0
    assert "STATUS_WEBHOOK_URL is not set" in err
    assert main(["config", "check", "--config", str(config)], environ={}) == 2
    assert "notify[0].url_env" in capsys.readouterr().err
