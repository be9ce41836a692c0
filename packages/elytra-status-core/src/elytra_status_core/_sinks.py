"""Where documents are published: local files, S3-compatible stores, memory.

Sinks are chosen by URL. Each offers one operation, ``replace_if``: read the
current object, ask the caller whether to replace it, and replace it so that
a concurrent writer cannot slip in between, as far as the store allows:

- local files: an advisory lock (on the folder) around read-compare-write,
  and an atomic write (temp file in the same folder, fsync, rename, fsync of
  the folder), so a crash leaves either the old or the new complete file;
- S3 (and DigitalOcean Spaces): a conditional ``PutObject`` (``If-Match`` on
  the ETag that was read, ``If-None-Match: *`` when there was no object); a
  store that rejects conditional writes falls back to read-compare-write;
- ``memory://``: for tests.

One call is one *attempt*: it finishes by the ``deadline`` it is given (each
S3 request is cancelled when its share of the time is up) and it never
retries a failed request itself. Failures worth retrying (throttling, 5xx,
timeouts, connection resets, a response cut short, losing too many
conditional writes in a row) raise ``TransientSinkError``; the publisher
decides whether time is left for another attempt. Everything else (no such
bucket, access denied) raises ``SinkError``. Errors of the underlying
libraries are translated here, with the URL masked.

An attempt is idempotent: when the object already holds exactly our bytes
(our write landed but its answer was lost), it counts as written.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import time
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any, Protocol, cast

from ._config import PublishTarget
from ._errors import SinkError
from ._fs import FileSystem, is_local, url_to_fs, write_atomically
from ._redact import mask_url, redact_text
from ._retry import RetryPolicy

__all__ = ["ReplaceDecision", "Sink", "TransientSinkError", "make_sink"]

ReplaceDecision = Callable[[bytes | None], bool]
"""Given the current object's bytes (``None`` when absent): replace it?"""


class Sink(Protocol):
    """A place that holds one published document."""

    @property
    def url(self) -> str:
        """The target, safe to print."""
        ...

    def read(self) -> bytes | None:
        """The current object, ``None`` when there is none."""
        ...

    def replace_if(self, data: bytes, decide: ReplaceDecision, *, deadline: float | None = None) -> bool:
        """Write ``data`` if ``decide(current)`` says so; return whether ``data`` is now there.

        ``deadline`` is an instant on ``time.monotonic()`` by which the attempt must end.
        """
        ...


class TransientSinkError(SinkError):
    """A failure that another attempt may not meet (throttling, 5xx, timeout, reset)."""

    def __init__(self, url: str, message: str, reason: str) -> None:
        super().__init__(url, message)
        self.reason = reason
        """Short cause for counting and logs: ``SlowDown``, ``503``, ``timeout``, ``reset``..."""


class WriteConflict(Exception):
    """The object changed between our read and our conditional write."""


class _InconsistentRead(Exception):
    """The bytes read do not match the object's size: the answer was cut short or the object changed."""


# --- local files ------------------------------------------------------------------------


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
    def _locked(self, deadline: float | None) -> Generator[None]:
        """An advisory lock on the folder itself; waits for another writer at most until ``deadline``.

        Locking the folder rather than a sidecar file leaves nothing extra in
        what is often a published web root.
        """
        import fcntl

        lock = os.open(self.path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            while True:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | (fcntl.LOCK_NB if deadline is not None else 0))
                    break
                except BlockingIOError:
                    if deadline is None or time.monotonic() >= deadline:
                        raise TransientSinkError(self.url, "another writer held the file lock too long", "timeout") from None
                    time.sleep(0.02)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        finally:
            os.close(lock)

    def replace_if(self, data: bytes, decide: ReplaceDecision, *, deadline: float | None = None) -> bool:
        with self._errors("write"):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._locked(deadline):
                current = self.read()
                if current == data:
                    return True
                if not decide(current):
                    return False
                write_atomically(self.path, data)
                return True

# --- fsspec (S3, memory) ------------------------------------------------------------------

_CONFLICT_CODES = {"PreconditionFailed", "ConditionalRequestConflict", "412", "409"}
_UNSUPPORTED_CONDITION_CODES = {"NotImplemented", "501"}
_TRANSIENT_CODES = {
    "SlowDown",
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottled",
    "RequestLimitExceeded",
    "TooManyRequests",
    "TooManyRequestsException",
    "RequestTimeout",
    "RequestTimeoutException",
    "InternalError",
    "InternalServerError",
    "ServiceUnavailable",
    "BadGateway",
    "GatewayTimeout",
    "429",
    "500",
    "502",
    "503",
    "504",
}
# Exception class names (anywhere in the chain or its MRO) that mean "timed out" or
# "the connection broke"; by name, so botocore and aiohttp are not imported here.
_TIMEOUT_TYPES = {"TimeoutError", "FSTimeoutError", "ReadTimeoutError", "ConnectTimeoutError", "ServerTimeoutError"}
_RESET_TYPES = {
    "ConnectionError",
    "ConnectionResetError",
    "ConnectionRefusedError",
    "BrokenPipeError",
    "EndpointConnectionError",
    "ConnectionClosedError",
    "ServerDisconnectedError",
    "ClientOSError",
    "ClientConnectorError",
    "ClientPayloadError",
    "IncompleteRead",
    "IncompleteReadError",
    "ResponseStreamingError",
    "ResponseParserError",
    "HTTPClientError",
    "ProxyConnectionError",
}


def _chain(exc: BaseException) -> Generator[BaseException]:
    seen: BaseException | None = exc
    visited: set[int] = set()
    while seen is not None and id(seen) not in visited:
        visited.add(id(seen))
        yield seen
        seen = seen.__cause__ or seen.__context__


def _client_error_code(exc: BaseException) -> str | None:
    """The S3 error code behind an exception s3fs translated, if any."""
    for seen in _chain(exc):
        response: Any = getattr(seen, "response", None)
        if isinstance(response, dict):
            error: Any = cast(dict[str, Any], response).get("Error")
            code: Any = cast(dict[str, Any], error).get("Code") if isinstance(error, dict) else None
            return str(code) if code is not None else None
    return None


def _transient_reason(exc: BaseException) -> str | None:
    """``timeout``, ``connection``, an S3 code such as ``SlowDown``, or ``None`` if not worth retrying."""
    code = _client_error_code(exc)
    if code is not None:
        return code if code in _TRANSIENT_CODES else None
    for seen in _chain(exc):
        names = {cls.__name__ for cls in type(seen).__mro__}
        if names & _TIMEOUT_TYPES:
            return "timeout"
        if names & _RESET_TYPES:
            return "connection"
    return None


class FsspecSink:
    """Any fsspec URL; S3 gets object metadata and conditional writes."""

    def __init__(
        self,
        url: str,
        fs: FileSystem,
        path: str,
        put_options: dict[str, str],
        conditional: bool,
        *,
        conflict_attempts: int = RetryPolicy().conflict_attempts,
    ) -> None:
        self.url = mask_url(url)
        self._fs = fs
        self._path = path
        self._put_options = put_options
        self._conditional = conditional
        self._conflict_attempts = conflict_attempts
        self.requests = 0
        """Requests sent to the store (for logs and tests)."""

    # One request, bounded in time. fsspec's async filesystems (s3fs) run their
    # coroutines on fsspec's I/O thread; ``fsspec.asyn.sync`` cancels one that
    # overruns its timeout, so a stalled connection cannot hold up the run.
    def _call(self, name: str, deadline: float | None, *args: Any, **kwargs: Any) -> Any:
        self.requests += 1
        fs: Any = self._fs
        if deadline is not None and getattr(fs, "async_impl", False):
            timeout = deadline - time.monotonic()
            if timeout <= 0:
                raise TimeoutError("no time left for the request")
            asyn: Any = importlib.import_module("fsspec.asyn")
            return asyn.sync(fs.loop, getattr(fs, f"_{name}"), *args, timeout=max(timeout, 0.01), **kwargs)
        return getattr(fs, name)(*args, **kwargs)

    @contextlib.contextmanager
    def _errors(self, action: str) -> Generator[None]:
        try:
            yield
        except (WriteConflict, SinkError):
            raise
        except _InconsistentRead:
            raise TransientSinkError(
                self.url, f"cannot {action}: the object read back did not match its size (cut short?)", "short-read"
            ) from None
        except Exception as exc:  # s3fs/botocore/aiohttp raise many kinds; translate at the seam
            reason = _transient_reason(exc)
            code = _client_error_code(exc)
            detail = code or ("timed out" if reason == "timeout" else type(exc).__name__)
            if reason is not None:
                raise TransientSinkError(self.url, f"cannot {action}: {detail}", reason) from None
            raise SinkError(self.url, f"cannot {action}: {detail}") from None

    def _read_versioned(self, deadline: float | None) -> tuple[bytes | None, str | None]:
        self._fs.invalidate_cache(self._path)
        try:
            info = cast(dict[str, Any], self._call("info", deadline, self._path))
            data = cast(bytes, self._call("cat_file", deadline, self._path))
        except FileNotFoundError:
            return None, None
        size = info.get("size")
        if isinstance(size, int) and size != len(data):
            raise _InconsistentRead
        etag = info.get("ETag") or info.get("etag")
        return data, str(etag) if etag else None

    def read(self) -> bytes | None:
        with self._errors("read the current document"):
            return self._read_versioned(None)[0]

    def _put(self, data: bytes, etag: str | None, exists: bool, deadline: float | None) -> None:
        options: dict[str, str] = dict(self._put_options)
        if self._conditional:
            if exists and etag:
                options["IfMatch"] = etag
            elif not exists:
                options["IfNoneMatch"] = "*"
        try:
            self._call("pipe_file", deadline, self._path, data, **options)
        except Exception as exc:
            code = _client_error_code(exc)
            if code in _CONFLICT_CODES or isinstance(exc, FileExistsError):
                raise WriteConflict from None
            if self._conditional and code in _UNSUPPORTED_CONDITION_CODES:
                # The store does not do conditional writes: read-compare-write only.
                self._conditional = False
                self._put(data, etag, exists, deadline)
                return
            raise
        finally:
            self._fs.invalidate_cache(self._path)

    def replace_if(self, data: bytes, decide: ReplaceDecision, *, deadline: float | None = None) -> bool:
        with self._errors("write"):
            for _ in range(self._conflict_attempts):
                current, etag = self._read_versioned(deadline)
                if current == data:
                    return True
                if not decide(current):
                    return False
                try:
                    self._put(data, etag, current is not None, deadline)
                except WriteConflict:
                    continue
                return True
            raise TransientSinkError(
                self.url,
                f"the object kept changing under us ({self._conflict_attempts} conditional writes lost in a row)",
                "conflict",
            )


def _s3_options(target: PublishTarget, policy: RetryPolicy) -> tuple[dict[str, Any], dict[str, str]]:
    timeout = max(1.0, policy.attempt_timeout)
    storage: dict[str, Any] = {
        # A client of our own: fsspec's instance cache would share one (and its
        # pooled connections) between sinks with the same settings.
        "skip_instance_cache": True,
        # One request per call: retries are the publisher's, inside its deadline.
        "config_kwargs": {
            "connect_timeout": timeout,
            "read_timeout": timeout,
            "retries": {"total_max_attempts": 1, "mode": "standard"},
        },
    }
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


def make_sink(target: PublishTarget, base: Path, policy: RetryPolicy | None = None) -> Sink:
    """The sink for one ``[[publish]]`` target (relative paths against ``base``)."""
    policy = policy or RetryPolicy()
    url = target.url
    if is_local(url):
        path = Path(url.removeprefix("file://")).expanduser()
        return LocalFileSink(Path(os.path.abspath(path if path.is_absolute() else base / path)))
    protocol = url.split("://", 1)[0].lower()
    if protocol in {"s3", "s3a"}:
        storage, put = _s3_options(target, policy)
        try:
            fs, path = url_to_fs(url, storage)
        except ImportError as exc:
            raise SinkError(mask_url(url), f"S3 support is not installed ({exc.name})") from None
        except (ValueError, TypeError) as exc:
            raise SinkError(mask_url(url), f"invalid S3 settings ({type(exc).__name__})") from None
        # s3fs retries some errors itself (up to 5 times, outside any deadline): once only.
        cast(Any, fs).retries = 1
        return FsspecSink(url, fs, path, put, conditional=True, conflict_attempts=policy.conflict_attempts)
    try:
        fs, path = url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise SinkError(mask_url(url), f"unsupported URL: {redact_text(str(exc))}") from None
    return FsspecSink(url, fs, path, {}, conditional=False, conflict_attempts=policy.conflict_attempts)
