"""``kind = "discord"``: a message through a Discord webhook (an embed; nobody is pinged).

``allowed_mentions: {"parse": []}`` keeps ``@everyone`` or a role name in a
notice's text from pinging anyone. An embed's title holds at most 256
characters and its description 4096; longer text is cut with an ellipsis.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

import msgspec

from elytra_status_contract import Status

from .._config import EnvName, NotifySettings
from .._core.instants import format_instant
from .base import JsonPost, Message, NotifyContext, env_value, http_url, shown_url

__all__ = ["Discord", "Settings", "from_settings", "payload"]

COLOURS: Final[dict[Status, int]] = {
    "operational": 0x2E7D32,
    "degraded": 0xF9A825,
    "outage": 0xC62828,
    "unknown": 0x757575,
}
"""The embed's colour bar: the platform status the document now says."""


class Settings(NotifySettings, frozen=True, kw_only=True):
    """``kind = "discord"``: a Discord channel webhook."""

    url_env: EnvName
    """Name of the environment variable holding the webhook URL (``https://discord.com/api/webhooks/...``)."""


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def payload(message: Message) -> dict[str, object]:
    """The webhook JSON: one embed with the headline as title and the message as description."""
    embed: dict[str, object] = {
        "title": _cut(message.headline, 256),
        "description": _cut(message.text, 4096),
        "color": COLOURS[message.document.platform_status],
        "timestamp": format_instant(message.document.updated_at),
    }
    if message.page_url:
        embed["url"] = message.page_url
    return {"embeds": [embed], "allowed_mentions": {"parse": []}}


class Discord:
    def __init__(self, name: str, url: str, timeout: timedelta) -> None:
        self.name = name
        self.shown = shown_url(url)
        self.timeout = timeout
        self._url = url

    def prepare(self, message: Message) -> JsonPost:
        data = msgspec.json.encode(payload(message))
        return JsonPost(self._url, data, {"Content-Type": "application/json"}, self.shown)


def from_settings(settings: Settings, context: NotifyContext) -> Discord:
    url = http_url(env_value(context, settings.url_env, "url_env"), "url_env")
    return Discord(settings.name or settings.kind, url, settings.timeout)
