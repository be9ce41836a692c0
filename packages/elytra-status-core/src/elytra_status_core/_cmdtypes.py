"""Types and helpers shared by the modules that add CLI commands."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

__all__ = ["Command", "SubParsers", "package_version"]

if TYPE_CHECKING:
    # argparse exposes the sub-parser container only under a private name.
    SubParsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]  # pyright: ignore[reportPrivateUsage]

Command = Callable[[argparse.Namespace], int]
"""A command: parsed arguments in, exit code out."""


def package_version() -> str:
    """The installed version of elytra-status-core (shown by ``--version`` and in User-Agents)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("elytra-status-core")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"
