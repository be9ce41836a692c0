"""Logging for the CLI: stderr, text or JSON lines, secrets masked.

Every record passes through ``redact_text`` before it is written, so a token
that slipped into an exception message or a URL is masked in the log too.
That holds for the libraries' own warnings as well (botocore, aiohttp,
asyncio): the root logger gets the same redacting handler at level WARNING,
so nothing reaches stderr through logging without being masked.

Detectors find secrets by their shape. The secrets the run was configured
with (a source's token, the password in a URL, the S3 keys) are known by
value: ``register_secrets`` adds them to the run's registry, and every record
is masked with it too, so a server that echoes a token back in an error body
cannot put it in the log. ``Env.write`` masks stdout with the same registry
(``known_secrets``). ``configure_logging`` starts a run with an empty one.

The standard ``logging`` module (with ``threading`` and ``traceback``) costs
a short command more than its own work, so it is loaded only when needed.
``logger`` stands in for ``logging.getLogger(LOGGER_NAME)``: until
``logging`` is loaded it drops the records below the level
``configure_logging`` set, and hands every other record to that logger,
loading ``logging`` then. The handlers are installed as soon as ``logging``
is loaded, by this module or by a library that imports it (a finder on
``sys.meta_path`` waits for it), so a library's first record is masked like
every later one. A run that logs nothing never loads ``logging``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final, Literal, TextIO

import msgspec

from ._core.redact import KnownSecrets, redact_text

if TYPE_CHECKING:
    import logging
    from importlib.abc import Loader
    from importlib.machinery import ModuleSpec
    from types import ModuleType

__all__ = [
    "LOGGER_NAME",
    "Logger",
    "configure_logging",
    "forget_secrets",
    "known_secrets",
    "logger",
    "register_secrets",
]

LOGGER_NAME = "elytra_status"

_Style = Literal["text", "json"]

# logging's levels, known without loading it
DEBUG: Final = 10
INFO: Final = 20
WARNING: Final = 30
ERROR: Final = 40
CRITICAL: Final = 50

_known = KnownSecrets()
"""The run's configured secret values (replaced whole, never mutated: a handler thread reads it)."""


def register_secrets(values: Iterable[str]) -> None:
    """Mask ``values`` by value, from now on, in every log line and stdout line (shorter than 6: ignored)."""
    global _known
    _known = _known | KnownSecrets.of(values)


def known_secrets() -> KnownSecrets:
    """The secret values registered for this run."""
    return _known


def forget_secrets() -> None:
    """Start over with no registered secrets (a new run in the same process)."""
    global _known
    _known = KnownSecrets()


# --- the logger, before and after ``logging`` is loaded ---------------------------------------

_threshold = 0
"""Records below this level are dropped while ``logging`` is not loaded (0: not configured, none are)."""
_pending: tuple[_Style, bool, TextIO | None] | None = None
"""``configure_logging``'s arguments, until ``logging`` is loaded and the handlers are installed."""


class Logger:
    """``logging.getLogger(LOGGER_NAME)``, with ``logging`` loaded by the first record that gets past the level.

    The methods take what ``logging.Logger``'s take (``exc_info``,
    ``stack_info``, ``stacklevel``, ``extra``); a record names the caller's
    file and line, as if it had been logged on the real logger directly.
    """

    __slots__ = ()

    name: Final = LOGGER_NAME

    def debug(self, msg: object, *args: object, **kwargs: Any) -> None:
        """Log ``msg % args`` at level DEBUG."""
        self._log(DEBUG, msg, args, kwargs)

    def info(self, msg: object, *args: object, **kwargs: Any) -> None:
        """Log ``msg % args`` at level INFO."""
        self._log(INFO, msg, args, kwargs)

    def warning(self, msg: object, *args: object, **kwargs: Any) -> None:
        """Log ``msg % args`` at level WARNING."""
        self._log(WARNING, msg, args, kwargs)

    def error(self, msg: object, *args: object, **kwargs: Any) -> None:
        """Log ``msg % args`` at level ERROR."""
        self._log(ERROR, msg, args, kwargs)

    def exception(self, msg: object, *args: object, **kwargs: Any) -> None:
        """Log ``msg % args`` at level ERROR, with the exception being handled."""
        self._log(ERROR, msg, args, {"exc_info": True, **kwargs})

    def critical(self, msg: object, *args: object, **kwargs: Any) -> None:
        """Log ``msg % args`` at level CRITICAL."""
        self._log(CRITICAL, msg, args, kwargs)

    def _log(self, level: int, msg: object, args: tuple[object, ...], kwargs: dict[str, Any]) -> None:
        if level < _threshold and "logging" not in sys.modules:
            return  # configured to drop it, and nothing else can have changed the level yet
        import logging

        if _pending is not None:  # loaded by a way the finder did not see
            _install(*_pending)
        # Two frames of this class between the caller and logging: _log and the level's method.
        kwargs["stacklevel"] = kwargs.get("stacklevel", 1) + 2
        logging.getLogger(LOGGER_NAME).log(level, msg, *args, **kwargs)


logger = Logger()
"""The package's logger (``LOGGER_NAME``)."""


class _WhenLoggingLoads:
    """On ``sys.meta_path`` while handlers wait for ``logging``: installs them once it has been executed.

    It finds nothing itself; for ``logging`` it asks the finders after it,
    and wraps the loader they return so that the handlers are installed
    right after the module has run, before the importer gets it.
    """

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None, /
    ) -> ModuleSpec | None:
        if fullname != "logging":
            return None
        _stop_waiting()
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)  # a legacy finder may have only find_module
            spec: ModuleSpec | None = find(fullname, path, target) if find is not None else None
            if spec is not None:
                break
        else:
            return None
        if spec.loader is not None:
            spec.loader = _then_install(spec.loader)
        return spec


_FINDER: Final = _WhenLoggingLoads()


def _stop_waiting() -> None:
    if _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)


def _then_install(loader: Loader) -> Loader:
    """``loader``, and the pending handlers installed once it has executed the module."""
    # importlib.abc.Loader is this class; importlib.abc itself would load importlib.resources.
    from importlib._abc import Loader as Base

    class ThenInstall(Base):
        def create_module(self, spec: ModuleSpec) -> ModuleType | None:
            return loader.create_module(spec)

        def exec_module(self, module: ModuleType) -> None:
            loader.exec_module(module)
            module.__loader__ = loader  # the module keeps its own loader, as if nobody had waited
            if module.__spec__ is not None:
                module.__spec__.loader = loader
            if _pending is not None:
                _install(*_pending)

    return ThenInstall()


# --- the handlers -----------------------------------------------------------------------------

_handler_class: type[logging.Handler] | None = None
"""The class of this module's handlers, defined once ``logging`` is loaded."""
_new_handler: Callable[[TextIO | None, _Style], logging.Handler] | None = None


def _handler(style: _Style, stream: TextIO | None) -> logging.Handler:
    """A handler writing masked lines to ``stream``, or to whatever ``sys.stderr`` is at each record."""
    global _handler_class, _new_handler
    if _new_handler is None:
        _handler_class, _new_handler = _define_handler()
    return _new_handler(stream, style)


def _define_handler() -> tuple[type[logging.Handler], Callable[[TextIO | None, _Style], logging.Handler]]:
    import logging

    class Formatter(logging.Formatter):
        def __init__(self, style: _Style) -> None:
            super().__init__()
            self._json = style == "json"

        def format(self, record: logging.LogRecord) -> str:
            try:
                text = record.getMessage()
            except Exception:  # a library's malformed log call must not become a traceback
                text = str(record.msg)
            if record.name != LOGGER_NAME and not record.name.startswith(f"{LOGGER_NAME}."):
                text = f"[{record.name}] {text}"
            message = redact_text(text, known=_known)
            when = datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            if self._json:
                payload = {"time": when, "level": record.levelname.lower(), "message": message}
                return msgspec.json.encode(payload).decode()
            return f"{when} {record.levelname.lower():7} {message}"

    class Handler(logging.StreamHandler[TextIO]):
        """Writes to ``stream``, or to whatever ``sys.stderr`` is at the time of each record."""

        def __init__(self, stream: TextIO | None, style: _Style) -> None:
            super().__init__(stream or sys.stderr)
            self._fixed = stream
            self.setFormatter(Formatter(style))

        def emit(self, record: logging.LogRecord) -> None:
            self.stream = self._fixed or sys.stderr  # not setStream(): it flushes the old one, maybe closed
            super().emit(record)

    return Handler, Handler


def _install(style: _Style, verbose: bool, stream: TextIO | None) -> None:
    """The package's handler and level, and the root logger's handler for the libraries' warnings."""
    global _pending
    import logging

    _pending = None
    _stop_waiting()
    own = logging.getLogger(LOGGER_NAME)
    own.handlers[:] = [_handler(style, stream)]
    own.setLevel(logging.DEBUG if verbose else logging.INFO)
    own.propagate = False

    root = logging.getLogger()
    root.handlers[:] = [h for h in root.handlers if _handler_class is None or not isinstance(h, _handler_class)]
    library = _handler(style, stream)
    library.setLevel(logging.WARNING)
    root.addHandler(library)


def configure_logging(style: _Style = "text", verbose: bool = False, stream: TextIO | None = None) -> None:
    """Send the package's log records (and other libraries' warnings) to ``stream`` (default: stderr).

    This starts a run: the secrets an earlier run in this process registered
    are forgotten. When ``logging`` is not loaded yet, the handlers are
    installed when it is.
    """
    global _pending, _threshold
    forget_secrets()
    _threshold = DEBUG if verbose else INFO
    if "logging" in sys.modules:
        _install(style, verbose, stream)
        return
    _pending = (style, verbose, stream)
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
