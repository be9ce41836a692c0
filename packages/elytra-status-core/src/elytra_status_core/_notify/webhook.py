"""``kind = "webhook"``: the changes as a JSON body, POSTed to a URL of yours.

The body (``WebhookBody``, documented in docs/operations.md) is one object:
``type`` (always ``"elytra-status.changes"``), ``version`` (1), ``page``
(``name``, ``url``), ``updated_at`` and ``platform_status`` of the document
just published, ``headline`` and ``text`` (the message in plain text), and
``changes``: one object per change (``type``, ``from``, ``to``, and for
components and notices ``id`` and ``name``; notices add ``event``, ``kind``,
``impact``, ``body``, ``at``). With ``signing_secret_env``, the body is
signed: ``X-Elytra-Signature-256: sha256=<hex HMAC-SHA256 of the body>``.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from typing import Literal

import msgspec

from elytra_status_contract import Status

from .._config import EnvName, NotifySettings
from .._core.changes import Change
from .base import JsonPost, Message, NotifyContext, env_value, http_url, shown_url

__all__ = ["Settings", "Webhook", "WebhookBody", "from_settings"]


class Settings(NotifySettings, frozen=True, kw_only=True):
    """``kind = "webhook"``: POST a JSON body describing the changes."""

    url_env: EnvName
    """Name of the environment variable holding the URL (a webhook URL is a secret)."""
    signing_secret_env: EnvName | None = None
    """Name of the environment variable holding a key to sign each body with (``X-Elytra-Signature-256``)."""


class Page(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    name: str
    url: str | None = None


class WebhookBody(msgspec.Struct, frozen=True, kw_only=True):
    """The JSON body of a webhook notification, version 1 (fields are only ever added)."""

    type: Literal["elytra-status.changes"] = "elytra-status.changes"
    version: Literal[1] = 1
    page: Page
    updated_at: datetime
    platform_status: Status
    headline: str
    text: str
    changes: tuple[Change, ...]


def body(message: Message) -> bytes:
    """The JSON body for ``message``."""
    document = message.document
    return msgspec.json.encode(
        WebhookBody(
            page=Page(name=message.page_name, url=message.page_url),
            updated_at=document.updated_at,
            platform_status=document.platform_status,
            headline=message.headline,
            text=message.text,
            changes=message.changes,
        )
    )


class Webhook:
    """POSTs ``WebhookBody`` as JSON."""

    def __init__(self, name: str, url: str, timeout: timedelta, signing_key: str | None = None) -> None:
        self.name = name
        self.shown = shown_url(url)
        self.timeout = timeout
        self._url = url
        self._key = signing_key

    def prepare(self, message: Message) -> JsonPost:
        data = body(message)
        headers = {"Content-Type": "application/json"}
        if self._key is not None:
            digest = hmac.new(self._key.encode(), data, hashlib.sha256).hexdigest()
            headers["X-Elytra-Signature-256"] = f"sha256={digest}"
        return JsonPost(self._url, data, headers, self.shown)


def from_settings(settings: Settings, context: NotifyContext) -> Webhook:
    url = http_url(env_value(context, settings.url_env, "url_env"), "url_env")
    key = env_value(context, settings.signing_secret_env, "signing_secret_env") if settings.signing_secret_env else None
    return Webhook(settings.name or settings.kind, url, settings.timeout, key)
