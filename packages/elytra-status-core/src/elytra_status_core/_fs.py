"""The one typed seam over fsspec (which ships no type information).

Everything else talks to ``FileSystem``; the only ``cast`` is here. fsspec
resolves a URL's protocol to its implementation and imports it on first use,
so s3fs (and botocore) load only when an ``s3://`` URL is actually opened.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol, cast

__all__ = ["FileSystem", "is_http", "is_local", "resolve", "url_to_fs", "write_atomically"]


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


def is_http(url: str) -> bool:
    """An ``http://`` or ``https://`` URL (any case)."""
    return url[:8].lower().startswith(("http://", "https://"))


def write_atomically(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file, whole.

    A temporary file in the same folder is written and fsynced, renamed over
    ``path``, and the folder is fsynced so the rename itself is durable.
    """
    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
