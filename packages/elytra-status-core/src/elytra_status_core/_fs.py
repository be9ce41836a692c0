"""The one typed seam over fsspec (which ships no type information).

Everything else talks to ``FileSystem``; the only ``cast`` is here. fsspec
resolves a URL's protocol to its implementation and imports it on first use,
so s3fs (and botocore) load only when an ``s3://`` URL is actually opened.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol, cast

__all__ = ["FileSystem", "is_local", "resolve", "url_to_fs"]


class FileSystem(Protocol):
    """The part of ``fsspec.AbstractFileSystem`` elytra-status uses."""

    protocol: str | tuple[str, ...]

    def cat_file(self, path: str, start: int | None = None, end: int | None = None) -> bytes: ...

    def pipe_file(self, path: str, value: bytes, **kwargs: Any) -> Any: ...

    def info(self, path: str) -> dict[str, Any]: ...

    def ls(self, path: str, detail: bool = True) -> list[dict[str, Any]]: ...

    def find(self, path: str, withdirs: bool = False, detail: bool = False) -> Any: ...

    def invalidate_cache(self, path: str | None = None) -> None: ...


def url_to_fs(url: str, options: Mapping[str, Any] | None = None) -> tuple[FileSystem, str]:
    """The filesystem for ``url`` and the path inside it."""
    # fsspec is light; the implementation of a protocol is imported on first use.
    core: Any = importlib.import_module("fsspec.core")
    fs, path = core.url_to_fs(url, **dict(options or {}))
    return cast(FileSystem, fs), cast(str, path)


def is_local(url: str) -> bool:
    """A plain path or a ``file://`` URL."""
    return "://" not in url or url.startswith("file://")


def resolve(url: str, base: Path) -> str:
    """Resolve a relative local path against ``base`` (the config file's folder)."""
    if "://" in url:
        return url
    path = Path(url).expanduser()
    return str(path if path.is_absolute() else base / path)
