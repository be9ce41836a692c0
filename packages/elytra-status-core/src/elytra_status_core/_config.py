"""The TOML config file, decoded straight into the settings the code runs on.

Path from ``--config``, else ``ELYTRA_STATUS_CONFIG``, else
``./elytra-status.toml`` (the CLI decides; this module takes a path). Decoded
with msgspec, so an error names the exact key (``sources[2].url``). Relative
paths resolve against the config file's folder. Secrets are never inline: a
source names the environment variable that holds its token (``token_env``).

Each table is the settings object of the code that uses it: ``[status]`` is
what aggregation reads, ``[collect]`` is the fetcher's limits,
``[publish_options]`` is the publisher's retry policy, a ``[[publish]]``
entry is one sink's settings. Nothing is mirrored in a second class with
copied defaults.

``[[sources]]`` tables are kept as TOML tables here and decoded by the
source registry (``_sources.registry``) into the settings Struct of their
kind, with ``decode_table`` and the same key paths: the kinds are listed in
that registry only. ``elytra_status_core.load_config`` and ``parse_config``
are the registry's, which do both steps. ``[[notify]]`` tables are kept and
decoded the same way, by the notifier registry (``_notify.registry``).
"""

# No ``from __future__ import annotations`` here: msgspec reads the annotations of these Structs as
# objects made with the classes, instead of evaluating their text at the first decode (about a
# millisecond per document type, at every start).

import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, TypeVar

import msgspec
from msgspec import Meta

from ._core.components import parse_selector
from ._core.durations import Duration, format_duration, parse_duration
from ._core.settings import (
    BackupSettings,
    ComponentSettings,
    HistorySettings,
    InfrastructureSettings,
    NoticeSettings,
    OutputsSettings,
    PageSettings,
    StatusSettings,
)
from ._errors import ConfigError

__all__ = [
    "CANNED_ACLS",
    "CollectSettings",
    "Config",
    "EnvName",
    "LoadedConfig",
    "NonEmpty",
    "NotifySettings",
    "OutputsSettings",
    "PageSettings",
    "PublishOptions",
    "RedactionSettings",
    "RunSettings",
    "SinkSettings",
    "SourceSettings",
    "Table",
    "check_target",
    "decode_table",
    "load_config",
    "parse_config",
    "source_name",
    "to_builtins",
]

T = TypeVar("T")

EnvName = Annotated[str, Meta(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]
NonEmpty = Annotated[str, Meta(min_length=1)]


class Table(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of config tables: frozen, keyword-only, unknown keys are errors (typos surface)."""


class SourceSettings(Table, frozen=True, kw_only=True):
    """Keys every ``[[sources]]`` table has; each kind's module adds its own."""

    kind: str
    """The source kind (``elytra_status_core._sources.registry.KINDS``)."""
    name: str | None = None
    """Label used in logs and messages; a default names the kind and the URL."""
    max_observation_age: Duration | None = None
    """This source's own ``status.max_observation_age`` (a monitor that checks only hourly needs more)."""


class CollectSettings(Table, frozen=True, kw_only=True):
    """``[collect]``: limits of one collection run, applied by the shared fetcher to every request."""

    concurrency: Annotated[int, Meta(ge=1, le=256)] = 16
    """Requests in flight at once; the HTTP connection pool has the same size."""
    deadline: Duration = Duration(minutes=2)
    """The whole collection must finish within this; slow sources count as failed."""
    request_timeout: Duration = Duration(seconds=30)
    """Total time for one request, body included."""
    connect_timeout: Duration = Duration(seconds=5)
    """Longest wait for a connection (TLS included)."""
    read_timeout: Duration = Duration(seconds=15)
    """Longest wait for the next bytes of an answer."""
    retries: Annotated[int, Meta(ge=0, le=10)] = 3
    """Retries after a 5xx answer, a connection error or a timeout."""
    rate_limit_retries: Annotated[int, Meta(ge=0, le=20)] = 5
    """Retries after ``429 Too Many Requests``."""
    backoff_base: Duration = Duration(milliseconds=500)
    """First wait before a retry; each later one may double."""
    backoff_max: Duration = Duration(seconds=8)
    """Longest wait between retries (waits are jittered, doubling from ``backoff_base``)."""
    max_retry_after: Duration = Duration(minutes=1)
    """A ``Retry-After`` longer than this fails the request instead of waiting."""
    max_bytes: Annotated[int, Meta(ge=1024)] = 5 * 1024 * 1024
    """Cap on one answer's size, after decompression."""


class RedactionSettings(Table, frozen=True, kw_only=True):
    """``[redaction]``: values that may appear although a detector flags them."""

    allow: list[str] = []
    """Literal strings (a public marketing hostname) a detector hit may lie inside; empty ones are ignored."""


class SinkSettings(Table, frozen=True, kw_only=True):
    """One ``[[publish]]`` entry: where the document goes and how it is stored."""

    url: NonEmpty
    """A local path, ``file://`` URL or ``s3://bucket/key``."""
    endpoint_url: str | None = None
    """S3 endpoint (DigitalOcean Spaces); else AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL."""
    region: str | None = None
    acl: str = "public-read"
    """Canned ACL for S3 objects; ``"none"`` for buckets without ACLs."""
    cache_control: str = "public, max-age=60"
    content_type: str = "application/json"


class PublishOptions(Table, frozen=True, kw_only=True):
    """``[publish_options]``: how hard a publish tries (the retry policy), and the run lock.

    Backoff is "full jitter": the n-th wait is uniform in
    ``[0, min(backoff_max, backoff_base * 2**(n-1))]``, so two publishers that
    failed together do not retry together.
    """

    deadline: Duration = Duration(minutes=2)
    """The whole publish step (every target, every retry) ends within this; then exit 1."""
    attempt_timeout: Duration = Duration(seconds=20)
    """One attempt at one target (read, compare, conditional write)."""
    backoff_base: Duration = Duration(milliseconds=500)
    """First wait before a retry; each later one may double."""
    backoff_max: Duration = Duration(seconds=10)
    """Longest wait between retries."""
    conflict_attempts: Annotated[int, Meta(ge=1, le=100)] = 8
    """Conditional writes lost to another writer, in a row, before the attempt counts as failed."""
    lock_file: str | None = None
    """Run lock; default: one per config file in $RUNTIME_DIRECTORY, $XDG_RUNTIME_DIR or the temp folder."""


class RunSettings(Table, frozen=True, kw_only=True):
    """``[run]``: what a publish run tells the outside about itself (heartbeat pings, textfile metrics).

    Neither ever blocks or fails a publish: a ping or a metrics file that
    cannot be written is logged, and the run's exit code stays the publish's.
    """

    ping_url: str | None = None
    """Heartbeat URL (Healthchecks.io convention): ``<url>/start`` when a run begins, ``<url>`` on success,
    ``<url>/fail`` with the last error line on failure. Treated as a secret all the same."""
    ping_url_env: EnvName | None = None
    """Name of the environment variable holding the heartbeat URL, instead of ``ping_url``."""
    ping_timeout: Duration = Duration(seconds=10)
    """Longest a heartbeat ping may take, retries included."""
    metrics_file: str | None = None
    """node_exporter textfile (``*.prom``) rewritten atomically after each run; relative to the config file."""
    notify_deadline: Duration = Duration(seconds=30)
    """Every ``[[notify]]`` target of a run, every retry, ends within this (after the publish)."""

    def __post_init__(self) -> None:
        if self.ping_url is not None and self.ping_url_env is not None:
            raise ValueError("set ping_url or ping_url_env, not both")
        if self.ping_url is not None and not self.ping_url.lower().startswith(("http://", "https://")):
            raise ValueError("ping_url must start with http:// or https://")
        if self.metrics_file is not None and not self.metrics_file.endswith(".prom"):
            raise ValueError("metrics_file must end in .prom (node_exporter's textfile collector reads only those)")


class NotifySettings(Table, frozen=True, kw_only=True):
    """Keys every ``[[notify]]`` table has; each kind's module adds its own (``_notify.registry.KINDS``)."""

    kind: str
    """The notifier kind: ``webhook``, ``slack``, ``discord`` or ``email``."""
    name: str | None = None
    """Label used in logs; default: the kind."""
    timeout: Duration = Duration(seconds=10)
    """Longest one attempt at this target may take."""


class Config(Table, frozen=True, kw_only=True):
    """The whole config file."""

    status: StatusSettings = StatusSettings()
    infrastructure: InfrastructureSettings = InfrastructureSettings()
    backups: BackupSettings = BackupSettings()
    collect: CollectSettings = CollectSettings()
    redaction: RedactionSettings = RedactionSettings()
    sources: list[dict[str, Any]] = []
    """The ``[[sources]]`` tables, decoded per kind by ``_sources.registry``."""
    publish: list[SinkSettings] = []
    publish_options: PublishOptions = PublishOptions()
    components: list[ComponentSettings] = []
    """``[[components]]``, in the order the page shows them."""
    notices: NoticeSettings = NoticeSettings()
    page: PageSettings = PageSettings()
    outputs: OutputsSettings = OutputsSettings()
    history: HistorySettings = HistorySettings()
    run: RunSettings = RunSettings()
    notify: list[dict[str, Any]] = []
    """The ``[[notify]]`` tables, decoded per kind by ``_notify.registry``."""


class LoadedConfig(msgspec.Struct, frozen=True, kw_only=True):
    """A decoded config plus where it came from."""

    config: Config
    path: Path | None
    base: Path
    """Folder that relative paths in the config resolve against."""
    sources: tuple[SourceSettings, ...] = ()
    """``config.sources`` decoded per kind (``_sources.registry.with_sources`` fills it in)."""
    notify: tuple[NotifySettings, ...] = ()
    """``config.notify`` decoded per kind (``_notify.registry.with_notify`` fills it in)."""


def _dec_hook(tp: type[object], obj: object) -> object:
    if tp is Duration:
        if not isinstance(obj, str):
            raise ValueError(f"expected a duration like '30m', got {type(obj).__name__}")
        return parse_duration(obj)
    raise NotImplementedError(f"unsupported config type {tp.__name__}")


_AT = re.compile(r"^(?P<reason>.*?) - at `\$\.?(?P<path>[^`]*)`$", re.DOTALL)
_UNKNOWN_FIELD = re.compile(r"^Object contains unknown field `(?P<field>[^`]+)`$")
_SECRET_KEYS = {"token", "api_key", "apikey", "password", "secret", "key", "access_key", "secret_key"}


def _join(prefix: str, path: str) -> str:
    if not prefix:
        return path
    if not path:
        return prefix
    return f"{prefix}{path}" if path.startswith("[") else f"{prefix}.{path}"


def _config_error(exc: msgspec.ValidationError, key: str, file: str | None) -> ConfigError:
    message = str(exc)
    match = _AT.match(message)
    # Problems at the top level come without " - at `$`".
    reason, path = (match["reason"], match["path"]) if match else (message, "")
    unknown = _UNKNOWN_FIELD.match(reason)
    if unknown:
        field = unknown["field"]
        path = _join(path, field)
        reason = "unknown key"
        if field in _SECRET_KEYS:
            reason += "; secrets are never written in the config, name their environment variable with token_env"
    return ConfigError(reason, key=_join(key, path) or None, file=file)


def decode_table(raw: object, into: type[T], *, key: str = "", file: str | None = None) -> T:
    """``raw`` (decoded TOML) as ``into``; ``ConfigError`` naming ``key`` plus the path inside."""
    try:
        return msgspec.convert(raw, into, dec_hook=_dec_hook)
    except msgspec.ValidationError as exc:
        raise _config_error(exc, key, file) from None
    except RecursionError:
        raise ConfigError("nested too deeply", key=key or None, file=file) from None


CANNED_ACLS = frozenset(
    {
        "private",
        "public-read",
        "public-read-write",
        "authenticated-read",
        "aws-exec-read",
        "bucket-owner-read",
        "bucket-owner-full-control",
        "log-delivery-write",
    }
)
"""S3's canned ACLs; ``acl = "none"`` sends none (buckets with ACLs disabled)."""

_SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):(?P<slashes>/*)")
_MEDIA_TYPE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(?:\s*;.*)?$")


def check_target(url: str) -> str | None:
    """Why ``url`` cannot be a publish target (``None`` when it can): a local path, ``file://`` or ``s3://bucket/key``.

    Test-only schemes (``memory://``) and every other scheme are refused, so
    are upper-case schemes, ``s3:/`` with one slash (which would write a local
    file named ``s3:``) and S3 URLs without a key or naming a folder.
    """
    match = _SCHEME.match(url)
    if match is None or (len(match["scheme"]) == 1 and match["slashes"] in ("/", "\\")):
        return None  # a plain path (a Windows drive letter is not a scheme)
    scheme, slashes = match["scheme"], match["slashes"]
    if scheme.lower() in ("file", "s3") and scheme != scheme.lower():
        return f"write the scheme in lower case ({scheme.lower()}://)"
    if scheme not in ("file", "s3"):
        hint = " (test only)" if scheme.lower() == "memory" else ""
        return f"unsupported scheme {scheme}://{hint}; publish to a local path, file:// or s3://bucket/key"
    if not slashes.startswith("//"):
        return f"{scheme}:{slashes}... is not a URL; write {scheme}://"
    if scheme == "s3":
        bucket, _, key = url[len("s3://") :].partition("/")
        if not bucket:
            return "s3:// URL without a bucket; write s3://bucket/key"
        if not key or key.endswith("/"):
            return "s3:// URL without an object key; write s3://bucket/status.json"
    return None


def _check_publish(config: Config, shown: str | None) -> None:
    for index, target in enumerate(config.publish):
        key = f"publish[{index}]"
        problem = check_target(target.url)
        if problem is not None:
            raise ConfigError(problem, key=f"{key}.url", file=shown)
        if target.endpoint_url is not None and not target.endpoint_url.lower().startswith(("http://", "https://")):
            raise ConfigError("endpoint_url must start with http:// or https://", key=f"{key}.endpoint_url", file=shown)
        if target.acl.lower() != "none" and target.acl not in CANNED_ACLS:
            known = ", ".join(sorted(CANNED_ACLS))
            raise ConfigError(
                f"unknown canned ACL {target.acl!r}; one of {known}, or none", key=f"{key}.acl", file=shown
            )
        if not _MEDIA_TYPE.match(target.content_type):
            raise ConfigError(
                "content_type must be a media type like application/json", key=f"{key}.content_type", file=shown
            )


def source_name(table: dict[str, Any]) -> str:
    """The name component selectors use for a ``[[sources]]`` table: its ``name``, else its kind."""
    name = table.get("name")
    if isinstance(name, str) and name:
        return name
    kind = table.get("kind")
    return kind if isinstance(kind, str) else ""


def _check_components(config: Config, shown: str | None) -> None:
    names: dict[str, int] = {}
    for index, table in enumerate(config.sources):
        name = source_name(table)
        if config.components and name in names:
            raise ConfigError(
                f"two sources are called {name!r} (sources[{names[name]}] too); give each a name "
                "so component selectors can tell them apart",
                key=f"sources[{index}].name",
                file=shown,
            )
        names.setdefault(name, index)
    seen: set[str] = set()
    for index, component in enumerate(config.components):
        key = f"components[{index}]"
        if component.id in seen:
            raise ConfigError(f"component id {component.id!r} is used twice", key=f"{key}.id", file=shown)
        seen.add(component.id)
        for position, text in enumerate(component.monitors):
            try:
                selector = parse_selector(text)
            except ValueError as exc:
                raise ConfigError(str(exc), key=f"{key}.monitors[{position}]", file=shown) from None
            if selector.source not in names:
                known = ", ".join(sorted(names)) or "no sources are configured"
                raise ConfigError(
                    f"no source is called {selector.source!r} (sources: {known})",
                    key=f"{key}.monitors[{position}]",
                    file=shown,
                )


def _check_page(config: Config, shown: str | None) -> None:
    url = config.page.url
    if url is not None and not re.match(r"^https?://[^/\s]+", url, re.IGNORECASE):
        raise ConfigError("must be the page's http:// or https:// URL", key="page.url", file=shown)


def parse_config(text: str, *, path: Path | None = None, base: Path | None = None) -> LoadedConfig:
    """Decode config text; ``ConfigError`` names the key path of any problem."""
    shown = str(path) if path else None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", file=shown) from None
    except RecursionError:
        raise ConfigError("not valid TOML: nested too deeply", file=shown) from None
    config = decode_table(raw, Config, file=shown)
    _check_publish(config, shown)
    _check_components(config, shown)
    _check_page(config, shown)
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


def to_builtins(value: object) -> Any:
    """A config (or any of its tables) as plain data, durations as text, for ``config check``."""
    return msgspec.to_builtins(value, enc_hook=_enc_hook)
