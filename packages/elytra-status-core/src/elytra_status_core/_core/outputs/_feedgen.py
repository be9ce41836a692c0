"""The one typed seam over feedgen, which ships no type information.

``feed.py`` talks to ``FeedGenerator`` and ``FeedEntry``; the only cast over
feedgen's untyped API is here. feedgen (and lxml under it) is imported when a
feed is rendered, never when the CLI starts.

Pure in the sense of ``_core``: feedgen builds an lxml tree in memory and
serialises it; it is never given a file name or a URL to write to. Its
generator's defaults that would make the output depend on when it ran (the
feed's and each entry's ``updated`` default to the wall clock) are always
set explicitly by the caller.
"""

from __future__ import annotations

import importlib
from datetime import datetime
from typing import Any, Literal, Protocol, TypedDict, cast

__all__ = ["Author", "FeedEntry", "FeedGenerator", "Link", "feed_generator"]


class Author(TypedDict):
    name: str


class Link(TypedDict):
    """An Atom link (RSS keeps the last one given as its ``<link>``)."""

    href: str
    rel: str
    type: str


class FeedEntry(Protocol):
    """The part of ``feedgen.entry.FeedEntry`` elytra-status uses (positional, as feedgen's own names shadow builtins)."""

    def id(self, value: str, /) -> object: ...

    def guid(self, value: str, permalink: bool, /) -> object: ...

    def title(self, value: str, /) -> object: ...

    def link(self, value: Link, /) -> object: ...

    def published(self, value: datetime, /) -> object: ...

    def updated(self, value: datetime, /) -> object: ...

    def content(self, value: str, src: None, kind: Literal["html"], /) -> object: ...


class FeedGenerator(Protocol):
    """The part of ``feedgen.feed.FeedGenerator`` elytra-status uses."""

    def id(self, value: str, /) -> object: ...

    def title(self, value: str, /) -> object: ...

    def description(self, value: str, /) -> object: ...

    def link(self, value: Link, /) -> object: ...

    def author(self, value: Author, /) -> object: ...

    def language(self, value: str, /) -> object: ...

    def generator(self, value: str, /) -> object: ...

    def updated(self, value: datetime, /) -> object: ...

    def add_entry(self, entry: None, order: Literal["append"], /) -> FeedEntry: ...

    def atom_str(self, pretty: bool, /) -> bytes: ...

    def rss_str(self, pretty: bool, /) -> bytes: ...


def feed_generator() -> FeedGenerator:
    """A new, empty feed."""
    module: Any = importlib.import_module("feedgen.feed")
    return cast(FeedGenerator, module.FeedGenerator())
