"""The parsed command line as one typed class, and what every command runs with.

``parse_args(argv, Args())`` fills an ``Args``; every attribute a command
reads is declared here with its default, so commands read typed values and
never cast (pypa/build's ``_CliArgs``). ``Env`` carries what the CLI takes
from the process (the environment, the clock, stdout) so the library below
never reads them itself, and tests pass their own.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, TextIO

import msgspec

from .._core.redact import redact_text

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = ["CONFIG_ENV", "DEFAULT_CONFIG", "Args", "Command", "Env", "Parser"]

CONFIG_ENV = "ELYTRA_STATUS_CONFIG"
DEFAULT_CONFIG = "elytra-status.toml"


def _wall_clock() -> datetime:
    return datetime.now(UTC)


class Env(msgspec.Struct, frozen=True):
    """The process around a command: environment, clock, stdout."""

    environ: Mapping[str, str] = msgspec.field(default_factory=dict[str, str])
    clock: Callable[[], datetime] = _wall_clock
    stdout: TextIO | None = None
    """Where data goes (default: ``sys.stdout`` at the time of writing)."""

    def now(self) -> datetime:
        """The clock's reading, as an aware UTC datetime."""
        return self.clock().astimezone(UTC)

    def write(self, data: bytes | str, allow: Sequence[str] = ()) -> None:
        """Data to stdout, one line at least, credentials masked except the config's allowlist.

        Every line a command prints goes through here. For the document this
        is a no-op: it passed the leak scan, with the same allowlist, before
        it got here, so what is printed is what is published. The values of
        the run's configured secrets are masked too (``_log.known_secrets``),
        whatever their shape.
        """
        from .._log import known_secrets  # already loaded: the CLI configured logging first

        text = redact_text(data.decode() if isinstance(data, bytes) else data, allow, known=known_secrets())
        stream = self.stdout or sys.stdout
        stream.write(text if text.endswith("\n") else text + "\n")
        stream.flush()


Command = Callable[["Args", Env], int]
"""A command: parsed arguments and the process around it in, exit code out."""


class Args(argparse.Namespace):
    """Every option of every command, typed, with its default."""

    command: Command
    # global
    log_format: Literal["text", "json"] = "text"
    verbose: bool = False
    config: str | None = None
    # status summary / publish / mock
    json: bool = False
    to: list[str] | None = None
    dry_run: bool = False
    state: str = "operational"
    out: str | None = None
    force: bool = False
    online: bool = False
    endpoint_url: str | None = None
    # status check
    url: str = ""
    max_age: timedelta = timedelta(minutes=30)
    alert_webhook: str | None = None
    state_file: str | None = None
    origin: str = ""
    timeout: float = 10.0
    # notice new / update / list
    kind: Literal["incident", "maintenance"] = "incident"
    title: str | None = None
    impact: Literal["none", "degraded", "outage"] | None = None
    component: list[str] | None = None
    body: str | None = None
    body_file: str | None = None
    notice_id: str | None = None
    status: str | None = None
    at: str | None = None
    starts: str | None = None
    ends: str | None = None
    all: bool = False
    publish: bool = False
    # init
    directory: str = "."
    # history show
    days: int | None = None
    from_url: str | None = None
    # contract export / check
    contract_dir: str = "contract"
    check: bool = False
    against: str = "contract/versions"
    schema: str | None = None
    format: Literal["text", "json", "github"] = "text"


def _columns() -> int:
    """The terminal's width for help text, as ``shutil.get_terminal_size`` finds it, without importing shutil."""
    try:
        return int(os.environ["COLUMNS"]) - 2
    except (KeyError, ValueError):
        pass
    stream = sys.__stdout__
    try:
        return os.get_terminal_size(stream.fileno()).columns - 2 if stream is not None else 78
    except (ValueError, OSError):
        return 78


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, minus an import of shutil (and its archivers) at every start.

    argparse makes a formatter for every option it adds, to check it; only
    ``--help`` needs the terminal's width.
    """

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ) -> None:
        super().__init__(prog, indent_increment, max_help_position, width if width is not None else _columns())

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        # Text written in lines (an epilog of examples) keeps its lines; one long sentence is wrapped.
        if "\n" in text:
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


class Parser(argparse.ArgumentParser):
    """argparse echoes bad values ("invalid choice: 'xoxb-...'"); mask them like log lines.

    Sub-parsers are created with the parent's class, so every command's
    messages pass through here, and every parser formats with ``_Formatter``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        super()._print_message(redact_text(message) if message else message, file)
