"""Run heartbeats in the Healthchecks.io convention, so a publisher that stopped running is noticed.

``[run] ping_url`` (or the variable ``ping_url_env`` names, since a ping URL
is a secret) is pinged three ways: ``<url>/start`` when a run begins,
``<url>`` when it succeeded, ``<url>/fail`` when it failed, with the run's
last error line as the body. Healthchecks.io (and anything that speaks its
protocol) alerts when a ping is late, or when a run started and never
finished: a cron line that was removed, a host that is down, a run killed by
its timeout. Every ping carries the run's id (``?rid=``) so that the start
and end of overlapping runs pair up.

A ping that fails is retried (timeout, reset, 429, 5xx) within
``ping_timeout`` and then logged; it never blocks or fails the run. The URL
is shown only as scheme and host.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Final, Literal
from urllib.parse import urlsplit, urlunsplit

from ._config import RunSettings
from ._core.redact import redact_text
from ._errors import NotifyError
from ._http import post
from ._log import LOGGER_NAME, known_secrets, logger
from ._retry import Deadline, backoff

if TYPE_CHECKING:
    import random

__all__ = ["MAX_BODY", "Heartbeat", "LastError", "Ping", "ping_url", "ping_url_of"]

Ping = Literal["start", "success", "fail"]
MAX_BODY: Final = 10_000
"""Bytes of the failure body at most (Healthchecks.io keeps 100 kB; one line needs far less)."""

Send = Callable[..., None]


def ping_url_of(url: str, ping: Ping, run_id: str | None) -> str:
    """The URL of one ping: ``/start`` or ``/fail`` appended to the path, ``rid`` to the query."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/") if ping != "success" else parts.path
    if ping != "success":
        path = f"{path}/{ping}"
    query = parts.query
    if run_id:
        query = f"{query}&rid={run_id}" if query else f"rid={run_id}"
    return urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment))


def ping_url(settings: RunSettings, environ: Mapping[str, str]) -> str | None:
    """The configured heartbeat URL, or ``None`` (a ``ping_url_env`` that is not set is logged)."""
    if settings.ping_url is not None:
        return settings.ping_url
    name = settings.ping_url_env
    if name is None:
        return None
    value = environ.get(name, "")
    if not value:
        logger.warning("run.ping_url_env: the environment variable %s is not set; no heartbeat is sent", name)
        return None
    if not value.lower().startswith(("http://", "https://")):
        logger.warning("run.ping_url_env: %s does not hold an http(s) URL; no heartbeat is sent", name)
        return None
    return value


def _shown(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}/***"


class Heartbeat:
    """The pings of one run. Each method returns whether its ping got through; none raises."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float,
        run_id: str | None = None,
        send: Send = post,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        self.url = url
        self.shown = _shown(url)
        self.timeout = timeout
        self.run_id = run_id
        self._send = send
        self._sleep = sleep
        self._clock = clock
        self._rng = rng
        self.started = False

    def start(self) -> bool:
        """``/start``: the run began (after it took the run lock)."""
        self.started = True
        return self._ping("start", b"")

    def success(self) -> bool:
        """``<url>``: the run succeeded."""
        return self._ping("success", b"")

    def fail(self, last_error: str) -> bool:
        """``/fail``, with the last error line (masked) as the body."""
        line = redact_text(last_error, known=known_secrets()).strip() or "failed"
        return self._ping("fail", line.encode()[:MAX_BODY])

    def _ping(self, ping: Ping, body: bytes) -> bool:
        url = ping_url_of(self.url, ping, self.run_id)
        deadline = Deadline(self.timeout, self._clock)
        headers = {"Content-Type": "text/plain; charset=utf-8"}
        attempt = 0
        while True:
            attempt += 1
            budget = deadline.remaining()
            try:
                if budget <= 0:
                    raise NotifyError(self.shown, "no time left", transient=False)
                self._send(url, body, headers=headers, timeout=budget, shown=self.shown)
            except NotifyError as exc:
                wait = max(backoff(attempt, base=0.5, cap=4.0, rng=self._rng), exc.retry_after or 0.0)
                if not exc.transient or deadline.remaining() <= wait:
                    logger.warning("heartbeat %s (%s) not sent: %s", ping, self.shown, exc.reason)
                    return False
                self._sleep(wait)
            except Exception as exc:  # a heartbeat never fails the run
                logger.warning("heartbeat %s (%s) not sent: unexpected %s", ping, self.shown, type(exc).__name__)
                return False
            else:
                logger.debug("heartbeat %s sent to %s", ping, self.shown)
                return True


class LastError(logging.Handler):
    """Remembers the last error line the run logged (masked), for the ``/fail`` body."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.line: str | None = None

    def listen(self) -> LastError:
        """Start hearing the package's log records."""
        logging.getLogger(LOGGER_NAME).addHandler(self)
        return self

    def stop(self) -> None:
        """Stop hearing them."""
        logging.getLogger(LOGGER_NAME).removeHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:
            text = str(record.msg)
        self.line = redact_text(text, known=known_secrets())
