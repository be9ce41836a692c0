"""The TOML config file: its Structs, loading, and the masked rendering.

Path from ``--config``, else ``ELYTRA_STATUS_CONFIG``, else
``./elytra-status.toml`` (the CLI decides; this module takes a path). Decoded
with msgspec, so an error names the exact key (``sources[2].url``). Relative
paths resolve against the config file's folder. Secrets are never inline: a
source names the environment variable that holds its token (``token_env``).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, ClassVar

import msgspec
from msgspec import Meta

from ._durations import Duration, format_duration, parse_duration
from ._errors import ConfigError
from ._settings import BackupSettings, InfrastructureSettings, StatusSettings

__all__ = [
    "SOURCE_KINDS",
    "BetterStackConfig",
    "BorgConfig",
    "CollectSettings",
    "Config",
    "LoadedConfig",
    "ObjectListingConfig",
    "PrometheusConfig",
    "PublishOptions",
    "PublishTarget",
    "RedactionSettings",
    "ResticConfig",
    "SourceConfig",
    "UptimeKumaConfig",
    "load_config",
    "parse_config",
]

EnvName = Annotated[str, Meta(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]
NonEmpty = Annotated[str, Meta(min_length=1)]


class _Table(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of config tables: unknown keys are errors, so typos surface."""


class UptimeKumaConfig(_Table, frozen=True, tag_field="kind", tag="uptime-kuma"):
    """``kind = "uptime-kuma"``: a public status page (heartbeats, 24h uptime, 7d badge)."""

    kind: ClassVar[str] = "uptime-kuma"

    url: NonEmpty
    """Base URL of Uptime Kuma, or a folder holding a saved copy of its API."""
    status_page: NonEmpty
    """Slug of the public status page."""
    uptime_7d: bool = True
    """Read each monitor's 7-day uptime from its badge (one request per monitor)."""
    name: str | None = None
    """Label used in logs; defaults to ``uptime-kuma/<status_page>``."""


class BetterStackConfig(_Table, frozen=True, tag_field="kind", tag="betterstack"):
    """``kind = "betterstack"``: Better Stack Uptime monitors and their SLA."""

    kind: ClassVar[str] = "betterstack"

    token_env: EnvName
    """Name of the environment variable holding the API token (never the token)."""
    url: NonEmpty = "https://uptime.betterstack.com/api/v2"
    """API base URL."""
    name: str | None = None


class PrometheusConfig(_Table, frozen=True, tag_field="kind", tag="prometheus"):
    """``kind = "prometheus"``: instant queries against the HTTP API."""

    kind: ClassVar[str] = "prometheus"

    url: NonEmpty
    """Base URL of Prometheus (``http://127.0.0.1:9090``)."""
    query: NonEmpty
    """PromQL giving one series per monitor, 1 = up and 0 = down (``probe_success{job="blackbox"}``)."""
    query_24h: str | None = None
    """PromQL for the 24h availability; default ``avg_over_time(<query>[24h])``."""
    query_7d: str | None = None
    """PromQL for the 7d availability; default ``avg_over_time(<query>[7d])``."""
    range_24h: Duration = Duration(hours=24)
    """Range of the default 24h query (shorten only to test a fresh Prometheus)."""
    range_7d: Duration = Duration(days=7)
    """Range of the default 7d query."""
    name: str | None = None


class ResticConfig(_Table, frozen=True, tag_field="kind", tag="restic"):
    """``kind = "restic"``: a file holding ``restic snapshots --json`` or ``restic backup --json`` output."""

    kind: ClassVar[str] = "restic"

    snapshots: NonEmpty
    """Path or fsspec URL of the saved output."""
    endpoint_url: str | None = None
    """S3 endpoint for an ``s3://`` URL (DigitalOcean Spaces)."""
    name: str | None = None


class BorgConfig(_Table, frozen=True, tag_field="kind", tag="borg"):
    """``kind = "borg"``: a file holding ``borg list --json`` (or ``borg info --json``) output."""

    kind: ClassVar[str] = "borg"

    list: NonEmpty
    """Path or fsspec URL of the saved output."""
    timezone: NonEmpty
    """IANA zone of the backup host: borg 1.x writes local times without an offset."""
    endpoint_url: str | None = None
    """S3 endpoint for an ``s3://`` URL (DigitalOcean Spaces)."""
    name: str | None = None

    def __post_init__(self) -> None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"timezone: unknown time zone {self.timezone!r}, expected an IANA name like 'Europe/Berlin'"
            ) from None


class ObjectListingConfig(_Table, frozen=True, tag_field="kind", tag="object-listing"):
    """``kind = "object-listing"``: the newest object under a prefix is the last successful backup."""

    kind: ClassVar[str] = "object-listing"

    prefix: NonEmpty
    """Folder or fsspec URL prefix (``s3://elytra-backups/nightly/``)."""
    endpoint_url: str | None = None
    """S3 endpoint for an ``s3://`` prefix (DigitalOcean Spaces)."""
    name: str | None = None


SourceConfig = (
    UptimeKumaConfig | BetterStackConfig | PrometheusConfig | ResticConfig | BorgConfig | ObjectListingConfig
)
SOURCE_KINDS: tuple[str, ...] = tuple(
    table.kind
    for table in (UptimeKumaConfig, BetterStackConfig, PrometheusConfig, ResticConfig, BorgConfig, ObjectListingConfig)
)


class PublishTarget(_Table, frozen=True):
    """``[[publish]]``: where the document goes."""

    url: NonEmpty
    endpoint_url: str | None = None
    """S3 endpoint (DigitalOcean Spaces); else AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL."""
    region: str | None = None
    acl: str = "public-read"
    """Canned ACL for S3 objects; ``"none"`` for buckets without ACLs."""
    cache_control: str = "public, max-age=60"
    content_type: str = "application/json"


class CollectSettings(_Table, frozen=True):
    """``[collect]``: limits of one collection run."""

    concurrency: Annotated[int, Meta(ge=1, le=256)] = 16
    deadline: Duration = Duration(minutes=2)
    """The whole collection must finish within this; slow sources count as failed."""
    request_timeout: Duration = Duration(seconds=30)
    retries: Annotated[int, Meta(ge=0, le=10)] = 3
    max_bytes: Annotated[int, Meta(ge=1024)] = 5 * 1024 * 1024


class RedactionSettings(_Table, frozen=True):
    """``[redaction]``: values that may appear although a detector flags them."""

    allow: list[str] = []
    """Literal strings (a public marketing hostname) a detector hit may lie inside; empty ones are ignored."""


class PublishOptions(_Table, frozen=True):
    """``[publish_options]``: how hard a publish tries, and the run lock."""

    deadline: Duration = Duration(minutes=2)
    """The whole publish step (every target, every retry) ends within this; then exit 1."""
    attempt_timeout: Duration = Duration(seconds=20)
    """One attempt at one target (read, compare, conditional write)."""
    backoff_max: Duration = Duration(seconds=10)
    """Longest wait between retries (waits are jittered, doubling from 0.5s)."""
    lock_file: str | None = None
    """Run lock; default: one per config file in $RUNTIME_DIRECTORY, $XDG_RUNTIME_DIR or the temp folder."""


class Config(_Table, frozen=True):
    """The whole config file."""

    status: StatusSettings = StatusSettings()
    infrastructure: InfrastructureSettings = InfrastructureSettings()
    backups: BackupSettings = BackupSettings()
    collect: CollectSettings = CollectSettings()
    redaction: RedactionSettings = RedactionSettings()
    sources: list[SourceConfig] = []
    publish: list[PublishTarget] = []
    publish_options: PublishOptions = PublishOptions()


class LoadedConfig(msgspec.Struct, frozen=True, kw_only=True):
    """A decoded config plus where it came from."""

    config: Config
    path: Path | None
    base: Path
    """Folder that relative paths in the config resolve against."""


def _dec_hook(tp: type[object], obj: object) -> object:
    if tp is Duration:
        if not isinstance(obj, str):
            raise ValueError(f"expected a duration like '30m', got {type(obj).__name__}")
        return parse_duration(obj)
    raise NotImplementedError(f"unsupported config type {tp.__name__}")


_AT = re.compile(r"^(?P<reason>.*?) - at `\$\.?(?P<path>[^`]*)`$", re.DOTALL)
_UNKNOWN_FIELD = re.compile(r"^Object contains unknown field `(?P<field>[^`]+)`$")
_SECRET_KEYS = {"token", "api_key", "apikey", "password", "secret", "key", "access_key", "secret_key"}


def _config_error(exc: msgspec.ValidationError, file: str | None) -> ConfigError:
    message = str(exc)
    match = _AT.match(message)
    # Problems at the top level come without " - at `$`".
    reason, path = (match["reason"], match["path"]) if match else (message, "")
    if reason.startswith("Invalid value") and re.fullmatch(r"sources\[\d+\]\.kind", path):
        reason = f"unsupported source kind {reason.removeprefix('Invalid value ')}; supported: {', '.join(SOURCE_KINDS)}"
    unknown = _UNKNOWN_FIELD.match(reason)
    if unknown:
        field = unknown["field"]
        path = f"{path}.{field}" if path else field
        reason = "unknown key"
        if field in _SECRET_KEYS:
            reason += "; secrets are never written in the config, name their environment variable with token_env"
    return ConfigError(reason, key=path or None, file=file)


def parse_config(text: str, *, path: Path | None = None, base: Path | None = None) -> LoadedConfig:
    """Decode config text; ``ConfigError`` names the key path of any problem."""
    shown = str(path) if path else None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", file=shown) from None
    try:
        config = msgspec.convert(raw, Config, dec_hook=_dec_hook)
    except msgspec.ValidationError as exc:
        raise _config_error(exc, shown) from None
    folder = base or (path.parent if path else Path.cwd())
    return LoadedConfig(config=config, path=path, base=folder.resolve())


def load_config(path: Path) -> LoadedConfig:
    """Read and decode the config file at ``path``."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("config file not found", file=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file ({type(exc).__name__})", file=str(path)) from None
    return parse_config(text, path=path)


def _enc_hook(obj: Any) -> Any:
    if isinstance(obj, Duration):
        return format_duration(obj)
    raise NotImplementedError(type(obj).__name__)


def to_builtins(config: Config) -> dict[str, Any]:
    """The config as plain data (durations as text), for ``config check``."""
    return msgspec.to_builtins(config, enc_hook=_enc_hook)
