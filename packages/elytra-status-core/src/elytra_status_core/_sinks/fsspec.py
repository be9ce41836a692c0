"""Sinks behind fsspec: S3-compatible stores (conditional writes), and any other fsspec URL.

S3 (and DigitalOcean Spaces): one attempt is two requests, a ``GetObject``
(body and ETag in one answer) and a conditional ``PutObject`` (``If-Match``
on that ETag, ``If-None-Match: *`` when there was no object). A store that
rejects conditional writes falls back to read-compare-write. An answer whose
body is shorter than its ``Content-Length`` was cut short: transient.

Errors of s3fs, botocore and aiohttp are translated here into ``SinkError``
(or ``TransientSinkError`` when another attempt may succeed), with the URL
masked.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Generator
from typing import Protocol

from .._core.redact import mask_url
from .._errors import SinkError, TransientSinkError, WriteConflict
from .._fs import FileSystem, StoredObject, error_code
from . import ReplaceDecision, Transform, replacing

__all__ = ["FsspecSink", "S3Sink"]

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


def _transient_reason(exc: BaseException) -> str | None:
    """``timeout``, ``connection``, an S3 code such as ``SlowDown``, or ``None`` if not worth retrying."""
    code = error_code(exc)
    if code is not None:
        return code if code in _TRANSIENT_CODES else None
    for seen in _chain(exc):
        names = {cls.__name__ for cls in type(seen).__mro__}
        if names & _TIMEOUT_TYPES:
            return "timeout"
        if names & _RESET_TYPES:
            return "connection"
    return None


def _timeout(deadline: float | None) -> float | None:
    return None if deadline is None else deadline - time.monotonic()


_DENIED = {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "403", "AllAccessDisabled"}
_CREDENTIALS = (
    "the credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, else the profile "
    "(AWS_PROFILE, ~/.aws/credentials)"
)


def _explained(code: str | None, exc: BaseException, bucket: str | None, endpoint: str | None) -> str:
    """What an operator should read for an S3 failure: the code, what it means here, where to look."""
    names = {cls.__name__ for seen in _chain(exc) for cls in type(seen).__mro__}
    where = f"bucket {bucket!r}" if bucket else "the bucket"
    if code in _DENIED or (code is None and isinstance(exc, PermissionError)):
        return f"{code or 'access denied'}: {where} refused these credentials ({_CREDENTIALS})"
    if code == "NoSuchBucket":
        return f"NoSuchBucket: no {where} at {endpoint or 'the default AWS endpoint'} (check the name and endpoint_url)"
    if "NoCredentialsError" in names:
        return f"no S3 credentials found: {_CREDENTIALS}"
    if names & {"EndpointConnectionError", "ClientConnectorError", "ConnectionRefusedError"}:
        return f"cannot connect to the endpoint {endpoint or 'of the default AWS region'}"
    return code or type(exc).__name__


@contextlib.contextmanager
def _translated(url: str, action: str, bucket: str | None = None, endpoint: str | None = None) -> Generator[None]:
    """Library errors as ``SinkError``/``TransientSinkError``; ours pass through."""
    try:
        yield
    except SinkError:
        raise
    except Exception as exc:  # s3fs/botocore/aiohttp raise many kinds; translate at the seam
        reason = _transient_reason(exc)
        code = error_code(exc)
        detail = "timed out" if reason == "timeout" and code is None else _explained(code, exc, bucket, endpoint)
        if reason is not None:
            raise TransientSinkError(url, f"cannot {action}: {detail}", reason) from None
        raise SinkError(url, f"cannot {action}: {detail}") from None


class Store(Protocol):
    """One object in a bucket: ``_fs.ObjectStore``, or a stand-in in tests."""

    @property
    def requests(self) -> int: ...

    def get(self, timeout: float | None = None) -> StoredObject | None: ...

    def put(self, data: bytes, timeout: float | None = None, **params: str) -> None: ...


class S3Sink:
    """One object in an S3-compatible bucket, replaced by conditional writes."""

    def __init__(
        self,
        url: str,
        store: Store,
        put_options: dict[str, str],
        *,
        conflict_attempts: int = 8,
        endpoint: str | None = None,
    ) -> None:
        self.url = mask_url(url)
        self._bucket = url.split("://", 1)[-1].split("/", 1)[0] or None
        self._endpoint = mask_url(endpoint) if endpoint else None
        self._store = store
        self._put_options = put_options
        self._conditional = True
        self._conflict_attempts = conflict_attempts

    @property
    def requests(self) -> int:
        """Requests sent to the store (for logs and tests)."""
        return self._store.requests

    def _get(self, deadline: float | None) -> tuple[bytes | None, str | None]:
        got = self._store.get(_timeout(deadline))
        if got is None:
            return None, None
        if got.size is not None and got.size != len(got.data):
            raise TransientSinkError(
                self.url,
                "cannot read the current document: the answer was shorter than announced (cut short?)",
                "short-read",
            )
        return got.data, got.etag

    def read(self) -> bytes | None:
        with _translated(self.url, "read the current document", self._bucket, self._endpoint):
            return self._get(None)[0]

    def _put(self, data: bytes, etag: str | None, exists: bool, deadline: float | None) -> None:
        options = dict(self._put_options)
        if self._conditional:
            if exists and etag:
                options["IfMatch"] = etag
            elif not exists:
                options["IfNoneMatch"] = "*"
        try:
            self._store.put(data, _timeout(deadline), **options)
        except Exception as exc:
            code = error_code(exc)
            if code in _CONFLICT_CODES or isinstance(exc, FileExistsError):
                raise WriteConflict(self.url) from None
            if self._conditional and code in _UNSUPPORTED_CONDITION_CODES:
                # The store does not do conditional writes: read-compare-write only.
                self._conditional = False
                self._put(data, etag, exists, deadline)
                return
            raise

    def update(self, transform: Transform, *, deadline: float | None = None) -> bytes | None:
        with _translated(self.url, "write", self._bucket, self._endpoint):
            for _ in range(self._conflict_attempts):
                current, etag = self._get(deadline)
                data = transform(current)
                if data is None or data == current:
                    return data
                try:
                    self._put(data, etag, current is not None, deadline)
                except WriteConflict:
                    continue
                return data
            raise TransientSinkError(
                self.url,
                f"the object kept changing under us ({self._conflict_attempts} conditional writes lost in a row)",
                "conflict",
            )

    def replace_if(self, data: bytes, decide: ReplaceDecision, *, deadline: float | None = None) -> bool:
        return self.update(replacing(data, decide), deadline=deadline) is not None


class FsspecSink:
    """Any other fsspec URL: read-compare-write, no conditional write."""

    def __init__(self, url: str, fs: FileSystem, path: str) -> None:
        self.url = mask_url(url)
        self._fs = fs
        self._path = path

    def read(self) -> bytes | None:
        with _translated(self.url, "read the current document"):
            try:
                return self._fs.cat_file(self._path)
            except FileNotFoundError:
                return None

    def update(self, transform: Transform, *, deadline: float | None = None) -> bytes | None:
        del deadline  # one local call; nothing to bound
        current = self.read()
        data = transform(current)
        if data is None or data == current:
            return data
        with _translated(self.url, "write"):
            self._fs.pipe_file(self._path, data)
        return data

    def replace_if(self, data: bytes, decide: ReplaceDecision, *, deadline: float | None = None) -> bool:
        return self.update(replacing(data, decide), deadline=deadline) is not None
