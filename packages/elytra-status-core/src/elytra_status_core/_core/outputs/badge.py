"""Badges: shields.io endpoint JSON and self-rendered SVG. Pure.

Each badge is two files: ``<name>.json`` for
``https://img.shields.io/endpoint?url=<its URL>`` (exactly the keys shields
accepts: ``schemaVersion`` 1, ``label``, ``message``, ``color`` and
``cacheSeconds``; shields rejects any other) and ``<name>.svg``, the same
badge drawn by the badge library (``_badgepy``) for sites that want no
third party.

- ``badges/status``: the platform's status, and ``maintenance`` while a
  maintenance is in progress on an otherwise operational platform;
- ``badges/uptime-24h``, ``uptime-7d``, ``uptime-90d``: the availability,
  coloured by fixed steps (``UPTIME_STEPS``); a window without data says
  ``unknown`` in lightgrey, never a number;
- ``badges/<component id>/status``: one per component, labelled with its name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import msgspec
from msgspec import UnsetType

from elytra_status_contract import ComponentStatus, Notice, PlatformStatus

from ..aggregate import floor_percent
from ._badgepy import render_badge
from ._xmltext import xml_text

__all__ = ["CACHE_SECONDS", "STATUS_COLORS", "UPTIME_STEPS", "Badge", "render_badges", "uptime_badge"]

CACHE_SECONDS: Final = 300
"""How long shields may cache a badge; it keeps every badge at least this long anyway."""

UPTIME_STEPS: Final[tuple[tuple[float, str], ...]] = (
    (99.9, "brightgreen"),
    (99.5, "green"),
    (99.0, "yellowgreen"),
    (98.0, "yellow"),
    (95.0, "orange"),
)
"""An uptime of at least the first number gets the colour next to it; below the last, ``red``.

Finer near 99.9 than peers' 5-point steps: for a hosting platform 99.0 and
99.9 are very different months.
"""

STATUS_COLORS: Final[dict[ComponentStatus, str]] = {
    "operational": "brightgreen",
    "degraded": "yellow",
    "outage": "red",
    "maintenance": "blue",
    "unknown": "lightgrey",
}


class Badge(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """A shields.io endpoint badge: the only keys shields accepts, in its order."""

    schema_version: int = 1
    label: str
    message: str
    color: str
    cache_seconds: int = CACHE_SECONDS


def uptime_badge(window: str, percent: float | None) -> Badge:
    """``uptime <window>``: ``99.95%`` coloured by ``UPTIME_STEPS``, or ``unknown`` in lightgrey."""
    label = f"uptime {window}"
    if percent is None:
        return Badge(label=label, message="unknown", color="lightgrey")
    shown = floor_percent(percent)  # never overstated: 99.996 is 99.99%, not 100.00%
    color = next((c for floor, c in UPTIME_STEPS if shown >= floor), "red")
    message = "100%" if shown >= 100 else f"{shown:.2f}%"
    return Badge(label=label, message=message, color=color)


def _platform(doc: PlatformStatus, notices: Sequence[Notice]) -> Badge:
    status: ComponentStatus = doc.platform_status
    if status == "operational" and any(n.kind == "maintenance" and n.status == "in_progress" for n in notices):
        status = "maintenance"
    return Badge(label="status", message=status, color=STATUS_COLORS[status])


_ENCODER: Final = msgspec.json.Encoder()


def _svg(name: str, badge: Badge) -> bytes:
    label, message = xml_text(badge.label), xml_text(badge.message)
    suffix = "-elytra-" + name.replace("/", "-")  # its own ids, should a page inline several badges
    return render_badge(label, message, badge.color, title=f"{label}: {message}", id_suffix=suffix).encode()


def render_badges(
    doc: PlatformStatus, notices: Sequence[Notice], *, uptime_90d: float | None = None
) -> dict[str, tuple[bytes, bytes]]:
    """``{name: (endpoint JSON, SVG)}``, names relative to ``badges/`` (``status``, ``panel/status``)."""
    uptime = doc.uptime if not isinstance(doc.uptime, UnsetType) else None
    last_24h = uptime.last_24h if uptime is not None and not isinstance(uptime.last_24h, UnsetType) else None
    last_7d = uptime.last_7d if uptime is not None and not isinstance(uptime.last_7d, UnsetType) else None
    badges: dict[str, Badge] = {
        "status": _platform(doc, notices),
        "uptime-24h": uptime_badge("24h", last_24h),
        "uptime-7d": uptime_badge("7d", last_7d),
        "uptime-90d": uptime_badge("90d", uptime_90d),
    }
    for component in doc.components if not isinstance(doc.components, UnsetType) else []:
        badges[f"{component.id}/status"] = Badge(
            label=component.name, message=component.status, color=STATUS_COLORS[component.status]
        )
    return {
        name: (
            _ENCODER.encode(badge),
            _svg(name, badge),
        )
        for name, badge in badges.items()
    }
