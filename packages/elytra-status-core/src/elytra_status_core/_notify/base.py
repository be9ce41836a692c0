"""What every notifier shares: the message, the protocol, the context it is built in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import msgspec

from elytra_status_contract import PlatformStatus

from .._core.changes import Change, headline, render_text
from .._errors import ConfigError
from .._http import post

__all__ = ["Delivery", "JsonPost", "Message", "Notifier", "NotifyContext", "env_value", "http_url", "shown_url"]


class Message(msgspec.Struct, frozen=True, kw_only=True):
    """What one run announces: the changes, the document they lead to, and the page they are about."""

    changes: tuple[Change, ...]
    document: PlatformStatus
    page_name: str = "Status"
    page_url: str | None = None

    @property
    def headline(self) -> str:
        """One line for a subject or a title."""
        return headline(self.changes)

    @property
    def text(self) -> str:
        """The plain-text message (``_core.changes.render_text``)."""
        return render_text(
            self.changes, updated_at=self.document.updated_at, page_name=self.page_name, page_url=self.page_url
        )


class Delivery(Protocol):
    """One message made ready for one target."""

    @property
    def scanned(self) -> bytes | str:
        """Exactly what people will read (a JSON body, or a mail's subject and text): the leak scan reads this."""
        ...

    def send(self, timeout: float) -> None:
        """One attempt; ``NotifyError`` when it failed (``transient`` when another may not)."""
        ...


class Notifier(Protocol):
    """A ``[[notify]]`` target, built from its settings."""

    @property
    def name(self) -> str:
        """The target's label in logs."""
        ...

    @property
    def shown(self) -> str:
        """Where messages go, safe to print (a webhook URL is a secret: scheme and host only)."""
        ...

    @property
    def timeout(self) -> timedelta:
        """Longest one attempt may take."""
        ...

    def prepare(self, message: Message) -> Delivery:
        """The message in this target's format."""
        ...


class JsonPost:
    """A JSON body ready to be POSTed (the webhook kinds' ``Delivery``)."""

    def __init__(self, url: str, data: bytes, headers: dict[str, str], shown: str) -> None:
        self._url = url
        self._data = data
        self._headers = headers
        self._shown = shown

    @property
    def scanned(self) -> bytes:
        return self._data

    def send(self, timeout: float) -> None:
        post(self._url, self._data, headers=self._headers, timeout=timeout, shown=self._shown)


@dataclass(frozen=True, slots=True)
class NotifyContext:
    """What notifiers are built with: the config's folder and the environment (never ``os.environ`` itself)."""

    base: Path
    env: Mapping[str, str] = field(default_factory=dict[str, str])


def shown_url(url: str) -> str:
    """A URL safe to print: scheme and host (and port) only; the path of a webhook URL is its secret."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "<unparsable URL>"
    return f"{parts.scheme}://{host}:{port}/***" if port else f"{parts.scheme}://{host}/***"


def env_value(context: NotifyContext, name: str, key: str) -> str:
    """The value of the environment variable ``name`` (named by the table's ``key``); ``ConfigError`` when unset."""
    value = context.env.get(name, "")
    if not value:
        raise ConfigError(f"the environment variable {name} is not set", key=key)
    return value


def http_url(value: str, key: str) -> str:
    """``value`` when it is an http(s) URL with a host; else ``ConfigError`` (the URL is never shown)."""
    try:
        parts = urlsplit(value)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok:
        raise ConfigError(f"must hold an http(s) URL, got {shown_url(value)}", key=key)
    return value
