"""``kind = "email"``: a plain-text mail through an SMTP relay, over STARTTLS.

The relay's certificate is verified (against ``ca_file`` when given, else the
system's store) before any credential is sent. Credentials come from the
environment (``username_env``, ``password_env``), never from the config, and
are only ever sent after STARTTLS. A 4xx answer, a timeout or a dropped
connection is worth another attempt; a 5xx answer (a refused login, sender or
recipient) is not.
"""

from __future__ import annotations

import smtplib
import ssl
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Annotated

import msgspec
from msgspec import Meta

from .._config import EnvName, NonEmpty, NotifySettings
from .._errors import NotifyError
from .._fs import local_path
from .base import Message, NotifyContext, env_value

__all__ = ["Mail", "Settings", "Smtp", "from_settings"]

Address = Annotated[str, Meta(pattern=r"^[^\s@<>,]+@[^\s@<>,]+$")]
"""A bare address (``status@example.com``), no display name and nothing that could start a new header."""


class Settings(NotifySettings, frozen=True, kw_only=True):
    """``kind = "email"``: mail through an SMTP relay with STARTTLS."""

    host: NonEmpty
    """The relay's host name (its certificate must name it)."""
    sender: Address = msgspec.field(name="from")
    """The ``From`` address."""
    to: Annotated[list[Address], Meta(min_length=1)]
    """Recipients."""
    port: Annotated[int, Meta(ge=1, le=65535)] = 587
    """The relay's submission port."""
    username_env: EnvName | None = None
    """Name of the environment variable holding the login name."""
    password_env: EnvName | None = None
    """Name of the environment variable holding the password."""
    starttls: bool = True
    """Upgrade the connection with STARTTLS before anything is sent; only a relay on loopback should go without."""
    ca_file: str | None = None
    """PEM file of the authority that signed the relay's certificate (default: the system's); relative to the config."""

    def __post_init__(self) -> None:
        if (self.username_env is None) != (self.password_env is None):
            raise ValueError("set username_env and password_env together")
        if self.password_env is not None and not self.starttls:
            raise ValueError("credentials are only sent over STARTTLS: remove starttls = false")


def _login(client: smtplib.SMTP, credentials: tuple[str, str], shown: str) -> None:
    """One ``AUTH PLAIN`` (or ``LOGIN``): a refused login is answered once, not once per mechanism smtplib knows."""
    offered = (client.esmtp_features.get("auth") or "").upper().split()
    client.user, client.password = credentials
    if "PLAIN" in offered:
        client.auth("PLAIN", client.auth_plain)
    elif "LOGIN" in offered:
        client.auth("LOGIN", client.auth_login)
    else:
        raise NotifyError(shown, "the relay offers neither AUTH PLAIN nor AUTH LOGIN (over STARTTLS); nothing was sent")


class Mail:
    """One mail, ready for one relay."""

    def __init__(self, smtp: Smtp, subject: str, text: str) -> None:
        self._smtp = smtp
        self.subject = " ".join(subject.split())  # one line: a header cannot hold a line break
        self.text = text

    @property
    def scanned(self) -> str:
        return f"{self.subject}\n{self.text}"

    def message(self) -> EmailMessage:
        settings = self._smtp.settings
        mail = EmailMessage()
        mail["Subject"] = self.subject
        mail["From"] = settings.sender
        mail["To"] = ", ".join(settings.to)
        mail["Date"] = formatdate(usegmt=True)
        mail["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2])
        mail.set_content(self.text)
        return mail

    def send(self, timeout: float) -> None:
        settings, shown = self._smtp.settings, self._smtp.shown
        mail = self.message()
        try:
            with smtplib.SMTP(settings.host, settings.port, timeout=timeout) as client:
                client.ehlo()
                if settings.starttls:
                    if not client.has_extn("starttls"):
                        raise NotifyError(shown, "the relay does not offer STARTTLS; nothing was sent")
                    ca_file = str(self._smtp.ca_file) if self._smtp.ca_file else None
                    client.starttls(context=ssl.create_default_context(cafile=ca_file))
                    client.ehlo()
                if self._smtp.credentials is not None:
                    _login(client, self._smtp.credentials, shown)
                client.send_message(mail)
        except NotifyError:
            raise
        except smtplib.SMTPResponseException as exc:
            code = exc.smtp_code
            raise NotifyError(shown, f"the relay answered {code}", transient=400 <= code < 500) from None
        except smtplib.SMTPRecipientsRefused:
            raise NotifyError(shown, "the relay refused every recipient") from None
        except ssl.SSLError as exc:
            raise NotifyError(shown, f"TLS with the relay failed ({exc.reason or type(exc).__name__})") from None
        except smtplib.SMTPServerDisconnected:
            raise NotifyError(shown, "the relay closed the connection", transient=True) from None
        except smtplib.SMTPException as exc:
            raise NotifyError(shown, f"failed ({type(exc).__name__})") from None
        except OSError as exc:  # refused, reset, timed out
            raise NotifyError(shown, f"failed ({type(exc).__name__})", transient=True) from None


class Smtp:
    """Sends each message as one mail to every recipient."""

    def __init__(
        self,
        name: str,
        settings: Settings,
        credentials: tuple[str, str] | None = None,
        ca_file: Path | None = None,
    ) -> None:
        self.name = name
        self.settings = settings
        self.credentials = credentials
        self.ca_file = ca_file
        self.shown = f"smtp://{settings.host}:{settings.port}"
        self.timeout: timedelta = settings.timeout

    def prepare(self, message: Message) -> Mail:
        return Mail(self, f"[{message.page_name}] {message.headline}", message.text)


def from_settings(settings: Settings, context: NotifyContext) -> Smtp:
    credentials = None
    if settings.username_env is not None and settings.password_env is not None:
        credentials = (
            env_value(context, settings.username_env, "username_env"),
            env_value(context, settings.password_env, "password_env"),
        )
    ca_file = local_path(settings.ca_file, context.base) if settings.ca_file else None
    return Smtp(settings.name or settings.kind, settings, credentials, ca_file)
