"""The meta-monitor: is the published ``status.json`` usable, as a browser sees it?

Three layers, so the judgement can be tested without a network:

- ``fetch`` (I/O) gets the document the way the marketing site's visitors do:
  a ``GET`` with an ``Origin`` header (object stores send CORS headers only
  when asked), redirects followed, a timeout and a size cap. A local path or
  ``file://`` URL is read from disk for local use; the HTTP-only checks are
  then skipped.
- ``evaluate`` (pure) turns what was fetched into one ``CheckResult`` per
  check in ``CHECKS``, given ``now``.
- ``apply_alerting`` (I/O) compares the outcome with the previous run's,
  kept in a small JSON state file, and posts a Slack-compatible message to a
  webhook only when the state flips (healthy -> failing, failing -> healthy),
  so a cron job every 5 minutes does not repeat itself. When the post fails
  the state file keeps the old state, so the next run tries again.

Freshness follows the shared staleness rule (``_staleness``): the document is
stale past ``stale_after`` (``updated_at`` + 30 min when absent), and the
check is stricter still when ``--max-age`` says so. An ``updated_at`` more
than 5 minutes ahead of this host's clock is a failure of its own.

Webhook URLs are secrets: they are shown only as scheme and host.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

import msgspec
from elytra_status_contract import ContractError, PlatformStatus, decode

from ._cmdtypes import package_version
from ._durations import format_duration
from ._fs import is_http, is_local, write_atomically
from ._errors import ConfigError
from ._log import logger
from ._redact import mask_url, redact_text
from ._staleness import DEFAULT_STALE_AFTER, FUTURE_TOLERANCE, is_stale

__all__ = [
    "CHECKS",
    "DEFAULT_MAX_AGE",
    "DEFAULT_ORIGIN",
    "AlertOutcome",
    "CheckOptions",
    "CheckResult",
    "CheckStatus",
    "Fetched",
    "Report",
    "apply_alerting",
    "evaluate",
    "fetch",
    "mask_webhook",
    "render_json",
    "render_lines",
    "run_check",
    "validate_target",
    "validate_webhook",
]

CHECKS = ("fetch", "content-type", "cors", "cache-control", "contract", "freshness", "not-in-future")
"""Every check, in the order they are reported."""

_HTTP_ONLY = ("content-type", "cors", "cache-control")

DEFAULT_MAX_AGE = timedelta(minutes=30)
DEFAULT_ORIGIN = "https://elytra-status-check.example"
"""Origin sent with the request; any origin must be allowed for a public document."""
DEFAULT_TIMEOUT = 10.0
MAX_BYTES = 1024 * 1024
"""A status document is a few hundred bytes; anything near this is not one."""

CheckStatus = Literal["ok", "fail", "skip"]
AlertOutcome = Literal["disabled", "not-needed", "sent", "failed"]
"""``disabled``: no webhook; ``not-needed``: the state did not change."""


class CheckResult(msgspec.Struct, frozen=True):
    """The outcome of one check, with a one-line explanation."""

    name: str
    status: CheckStatus
    detail: str


class Report(msgspec.Struct, frozen=True, kw_only=True):
    """One run of the check: what ``--json`` prints."""

    url: str
    """The checked URL, masked."""
    checked_at: datetime
    healthy: bool
    checks: list[CheckResult]
    previous: Literal["healthy", "failing"] | None = None
    """The state recorded by the previous run, when a state file is used."""
    alert: AlertOutcome = "disabled"

    @property
    def failing(self) -> list[str]:
        return [c.name for c in self.checks if c.status == "fail"]


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """How to fetch and how strict to be."""

    max_age: timedelta = DEFAULT_MAX_AGE
    origin: str = DEFAULT_ORIGIN
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = MAX_BYTES


@dataclass(frozen=True, slots=True)
class Fetched:
    """What ``fetch`` got: a response, a file, or the reason there is neither."""

    kind: Literal["http", "file"]
    status: int = 0
    reason: str = ""
    headers: Mapping[str, str] = field(default_factory=dict[str, str])
    """Response headers, names lower-cased."""
    body: bytes = b""
    error: str | None = None
    """Why nothing usable arrived (timeout, connection refused, missing file...)."""


# --- targets and secrets -------------------------------------------------------


def validate_target(url: str) -> None:
    """``ConfigError`` (exit 2) unless ``url`` is http(s), ``file://`` or a plain path."""
    if not url:
        raise ConfigError("the URL to check is empty")
    if is_http(url) or is_local(url):
        return
    raise ConfigError(f"cannot check {mask_url(url)}: give an http(s):// URL, a file:// URL or a local path")


def mask_webhook(url: str) -> str:
    """A webhook URL safe to print: scheme and host only (the path is the secret)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "<unparsable webhook URL>"
    shown = f"{host}:{port}" if port else host
    return f"{parts.scheme}://{shown}/***"


def validate_webhook(url: str, where: str) -> None:
    """``ConfigError`` (exit 2) unless ``url`` is an http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok:
        raise ConfigError(f"{where} must be an http(s) URL, got {mask_webhook(url)}")


# --- fetching (I/O) ------------------------------------------------------------


def _local_path(url: str) -> Path:
    if url.startswith("file://"):
        from urllib.request import url2pathname

        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise ConfigError(f"cannot check {mask_url(url)}: file:// URLs must name a local file")
        return Path(url2pathname(unquote(parts.path)))
    return Path(url).expanduser()


def _fetch_file(url: str, options: CheckOptions) -> Fetched:
    path = _local_path(url)
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
        "User-Agent": f"elytra-status-check/{package_version()}",
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
                return Fetched("http", response.status_code, response.reason_phrase, response_headers)
            declared = response_headers.get("content-length", "")
            if declared.isdigit() and int(declared) > options.max_bytes:
                return Fetched("http", error=f"the response announces {declared} bytes, more than {options.max_bytes}")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > options.max_bytes:
                    return Fetched("http", error=f"the response is larger than {options.max_bytes} bytes")
                if time.monotonic() > deadline:
                    return Fetched("http", error=f"GET timed out after {waited} while reading the body")
                chunks.append(chunk)
            return Fetched("http", 200, response.reason_phrase, response_headers, b"".join(chunks))
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


# --- the checks (pure) ----------------------------------------------------------


def _ok(name: str, detail: str) -> CheckResult:
    return CheckResult(name, "ok", detail)


def _fail(name: str, detail: str) -> CheckResult:
    return CheckResult(name, "fail", detail)


def _skip(name: str, detail: str) -> CheckResult:
    return CheckResult(name, "skip", detail)


def _instant(value: datetime) -> str:
    return f"{value.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"


def _span(value: timedelta) -> str:
    """``2h5m``-style text for a non-negative span, at most two units."""
    seconds = max(0, int(value.total_seconds()))
    parts: list[str] = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size or (unit == "s" and not parts):
            parts.append(f"{seconds // size}{unit}")
            seconds %= size
        if len(parts) == 2:
            break
    return "".join(parts)


def _check_content_type(headers: Mapping[str, str]) -> CheckResult:
    value = headers.get("content-type")
    if value is None:
        return _fail("content-type", "no Content-Type header, expected application/json")
    media_type = value.split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        return _fail("content-type", f"{value}, expected application/json")
    return _ok("content-type", value)


def _check_cors(headers: Mapping[str, str], origin: str) -> CheckResult:
    value = headers.get("access-control-allow-origin")
    if value is None:
        return _fail(
            "cors",
            f"no Access-Control-Allow-Origin header for Origin {origin}: browsers on other sites cannot read the document",
        )
    if value.strip() not in ("*", origin):
        return _fail("cors", f"Access-Control-Allow-Origin is {value!r}, which does not allow Origin {origin}")
    return _ok("cors", f"Access-Control-Allow-Origin {value.strip()}")


def _check_cache_control(headers: Mapping[str, str]) -> CheckResult:
    value = headers.get("cache-control")
    if not value:
        return _fail("cache-control", "no Cache-Control header: caches may keep an old document for any time")
    return _ok("cache-control", value)


def _check_freshness(doc: PlatformStatus, now: datetime, max_age: timedelta) -> CheckResult:
    updated_at = doc.updated_at
    age = now - updated_at
    if isinstance(doc.stale_after, datetime):
        promised, promised_label = doc.stale_after, "stale_after"
    else:
        promised, promised_label = updated_at + DEFAULT_STALE_AFTER, "updated_at + 30m, no stale_after"
    by_age = updated_at + max_age
    age_label = f"--max-age {format_duration(max_age)}"
    deadline, label = (by_age, age_label) if by_age < promised else (promised, promised_label)
    if updated_at - now > FUTURE_TOLERANCE:
        return _fail("freshness", "stale: updated_at lies in the future (see not-in-future)")
    if is_stale(doc, now) or now > deadline:
        return _fail("freshness", f"stale: updated {_span(age)} ago, past {_instant(deadline)} ({label})")
    ago = f"updated {_span(age)} ago" if age >= timedelta(0) else f"updated_at {_span(-age)} ahead"
    return _ok("freshness", f"{ago}, fresh until {_instant(deadline)} ({label})")


def _check_not_in_future(doc: PlatformStatus, now: datetime) -> CheckResult:
    ahead = doc.updated_at - now
    if ahead > FUTURE_TOLERANCE:
        return _fail(
            "not-in-future",
            f"updated_at {_instant(doc.updated_at)} is {_span(ahead)} ahead of this host's clock "
            f"(tolerance {format_duration(FUTURE_TOLERANCE)}): the publisher's clock is wrong",
        )
    return _ok("not-in-future", f"updated_at {_instant(doc.updated_at)}")


def evaluate(fetched: Fetched, *, now: datetime, options: CheckOptions) -> list[CheckResult]:
    """One result per name in ``CHECKS``; a check that cannot run is skipped with the reason."""
    results: list[CheckResult] = []

    def skip_rest(reason: str) -> list[CheckResult]:
        done = {r.name for r in results}
        return results + [_skip(name, reason) for name in CHECKS if name not in done]

    if fetched.error is not None:
        results.append(_fail("fetch", fetched.error))
        return skip_rest("nothing was fetched")
    if fetched.kind == "http":
        if fetched.status != 200:
            answer = " ".join(part for part in (f"HTTP {fetched.status}", fetched.reason) if part)
            results.append(_fail("fetch", f"{answer}, expected 200"))
            return skip_rest(f"no document (HTTP {fetched.status})")
        results.append(_ok("fetch", f"HTTP 200, {len(fetched.body)} bytes"))
        results.append(_check_content_type(fetched.headers))
        results.append(_check_cors(fetched.headers, options.origin))
        results.append(_check_cache_control(fetched.headers))
    else:
        results.append(_ok("fetch", f"read {len(fetched.body)} bytes from a local file"))
        results += [_skip(name, "local file, not served over HTTP") for name in _HTTP_ONLY]
    try:
        doc = decode(fetched.body)
    except ContractError as exc:
        results.append(_fail("contract", f"not a valid v1 document: {redact_text(str(exc))}"))
        return skip_rest("no valid document")
    results.append(
        _ok("contract", f"valid v{doc.schema_version} document, platform_status {doc.platform_status}")
    )
    results.append(_check_freshness(doc, now, options.max_age))
    results.append(_check_not_in_future(doc, now))
    return results


def run_check(url: str, options: CheckOptions, now: datetime | None = None) -> Report:
    """Fetch and evaluate; ``now`` defaults to the clock after the fetch."""
    fetched = fetch(url, options)
    when = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    checks = evaluate(fetched, now=when, options=options)
    healthy = all(c.status != "fail" for c in checks)
    return Report(url=mask_url(url), checked_at=when, healthy=healthy, checks=checks)


# --- rendering -----------------------------------------------------------------


def render_lines(report: Report) -> str:
    """One line per check: ``OK``/``FAIL``/``SKIP``, the check's name, the detail."""
    width = max(len(name) for name in CHECKS)
    return "\n".join(f"{c.status.upper():<4}  {c.name:<{width}}  {c.detail}" for c in report.checks)


_json = msgspec.json.Encoder()


def render_json(report: Report) -> bytes:
    """The report as a JSON object (``url``, ``healthy``, ``checks``, ``alert``...)."""
    return msgspec.json.format(_json.encode(report), indent=2)


# --- state and alerts (I/O) ----------------------------------------------------


class TargetState(msgspec.Struct, frozen=True, kw_only=True):
    """What the last run concluded about one URL."""

    healthy: bool
    since: datetime
    """When this state began (the run that saw the flip)."""
    checked_at: datetime
    failing: list[str] = []


class StateFile(msgspec.Struct, kw_only=True):
    """The state file: one entry per checked URL (masked), so one file can serve several checks."""

    version: int = 1
    targets: dict[str, TargetState] = {}


def _load_state(path: Path) -> StateFile:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return StateFile()
    except OSError as exc:
        raise ConfigError(f"cannot read the state file: {exc.strerror or type(exc).__name__}", file=str(path)) from None
    try:
        return msgspec.json.decode(data, type=StateFile)
    except msgspec.DecodeError:
        logger.warning("state file %s is not readable state; starting afresh", path)
        return StateFile()


def _save_state(path: Path, state: StateFile) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, msgspec.json.format(msgspec.json.encode(state), indent=2) + b"\n", 0o600)


def alert_payload(report: Report, previous: TargetState | None) -> dict[str, str]:
    """The Slack-compatible message (``{"text": ...}``) for a change of state."""
    if report.healthy:
        since = f" (failing since {_instant(previous.since)})" if previous is not None else ""
        text = f":white_check_mark: status.json is healthy again: {report.url}{since}"
    else:
        lines = [f":rotating_light: status.json check failing: {report.url}"]
        lines += [f"• {c.name}: {c.detail}" for c in report.checks if c.status == "fail"]
        text = "\n".join(lines)
    return {"text": redact_text(text)}


def _post_alert(webhook: str, payload: Mapping[str, str], timeout: float) -> str | None:
    """POST the message; ``None`` on success, else why it failed (webhook masked)."""
    import httpx

    shown = mask_webhook(webhook)
    try:
        response = httpx.post(
            webhook,
            content=msgspec.json.encode(payload),
            headers={"Content-Type": "application/json", "User-Agent": f"elytra-status-check/{package_version()}"},
            timeout=timeout,
        )
    except httpx.TimeoutException:
        return f"alert webhook {shown} timed out"
    except (httpx.TransportError, httpx.InvalidURL) as exc:
        return f"alert webhook {shown} failed ({type(exc).__name__})"
    if not 200 <= response.status_code < 300:
        return f"alert webhook {shown} answered HTTP {response.status_code}"
    return None


def apply_alerting(
    report: Report,
    *,
    state_path: Path | None,
    webhook: str | None,
    timeout: float = DEFAULT_TIMEOUT,
) -> tuple[Report, str | None]:
    """Record the state and alert on a flip; return the report and an alerting error, if any.

    Without a previous state the document is assumed to have been healthy, so
    the first failing run alerts and the first healthy run stays quiet.
    """
    state = _load_state(state_path) if state_path is not None else StateFile()
    previous = state.targets.get(report.url)
    was_healthy = previous.healthy if previous is not None else True
    changed = report.healthy != was_healthy
    previous_label: Literal["healthy", "failing"] | None = None
    if previous is not None:
        previous_label = "healthy" if previous.healthy else "failing"

    error: str | None = None
    outcome: AlertOutcome = "disabled"
    if webhook is not None:
        outcome = "not-needed"
        if changed:
            error = _post_alert(webhook, alert_payload(report, previous), timeout)
            outcome = "failed" if error else "sent"
            if error is None:
                logger.info("alert sent to %s: %s", mask_webhook(webhook), "healthy" if report.healthy else "failing")

    if state_path is not None and outcome != "failed":
        since = previous.since if previous is not None and not changed else report.checked_at
        state.targets[report.url] = TargetState(
            healthy=report.healthy, since=since, checked_at=report.checked_at, failing=report.failing
        )
        try:
            _save_state(state_path, state)
        except OSError as exc:
            problem = f"cannot write the state file {state_path}: {exc.strerror or type(exc).__name__}"
            error = f"{error}; {problem}" if error else problem
    return msgspec.structs.replace(report, previous=previous_label, alert=outcome), error
