"""The checks of ``elytra status check``: what was fetched, and ``now``, in; one result per check out. Pure.

Freshness follows the shared staleness rule (``_core.staleness``): the
document is stale past ``stale_after`` (``updated_at`` + 30 min when
absent), and the check is stricter still when ``--max-age`` says so. An
``updated_at`` more than 5 minutes ahead of this host's clock is a failure
of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

import msgspec

from elytra_status_contract import ContractError, PlatformStatus, decode

from .._core.durations import format_duration, format_span
from .._core.instants import format_instant
from .._core.redact import redact_text
from .._core.staleness import DEFAULT_STALE_AFTER, FUTURE_TOLERANCE, is_stale
from . import DEFAULT_MAX_AGE, DEFAULT_ORIGIN, DEFAULT_TIMEOUT, MAX_BYTES

__all__ = [
    "CHECKS",
    "AlertOutcome",
    "CheckOptions",
    "CheckResult",
    "CheckStatus",
    "Fetched",
    "Report",
    "evaluate",
    "render_json",
    "render_lines",
    "report",
]

CHECKS = ("fetch", "content-type", "cors", "cache-control", "contract", "freshness", "not-in-future")
"""Every check, in the order they are reported."""

_HTTP_ONLY = ("content-type", "cors", "cache-control")


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


def _ok(name: str, detail: str) -> CheckResult:
    return CheckResult(name, "ok", detail)


def _fail(name: str, detail: str) -> CheckResult:
    return CheckResult(name, "fail", detail)


def _skip(name: str, detail: str) -> CheckResult:
    return CheckResult(name, "skip", detail)


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
        return _fail("freshness", f"stale: updated {format_span(age)} ago, past {format_instant(deadline)} ({label})")
    ago = f"updated {format_span(age)} ago" if age >= timedelta(0) else f"updated_at {format_span(-age)} ahead"
    return _ok("freshness", f"{ago}, fresh until {format_instant(deadline)} ({label})")


def _check_not_in_future(doc: PlatformStatus, now: datetime) -> CheckResult:
    ahead = doc.updated_at - now
    if ahead > FUTURE_TOLERANCE:
        return _fail(
            "not-in-future",
            f"updated_at {format_instant(doc.updated_at)} is {format_span(ahead)} ahead of this host's clock "
            f"(tolerance {format_duration(FUTURE_TOLERANCE)}): the publisher's clock is wrong",
        )
    return _ok("not-in-future", f"updated_at {format_instant(doc.updated_at)}")


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
    results.append(_ok("contract", f"valid v{doc.schema_version} document, platform_status {doc.platform_status}"))
    results.append(_check_freshness(doc, now, options.max_age))
    results.append(_check_not_in_future(doc, now))
    return results


def report(url: str, checks: list[CheckResult], checked_at: datetime) -> Report:
    """The report of one run; ``url`` is already masked."""
    return Report(url=url, checked_at=checked_at, healthy=all(c.status != "fail" for c in checks), checks=checks)


def render_lines(report: Report) -> str:
    """One line per check: ``OK``/``FAIL``/``SKIP``, the check's name, the detail."""
    width = max(len(name) for name in CHECKS)
    return "\n".join(f"{c.status.upper():<4}  {c.name:<{width}}  {c.detail}" for c in report.checks)


_json = msgspec.json.Encoder()


def render_json(report: Report) -> bytes:
    """The report as a JSON object (``url``, ``healthy``, ``checks``, ``alert``...)."""
    return msgspec.json.format(_json.encode(report), indent=2)
