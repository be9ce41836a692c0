"""``elytra init [DIR]``: a commented starter config and a notices folder; never overwrites a file.

The config is written from the code's own tables, so it cannot fall behind
them: one commented ``[[sources]]`` block per kind in the source registry
(``_sources.registry.KINDS``) and one ``[[notify]]`` block per kind in the
notifier registry, each listing its keys with their documentation and
defaults. A block's required keys are commented once (``# url = ...``) and
everything else twice (``# # ...``), so removing one ``# `` from each line of
a block gives a table that decodes, with its optional keys still commented.
The parts that work as written (``[infrastructure]`` text, one component,
``[page]``, ``[notices]``, ``[outputs]``, ``[history]``, one ``[[publish]]`` target) are active, so the
starter config passes ``elytra config check`` as it is.
"""

from __future__ import annotations

import argparse
import itertools
import shlex
from collections.abc import Iterable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any, Final, cast

from .._errors import ConfigError
from .._log import logger
from .args import DEFAULT_CONFIG, Args, Env
from .spec import Spec

__all__ = ["COMMANDS", "EXAMPLE_NOTICE", "NOTICES", "init", "starter_config", "starter_notice"]

HELP = "write a commented starter config and notices folder (never overwrites)"
"""What ``elytra --help`` says of the command."""

NOTICES: Final = "notices"
EXAMPLE_NOTICE: Final = "example.toml.example"
"""Not ``*.toml``: a notice folder's example is not read as a notice."""

BUCKET: Final = "s3://example-status/status.json"
ENDPOINT: Final = "https://nyc3.digitaloceanspaces.com"

_EXAMPLES: Final[Mapping[str, object]] = {
    "uptime-kuma.url": "https://uptime.example.com",
    "uptime-kuma.status_page": "platform",
    "prometheus.url": "http://127.0.0.1:9090",
    "prometheus.query": 'probe_success{job="blackbox"}',
    "restic.snapshots": "backups/restic-snapshots.json",
    "borg.list": "backups/borg-list.json",
    "borg.timezone": "UTC",
    "object-listing.prefix": "s3://example-backups/nightly/",
    "email.host": "smtp.example.com",
    "email.from": "status@example.com",
    "email.to": ["oncall@example.com"],
    "email.username_env": "SMTP_USERNAME",
    "email.password_env": "SMTP_PASSWORD",
    "email.ca_file": "/etc/ssl/certs/relay-ca.pem",
    "endpoint_url": ENDPOINT,
    "ping_url": "https://hc-ping.com/your-check-uuid",
    "ping_url_env": "ELYTRA_STATUS_PING_URL",
    "metrics_file": "/var/lib/prometheus/node-exporter/elytra-status.prom",
    "webhook.signing_secret_env": "STATUS_WEBHOOK_SIGNING_KEY",
    "webhook.url_env": "STATUS_WEBHOOK_URL",
    "slack.url_env": "SLACK_WEBHOOK_URL",
    "discord.url_env": "DISCORD_WEBHOOK_URL",
    "region": "eu-west-1",
}
"""Example values by ``<kind>.<key>`` or ``<key>``; other keys get one from their name and type."""


def _field_docs(cls: type) -> dict[str, str]:
    """The first paragraph of each field's docstring (the string under it), through the class's bases."""
    import ast
    import inspect
    import textwrap

    docs: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        try:
            source = textwrap.dedent(inspect.getsource(klass))
        except (OSError, TypeError):
            continue
        tree = ast.parse(source)
        if not tree.body or not isinstance(tree.body[0], ast.ClassDef):
            continue
        body = tree.body[0].body
        for first, second in itertools.pairwise(body):
            if (
                isinstance(first, ast.AnnAssign)
                and isinstance(first.target, ast.Name)
                and isinstance(second, ast.Expr)
                and isinstance(second.value, ast.Constant)
                and isinstance(second.value.value, str)
            ):
                text = inspect.cleandoc(second.value.value).split("\n\n", 1)[0]
                docs[first.target.id] = " ".join(text.split()).replace("``", "`")
    return docs


def _toml(value: object) -> str:
    """``value`` as a TOML value (strings in JSON's escapes, which TOML's basic strings share)."""
    import msgspec

    from .._core.durations import format_duration

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, timedelta):
        return _toml(format_duration(value))
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        items = cast(Iterable[object], value)
        return "[" + ", ".join(_toml(item) for item in items) + "]"
    return msgspec.json.encode(str(value)).decode()


def _example(kind: str, key: str, field: Any) -> object:
    """A value for a required key: from ``_EXAMPLES``, else from its name and type."""
    import msgspec

    for name in (f"{kind}.{key}", key):
        if name in _EXAMPLES:
            return _EXAMPLES[name]
    if key.endswith("_env"):
        stem = key.removesuffix("_env").upper()
        return f"{kind.upper().replace('-', '_')}_{'API_TOKEN' if stem == 'TOKEN' else stem}"
    if key == "url":
        return f"https://{kind}.example.com"
    kind_info: Any = field.type
    while isinstance(kind_info, msgspec.inspect.Metadata):
        kind_info = kind_info.type
    if isinstance(kind_info, msgspec.inspect.BoolType):
        return True
    if isinstance(kind_info, msgspec.inspect.IntType | msgspec.inspect.FloatType):
        return 1
    if isinstance(kind_info, msgspec.inspect.ListType):
        return []
    return "CHANGE-ME"


def _default(field: Any) -> object:
    import msgspec

    if field.default_factory is not msgspec.NODEFAULT:
        return field.default_factory()
    return field.default


def _wrapped(text: str, prefix: str, width: int = 100) -> list[str]:
    import textwrap

    wrapped = textwrap.wrap(
        text,
        width=width,
        initial_indent=prefix,
        subsequent_indent=prefix,
        break_on_hyphens=False,
        break_long_words=False,
    )
    return wrapped or [prefix.rstrip()]


def _block(
    header: str,
    settings: type,
    *,
    kind: str = "",
    values: Mapping[str, object] | None = None,
    skip: Iterable[str] = (),
    active: bool = False,
) -> str:
    """A table of ``settings``' keys with their docs: ``values`` and required keys set, the rest commented.

    Required keys get an example value, optional ones their default (or an
    example, when the default is "none"). ``active``: the header and the set
    keys are live lines; else every line carries one more ``# `` (a block to
    uncomment).
    """
    import msgspec

    info = msgspec.inspect.type_info(settings)
    assert isinstance(info, msgspec.inspect.StructType)
    docs = _field_docs(settings)
    given = values or {}
    lead = "" if active else "# "
    lines = [f"{lead}{header}"]
    if kind:
        lines.append(f"{lead}kind = {_toml(kind)}")
    for field in info.fields:
        if field.name in skip or field.name == "kind":
            continue
        doc = docs.get(field.name)
        if doc:
            lines += _wrapped(doc, f"{lead}# ")
        key = field.encode_name
        if key in given:
            lines.append(f"{lead}{key} = {_toml(given[key])}")
        elif field.required:
            lines.append(f"{lead}{key} = {_toml(_example(kind, key, field))}")
        else:
            default = _default(field)
            shown = _example(kind, key, field) if default is None else default
            lines.append(f"{lead}# {key} = {_toml(shown)}")
    return "\n".join(lines) + "\n"


_HEAD = """\
# elytra-status: where the status comes from, what the page says, where status.json goes.
#
#   elytra config check --config elytra-status.toml --online   validates it and probes every source and target
#   elytra status summary                                      prints what would be published
#
# Durations are a number and a unit: "500ms", "20s", "30m", "36h", "7d". Relative paths resolve against
# this file's folder. Secrets are never written here: a table names the environment variable that holds
# one (token_env, url_env, password_env, ...). Everything under [infrastructure], [backups], [page],
# [[components]] and the notices folder is published, and scanned for sensitive data first.
"""

_STATIC = """\
[infrastructure]
model = "Dedicated servers per customer, managed database cluster."
regions = ["nyc3"]
notes = "All sites behind managed HTTPS and monitored around the clock."

[backups]
policy = "Nightly backups, 7-day retention, off-site object storage."
# max_age = "36h"                 # the newest backup older than this reads as "warning"
"""

_COMPONENTS = """\
# --- components: what the page lists, each with its own status from the monitors it selects ---------------
# A selector is "<source name>:<monitor key glob>"; a source's name is its kind unless it sets `name`.
# With no monitor answering and no notice naming it, a component reads "unknown".
[[components]]
id = "websites"
name = "Customer websites"
group = "Hosting"
# monitors = ["uptime-kuma:*"]

# [[components]]
# id = "panel"
# name = "Control panel"
# monitors = ["prometheus:panel-*"]
"""


def starter_config() -> str:
    """The commented starter ``elytra-status.toml``."""
    from .._config import OutputsSettings, PageSettings, RunSettings, SinkSettings
    from .._core.settings import HistorySettings, NoticeSettings, StatusSettings
    from .._notify.registry import NOTIFY_KINDS, notify_module
    from .._sources.registry import SOURCE_KINDS, source_module

    parts = [_HEAD, _block("[status]", StatusSettings, active=True), _STATIC]
    parts.append(
        "# --- sources: uncomment at least one block (remove one '# ' from each of its lines) ------------------\n"
        "# Every source also takes `name` (for component selectors and logs) and `max_observation_age`\n"
        "# (its own [status] max_observation_age). docs/sources.md has the details.\n"
    )
    skip = ("name", "max_observation_age")
    parts += [_block("[[sources]]", source_module(k).Settings, kind=k, skip=skip) for k in SOURCE_KINDS]
    parts.append(_COMPONENTS)
    page = {"name": "Example Cloud status", "url": "https://status.example.com"}
    parts.append(_block("[page]", PageSettings, values=page, active=True))
    parts.append(_block("[notices]", NoticeSettings, values={"dir": NOTICES}, active=True))
    parts.append(_block("[outputs]", OutputsSettings, active=True))
    parts.append(_block("[history]", HistorySettings, active=True))
    parts.append(
        "# --- where status.json goes: then `elytra bucket setup URL` once, for the bucket's CORS rule ----------\n"
        "# S3 credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the profile), never from here.\n"
        + _block("[[publish]]", SinkSettings, values={"url": BUCKET, "endpoint_url": ENDPOINT}, active=True)
    )
    parts.append(
        "# --- the run: a heartbeat (Healthchecks.io convention) and node_exporter textfile metrics -------------\n"
        + _block("[run]", RunSettings)
    )
    parts.append(
        "# --- change notifications: platform status, components and notices, once per change ---------------\n"
    )
    parts += [_block("[[notify]]", notify_module(k).Settings, kind=k, skip=("name",)) for k in NOTIFY_KINDS]
    return "\n".join(parts)


def starter_notice() -> str:
    """The commented example notice file."""
    return """\
# An incident or a maintenance window, shown on the page and in status.json.
# Copy this file to <id>.toml in this folder: the file name is the notice's id (lower-case letters,
# digits and '-', e.g. 2026-12-01-panel-errors.toml). Or let `elytra notice new` write one for you.
# Every text here is published, and scanned for sensitive data first.
#
# kind = "incident"                      # or "maintenance", with scheduled_for and scheduled_until
# title = "Elevated errors in the control panel"
# impact = "degraded"                    # none, degraded or outage
# components = ["websites"]              # ids of [[components]] in the config
#
# [[updates]]
# at = 2026-12-01T14:05:00Z
# status = "investigating"               # incident: investigating, identified, monitoring, resolved
# body = "We are investigating elevated error rates when logging in to the control panel."
#
# [[updates]]                            # `elytra notice update` appends these
# at = 2026-12-01T14:40:00Z
# status = "resolved"
# body = "A faulty deploy was rolled back. Logins work again."
"""


def init(args: Args, env: Env) -> int:
    """Write the starter config and notices folder into ``DIR``; exit 2 naming any file that exists."""
    folder = Path(args.directory)
    config = folder / DEFAULT_CONFIG
    notices = folder / NOTICES
    example = notices / EXAMPLE_NOTICE
    for path in (config, example):
        if path.exists() or path.is_symlink():
            raise ConfigError(
                f"{path} exists; elytra init never overwrites a file (move it away, or init another folder)"
            )
    if notices.exists() and not notices.is_dir():
        raise ConfigError(f"{notices} exists and is not a folder; elytra init never overwrites a file")
    texts = {config: starter_config(), example: starter_notice()}
    try:
        notices.mkdir(parents=True, exist_ok=True)
        for path, text in texts.items():
            with path.open("x", encoding="utf-8") as handle:  # "x": a file that appeared meanwhile is kept
                handle.write(text)
    except FileExistsError as exc:
        raise ConfigError(f"{exc.filename} exists; elytra init never overwrites a file") from None
    except OSError as exc:
        raise ConfigError(f"cannot write into {folder}: {exc.strerror or type(exc).__name__}") from None
    logger.info("wrote %s and %s", config, example)
    shown = shlex.quote(str(config))
    env.write(
        "\n".join(
            [
                f"wrote {config}: a starter config, every source kind in it commented",
                f"wrote {notices}/: the notices folder, with an example notice ({EXAMPLE_NOTICE})",
                "",
                "Edit the config (a [[sources]] block, [infrastructure], [[publish]] url), then:",
                f"  elytra config check --config {shown} --online",
                f"  elytra bucket setup {BUCKET} --endpoint-url {ENDPOINT}",
                f"  elytra status publish --config {shown}",
            ]
        )
    )
    return 0


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "directory", nargs="?", default=".", metavar="DIR", help="where to write (default: the current folder)"
    )


COMMAND = Spec(
    "init",
    run=init,
    arguments=_arguments,
    help=HELP,
    description=f"Write DIR/{DEFAULT_CONFIG}, a commented starter config with every source kind, one "
    f"component, [page], [notices] and one [[publish]] target, and DIR/{NOTICES}/ with a commented example "
    "notice. An existing file is never overwritten (exit 2, naming it).",
    epilog="examples:\n  elytra init /etc/elytra-status\n  elytra config check --config /etc/elytra-status/elytra-status.toml",
)
"""``init`` is a group that is one command."""
COMMANDS = COMMAND
