"""``elytra status check``: the meta-monitor of the published document."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._cmdtypes import SubParsers

__all__ = ["register"]


def register(status: SubParsers, groups: SubParsers) -> None:
    """Add ``status check`` to the parser."""
