"""The files published beside ``status.json`` for readers that already exist. Pure.

``render_outputs`` is the one entry point: the run's document and every
notice derived at its time in, ``{path: Output}`` out, paths relative to the
folder of ``status.json`` (docs/outputs.md lists them with their readers):

- ``statuspage``: Statuspage's public API v2, ``api/v2/*.json``;
- ``feed``: ``history.atom`` and ``history.rss``;
- ``badge``: ``badges/*.json`` (shields.io endpoint) and ``badges/*.svg``.

``history.json`` is not made here (``_core.history``). Same inputs, same
bytes: nothing reads a clock, lists are ordered with ties broken by id, and
each library's time defaults are overridden. The feed and badge libraries
are imported only when their files are rendered. Every file must still pass
the leak guard (``_run.guard_output``) before a sink sees it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import msgspec

from elytra_status_contract import Notice, PlatformStatus

from ..._errors import ConfigError
from ..settings import OutputsSettings, PageSettings
from .badge import render_badges
from .feed import render_feeds
from .statuspage import render_statuspage

__all__ = ["CONTENT_TYPES", "Output", "render_outputs"]

JSON: Final = "application/json"
ATOM: Final = "application/atom+xml"
RSS: Final = "application/rss+xml"
SVG: Final = "image/svg+xml"
CONTENT_TYPES: Final = {".json": JSON, ".atom": ATOM, ".rss": RSS, ".svg": SVG}
"""The ``Content-Type`` of each kind of file, by its suffix."""


class Output(msgspec.Struct, frozen=True):
    """One file to publish: its bytes and the ``Content-Type`` to serve it with."""

    data: bytes
    content_type: str


def _page_url(page: PageSettings, table: str) -> str:
    if page.url is None:
        raise ConfigError(f"[outputs] {table} needs the page's public URL ([page] url)", key="page.url")
    return page.url.rstrip("/")


def render_outputs(
    doc: PlatformStatus,
    notices: Sequence[Notice],
    *,
    page: PageSettings,
    outputs: OutputsSettings,
    uptime_90d: float | None = None,
    every_monitor_down: bool = False,
) -> dict[str, Output]:
    """Every file ``outputs`` switches on, for ``doc``, keyed by path relative to ``status.json``'s folder.

    ``notices`` are every notice derived at ``doc.updated_at``, past ones
    included (``notices.derive``; the feeds and ``incidents.json`` list
    them). ``uptime_90d`` is the platform's 90-day availability in percent
    (``None``: unknown); ``every_monitor_down`` turns a platform ``outage``
    into Statuspage's ``critical``. Raises ``ConfigError`` when the
    Statuspage API or the feeds are on and ``page.url`` is not set: both
    name the page.
    """
    files: dict[str, Output] = {}
    if outputs.statuspage:
        rendered = render_statuspage(
            doc,
            notices,
            page_name=page.name,
            page_url=_page_url(page, "statuspage"),
            every_monitor_down=every_monitor_down,
        )
        files.update({f"api/v2/{name}": Output(data, JSON) for name, data in rendered.items()})
    if outputs.feeds:
        atom, rss = render_feeds(
            notices, page_name=page.name, page_url=_page_url(page, "feeds"), updated_at=doc.updated_at
        )
        files["history.atom"] = Output(atom, ATOM)
        files["history.rss"] = Output(rss, RSS)
    if outputs.badges:
        for name, (endpoint, svg) in render_badges(doc, notices, uptime_90d=uptime_90d).items():
            files[f"badges/{name}.json"] = Output(endpoint, JSON)
            files[f"badges/{name}.svg"] = Output(svg, SVG)
    return dict(sorted(files.items()))
