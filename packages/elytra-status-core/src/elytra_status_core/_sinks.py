"""Where documents are published: local files, S3-compatible stores, memory.

Sinks are chosen by URL. Each offers one operation, ``replace_if``: read the
current object, ask the caller whether to replace it, and replace it so that
a concurrent writer cannot slip in between, as far as the store allows:

- local files: an advisory lock on a sidecar file around read-compare-write,
  and an atomic write (temp file in the same folder, fsync, rename, fsync of
  the folder), so a crash leaves either the old or the new complete file;
- S3 (and DigitalOcean Spaces): a conditional ``PutObject`` (``If-Match`` on
  the ETag that was read, ``If-None-Match: *`` when there was no object); a
  store that rejects conditional writes falls back to read-compare-write;
- ``memory://``: for tests.

Errors of the underlying libraries are translated into ``SinkError`` here,
with the URL masked.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any, Protocol, cast

from ._config import PublishTarget
from ._errors import SinkError
from ._fs import FileSystem, url_to_fs
from ._redact import mask_url

__all__ = ["ReplaceDecision", "Sink", "make_sink"]

ReplaceDecision = Callable[[bytes | None], bool]
"""Given the current object's bytes (``None`` when absent): replace it?"""

_CONFLICT_ATTEMPTS = 5


class Sink(Protocol):
    """A place that holds one published document."""

    @property
    def url(self) -> str:
        """The target, safe to print."""
        ...

    def read(self) -> bytes | None:
        """The current object, ``None`` when there is none."""
        ...

    def replace_if(self, data: bytes, decide: ReplaceDecision) -> bool:
        """Write ``data`` if ``decide(current)`` says so; return whether it wrote."""
        ...


class WriteConflict(Exception):
    """The object changed between our read and our conditional write."""


class LocalFileSink:
    """A local path, written atomically under an advisory lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.url = str(path)

    @contextlib.contextmanager
    def _errors(self, action: str) -> Generator[None]:
        try:
            yield
        except OSError as exc:
            raise SinkError(self.url, f"cannot {action}: {exc.strerror or type(exc).__name__}") from None

    def read(self) -> bytes | None:
        with self._errors("read the current document"):
            try:
                return self.path.read_bytes()
            except FileNotFoundError:
                return None

    @contextlib.contextmanager
    def _locked(self) -> Generator[None]:
        import fcntl

        lock_path = self.path.with_name(f".{self.path.name}.lock")
        with open(lock_path, "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def replace_if(self, data: bytes, decide: ReplaceDecision) -> bool:
        with self._errors("write"):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._locked():
                if not decide(self.read()):
                    return False
                self._write_atomically(data)
                return True

    def _write_atomically(self, data: bytes) -> None:
        folder = self.path.parent
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _client_error_code(exc: BaseException) -> str | None:
    """The S3 error code behind an exception s3fs translated, if any."""
    seen: BaseException | None = exc
    while seen is not None:
        response: Any = getattr(seen, "response", None)
        if isinstance(response, dict):
            error: Any = cast(dict[str, Any], response).get("Error")
            code: Any = cast(dict[str, Any], error).get("Code") if isinstance(error, dict) else None
            return str(code) if code is not None else None
        seen = seen.__cause__ or seen.__context__
    return None


class FsspecSink:
    """Any fsspec URL; S3 gets object metadata and conditional writes."""

    def __init__(self, url: str, fs: FileSystem, path: str, put_options: dict[str, str], conditional: bool) -> None:
        self.url = mask_url(url)
        self._fs = fs
        self._path = path
        self._put_options = put_options
        self._conditional = conditional

    @contextlib.contextmanager
    def _errors(self, action: str) -> Generator[None]:
        try:
            yield
        except (WriteConflict, SinkError):
            raise
        except Exception as exc:  # s3fs/botocore/aiohttp raise many kinds; translate at the seam
            code = _client_error_code(exc)
            detail = f"{code}" if code else type(exc).__name__
            raise SinkError(self.url, f"cannot {action}: {detail}") from None

    def _read_versioned(self) -> tuple[bytes | None, str | None]:
        self._fs.invalidate_cache(self._path)
        try:
            info = self._fs.info(self._path)
            data = self._fs.cat_file(self._path)
        except FileNotFoundError:
            return None, None
        etag = info.get("ETag") or info.get("etag")
        return data, str(etag) if etag else None

    def read(self) -> bytes | None:
        with self._errors("read the current document"):
            return self._read_versioned()[0]

    def _put(self, data: bytes, etag: str | None, exists: bool) -> None:
        options: dict[str, str] = dict(self._put_options)
        if self._conditional:
            if exists and etag:
                options["IfMatch"] = etag
            elif not exists:
                options["IfNoneMatch"] = "*"
        try:
            self._fs.pipe_file(self._path, data, **options)
        except Exception as exc:
            code = _client_error_code(exc)
            if code in {"PreconditionFailed", "ConditionalRequestConflict", "412", "409"} or isinstance(exc, FileExistsError):
                raise WriteConflict from None
            if self._conditional and code in {"NotImplemented", "501", "InvalidArgument"}:
                # The store does not do conditional writes: read-compare-write only.
                self._conditional = False
                self._put(data, etag, exists)
                return
            raise
        finally:
            self._fs.invalidate_cache(self._path)

    def replace_if(self, data: bytes, decide: ReplaceDecision) -> bool:
        with self._errors("write"):
            for _ in range(_CONFLICT_ATTEMPTS):
                current, etag = self._read_versioned()
                if not decide(current):
                    return False
                try:
                    self._put(data, etag, exists=current is not None)
                except WriteConflict:
                    continue
                return True
            raise SinkError(self.url, f"the object kept changing under us ({_CONFLICT_ATTEMPTS} conflicting writes)")


def _s3_options(target: PublishTarget) -> tuple[dict[str, Any], dict[str, str]]:
    storage: dict[str, Any] = {}
    client_kwargs: dict[str, str] = {}
    if target.endpoint_url:
        storage["endpoint_url"] = target.endpoint_url
    if target.region:
        client_kwargs["region_name"] = target.region
    if client_kwargs:
        storage["client_kwargs"] = client_kwargs
    put: dict[str, str] = {"ContentType": target.content_type, "CacheControl": target.cache_control}
    if target.acl and target.acl.lower() != "none":
        put["ACL"] = target.acl
    return storage, put


def make_sink(target: PublishTarget, base: Path) -> Sink:
    """The sink for one ``[[publish]]`` target (relative paths against ``base``)."""
    url = target.url
    if "://" not in url or url.startswith("file://"):
        path = Path(url.removeprefix("file://")).expanduser()
        return LocalFileSink(Path(os.path.abspath(path if path.is_absolute() else base / path)))
    protocol = url.split("://", 1)[0].lower()
    if protocol in {"s3", "s3a"}:
        storage, put = _s3_options(target)
        try:
            fs, path = url_to_fs(url, storage)
        except ImportError as exc:
            raise SinkError(mask_url(url), f"S3 support is not installed ({exc.name})") from None
        return FsspecSink(url, fs, path, put, conditional=True)
    try:
        fs, path = url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise SinkError(mask_url(url), f"unsupported URL: {exc}") from None
    return FsspecSink(url, fs, path, {}, conditional=False)


