"""How a command group describes its commands, so that only the one being run is built."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import NamedTuple

from .args import Command

__all__ = ["Spec"]


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    del parser


class Spec(NamedTuple):
    """One command: its name, help, the function that runs it and the one that adds its options."""

    name: str
    help: str
    run: Command
    arguments: Callable[[argparse.ArgumentParser], None] = _no_arguments
    description: str | None = None
    epilog: str | None = None
