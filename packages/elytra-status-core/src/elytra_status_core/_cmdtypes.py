"""Types and helpers shared by the modules that add CLI commands."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, Protocol

__all__ = ["Command", "SubParsers", "package_version"]


class SubParsers(Protocol):
    """What ``ArgumentParser.add_subparsers()`` returns, as far as commands use it
    (argparse names that class only privately)."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser: ...


Command = Callable[[argparse.Namespace], int]
"""A command: parsed arguments in, exit code out."""


def package_version() -> str:
    """The installed version of elytra-status-core (shown by ``--version`` and in User-Agents)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("elytra-status-core")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"
