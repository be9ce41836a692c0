"""Getting the published document the way the marketing site's visitors do. I/O.

A ``GET`` with an ``Origin`` header (object stores send CORS headers only
when asked), redirects followed, a timeout and a size cap. A local path or
``file://`` URL is read from disk for local use; the HTTP-only checks are
then skipped. Never raises on I/O: a failure is a ``Fetched`` with an error.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlsplit

from .._core.redact import mask_url, redact_text
from .._errors import ConfigError, UndecodableBody
from .._fs import is_http, is_local, local_path
from .._http import ACCEPT_ENCODING, BodyCap, user_agent
from .evaluate import CheckOptions, Fetched

__all__ = ["fetch", "validate_target"]


def validate_target(url: str) -> None:
    """``ConfigError`` (exit 2) unless ``url`` is http(s), ``file://`` or a plain path."""
    if not url:
        raise ConfigError("the URL to check is empty")
    if is_http(url) or is_local(url):
        return
    raise ConfigError(f"cannot check {mask_url(url)}: give an http(s):// URL, a file:// URL or a local path")


def _local(url: str) -> Path:
    try:
        return local_path(url)
    except ValueError:
        raise ConfigError(f"cannot check {mask_url(url)}: file:// URLs must name a local file") from None


def _fetch_file(url: str, options: CheckOptions) -> Fetched:
    path = _local(url)
    try:
        with path.open("rb") as handle:
            body = handle.read(options.max_bytes + 1)
    except FileNotFoundError:
        return Fetched("file", error=f"{path} does not exist")
    except IsADirectoryError:
        return Fetched("file", error=f"{path} is a directory")
    except OSError as exc:
        return Fetched("file", error=f"cannot read {path}: {exc.strerror or type(exc).__name__}")
    if len(body) > options.max_bytes:
        return Fetched("file", error=f"{path} is larger than {options.max_bytes} bytes")
    return Fetched("file", body=body)


def _host(url: str) -> str:
    try:
        parts = urlsplit(url)
        return f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)
    except ValueError:
        return "<unparsable host>"


def _fetch_http(url: str, options: CheckOptions) -> Fetched:
    import httpx

    headers = {
        "Origin": options.origin,
        "Accept": "application/json",
        "User-Agent": user_agent("elytra-status-check"),
        "Accept-Encoding": ACCEPT_ENCODING,
    }
    deadline = time.monotonic() + options.timeout
    waited = f"{options.timeout:g}s"
    try:
        with (
            httpx.Client(timeout=httpx.Timeout(options.timeout), follow_redirects=True) as client,
            client.stream("GET", url, headers=headers) as response,
        ):
            response_headers = {k.lower(): v for k, v in response.headers.items()}
            if response.status_code != 200:
                phrase = response.reason_phrase
                if str(response.url) != url:
                    phrase += f" (redirected to {mask_url(str(response.url))})"
                return Fetched("http", response.status_code, phrase, response_headers)
            try:
                cap = BodyCap(options.max_bytes, response_headers.get("content-encoding"))
            except UndecodableBody as exc:
                return Fetched("http", error=str(exc))
            declared = cap.announced(response_headers)
            if declared is not None:
                return Fetched("http", error=f"the response announces {declared} bytes, more than {options.max_bytes}")
            too_large = Fetched("http", error=f"the response is larger than {options.max_bytes} bytes (decompressed)")
            try:
                for raw in response.iter_raw():
                    if not cap.add(raw):
                        return too_large
                    if time.monotonic() > deadline:
                        return Fetched("http", error=f"GET timed out after {waited} while reading the body")
                if not cap.finish():
                    return too_large
            except UndecodableBody as exc:
                return Fetched("http", error=str(exc))
            except httpx.RemoteProtocolError:
                length = response_headers.get("content-length", "")
                if length.isdigit() and cap.received < int(length):
                    return Fetched("http", error=f"the body was cut short at {cap.received} of {length} bytes")
                raise
            return Fetched("http", 200, response.reason_phrase, response_headers, cap.body())
    except httpx.TimeoutException:
        return Fetched("http", error=f"GET timed out after {waited}")
    except httpx.TooManyRedirects:
        return Fetched("http", error="GET followed too many redirects")
    except httpx.RemoteProtocolError as exc:
        # h11's messages describe the exchange ("peer closed connection without
        # sending complete message body"), never the URL.
        return Fetched("http", error=f"the response was cut off or malformed: {redact_text(str(exc))}")
    except httpx.ConnectError:
        return Fetched("http", error=f"cannot connect to {_host(url)}")
    except (httpx.TransportError, httpx.InvalidURL) as exc:
        return Fetched("http", error=f"GET failed ({type(exc).__name__})")


def fetch(url: str, options: CheckOptions) -> Fetched:
    """Get the document at ``url`` (http(s), ``file://`` or a local path); never raises on I/O."""
    validate_target(url)
    if is_http(url):
        return _fetch_http(url, options)
    return _fetch_file(url, options)
