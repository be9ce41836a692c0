"""Sending one run's message to every notifier: the leak scan, retries inside a deadline, logs.

Every message is scanned before it leaves, like the document: by the
detectors (``scan_output``, with the config's allowlist) and for the values of
the run's configured secrets. A message that would leak is not sent (logged
as an error, naming the detector and the masked value). A failed attempt
worth repeating (timeout, reset, 429, 5xx) waits a jittered backoff (at
least the receiver's ``Retry-After``) and tries again while the deadline
allows; any other failure ends that target. Targets are sent to in
parallel and share the deadline. Nothing here raises: a notifier's failure
is logged and reported in the outcome, and the publish it follows is
already done.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import msgspec

from .._core.redact import scan_output
from .._errors import NotifyError
from .._log import known_secrets, logger
from .._retry import Deadline, backoff
from .base import Message, Notifier

if TYPE_CHECKING:
    import random

__all__ = ["Sent", "deliver", "leaks"]


class Sent(msgspec.Struct, frozen=True):
    """What happened at one notifier."""

    name: str
    sent: bool
    attempts: int = 0
    error: str | None = None
    """Why it was not sent (masked)."""


def leaks(scanned: bytes | str, name: str, allow: Sequence[str] = ()) -> list[str]:
    """What would leak if ``scanned`` were sent: detector findings and configured secret values."""
    found = [str(finding) for finding in scan_output(scanned, name, allow)]
    text = scanned if isinstance(scanned, str) else scanned.decode("utf-8", "replace")
    if known_secrets().spans(text):
        found.append(f"{name}: a configured secret value appears in the message")
    return found


def _one(
    notifier: Notifier,
    message: Message,
    deadline: Deadline,
    allow: Sequence[str],
    rng: random.Random,
    sleep: Callable[[float], None],
) -> Sent:
    where = f"notify {notifier.name} ({notifier.shown})"
    try:
        delivery = notifier.prepare(message)
        found = leaks(delivery.scanned, f"notify {notifier.name}", allow)
    except Exception as exc:  # a bug in formatting must not reach the publish
        logger.error("%s: cannot prepare the message (%s: %s)", where, type(exc).__name__, exc)
        return Sent(notifier.name, False, 0, f"cannot prepare the message ({type(exc).__name__})")
    if found:
        logger.error("%s: refusing to send, sensitive data found: %s", where, "; ".join(found))
        return Sent(notifier.name, False, 0, "sensitive data found")
    attempt = 0
    while True:
        attempt += 1
        budget = min(notifier.timeout.total_seconds(), deadline.remaining())
        try:
            if budget <= 0:
                raise NotifyError(notifier.shown, "no time left before the notify deadline", transient=False)
            delivery.send(budget)
        except NotifyError as exc:
            wait = max(backoff(attempt, base=0.5, cap=8.0, rng=rng), exc.retry_after or 0.0)
            if not exc.transient or deadline.remaining() <= wait:
                gave_up = f" (gave up after {attempt} attempt(s))" if exc.transient else ""
                logger.error("%s: not sent: %s%s", where, exc.reason, gave_up)
                return Sent(notifier.name, False, attempt, exc.reason)
            logger.warning("%s: %s; attempt %d failed, retrying in %.2fs", where, exc.reason, attempt, wait)
            sleep(wait)
        except Exception as exc:  # never let a notifier fail the run
            logger.error("%s: not sent: unexpected %s", where, type(exc).__name__)
            return Sent(notifier.name, False, attempt, type(exc).__name__)
        else:
            logger.info("%s: sent %r", where, message.headline)
            return Sent(notifier.name, True, attempt)


def deliver(
    message: Message,
    notifiers: Sequence[Notifier],
    *,
    deadline: float,
    allow: Sequence[str] = (),
    rng: random.Random | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> list[Sent]:
    """Send ``message`` to every notifier within ``deadline`` seconds; one outcome per notifier, in order."""
    import random as shared

    limit = Deadline(deadline, clock)
    generator = rng or shared.Random()
    if len(notifiers) <= 1:
        return [_one(n, message, limit, allow, generator, sleep) for n in notifiers]
    from concurrent.futures import ThreadPoolExecutor

    def one(notifier: Notifier) -> Sent:
        return _one(notifier, message, limit, allow, generator, sleep)

    with ThreadPoolExecutor(max_workers=min(8, len(notifiers)), thread_name_prefix="elytra-notify") as pool:
        return list(pool.map(one, notifiers))
