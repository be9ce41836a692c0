"""The one typed seam over fsspec and s3fs (which ship no type information), and local files.

Everything else talks to ``FileSystem`` and ``ObjectStore``; the only casts
over fsspec's untyped API are here. fsspec resolves a URL's protocol to its
implementation and imports it on first use, so s3fs (and botocore) load only
when an ``s3://`` URL is actually opened.

Local files: ``local_path`` is the one parser of ``file://`` URLs,
``write_atomically`` the one atomic write and ``flock`` the one advisory
lock loop.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import time
from collections.abc import Generator, Mapping
from pathlib import Path
from typing import Any, Protocol, cast
from urllib.parse import unquote, urlsplit

import msgspec

from ._core.bucket import CorsRule, Grant

__all__ = [
    "FileSystem",
    "ObjectStore",
    "StoredObject",
    "error_code",
    "flock",
    "is_http",
    "is_local",
    "local_path",
    "open_object_store",
    "resolve",
    "url_to_fs",
    "write_atomically",
]


class FileSystem(Protocol):
    """The part of ``fsspec.AbstractFileSystem`` elytra-status uses."""

    protocol: str | tuple[str, ...]

    def cat_file(self, path: str, start: int | None = None, end: int | None = None) -> bytes: ...

    def pipe_file(self, path: str, value: bytes, **kwargs: Any) -> Any: ...

    def info(self, path: str) -> dict[str, Any]: ...

    def find(self, path: str, withdirs: bool = False, detail: bool = False) -> Any: ...


def url_to_fs(url: str, options: Mapping[str, Any] | None = None) -> tuple[FileSystem, str]:
    """The filesystem for ``url`` and the path inside it."""
    # fsspec is light; the implementation of a protocol is imported on first use.
    core: Any = importlib.import_module("fsspec.core")
    fs, path = core.url_to_fs(url, **dict(options or {}))
    return cast(FileSystem, fs), cast(str, path)


# --- S3 objects: one GET (body and ETag), one conditional PUT ---------------------------


class StoredObject(Protocol):
    """What one GET of an object returned."""

    data: bytes
    etag: str | None
    size: int | None
    """``Content-Length`` as the store announced it (to detect a read cut short)."""


class _Got:
    __slots__ = ("data", "etag", "size")

    def __init__(self, data: bytes, etag: str | None, size: int | None) -> None:
        self.data = data
        self.etag = etag
        self.size = size


class ObjectStore:
    """An S3 bucket through s3fs, one request per call, each bounded in time.

    s3fs runs its coroutines on fsspec's I/O thread; ``fsspec.asyn.sync``
    cancels one that overruns its timeout, so a stalled connection cannot
    hold up the run. s3fs's own retries are off: retrying is the caller's,
    inside its deadline.
    """

    def __init__(self, fs: Any, path: str) -> None:
        self._fs = fs
        bucket, key, _version = fs.split_path(path)
        self.bucket = cast(str, bucket)
        self.key = cast(str, key)
        self.requests = 0
        """Requests sent to the store (for logs and tests)."""

    def _run(self, timeout: float | None, method: str, params: Mapping[str, Any], *, whole_bucket: bool = False) -> Any:
        self.requests += 1
        if timeout is not None and timeout <= 0:
            raise TimeoutError("no time left for the request")
        asyn: Any = importlib.import_module("fsspec.asyn")
        params = dict(params) if whole_bucket else {"Key": self.key, **params}

        async def call() -> Any:
            response: Any = await self._fs._call_s3(method, Bucket=self.bucket, **params)
            if method == "get_object":
                body: Any = response["Body"]
                try:
                    response = {**response, "Body": await body.read()}
                finally:
                    body.close()
            return response

        return asyn.sync(self._fs.loop, call, timeout=None if timeout is None else max(timeout, 0.01))

    def get(self, timeout: float | None = None) -> StoredObject | None:
        """The object's bytes and ETag in one GET; ``None`` when there is no object."""
        try:
            response = cast(dict[str, Any], self._run(timeout, "get_object", {}))
        except FileNotFoundError:
            return None
        size = response.get("ContentLength")
        etag = response.get("ETag")
        return _Got(
            cast(bytes, response["Body"]),
            str(etag) if etag else None,
            size if isinstance(size, int) else None,
        )

    def put(self, data: bytes, timeout: float | None = None, **params: str) -> None:
        """One ``PutObject`` with ``params`` (``ContentType``, ``IfMatch``, ...)."""
        self._run(timeout, "put_object", {"Body": data, **params})

    def cors_rules(self, timeout: float | None = None) -> list[CorsRule]:
        """The bucket's CORS rules (``GetBucketCors``); none when the bucket has no CORS configuration."""
        try:
            response = cast(dict[str, Any], self._run(timeout, "get_bucket_cors", {}, whole_bucket=True))
        except Exception as exc:
            if error_code(exc) == "NoSuchCORSConfiguration":
                return []
            raise
        return msgspec.convert(response.get("CORSRules") or [], list[CorsRule])

    def put_cors_rules(self, rules: list[CorsRule], timeout: float | None = None) -> None:
        """Replace the bucket's CORS configuration with ``rules`` (``PutBucketCors``)."""
        configuration = {"CORSRules": msgspec.to_builtins(rules)}
        self._run(timeout, "put_bucket_cors", {"CORSConfiguration": configuration}, whole_bucket=True)

    def grants(self, timeout: float | None = None) -> list[Grant] | None:
        """The object's ACL grants (``GetObjectAcl``); ``None`` when there is no object."""
        try:
            response = cast(dict[str, Any], self._run(timeout, "get_object_acl", {}))
        except FileNotFoundError:
            return None
        found: list[Grant] = []
        for grant in cast(list[dict[str, Any]], response.get("Grants") or []):
            grantee = cast(dict[str, Any], grant.get("Grantee") or {})
            uri = grantee.get("URI")
            found.append(Grant(str(uri) if uri else None, str(grant.get("Permission", ""))))
        return found


def error_code(exc: BaseException) -> str | None:
    """The S3 error code (``AccessDenied``, ``NoSuchCORSConfiguration``) behind an error s3fs raised, if any."""
    seen: BaseException | None = exc
    visited: set[int] = set()
    while seen is not None and id(seen) not in visited:
        visited.add(id(seen))
        response: Any = getattr(seen, "response", None)
        if isinstance(response, dict):
            error: Any = cast(dict[str, Any], response).get("Error")
            code: Any = cast(dict[str, Any], error).get("Code") if isinstance(error, dict) else None
            return str(code) if code is not None else None
        seen = seen.__cause__ or seen.__context__
    return None


def open_object_store(url: str, options: Mapping[str, Any], share: dict[str, Any] | None = None) -> ObjectStore:
    """The ``ObjectStore`` for an ``s3://bucket/key`` URL (``ImportError`` without s3fs).

    With ``share``, objects opened with the same options reuse one client
    (the files published beside one ``status.json``: one session and one
    connection pool, not one per file).
    """
    key = repr(sorted((name, repr(value)) for name, value in options.items()))
    if share is not None and key in share:
        fs: Any = share[key]
        return ObjectStore(fs, cast(str, fs._strip_protocol(url)))
    opened, path = url_to_fs(url, options)
    untyped: Any = opened
    untyped.retries = 1  # s3fs retries some errors itself (up to 5 times, outside any deadline)
    if share is not None:
        share[key] = untyped
    return ObjectStore(untyped, path)


# --- URLs and local files -------------------------------------------------------------


def is_http(url: str) -> bool:
    """An ``http://`` or ``https://`` URL (any case)."""
    return url[:8].lower().startswith(("http://", "https://"))


def is_local(url: str) -> bool:
    """A plain path or a ``file://`` URL (any case)."""
    return "://" not in url or url[:7].lower() == "file://"


def local_path(url: str, base: Path | None = None) -> Path:
    """The path a plain path or ``file://`` URL names, relative ones against ``base``.

    ``file:///srv/x``, ``file://localhost/srv/x`` and percent-escapes
    (``file:///srv/my%20site/x``) are read as RFC 8089 says; a ``file://`` URL
    naming another host raises ``ValueError``. A plain path is taken as it is
    (``~`` expanded), percent signs included.
    """
    if url[:7].lower() == "file://":
        parts = urlsplit(url)
        if parts.netloc.lower() not in ("", "localhost"):
            raise ValueError("a file:// URL must name a file on this host (file:///path)")
        path = Path(unquote(parts.path))
    else:
        path = Path(url).expanduser()
    if base is not None and not path.is_absolute():
        path = base / path
    return path


def resolve(url: str, base: Path) -> str:
    """A config value that may be a path: local paths made absolute against ``base``, URLs as they are."""
    if "://" in url and not is_local(url):
        return url
    return os.path.normpath(local_path(url, base))


def write_atomically(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file, whole.

    A temporary file in the same folder is written and fsynced, renamed over
    ``path``, and the folder is fsynced so the rename itself is durable.
    """
    import tempfile

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


@contextlib.contextmanager
def flock(fd: int, *, wait_until: float | None = None, wait: bool = True) -> Generator[None]:
    """Hold an exclusive advisory lock on ``fd`` for the block.

    ``wait=False``: ``BlockingIOError`` at once when another process holds it.
    Otherwise wait, until ``wait_until`` (an instant on ``time.monotonic()``)
    when given, then raise ``TimeoutError``. The kernel drops the lock when
    the process dies, so a crash never leaves a stale lock.
    """
    import fcntl

    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (fcntl.LOCK_NB if (wait_until is not None or not wait) else 0))
            break
        except BlockingIOError:
            if not wait:
                raise
            if wait_until is None or time.monotonic() >= wait_until:
                raise TimeoutError("another process held the lock too long") from None
            time.sleep(0.02)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
