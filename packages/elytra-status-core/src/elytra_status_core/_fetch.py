"""Reading source data: HTTP through one shared httpx client, anything else through fsspec.

One ``Fetcher`` per run. It owns the ``httpx.AsyncClient`` (created on first
HTTP use, so runs without HTTP sources never import httpx), a semaphore that
bounds concurrent requests, timeouts, a response size cap, bounded retries
with jittered exponential backoff on 5xx and connection errors, and ``429``
handling that honours ``Retry-After``. Every failure becomes a
``SourceError`` naming the source and the URL with its secrets masked.

A base URL that is not HTTP(S) (a local folder, ``file://``, ``s3://``...)
is read through fsspec, so a snapshot of an API saved as files works offline.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ._errors import SourceError
from ._fs import url_to_fs
from ._redact import mask_url

if TYPE_CHECKING:
    import httpx

__all__ = ["DEFAULT_MAX_BYTES", "FetchSettings", "Fetcher"]

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Limits of one run's fetching (the ``[collect]`` config section)."""

    concurrency: int = 16
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    request_timeout: float = 30.0
    """Total time for one request, body included."""
    retries: int = 3
    backoff_base: float = 0.5
    backoff_max: float = 8.0
    max_retry_after: float = 60.0
    max_bytes: int = DEFAULT_MAX_BYTES


def _is_http(url: str) -> bool:
    return url.startswith(("http://", "https://"))


def _retry_after(value: str | None, now: datetime) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class Fetcher:
    """Shared, bounded access to source URLs for one collection run."""

    def __init__(self, settings: FetchSettings | None = None) -> None:
        self.settings = settings or FetchSettings()
        self._client: httpx.AsyncClient | None = None
        self._semaphore = asyncio.Semaphore(self.settings.concurrency)
        self.requests = 0
        """HTTP requests sent, retries included (for logs and benchmarks)."""

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            import httpx

            s = self.settings
            self._client = httpx.AsyncClient(
                timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout),
                limits=httpx.Limits(max_connections=s.concurrency, max_keepalive_connections=s.concurrency),
                follow_redirects=True,
                headers={"User-Agent": "elytra-status", "Accept": "application/json"},
            )
        return self._client

    async def get(
        self,
        url: str,
        *,
        source: str,
        headers: Mapping[str, str] | None = None,
        max_bytes: int | None = None,
    ) -> bytes:
        """The body at ``url``; ``SourceError`` on anything but a complete 200."""
        limit = max_bytes or self.settings.max_bytes
        if not _is_http(url):
            return await asyncio.to_thread(self._read_file, url, source, limit)
        return await self._get_http(url, source, headers or {}, limit)

    def _read_file(self, url: str, source: str, limit: int) -> bytes:
        try:
            fs, path = url_to_fs(url)
            data = fs.cat_file(path, start=0, end=limit + 1)
        except FileNotFoundError:
            raise SourceError(source, f"{mask_url(url)} does not exist") from None
        except Exception as exc:  # fsspec backends raise anything; translate at the seam
            raise SourceError(source, f"cannot read {mask_url(url)}: {type(exc).__name__}") from None
        if len(data) > limit:
            raise SourceError(source, f"{mask_url(url)} is larger than {limit} bytes")
        return data

    def _backoff(self, attempt: int) -> float:
        s = self.settings
        return random.uniform(0, min(s.backoff_max, s.backoff_base * 2**attempt))

    async def _get_http(self, url: str, source: str, headers: Mapping[str, str], limit: int) -> bytes:
        import httpx

        shown = mask_url(url)
        attempt = 0
        while True:
            retry_in: float | None = None
            async with self._semaphore:
                self.requests += 1
                try:
                    async with asyncio.timeout(self.settings.request_timeout):
                        status, reason, body, response_headers = await self._once(url, headers, limit, shown, source)
                except (httpx.TransportError, TimeoutError) as exc:
                    problem = "timed out" if isinstance(exc, TimeoutError | httpx.TimeoutException) else "connection failed"
                    if attempt >= self.settings.retries:
                        raise SourceError(source, f"GET {shown} {problem} after {attempt + 1} attempts") from None
                    retry_in = self._backoff(attempt)
                else:
                    if status == 200:
                        return body
                    if status == 429 or status >= 500:
                        if attempt >= self.settings.retries:
                            raise SourceError(source, f"GET {shown} answered HTTP {status} {reason} after {attempt + 1} attempts")
                        retry_in = self._backoff(attempt)
                        if status == 429:
                            hinted = _retry_after(response_headers.get("retry-after"), datetime.now(UTC))
                            if hinted is not None:
                                if hinted > self.settings.max_retry_after:
                                    raise SourceError(source, f"GET {shown} rate-limited for {hinted:.0f}s")
                                retry_in = hinted + random.uniform(0, 0.1)
                    else:
                        raise SourceError(source, f"GET {shown} answered HTTP {status} {reason}".rstrip())
            attempt += 1
            await asyncio.sleep(retry_in)

    async def _once(
        self, url: str, headers: Mapping[str, str], limit: int, shown: str, source: str
    ) -> tuple[int, str, bytes, Mapping[str, str]]:
        async with self._http().stream("GET", url, headers=dict(headers)) as response:
            if response.status_code != 200:
                await response.aclose()
                return response.status_code, response.reason_phrase, b"", response.headers
            declared = response.headers.get("content-length")
            if declared is not None and declared.isdigit() and int(declared) > limit:
                raise SourceError(source, f"GET {shown}: response of {declared} bytes exceeds the {limit}-byte cap")
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    raise SourceError(source, f"GET {shown}: response exceeds the {limit}-byte cap")
                chunks.append(chunk)
            return 200, response.reason_phrase, b"".join(chunks), response.headers
