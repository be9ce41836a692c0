"""The ``elytra`` command line.

``main(argv) -> int`` is the whole program; tests call it directly. Library
errors become one-line messages on stderr through ``_errors_to_exit``; data
goes to stdout, logs to stderr. Exit codes: 0 ok, 1 the check or publish
failed, 2 usage or config error. Heavy modules (httpx, s3fs) are imported
only by the commands and sources that need them.

Nothing leaves unmasked: log lines go through ``redact_text`` (``_log``),
so do argparse's own messages (``_Parser``) and every line written to
stdout; an unexpected exception becomes one masked line and exit 1, never a
traceback (``-v`` logs the traceback, masked too).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import traceback
from collections.abc import Callable, Generator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast

import msgspec
from elytra_status_contract import ContractError, PlatformStatus, encode

from ._cmdtypes import Command, package_version
from ._config import LoadedConfig, PublishTarget, load_config, to_builtins
from ._errors import ConfigError, ElytraError
from ._log import configure_logging, logger
from ._redact import mask_url, redact_text

__all__ = ["main"]

CONFIG_ENV = "ELYTRA_STATUS_CONFIG"
DEFAULT_CONFIG = "elytra-status.toml"

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from ._cmdtypes import SubParsers

_Register = Callable[["SubParsers", "SubParsers"], None]

# Modules that add commands: each has ``register(status_subcommands, groups)``,
# which adds its parsers and sets ``func``. They import heavy modules lazily.
_COMMAND_MODULES = ("_cmd_check", "_cmd_contract")


class _UsageError(Exception):
    """Bad arguments the parser could not catch."""


class _Parser(argparse.ArgumentParser):
    """argparse echoes bad values ("invalid choice: 'xoxb-...'"); mask them like log lines.

    Sub-parsers are created with the parent's class, so every command's
    messages pass through here.
    """

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        super()._print_message(redact_text(message) if message else message, file)


def _now() -> datetime:
    return datetime.now(UTC)


def _config_path(args: argparse.Namespace) -> Path:
    given = cast(str | None, args.config) or os.environ.get(CONFIG_ENV)
    if given:
        return Path(given)
    path = Path(DEFAULT_CONFIG)
    if not path.exists():
        raise ConfigError(f"no config file: pass --config FILE, set {CONFIG_ENV}, or create ./{DEFAULT_CONFIG}")
    return path


def _load(args: argparse.Namespace) -> LoadedConfig:
    loaded = load_config(_config_path(args))
    logger.debug("config %s", loaded.path)
    return loaded


def _write_stdout(data: bytes | str, allow: Sequence[str] = ()) -> None:
    """Data to stdout, credentials masked except the config's allowlist.

    For the document this is a no-op: it passed the leak scan, with the same
    allowlist, before it got here, so what is printed is what is published.
    """
    text = redact_text(data.decode() if isinstance(data, bytes) else data, allow)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def _human(doc: PlatformStatus) -> str:
    lines = [f"platform_status  {doc.platform_status}", f"updated_at       {doc.updated_at:%Y-%m-%dT%H:%M:%SZ}"]
    if not isinstance(doc.stale_after, msgspec.UnsetType):
        lines.append(f"stale_after      {doc.stale_after:%Y-%m-%dT%H:%M:%SZ}")
    if not isinstance(doc.uptime, msgspec.UnsetType):
        for label, value in (("24h", doc.uptime.last_24h), ("7d", doc.uptime.last_7d)):
            shown = "unknown" if isinstance(value, msgspec.UnsetType) else f"{value:.2f}%"
            lines.append(f"uptime {label:<9} {shown}")
    else:
        lines.append("uptime           unknown")
    if not isinstance(doc.backups, msgspec.UnsetType):
        b = doc.backups
        status = "unknown" if isinstance(b.last_backup_status, msgspec.UnsetType) else b.last_backup_status
        lines.append(f"backups          {status}")
        if not isinstance(b.last_successful_backup, msgspec.UnsetType):
            lines.append(f"last backup ok   {b.last_successful_backup:%Y-%m-%dT%H:%M:%SZ}")
    return "\n".join(lines)


# --- commands -----------------------------------------------------------------


def _cmd_summary(args: argparse.Namespace) -> int:
    from ._publish import build_run

    loaded = _load(args)
    run = build_run(loaded, _now())
    _write_stdout(run.data if args.json else _human(run.document), loaded.config.redaction.allow)
    return 0


def _lock_path(loaded: LoadedConfig) -> tuple[Path, bool]:
    """The run lock's path, and whether it is the default one (in a private folder)."""
    from ._lock import default_lock_path

    configured = loaded.config.publish_options.lock_file
    if configured:
        path = Path(configured).expanduser()
        return (path if path.is_absolute() else loaded.base / path), False
    return default_lock_path(loaded.path, os.environ), True


def _cmd_publish(args: argparse.Namespace) -> int:
    from ._lock import LockBusy, run_lock

    loaded = _load(args)
    to = cast(list[str] | None, args.to)
    targets = [PublishTarget(url=url) for url in to] if to else loaded.config.publish
    if not targets and not args.dry_run:
        raise ConfigError("nothing to publish to: add a [[publish]] table or pass --to URL", key="publish")
    if args.dry_run:
        return _run_publish(loaded, targets, dry_run=True)
    path, private = _lock_path(loaded)
    try:
        with run_lock(path, private_folder=private):
            return _run_publish(loaded, targets, dry_run=False)
    except LockBusy as busy:
        logger.warning(
            "another publish run with this config is still going (%s; lock %s); this run exits without publishing",
            busy.holder,
            busy.path,
        )
        return 0


def _run_publish(loaded: LoadedConfig, targets: list[PublishTarget], *, dry_run: bool) -> int:
    from ._publish import build_run, publish_document

    run = build_run(loaded, _now())
    if dry_run:
        _write_stdout(run.data, loaded.config.redaction.allow)
        for target in targets:
            logger.info("dry run: would publish to %s", mask_url(target.url))
        return 0
    failed = 0
    for outcome in publish_document(run.document, run.data, targets, loaded):
        if outcome.error is not None:
            failed += 1
            logger.error("%s", outcome.error)
        elif outcome.written:
            logger.info("published %s (platform_status %s)", outcome.url, run.document.platform_status)
            _write_stdout(f"wrote {outcome.url}")
        else:
            logger.info("kept the newer document at %s", outcome.url)
    return 1 if failed else 0


def _cmd_mock(args: argparse.Namespace) -> int:
    from ._mock import mock_document

    data = encode(mock_document(args.state, _now()))
    out = cast(str | None, args.out)
    if out is None or out == "-":
        _write_stdout(data)
        return 0
    from ._sinks import make_sink

    sink = make_sink(PublishTarget(url=out), Path.cwd())
    sink.replace_if(data, lambda _current: True)
    logger.info("wrote %s mock to %s", args.state, sink.url)
    return 0


def _masked_config(loaded: LoadedConfig) -> dict[str, Any]:
    """The config for display. Credentials are masked even when allowlisted:
    the allowlist admits values into the public document, it does not make a
    key safe to print in a terminal or a CI log."""
    data = to_builtins(loaded.config)

    def walk(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in cast(dict[str, Any], value).items()}
        if isinstance(value, list):
            return [walk(v, key) for v in cast(list[Any], value)]
        if isinstance(value, str):
            if key.endswith("_env"):
                state = "set" if os.environ.get(value) else "NOT SET"
                return f"{value} ({state})"
            if "://" in value:
                return mask_url(value)
            return redact_text(value)
        return value

    return {"config_file": str(loaded.path) if loaded.path else None, **walk(data)}


def _cmd_config_check(args: argparse.Namespace) -> int:
    loaded = _load(args)
    from ._sources import make_source

    for index, source in enumerate(loaded.config.sources):
        make_source(source, loaded.base, index)  # unknown kinds and bad settings surface here
    _write_stdout(msgspec.json.format(msgspec.json.encode(_masked_config(loaded)), indent=2))
    logger.info("config ok: %d source(s), %d publish target(s)", len(loaded.config.sources), len(loaded.config.publish))
    return 0


# --- parser -------------------------------------------------------------------


def _add_config(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        metavar="FILE",
        help=f"config file (default: ${CONFIG_ENV}, else ./{DEFAULT_CONFIG})",
    )


def build_parser() -> argparse.ArgumentParser:
    # Typed as the base class: sub-parser containers are invariant in their parser type.
    parser = cast(
        argparse.ArgumentParser,
        _Parser(
            prog="elytra",
            description="Build, publish and watch the public platform status document (status.json).",
            epilog="Exit codes: 0 ok, 1 the check or publish failed, 2 usage or config error.",
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    parser.add_argument("--log-format", choices=("text", "json"), default="text", help="format of log lines on stderr")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    groups = parser.add_subparsers(dest="group", metavar="COMMAND", required=True)

    status = groups.add_parser("status", help="build, publish or mock the status document")
    status_cmds = status.add_subparsers(dest="command", metavar="SUBCOMMAND", required=True)

    summary = status_cmds.add_parser("summary", help="collect, build and print the document")
    _add_config(summary)
    summary.add_argument("--json", action="store_true", help="print the document as JSON (default: a readable summary)")
    summary.set_defaults(func=_cmd_summary)

    publish = status_cmds.add_parser(
        "publish",
        help="collect, build, validate and publish the document",
        description="Collect from every source, build and validate the document, scan it for "
        "sensitive data, and write it to every [[publish]] target. A target that already holds "
        "a newer document is left alone.",
    )
    _add_config(publish)
    publish.add_argument("--to", action="append", metavar="URL", help="publish here instead of the [[publish]] list (repeatable)")
    publish.add_argument("--dry-run", action="store_true", help="print the document instead of writing it")
    publish.set_defaults(func=_cmd_publish)

    from ._mock import MOCK_STATES

    mock = status_cmds.add_parser("mock", help="write an example document in a given state")
    mock.add_argument("--state", required=True, choices=MOCK_STATES, help="state of the example document")
    mock.add_argument("--out", metavar="FILE", help="write here (local path or URL) instead of stdout")
    mock.set_defaults(func=_cmd_mock)

    for module_name in _COMMAND_MODULES:
        module = importlib.import_module(f"elytra_status_core.{module_name}")
        cast(_Register, module.register)(status_cmds, groups)

    config = groups.add_parser("config", help="inspect the configuration")
    config_cmds = config.add_subparsers(dest="command", metavar="SUBCOMMAND", required=True)
    check = config_cmds.add_parser("check", help="validate the config and print it resolved, secrets masked")
    _add_config(check)
    check.set_defaults(func=_cmd_config_check)
    return parser


@contextlib.contextmanager
def _errors_to_exit() -> Generator[None]:
    """Turn the library's errors into a message and an exit code."""
    try:
        yield
    except ElytraError as exc:
        _error(str(exc), exc.exit_code)
    except ContractError as exc:
        _error(f"the document does not satisfy the contract: {exc}", 1)
    except _UsageError as exc:
        _error(str(exc), 2)
    except KeyboardInterrupt:
        _error("interrupted", 130)
    except Exception as exc:  # the last line of defence: a bug is one masked line, not a traceback
        logger.debug("%s", "".join(traceback.format_exception(exc)).rstrip())
        _error(f"unexpected error ({type(exc).__name__}: {exc}); this is a bug, run with -v for details", 1)


def _error(message: str, code: int) -> NoReturn:
    logger.error("%s", message)
    raise SystemExit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    configure_logging(args.log_format, args.verbose)
    func = cast(Command, args.func)
    try:
        with _errors_to_exit():
            return func(args)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
