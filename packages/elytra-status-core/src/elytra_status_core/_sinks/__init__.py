"""Where documents are published: the ``Sink`` protocol and ``make_sink``, chosen by URL.

A sink offers one operation, ``update``: read the current object, let the
caller compute what should replace it (or nothing), and write that so that a
concurrent writer cannot slip in between, as far as the store allows; on a
lost race the current object is read again and the caller asked again, so a
merge (``history.json``) never drops the other writer's data.
``replace_if(data, decide)`` is ``update`` for a fixed ``data``:

- ``local``: a plain path or ``file://`` URL; an advisory lock around
  read-compare-write and an atomic rename;
- ``fsspec``: ``s3://`` through s3fs with conditional writes (two requests
  per attempt), and any other fsspec URL with read-compare-write;
- ``fake``: a function-backed sink for tests of the publishing logic.

One call is one *attempt*: it finishes by the ``deadline`` it is given and
never retries a failed request itself. Failures worth retrying raise
``TransientSinkError``; the publisher decides whether time is left for
another attempt. An attempt is idempotent: when the object already holds
exactly our bytes (our write landed but its answer was lost), it counts as
written.

Sink modules are imported when a target of their kind is made, so a local
publish never imports fsspec.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from .._config import SinkSettings
from .._core.redact import mask_url, redact_text
from .._errors import SinkError
from .._fs import is_local, local_path

__all__ = ["ReplaceDecision", "Sink", "Transform", "make_sink", "replacing"]

ReplaceDecision = Callable[[bytes | None], bool]
"""Given the current object's bytes (``None`` when absent): replace it?"""

Transform = Callable[[bytes | None], bytes | None]
"""Given the current object's bytes (``None`` when absent): the bytes to write, or ``None`` to keep it."""


def replacing(data: bytes, decide: ReplaceDecision) -> Transform:
    """The ``Transform`` that writes ``data`` when ``decide(current)`` agrees (and when it is already there)."""

    def transform(current: bytes | None) -> bytes | None:
        if current == data:
            return data
        return data if decide(current) else None

    return transform


class Sink(Protocol):
    """A place that holds one published document."""

    @property
    def url(self) -> str:
        """The target, safe to print."""
        ...

    def read(self) -> bytes | None:
        """The current object, ``None`` when there is none."""
        ...

    def update(self, transform: Transform, *, deadline: float | None = None) -> bytes | None:
        """Write ``transform(current)`` unless it is ``None``; return the bytes now there by this call, else ``None``.

        Bytes equal to the current object are not written again (an attempt is
        idempotent). ``deadline`` is an instant on ``time.monotonic()`` by
        which the attempt must end.
        """
        ...

    def replace_if(self, data: bytes, decide: ReplaceDecision, *, deadline: float | None = None) -> bool:
        """Write ``data`` if ``decide(current)`` says so; return whether ``data`` is now there."""
        ...


def _s3_options(settings: SinkSettings, attempt_timeout: float) -> tuple[dict[str, Any], dict[str, str]]:
    timeout = max(1.0, attempt_timeout)
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
    if settings.endpoint_url:
        storage["endpoint_url"] = settings.endpoint_url
    if settings.region:
        storage["client_kwargs"] = {"region_name": settings.region}
    put: dict[str, str] = {"ContentType": settings.content_type, "CacheControl": settings.cache_control}
    if settings.acl and settings.acl.lower() != "none":
        put["ACL"] = settings.acl
    return storage, put


def make_sink(
    settings: SinkSettings,
    *,
    base: Path,
    attempt_timeout: float = 20.0,
    conflict_attempts: int = 8,
    share: dict[str, Any] | None = None,
) -> Sink:
    """The sink for one ``[[publish]]`` target (relative paths against ``base``).

    Sinks made with the same ``share`` dict reuse one S3 client where their settings agree.
    """
    url = settings.url
    if is_local(url):
        from .local import LocalFileSink

        try:
            path = local_path(url, base)
        except ValueError as exc:
            raise SinkError(mask_url(url), str(exc)) from None
        return LocalFileSink(Path(os.path.abspath(path)))
    from .._fs import open_object_store, url_to_fs
    from .fsspec import FsspecSink, S3Sink

    protocol = url.split("://", 1)[0].lower()
    if protocol in {"s3", "s3a"}:
        storage, put = _s3_options(settings, attempt_timeout)
        try:
            store = open_object_store(url, storage, share)
        except ImportError as exc:
            raise SinkError(mask_url(url), f"S3 support is not installed ({exc.name})") from None
        except (ValueError, TypeError) as exc:
            raise SinkError(mask_url(url), f"invalid S3 settings ({type(exc).__name__})") from None
        return S3Sink(url, store, put, conflict_attempts=conflict_attempts, endpoint=settings.endpoint_url)
    try:
        fs, path = url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise SinkError(mask_url(url), f"unsupported URL: {redact_text(str(exc))}") from None
    return FsspecSink(url, fs, path)
