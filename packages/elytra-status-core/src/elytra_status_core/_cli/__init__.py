"""The ``elytra`` command line.

``main(argv) -> int`` is the whole program; tests call it directly, with
their own ``environ`` and ``clock``. It only parses and dispatches: each
command group is a module here (``status``, ``config``, ``contract``, ...,
listed in ``_GROUPS``) that describes its commands (``Spec``), whose
commands are plain typed functions ``(Args, Env) -> int``. A run imports
the module of the group it names and builds that command's parser only.
Library errors become one-line messages on stderr through
``_errors_to_exit``; data goes to stdout (``Env.write``, masked), logs to
stderr. Exit codes: 0 ok, 1 the check or publish failed, 2 usage or
config error.

Nothing leaves unmasked: log lines go through ``redact_text`` (``_log``),
so do argparse's own messages (``Parser``) and every line written to
stdout; an unexpected exception becomes one masked line and exit 1, never a
traceback (``-v`` logs the traceback, masked too).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import sys
from collections.abc import Callable, Collection, Generator, Mapping, Sequence
from datetime import datetime
from types import ModuleType
from typing import Any, NoReturn

from elytra_status_contract import ContractError

from .._errors import ElytraError, LockBusy
from .._log import configure_logging, logger
from .args import CONFIG_ENV, DEFAULT_CONFIG, Args, Env, Parser
from .spec import Spec

__all__ = ["build_parser", "main"]


class _Version(argparse.Action):
    """``--version``: the version is looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> NoReturn:
        from .._version import package_version

        sys.stdout.write(f"{parser.prog} {package_version()}\n")
        sys.stdout.flush()
        parser.exit()


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """``-v``, ``--log-format`` and ``--config``: accepted before or after the subcommand.

    On sub-parsers they default to ``SUPPRESS``, so a value given before the
    subcommand is not overwritten by the sub-parser's default.
    """
    default: Any = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--log-format",
        choices=("text", "json"),
        default="text" if top else argparse.SUPPRESS,
        help="format of log lines on stderr",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", default=False if top else argparse.SUPPRESS, help="log debug details"
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        default=default,
        help=f"config file (default: ${CONFIG_ENV}, else ./{DEFAULT_CONFIG})",
    )


_GROUPS = ("init", "status", "notice", "config", "bucket", "history", "contract", "completion")
"""Command groups, in ``--help`` order: each is the module of that name in this package, with ``HELP`` and
``COMMANDS`` (one ``Spec`` per command, or one ``Spec`` for a group that is a command itself, like
``elytra init DIR``). A module is imported only when its group is built: a run builds one."""


def _group(name: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{name}")


@contextlib.contextmanager
def _collector_paused(*, program: bool) -> Generator[Callable[[], None]]:
    """The cyclic garbage collector off while the command's parser and modules load; ``resume()`` for the command.

    Loading modules makes many objects that live to the end (modules,
    classes, functions, Structs): the collections an import triggers find
    nothing to free, and every later full collection walks them all again,
    about a twelfth of a short command's time. So the collector is off until
    the command is parsed; ``resume()`` freezes what exists by then
    (``gc.freeze``: collections leave it alone, the one at exit too) and
    turns it back on for the command. When ``main`` runs as the program
    (``program``: it read ``sys.argv``) it stays frozen, since the process
    ends with it; otherwise everything is unfrozen at the end, so a caller
    that runs ``main`` many times (the tests) does not keep its garbage for
    good. A caller that froze objects itself is left alone.
    """
    enabled = gc.isenabled()
    ours = gc.get_freeze_count() == 0

    def resume() -> None:
        if ours:
            gc.freeze()
        if enabled:
            gc.enable()

    gc.disable()
    try:
        yield resume
    finally:
        if ours and not program:
            gc.unfreeze()
        if enabled:
            gc.enable()


def _named(argv: Sequence[str], names: Collection[str]) -> str | None:
    """The first word of ``argv`` that is one of ``names``, or ``None``."""
    for word in argv:
        if word == "--":
            return None
        if word in names:
            return word
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv``, only the group and the command it names are built.

    Building a parser for every command costs more than the rest of a short
    run, and a run only ever uses one, so when ``argv`` names a group (and a
    command in it) only those are added. Without ``argv``, or when it names
    none, every group (or every command of the named group) is built, so
    ``--help`` and the "invalid choice" messages list them all.
    """
    parser = Parser(
        prog="elytra",
        description="Build, publish and watch the public platform status document (status.json).",
        epilog="Exit codes: 0 ok, 1 the check or publish failed, 2 usage or config error.",
    )
    parser.add_argument("--version", action=_Version)
    _global_options(parser, top=True)
    groups = parser.add_subparsers(dest="group", metavar="COMMAND", required=True)
    words = list(argv) if argv is not None else []
    chosen = _named(words, _GROUPS)
    for name in _GROUPS:
        if chosen not in (None, name):
            continue
        module = _group(name)
        if isinstance(module.COMMANDS, Spec):  # a group that is one command
            spec = module.COMMANDS
            description = spec.description or spec.help[:1].upper() + spec.help[1:] + "."
            alone = groups.add_parser(name, help=spec.help, description=description, epilog=spec.epilog)
            alone.set_defaults(command=spec.run)
            spec.arguments(alone)
            _global_options(alone, top=False)
            continue
        group = groups.add_parser(name, help=module.HELP, description=module.HELP[:1].upper() + module.HELP[1:] + ".")
        specs = module.COMMANDS
        command = _named(words[words.index(name) + 1 :], [spec.name for spec in specs]) if chosen else None
        commands = group.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
        for spec in specs:
            if command not in (None, spec.name):
                continue
            leaf = commands.add_parser(
                spec.name,
                help=spec.help,
                description=spec.description or spec.help[:1].upper() + spec.help[1:] + ".",
                epilog=spec.epilog,
            )
            leaf.set_defaults(command=spec.run)
            spec.arguments(leaf)
            _global_options(leaf, top=False)
    return parser


@contextlib.contextmanager
def _errors_to_exit() -> Generator[None]:
    """Turn the library's errors into a message and an exit code."""
    try:
        yield
    except LockBusy as busy:
        logger.warning(
            "another publish run with this config is still going (%s; lock %s); this run exits without publishing",
            busy.holder,
            busy.path,
        )
        raise SystemExit(busy.exit_code) from None
    except ElytraError as exc:
        _error(str(exc), exc.exit_code)
    except ContractError as exc:
        _error(f"the document does not satisfy the contract: {exc}", 1)
    except KeyboardInterrupt:
        _error("interrupted", 130)
    except Exception as exc:  # the last line of defence: a bug is one masked line, not a traceback
        import traceback

        logger.debug("%s", "".join(traceback.format_exception(exc)).rstrip())
        _error(f"unexpected error ({type(exc).__name__}: {exc}); this is a bug, run with -v for details", 1)


def _error(message: str, code: int) -> NoReturn:
    logger.error("%s", message)
    raise SystemExit(code)


def main(
    argv: Sequence[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    clock: Callable[[], datetime] | None = None,
) -> int:
    """Run the CLI; return the exit code.

    ``environ`` (default ``os.environ``) and ``clock`` (default the wall
    clock) are everything the commands take from the process.
    """
    words = sys.argv[1:] if argv is None else list(argv)
    with _collector_paused(program=argv is None) as resume:
        try:
            args = build_parser(words).parse_args(words, Args())
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else 2
        resume()
        configure_logging(args.log_format, args.verbose)
        environ = os.environ if environ is None else environ
        env = Env(environ=environ, clock=clock) if clock else Env(environ=environ)
        try:
            with _errors_to_exit():
                return args.command(args, env)
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
