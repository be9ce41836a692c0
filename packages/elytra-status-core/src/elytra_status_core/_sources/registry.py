"""The one registry of source kinds: kind -> module, imported on first use.

Like fsspec's ``known_implementations``: a kind is listed here and nowhere
else. The config keeps ``[[sources]]`` tables as TOML tables;
``decode_settings`` looks a table's ``kind`` up here, imports that module and
decodes the table into the module's ``Settings`` Struct (unknown keys are
errors, named by key path: ``sources[2].url``); ``make_source`` builds the
source with the module's ``from_settings``. ``load_config`` and
``parse_config`` are ``_config``'s, with every source table decoded. The
list of kinds in error messages (``SOURCE_KINDS``) and the table in
docs/sources.md (``docs_table``) come from here too.

A source module defines:

- ``Settings``: a ``SourceSettings`` Struct, the keys of its table;
- ``from_settings(settings, context) -> Source``;
- ``MONITOR_KEY``: what its monitor keys are (``MonitorObservation.monitor``,
  which components select with ``"<source name>:<monitor key glob>"``).

A source that can answer availability over a fixed range (for history)
implements ``base.RangeSource`` as well.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import msgspec

from .._config import LoadedConfig, SourceSettings, decode_table
from .._config import load_config as load_tables
from .._config import parse_config as parse_tables
from .._errors import ConfigError
from .base import Source, SourceContext

__all__ = [
    "KINDS",
    "SOURCE_KINDS",
    "decode_settings",
    "docs_table",
    "load_config",
    "make_source",
    "make_sources",
    "parse_config",
    "source_module",
    "with_sources",
]

KINDS: Final[Mapping[str, str]] = {
    "uptime-kuma": "uptime_kuma",
    "betterstack": "betterstack",
    "prometheus": "prometheus",
    "restic": "restic",
    "borg": "borg",
    "object-listing": "object_listing",
    "uptimerobot": "uptimerobot",
    "healthchecks": "healthchecks",
    "gatus": "gatus",
}
"""Source kind -> module under ``elytra_status_core._sources``."""

SOURCE_KINDS: Final[tuple[str, ...]] = tuple(KINDS)


def source_module(kind: str) -> Any:
    """The module implementing ``kind`` (imported now if it was not yet)."""
    return importlib.import_module(f"{__package__}.{KINDS[kind]}")


def _supported() -> str:
    return f"supported: {', '.join(SOURCE_KINDS)}"


def decode_settings(table: Mapping[str, Any], index: int = 0, file: str | None = None) -> SourceSettings:
    """One ``[[sources]]`` table (``sources[index]``) as the settings Struct of its kind."""
    key = f"sources[{index}]"
    kind = table.get("kind")
    if kind is None:
        raise ConfigError(f"missing kind; {_supported()}", key=f"{key}.kind", file=file)
    if not isinstance(kind, str) or kind not in KINDS:
        raise ConfigError(f"unsupported source kind {kind!r}; {_supported()}", key=f"{key}.kind", file=file)
    settings: SourceSettings = decode_table(table, source_module(kind).Settings, key=key, file=file)
    return settings


def with_sources(loaded: LoadedConfig) -> LoadedConfig:
    """``loaded`` with every ``[[sources]]`` table decoded into ``loaded.sources``; ``ConfigError`` for a bad one."""
    file = str(loaded.path) if loaded.path else None
    decoded = tuple(decode_settings(table, index, file) for index, table in enumerate(loaded.config.sources))
    return msgspec.structs.replace(loaded, sources=decoded)


def parse_config(text: str, *, path: Path | None = None, base: Path | None = None) -> LoadedConfig:
    """Decode config text, source tables included; ``ConfigError`` names the key path of any problem."""
    return with_sources(parse_tables(text, path=path, base=base))


def load_config(path: Path) -> LoadedConfig:
    """Read and decode the config file at ``path``, source tables included."""
    return with_sources(load_tables(path))


def make_source(settings: SourceSettings, context: SourceContext, index: int = 0) -> Source:
    """Build the source ``settings`` describe (the table ``sources[index]``)."""
    try:
        source: Source = source_module(settings.kind).from_settings(settings, context)
    except ConfigError as exc:  # a module names keys inside its own table
        key = f"sources[{index}]"
        raise ConfigError(exc.reason, key=f"{key}.{exc.key}" if exc.key else key) from None
    return source


def make_sources(settings: Sequence[SourceSettings], context: SourceContext) -> list[Source]:
    """Every configured source, in config order."""
    return [make_source(one, context, index) for index, one in enumerate(settings)]


def _keys(settings: type[msgspec.Struct]) -> str:
    info = msgspec.inspect.type_info(settings)
    shown: list[str] = []
    if not isinstance(info, msgspec.inspect.StructType):
        return ""
    for field in info.fields:
        if field.name == "kind":
            continue
        shown.append(f"`{field.encode_name}`" + (" (required)" if field.required else ""))
    return ", ".join(shown)


def docs_table() -> str:
    """The Markdown table of every kind (docs/sources.md embeds it between markers)."""
    rows = ["| kind | reads | monitor key | keys |", "|---|---|---|---|"]
    for kind in SOURCE_KINDS:
        module = source_module(kind)
        summary = inspect.cleandoc(module.__doc__ or "").split("\n\n", 1)[0].replace("\n", " ").replace("``", "`")
        monitor_key = str(module.MONITOR_KEY).replace("|", "\\|")
        rows.append(f"| [`{kind}`](#{kind}) | {summary} | {monitor_key} | {_keys(module.Settings)} |")
    return "\n".join(rows) + "\n"
