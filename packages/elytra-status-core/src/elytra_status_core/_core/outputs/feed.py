"""The incident history feeds, ``history.atom`` and ``history.rss``, as Statuspage writes them. Pure.

One entry per notice (not per update), the 50 newest by when they were
first posted. Chat bots and feed readers that follow Statuspage pages read
them unchanged:

- entry ids are Statuspage's tag URIs, ``tag:<host>,2005:Incident/<notice id>``
  (maintenance too: Statuspage files it under the same name), so an entry
  keeps its id across runs and publishers;
- an entry's content lists the updates newest first, each as
  ``<p><small>Dec 1, 14:40 UTC</small><br><strong>Resolved</strong> - body</p>``
  (the text HTML-escaped, line breaks as ``<br>``); readers take the first
  ``<strong>`` as the current status;
- ``published`` is the first update's time, ``updated`` the newest's; the
  feed's ``updated`` is the newest update of any notice (the document's
  time when there is none), so the feed changes only when a notice does.

Written with feedgen (``_feedgen``), not string templates.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime
from typing import Final
from urllib.parse import urlsplit

from elytra_status_contract import Notice, NoticeStatus, NoticeUpdate

from ._feedgen import FeedGenerator, feed_generator
from ._xmltext import xml_text
from .statuspage import LIST_LIMIT, first_posted, shortlink

__all__ = ["STATUS_LABELS", "entry_content", "entry_id", "feed_id", "render_feeds"]

STATUS_LABELS: Final[dict[NoticeStatus, str]] = {
    "investigating": "Investigating",
    "identified": "Identified",
    "monitoring": "Monitoring",
    "resolved": "Resolved",
    "scheduled": "Scheduled",
    "in_progress": "In progress",
    "completed": "Completed",
}
"""How Statuspage's feeds name each status."""

_MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""English month names whatever the process's locale."""


def _host(page_url: str) -> str:
    return urlsplit(page_url).hostname or page_url


def feed_id(page_url: str) -> str:
    """The feed's id: ``tag:<host>,2005:/history``."""
    return f"tag:{_host(page_url)},2005:/history"


def entry_id(page_url: str, notice_id: str) -> str:
    """A notice's entry id: ``tag:<host>,2005:Incident/<notice id>``."""
    return f"tag:{_host(page_url)},2005:Incident/{notice_id}"


def _when(at: datetime) -> str:
    """``Dec 1, 14:40 UTC`` (``at`` is UTC, as every instant of the contract)."""
    return f"{_MONTHS[at.month - 1]} {at.day}, {at:%H:%M} UTC"


def _paragraph(update: NoticeUpdate) -> str:
    body = html.escape(xml_text(update.body).strip()).replace("\r\n", "\n").replace("\n", "<br>")
    return f"<p><small>{_when(update.at)}</small><br><strong>{STATUS_LABELS[update.status]}</strong> - {body}</p>"


def entry_content(notice: Notice) -> str:
    """The entry's HTML: one paragraph per update, newest first (as ``notice.updates`` are)."""
    return "".join(_paragraph(u) for u in notice.updates)


def _feed(
    notices: Sequence[Notice], *, page_name: str, page_url: str, updated: datetime, self_href: str, self_type: str
) -> FeedGenerator:
    feed = feed_generator()
    feed.id(feed_id(page_url))
    feed.title(xml_text(f"{page_name} Status - Incident History"))
    feed.description(xml_text(f"Incidents and maintenance of {page_name}"))
    feed.link({"href": self_href, "rel": "self", "type": self_type})
    feed.link({"href": page_url, "rel": "alternate", "type": "text/html"})  # last: RSS's <link> is the last given
    feed.author({"name": xml_text(page_name)})
    feed.language("en-US")
    feed.generator("elytra-status")
    feed.updated(updated)
    for notice in notices:
        entry = feed.add_entry(None, "append")
        entry.id(entry_id(page_url, notice.id))
        entry.guid(entry_id(page_url, notice.id), False)
        entry.title(xml_text(notice.title))
        entry.link({"href": shortlink(page_url, notice.id), "rel": "alternate", "type": "text/html"})
        entry.published(first_posted(notice))
        entry.updated(notice.updated_at)
        entry.content(entry_content(notice), None, "html")
    return feed


def render_feeds(
    notices: Sequence[Notice], *, page_name: str, page_url: str, updated_at: datetime
) -> tuple[bytes, bytes]:
    """``history.atom`` and ``history.rss`` for every notice derived at ``updated_at`` (the document's time)."""
    page_url = page_url.rstrip("/")
    newest = sorted(sorted(notices, key=lambda n: n.id), key=first_posted, reverse=True)[:LIST_LIMIT]
    updated = max((n.updated_at for n in notices), default=updated_at)
    atom = _feed(
        newest,
        page_name=page_name,
        page_url=page_url,
        updated=updated,
        self_href=f"{page_url}/history.atom",
        self_type="application/atom+xml",
    )
    rss = _feed(
        newest,
        page_name=page_name,
        page_url=page_url,
        updated=updated,
        self_href=f"{page_url}/history.rss",
        self_type="application/rss+xml",
    )
    return atom.atom_str(True), rss.rss_str(True)
