"""``kind = "slack"``: a message through a Slack incoming webhook (``{"text": ...}``, mrkdwn).

Slack reads ``&``, ``<`` and ``>`` as markup (``<!channel>`` pings a whole
channel), so the text is escaped as Slack asks; links are not unfurled.
"""

from __future__ import annotations

from datetime import timedelta

import msgspec

from .._config import EnvName, NotifySettings
from .base import JsonPost, Message, NotifyContext, env_value, http_url, shown_url

__all__ = ["Settings", "Slack", "from_settings", "payload"]

_LIMIT = 3000
"""Characters of text sent: Slack shows longer messages folded anyway."""


class Settings(NotifySettings, frozen=True, kw_only=True):
    """``kind = "slack"``: a Slack incoming webhook."""

    url_env: EnvName
    """Name of the environment variable holding the webhook URL (``https://hooks.slack.com/services/...``)."""


def escape(text: str) -> str:
    """``text`` as Slack shows it literally: ``&``, ``<`` and ``>`` escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def payload(message: Message) -> dict[str, object]:
    """The incoming-webhook JSON: the headline in bold, then the plain-text message."""
    text = f"*{escape(message.headline)}*\n{escape(message.text)}"
    if len(text) > _LIMIT:
        text = text[: _LIMIT - 1] + "…"
    return {"text": text, "unfurl_links": False, "unfurl_media": False}


class Slack:
    def __init__(self, name: str, url: str, timeout: timedelta) -> None:
        self.name = name
        self.shown = shown_url(url)
        self.timeout = timeout
        self._url = url

    def prepare(self, message: Message) -> JsonPost:
        data = msgspec.json.encode(payload(message))
        return JsonPost(self._url, data, {"Content-Type": "application/json"}, self.shown)


def from_settings(settings: Settings, context: NotifyContext) -> Slack:
    url = http_url(env_value(context, settings.url_env, "url_env"), "url_env")
    return Slack(settings.name or settings.kind, url, settings.timeout)
