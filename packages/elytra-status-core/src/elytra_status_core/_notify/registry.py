"""The one registry of notifier kinds: kind -> module, imported on first use.

Like ``_sources.registry``: a kind is listed here and nowhere else. The
config keeps ``[[notify]]`` tables as TOML tables; ``decode_settings`` looks
a table's ``kind`` up here and decodes it into the module's ``Settings``
(unknown keys are errors, named by key path: ``notify[1].url``);
``make_notifier`` builds the notifier with the module's ``from_settings``.

A notifier module defines:

- ``Settings``: a ``NotifySettings`` Struct, the keys of its table;
- ``from_settings(settings, context) -> Notifier``.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Any, Final

import msgspec

from .._config import LoadedConfig, NotifySettings, decode_table
from .._errors import ConfigError
from .base import Notifier, NotifyContext

__all__ = [
    "KINDS",
    "NOTIFY_KINDS",
    "decode_settings",
    "make_notifier",
    "make_notifiers",
    "notify_module",
    "with_notify",
]

KINDS: Final[Mapping[str, str]] = {
    "webhook": "webhook",
    "slack": "slack",
    "discord": "discord",
    "email": "smtp",
}
"""Notifier kind -> module under ``elytra_status_core._notify``."""

NOTIFY_KINDS: Final[tuple[str, ...]] = tuple(KINDS)


def notify_module(kind: str) -> Any:
    """The module implementing ``kind`` (imported now if it was not yet)."""
    return importlib.import_module(f"{__package__}.{KINDS[kind]}")


def _supported() -> str:
    return f"supported: {', '.join(NOTIFY_KINDS)}"


def decode_settings(table: Mapping[str, Any], index: int = 0, file: str | None = None) -> NotifySettings:
    """One ``[[notify]]`` table (``notify[index]``) as the settings Struct of its kind."""
    key = f"notify[{index}]"
    kind = table.get("kind")
    if kind is None:
        raise ConfigError(f"missing kind; {_supported()}", key=f"{key}.kind", file=file)
    if not isinstance(kind, str) or kind not in KINDS:
        raise ConfigError(f"unsupported notify kind {kind!r}; {_supported()}", key=f"{key}.kind", file=file)
    settings: NotifySettings = decode_table(table, notify_module(kind).Settings, key=key, file=file)
    return settings


def with_notify(loaded: LoadedConfig) -> LoadedConfig:
    """``loaded`` with every ``[[notify]]`` table decoded into ``loaded.notify``; ``ConfigError`` for a bad one."""
    file = str(loaded.path) if loaded.path else None
    decoded = tuple(decode_settings(table, index, file) for index, table in enumerate(loaded.config.notify))
    return msgspec.structs.replace(loaded, notify=decoded)


def make_notifier(settings: NotifySettings, context: NotifyContext, index: int = 0) -> Notifier:
    """Build the notifier ``settings`` describe (the table ``notify[index]``)."""
    try:
        notifier: Notifier = notify_module(settings.kind).from_settings(settings, context)
    except ConfigError as exc:  # a module names keys inside its own table
        key = f"notify[{index}]"
        raise ConfigError(exc.reason, key=f"{key}.{exc.key}" if exc.key else key) from None
    return notifier


def make_notifiers(settings: Sequence[NotifySettings], context: NotifyContext) -> list[Notifier]:
    """Every configured notifier, in config order; ``ConfigError`` for the first that cannot be built."""
    return [make_notifier(one, context, index) for index, one in enumerate(settings)]
