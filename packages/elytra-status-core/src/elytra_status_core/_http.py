"""What every HTTP reader of elytra-status shares: the size cap on a body, decoding, the User-Agent.

The shared fetcher of the sources (``_sources.fetch``) and the meta-monitor
(``_monitor.fetch``) read bodies raw, as they come off the wire, and decode
them here (``Decoding``), so "how large may an answer be" is one rule: the
cap bounds the DECODED size while decompressing, for any stack of
``Content-Encoding``s (``gzip, gzip`` included): each layer inflates in
steps of at most what is left of the cap, so a 2 KB bomb stops at the cap
instead of growing the process by gigabytes. An answer announcing more than
the cap in its ``Content-Length`` is refused before its body is read.

Notifications and heartbeat pings are sent with ``post``, the one writer:
its answer's body is never read, only its status.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from typing import Protocol

from ._errors import BodyTooLarge, NotifyError, UndecodableBody
from ._version import package_version

__all__ = ["ACCEPT_ENCODING", "BodyCap", "Decoding", "post", "user_agent"]

ACCEPT_ENCODING = "gzip, deflate"
"""What readers ask for: the encodings ``Decoding`` knows."""


class _Decompressor(Protocol):
    """What ``zlib.decompressobj()`` returns, as far as ``_Inflate`` uses it."""

    @property
    def eof(self) -> bool: ...

    @property
    def unused_data(self) -> bytes: ...

    @property
    def unconsumed_tail(self) -> bytes: ...

    def decompress(self, data: bytes, max_length: int = ..., /) -> bytes: ...

    def flush(self) -> bytes: ...


class _Inflate:
    """One gzip or deflate layer, inflating at most ``limit`` bytes in all."""

    def __init__(self, kind: str, limit: int) -> None:
        self.kind = kind
        self.limit = limit
        self.produced = 0
        self._decoder: _Decompressor | None = None

    def _new(self, first: bytes) -> _Decompressor:
        if self.kind == "gzip":
            return zlib.decompressobj(31)
        # "deflate" means the zlib format; some servers send raw deflate instead.
        return zlib.decompressobj(15 if first[:1] == b"\x78" else -15)

    def feed(self, data: bytes) -> bytes:
        out: list[bytes] = []
        while data:
            if self._decoder is None:
                self._decoder = self._new(data)
            try:
                step = self._decoder.decompress(data, self.limit + 1 - self.produced)
            except zlib.error:
                raise UndecodableBody(f"the {self.kind} body is corrupt") from None
            self.produced += len(step)
            if self.produced > self.limit:
                raise BodyTooLarge
            out.append(step)
            if self._decoder.eof:  # a gzip stream may hold several members, one after another
                data = self._decoder.unused_data
                self._decoder = None
                continue
            data = self._decoder.unconsumed_tail
        return b"".join(out)

    def finish(self) -> bytes:
        if self._decoder is None:
            return b""
        try:
            rest = self._decoder.flush()
        except zlib.error:
            raise UndecodableBody(f"the {self.kind} body is corrupt") from None
        if not self._decoder.eof:
            raise UndecodableBody(f"the {self.kind} body is corrupt or cut short")
        self.produced += len(rest)
        if self.produced > self.limit:
            raise BodyTooLarge
        return rest


class Decoding:
    """Undo a ``Content-Encoding`` header's stack of encodings, chunk by chunk, within ``limit`` bytes.

    Encodings are listed in the order they were applied, so they are undone
    from the last to the first. ``identity`` (or none) passes bytes through.
    Raises ``UndecodableBody`` for an unknown one at once (or corrupt data), and
    ``BodyTooLarge`` as soon as any layer's output passes ``limit``.
    """

    def __init__(self, content_encoding: str | None, limit: int) -> None:
        names = [n.strip().lower() for n in (content_encoding or "").split(",") if n.strip()]
        layers: list[_Inflate] = []
        for name in reversed(names):
            if name in ("gzip", "x-gzip"):
                layers.append(_Inflate("gzip", limit))
            elif name == "deflate":
                layers.append(_Inflate("deflate", limit))
            elif name != "identity":
                raise UndecodableBody(f"unsupported Content-Encoding {name[:40]!r}")
        self.layers = layers
        self.limit = limit

    def feed(self, raw: bytes) -> bytes:
        data = raw
        for layer in self.layers:
            data = layer.feed(data)
        return data

    def finish(self) -> bytes:
        data = b""
        for layer in self.layers:
            data = layer.feed(data) + layer.finish()
        return data


def user_agent(product: str = "elytra-status") -> str:
    """``product/version``."""
    return f"{product}/{package_version()}"


class BodyCap:
    """Collects a body chunk by chunk as it comes off the wire, decoded, up to ``limit`` bytes.

    ``content_encoding`` is the answer's header (``UndecodableBody`` at
    once for one that cannot be decoded). ``announced(headers)`` checks
    ``Content-Length`` before reading; ``add(raw)`` and ``finish()`` return
    ``False`` once the decoded body went past the cap (nothing more is kept).
    ``received`` counts the raw bytes, for "cut short at N of M bytes".
    """

    __slots__ = ("_chunks", "_decoding", "limit", "received", "size")

    def __init__(self, limit: int, content_encoding: str | None = None) -> None:
        self.limit = limit
        self.size = 0
        self.received = 0
        self._chunks: list[bytes] = []
        self._decoding = Decoding(content_encoding, limit)

    def announced(self, headers: Mapping[str, str]) -> int | None:
        """The ``Content-Length`` of ``headers`` (names lower-cased) when it exceeds the cap."""
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            return int(declared)
        return None

    def _keep(self, decoded: bytes) -> bool:
        self.size += len(decoded)
        if self.size > self.limit:
            return False
        self._chunks.append(decoded)
        return True

    def add(self, raw: bytes) -> bool:
        self.received += len(raw)
        try:
            return self._keep(self._decoding.feed(raw))
        except BodyTooLarge:
            return False

    def finish(self) -> bool:
        try:
            return self._keep(self._decoding.finish())
        except BodyTooLarge:
            return False

    def body(self) -> bytes:
        return b"".join(self._chunks)


def _retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds (the delay form; an HTTP date is not honoured), ``None`` when absent or unreadable."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if 0 <= seconds < 86_400 else None


def post(url: str, body: bytes, *, headers: Mapping[str, str], timeout: float, shown: str) -> None:
    """POST ``body`` to ``url`` once; ``NotifyError`` (``shown`` names the target) unless the answer is 2xx.

    Worth another attempt (``transient``): a timeout, a broken connection,
    429 and 5xx (with the answer's ``Retry-After``). Redirects are not
    followed: a webhook that moved is a configuration to fix, not a hop to
    take with the message. The answer's body is not read.
    """
    import httpx

    sent = {"User-Agent": user_agent(), **headers}
    try:
        with (
            httpx.Client(timeout=timeout, follow_redirects=False) as client,
            client.stream("POST", url, content=body, headers=sent) as response,
        ):
            status = response.status_code
            wait = _retry_after(response.headers.get("retry-after"))
    except httpx.TimeoutException:
        raise NotifyError(shown, "timed out", transient=True) from None
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise NotifyError(shown, f"not a URL that can be posted to ({type(exc).__name__})") from None
    except httpx.TransportError as exc:
        raise NotifyError(shown, f"failed ({type(exc).__name__})", transient=True) from None
    if 200 <= status < 300:
        return
    transient = status == 429 or status >= 500
    raise NotifyError(shown, f"answered HTTP {status}", transient=transient, retry_after=wait if transient else None)
