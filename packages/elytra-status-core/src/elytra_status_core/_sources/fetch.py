"""Reading source data: HTTP through one shared httpx client, anything else through fsspec.

One ``Fetcher`` per run. It owns the ``httpx.AsyncClient`` (created on first
HTTP use, so runs without HTTP sources never import httpx) and applies the
run's limits to every request:

- a semaphore bounds concurrent requests (``concurrency``), and the client's
  connection pool has the same size;
- connect and read timeouts per request, plus a total time per request
  (``request_timeout``, body included);
- bounded retries with full-jitter exponential backoff on 5xx answers,
  connection errors and timeouts;
- ``429 Too Many Requests`` pauses every request to that host until the time
  ``Retry-After`` names (seconds or an HTTP date), with its own retry budget;
  a pause longer than ``max_retry_after`` fails at once;
- a response size cap, checked against ``Content-Length`` and while streaming.

Every failure becomes a ``SourceError`` naming the source and the URL with its
secrets masked (``SourceHTTPError`` when the server answered with a status we
did not accept). The whole collection's deadline is applied one level up, in
``_sources.collect``.

A URL that is not HTTP(S) (a local path, ``file://``, ``s3://``...) is read
through fsspec, so a saved copy of an API or a backup report on object
storage works the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import random
from collections.abc import AsyncGenerator, Awaitable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import urlsplit

from .._config import CollectSettings
from .._core.instants import from_epoch, parse_timestamp
from .._core.redact import mask_url
from .._errors import CutShort, SourceError, SourceHTTPError, UndecodableBody
from .._fs import is_http, url_to_fs
from .._http import ACCEPT_ENCODING, BodyCap, user_agent
from .._retry import backoff
from .payload import error_text

if TYPE_CHECKING:
    import httpx

__all__ = [
    "Fetched",
    "Fetcher",
    "ListedObject",
    "gather_all",
    "modified_time",
    "storage_options",
]

_ERROR_BODY_BYTES = 64 * 1024
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Fetched:
    """A complete answer: status, body, headers, and when the data last changed."""

    status: int
    body: bytes
    headers: Mapping[str, str]
    modified: datetime | None = None
    """``Last-Modified`` of an HTTP answer, or the file's modification time."""
    redirected_to: str | None = None
    """Where redirects led, when they did (masked)."""


@dataclass(frozen=True, slots=True)
class ListedObject:
    """One object under a prefix."""

    path: str
    size: int | None
    modified: datetime | None


def _host(url: str) -> str | None:
    """``host[:port]`` of an HTTP URL; ``None`` when the URL is unusable."""
    try:
        parts = urlsplit(url)
        if not parts.hostname or parts.port == 0:
            return None
    except ValueError:  # a bracket left open, a port out of range
        return None
    return parts.netloc.rpartition("@")[2].lower()


def _retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def _as_datetime(value: object) -> datetime | None:
    """A modification time as object stores and HTTP write it: a datetime, epoch seconds,
    RFC 3339 text (UTC when it has no offset) or an HTTP date; ``None`` when it is none of them."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return from_epoch(float(value))
    if isinstance(value, str):
        try:
            return parse_timestamp(value, UTC)
        except ValueError:
            pass
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


_MODIFIED_KEYS = ("LastModified", "last_modified", "mtime", "modified", "updated", "created", "time")


def modified_time(info: Mapping[str, Any]) -> datetime | None:
    """The modification time in an fsspec ``info`` entry, whatever the backend calls it."""
    for key in _MODIFIED_KEYS:
        if key in info:
            found = _as_datetime(info[key])
            if found is not None:
                return found.astimezone(UTC)
    return None


def storage_options(url: str, endpoint_url: str | None) -> dict[str, Any]:
    """fsspec storage options for reading ``url``: the S3 endpoint for ``s3://`` URLs."""
    if endpoint_url and url.lower().startswith(("s3://", "s3a://")):
        return {"endpoint_url": endpoint_url}
    return {}


async def gather_all(awaitables: Iterable[Awaitable[T]]) -> list[T]:
    """Await all; on the first ``SourceError`` cancel the rest and raise it."""
    tasks: list[asyncio.Task[T]] = []

    async def run(awaitable: Awaitable[T]) -> T:
        return await awaitable

    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(run(a)) for a in awaitables]
    except BaseExceptionGroup as failed:
        first = _first_source_error(failed)
        if first is not None:
            raise first from None
        raise
    return [task.result() for task in tasks]


def _first_source_error(group: BaseExceptionGroup[BaseException]) -> SourceError | None:
    for exc in group.exceptions:
        if isinstance(exc, SourceError):
            return exc
        if isinstance(exc, BaseExceptionGroup):
            nested = _first_source_error(cast(BaseExceptionGroup[BaseException], exc))
            if nested is not None:
                return nested
    return None


class Fetcher:
    """Shared, bounded access to source URLs for one collection run."""

    def __init__(self, settings: CollectSettings | None = None) -> None:
        self.settings = settings or CollectSettings()
        self._client: httpx.AsyncClient | None = None
        self._semaphore = asyncio.Semaphore(self.settings.concurrency)
        self._paused_until: dict[str, float] = {}
        self.requests = 0
        """HTTP requests sent, retries included (for logs and benchmarks)."""
        self.in_flight_peak = 0
        """Most HTTP requests in flight at once."""
        self.rate_limited = 0
        """``429`` answers received."""
        self.paused_for = 0.0
        """Seconds of pause that ``429`` answers asked for (``Retry-After`` or backoff)."""
        self._in_flight = 0

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
                timeout=httpx.Timeout(s.read_timeout.total_seconds(), connect=s.connect_timeout.total_seconds()),
                limits=httpx.Limits(max_connections=s.concurrency, max_keepalive_connections=s.concurrency),
                follow_redirects=True,
                headers={"User-Agent": user_agent(), "Accept": "application/json", "Accept-Encoding": ACCEPT_ENCODING},
            )
        return self._client

    # --- public API -----------------------------------------------------------

    async def get(
        self,
        url: str,
        *,
        source: str,
        headers: Mapping[str, str] | None = None,
        max_bytes: int | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> bytes:
        """The body at ``url``; ``SourceError`` on anything but a complete 200."""
        return (await self.fetch(url, source=source, headers=headers, max_bytes=max_bytes, options=options)).body

    async def fetch(
        self,
        url: str,
        *,
        source: str,
        headers: Mapping[str, str] | None = None,
        max_bytes: int | None = None,
        accept: Collection[int] = (200,),
        options: Mapping[str, Any] | None = None,
        modified: bool = False,
        data: bytes | None = None,
    ) -> Fetched:
        """The answer at ``url`` when its status is in ``accept``.

        ``options`` are fsspec storage options for non-HTTP URLs. With
        ``modified``, a file's modification time is looked up as well. With
        ``data``, the request is a POST carrying it as its body (an API that
        takes its key in the body); messages never show the body.
        """
        limit = max_bytes or self.settings.max_bytes
        if not is_http(url):
            if data is not None:
                raise SourceError(source, f"{mask_url(url)} is not an HTTP(S) URL, and this API is read with POST")
            return await asyncio.to_thread(self._read_file, url, source, limit, options or {}, modified)
        return await self._get_http(url, source, headers or {}, limit, accept, data)

    async def listing(
        self, prefix: str, *, source: str, options: Mapping[str, Any] | None = None
    ) -> list[ListedObject]:
        """Every object under ``prefix`` (recursively), through fsspec."""
        return await asyncio.to_thread(self._list, prefix, source, options or {})

    # --- fsspec -----------------------------------------------------------------

    def _fs_options(self, url: str, options: Mapping[str, Any]) -> dict[str, Any]:
        """``options`` plus the run's timeouts for S3, whose reads run in threads
        that the collection deadline cannot cancel."""
        merged = dict(options)
        if url.lower().startswith(("s3://", "s3a://")):
            s = self.settings
            config: dict[str, Any] = {
                "connect_timeout": s.connect_timeout.total_seconds(),
                "read_timeout": s.read_timeout.total_seconds(),
                "retries": {"max_attempts": s.retries + 1, "mode": "standard"},
            }
            config.update(merged.get("config_kwargs", {}))
            merged["config_kwargs"] = config
        return merged

    def _read_file(self, url: str, source: str, limit: int, options: Mapping[str, Any], want_modified: bool) -> Fetched:
        shown = mask_url(url)
        try:
            fs, path = url_to_fs(url, self._fs_options(url, options))
            data = fs.cat_file(path, start=0, end=limit + 1)
            when = modified_time(fs.info(path)) if want_modified else None
        except FileNotFoundError:
            raise SourceHTTPError(source, f"{shown} does not exist", 404) from None
        except IsADirectoryError:
            raise SourceError(source, f"{shown} is a folder, not a file") from None
        except Exception as exc:  # fsspec backends raise anything; translate at the seam
            raise SourceError(source, f"cannot read {shown}: {type(exc).__name__}") from None
        if len(data) > limit:
            raise SourceError(source, f"{shown} is larger than the {limit}-byte cap")
        return Fetched(200, data, {}, when)

    def _list(self, prefix: str, source: str, options: Mapping[str, Any]) -> list[ListedObject]:
        shown = mask_url(prefix)
        try:
            fs, path = url_to_fs(prefix, self._fs_options(prefix, options))
            found: object = fs.find(path, withdirs=False, detail=True)
        except FileNotFoundError:
            raise SourceError(source, f"{shown} does not exist") from None
        except Exception as exc:  # fsspec backends raise anything; translate at the seam
            raise SourceError(source, f"cannot list {shown}: {type(exc).__name__}") from None
        if not isinstance(found, dict):
            raise SourceError(source, f"cannot list {shown}: unexpected listing")
        entries = cast(dict[Any, Any], found)
        objects: list[ListedObject] = []
        for key, info in entries.items():
            if not isinstance(info, dict):
                continue
            details = cast(dict[str, Any], info)
            if details.get("type", "file") not in ("file", "object", "FILE", None):
                continue
            size = details.get("size")
            objects.append(
                ListedObject(
                    path=str(key),
                    size=size if isinstance(size, int) and not isinstance(size, bool) else None,
                    modified=modified_time(details),
                )
            )
        return objects

    # --- HTTP -------------------------------------------------------------------

    def _backoff(self, retry: int) -> float:
        s = self.settings
        return backoff(retry, base=s.backoff_base.total_seconds(), cap=s.backoff_max.total_seconds())

    @contextlib.asynccontextmanager
    async def _slot(self, host: str) -> AsyncGenerator[None, None]:
        """A concurrency slot, taken only while ``host`` is not paused by a 429."""
        loop = asyncio.get_running_loop()
        while True:
            while (delay := self._paused_until.get(host, 0.0) - loop.time()) > 0:
                # a little jitter so the paused requests do not all return in the same instant
                await asyncio.sleep(delay + random.uniform(0, min(1.0, self.settings.backoff_base.total_seconds())))
            await self._semaphore.acquire()
            if self._paused_until.get(host, 0.0) <= loop.time():
                break
            self._semaphore.release()  # paused while we queued: wait again
        try:
            yield
        finally:
            self._semaphore.release()

    def _pause(self, host: str, seconds: float) -> None:
        self.paused_for += seconds
        until = asyncio.get_running_loop().time() + seconds
        self._paused_until[host] = max(self._paused_until.get(host, 0.0), until)

    async def _get_http(
        self,
        url: str,
        source: str,
        headers: Mapping[str, str],
        limit: int,
        accept: Collection[int],
        data: bytes | None = None,
    ) -> Fetched:
        import httpx

        verb = "GET" if data is None else "POST"
        host = _host(url)
        if host is None:
            raise SourceError(source, f"invalid URL {mask_url(url)}")
        failures = rate_limited = 0
        while True:
            answer: Fetched | None = None
            problem = "failed"
            async with self._slot(host):
                self.requests += 1
                self._in_flight += 1
                self.in_flight_peak = max(self.in_flight_peak, self._in_flight)
                try:
                    async with asyncio.timeout(self.settings.request_timeout.total_seconds()):
                        answer = await self._once(url, headers, limit, source, accept, data)
                except CutShort as exc:
                    problem = str(exc)
                except (httpx.TransportError, TimeoutError) as exc:
                    timed_out = isinstance(exc, TimeoutError | httpx.TimeoutException)
                    problem = "timed out" if timed_out else "connection failed"
                except (httpx.HTTPError, httpx.InvalidURL) as exc:  # invalid URL, too many redirects, ...
                    raise SourceError(source, f"{verb} {mask_url(url)} failed: {type(exc).__name__}") from None
                finally:
                    self._in_flight -= 1
            if answer is None:
                failures += 1
                if failures > self.settings.retries:
                    raise SourceError(source, f"{verb} {mask_url(url)} {problem} after {failures} attempts")
                await asyncio.sleep(self._backoff(failures))
                continue
            status = answer.status
            if status in accept:
                return answer
            reason = f"HTTP {status}"
            if answer.redirected_to is not None:
                reason += f" (redirected to {answer.redirected_to})"
            if status == 429:
                rate_limited += 1
                self.rate_limited += 1
                hinted = _retry_after(answer.headers.get("retry-after"), datetime.now(UTC))
                if hinted is not None and hinted > self.settings.max_retry_after.total_seconds():
                    raise SourceHTTPError(source, f"{verb} {mask_url(url)} rate-limited for {hinted:.0f}s", status)
                if rate_limited > self.settings.rate_limit_retries:
                    raise SourceHTTPError(
                        source,
                        f"{verb} {mask_url(url)} still rate-limited (HTTP 429) after {rate_limited} attempts",
                        status,
                    )
                self._pause(host, hinted if hinted is not None else self._backoff(rate_limited))
                continue
            if status >= 500:
                failures += 1
                if failures > self.settings.retries:
                    raise SourceHTTPError(
                        source, f"{verb} {mask_url(url)} answered {reason} after {failures} attempts", status
                    )
                await asyncio.sleep(self._backoff(failures))
                continue
            detail = error_text(answer.body)
            if detail:
                reason += f": {detail}"
            raise SourceHTTPError(source, f"{verb} {mask_url(url)} answered {reason}", status)

    async def _once(
        self,
        url: str,
        headers: Mapping[str, str],
        limit: int,
        source: str,
        accept: Collection[int],
        data: bytes | None = None,
    ) -> Fetched:
        import httpx  # loaded already: _http() made the client

        verb = "GET" if data is None else "POST"
        async with self._http().stream(verb, url, headers=dict(headers), content=data) as response:
            status = response.status_code
            # bodies of statuses we do not accept are only read for error messages
            cap = limit if status in accept else min(limit, _ERROR_BODY_BYTES)
            shown = mask_url(url)
            try:
                body = BodyCap(cap, response.headers.get("content-encoding"))
            except UndecodableBody as exc:
                raise SourceError(source, f"{verb} {shown}: {exc}") from None
            declared = body.announced({"content-length": response.headers.get("content-length", "")})
            if status in accept and declared is not None:
                raise SourceError(source, f"{verb} {shown}: response of {declared} bytes exceeds the {cap}-byte cap")
            # read error bodies too (up to the small cap): a drained connection can be reused
            try:
                complete = True
                async for raw in response.aiter_raw():
                    if not body.add(raw):
                        complete = False
                        break
                complete = complete and body.finish()
            except UndecodableBody as exc:
                raise SourceError(source, f"{verb} {shown}: {exc}") from None
            except httpx.RemoteProtocolError:
                length = response.headers.get("content-length", "")
                if length.isdigit() and body.received < int(length):
                    raise CutShort(f"body cut short at {body.received} of {length} bytes") from None
                raise
            if not complete and status in accept:
                raise SourceError(source, f"{verb} {shown}: response exceeds the {cap}-byte cap (decompressed)")
            headers_out = {k.lower(): v for k, v in response.headers.items()}
            modified = _as_datetime(headers_out["last-modified"]) if "last-modified" in headers_out else None
            final = str(response.url)
            moved = mask_url(final) if final != url else None
            return Fetched(status, body.body(), headers_out, modified, moved)
