"""What a publish run tells the outside besides the document: notifications, heartbeat, metrics.

``reported`` wraps ``elytra status publish``:

- the heartbeat (``[run] ping_url``): ``/start`` once the run holds the run
  lock (a run that finds the lock taken pings nothing: the run that holds it
  reports), then success or ``/fail`` with the last error line;
- change notifications (``[[notify]]``): after the publish, when a target's
  conditional write replaced a document, what changed from that document to
  the one written (``_core.changes``) goes to every notifier. Only the run
  whose write won sees the document it replaced, so of two publishers (an HA
  pair) exactly one announces a change. The first target, in config order,
  whose write replaced a document is the one compared;
- metrics (``[run] metrics_file``): the run's textfile, rewritten after it.

None of them can change the run's exit code or stop the publish: each is
bounded in time, and its failures are logged. A dry run does none of them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .._config import LoadedConfig
from .._errors import ConfigError, LockBusy
from .._fs import local_path
from .._log import logger
from .args import Env

if TYPE_CHECKING:
    from elytra_status_contract import PlatformStatus

    from .._core.metrics import TargetOutcome
    from .._heartbeat import Heartbeat, LastError
    from .._notify.base import Notifier
    from .._notify.deliver import Sent
    from .._run import PublishOutcome, RunResult
    from .._sources.base import Source

__all__ = ["RunHooks", "notify_changes", "replaced", "reported"]


def replaced(outcomes: Sequence[PublishOutcome]) -> PlatformStatus | None:
    """The document this run's winning conditional write replaced: the first target's, in config order, that has one."""
    return next((outcome.previous for outcome in outcomes if outcome.previous is not None), None)


def notify_changes(
    loaded: LoadedConfig,
    env: Env,
    previous: PlatformStatus | None,
    current: PlatformStatus,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> list[Sent]:
    """Tell every ``[[notify]]`` target what changed from ``previous`` to ``current``; never raises."""
    if previous is None or not loaded.notify:
        return []
    from .._core.changes import changes
    from .._notify.base import Message, NotifyContext
    from .._notify.deliver import deliver
    from .._notify.registry import make_notifier

    found = changes(previous, current)
    if not found:
        logger.debug("nothing changed that notifications announce")
        return []
    config = loaded.config
    context = NotifyContext(base=loaded.base, env=env.environ)
    notifiers: list[Notifier] = []
    for index, settings in enumerate(loaded.notify):
        try:
            notifiers.append(make_notifier(settings, context, index))
        except ConfigError as exc:
            logger.error("notify[%d] (%s): not sent: %s", index, settings.name or settings.kind, exc)
    message = Message(changes=tuple(found), document=current, page_name=config.page.name, page_url=config.page.url)
    try:
        return deliver(
            message,
            notifiers,
            deadline=config.run.notify_deadline.total_seconds(),
            allow=config.redaction.allow,
            sleep=sleep,
        )
    except Exception as exc:  # the publish is done; a notification bug must not undo its exit code
        logger.error("notifications not sent: unexpected %s", type(exc).__name__)
        return []


class RunHooks:
    """The heartbeat, metrics and notifications of one publish run (all off for a dry run)."""

    def __init__(
        self,
        loaded: LoadedConfig,
        env: Env,
        *,
        enabled: bool = True,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.loaded = loaded
        self.env = env
        self.enabled = enabled
        self._clock = clock
        self._sleep = sleep
        self._began = clock()
        self.heartbeat: Heartbeat | None = None
        self.metrics_file: Path | None = None
        self._errors: LastError | None = None
        self._run: RunResult | None = None
        self._outcomes: Sequence[PublishOutcome] = ()
        self._sources: tuple[str, ...] = ()
        self.sent: list[Sent] = []
        """What the notifiers did (for logs and tests)."""
        if not enabled:
            return
        settings = loaded.config.run
        if settings.ping_url is not None or settings.ping_url_env is not None:
            import uuid

            from .._heartbeat import Heartbeat, LastError, ping_url

            url = ping_url(settings, env.environ)
            if url is not None:
                self.heartbeat = Heartbeat(
                    url, timeout=settings.ping_timeout.total_seconds(), run_id=str(uuid.uuid4()), sleep=sleep
                )
                self._errors = LastError().listen()
        if settings.metrics_file is not None:
            self.metrics_file = local_path(settings.metrics_file, loaded.base)

    def started(self) -> None:
        """The run holds the run lock and begins: ``/start``."""
        if self.heartbeat is not None:
            self.heartbeat.start()

    def published(self, run: RunResult, outcomes: Sequence[PublishOutcome], sources: Sequence[Source]) -> None:
        """The publish is done: announce what changed, remember the rest for the metrics."""
        self._run, self._outcomes = run, outcomes
        self._sources = tuple(source.name for source in sources)
        if self.enabled:
            self.sent = notify_changes(self.loaded, self.env, replaced(outcomes), run.document, sleep=self._sleep)

    def finish(self, code: int, error: BaseException | None = None) -> None:
        """The run ended with ``code`` (or ``error``): metrics, then the heartbeat's success or ``/fail``."""
        if not self.enabled:
            return
        try:
            self._metrics(code == 0 and error is None)
            if self.heartbeat is not None:
                if code == 0 and error is None:
                    self.heartbeat.success()
                else:
                    last = self._errors.line if self._errors is not None else None
                    self.heartbeat.fail(str(error) if error is not None else last or f"exit code {code}")
        finally:
            self.close()

    def close(self) -> None:
        """Stop listening for error lines."""
        if self._errors is not None:
            self._errors.stop()
            self._errors = None

    def _metrics(self, success: bool) -> None:
        if self.metrics_file is None:
            return
        from .._core.metrics import RunMetrics
        from .._metrics import write_metrics

        now = self.env.now()
        run = self._run
        failed = {failure.source for failure in run.collection.failures} if run is not None else set[str]()
        targets: list[tuple[str, TargetOutcome]] = []
        for outcome in self._outcomes:
            targets.append((outcome.url, "failed" if outcome.error else "written" if outcome.written else "kept"))
        metrics = RunMetrics(
            ended_at=now,
            duration=max(0.0, self._clock() - self._began),
            success=success,
            last_success=now if success else None,
            platform_status=run.document.platform_status if run is not None else None,
            sources=tuple((name, name not in failed) for name in self._sources),
            targets=tuple(targets),
        )
        try:
            write_metrics(self.metrics_file, metrics)
        except Exception as exc:  # metrics never fail the run
            logger.warning("cannot write the metrics file %s: unexpected %s", self.metrics_file, type(exc).__name__)


def reported(
    loaded: LoadedConfig,
    env: Env,
    body: Callable[[RunHooks], int],
    *,
    enabled: bool = True,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Run ``body`` with the run's hooks; its exit code (or its exception) stays what it was."""
    hooks = RunHooks(loaded, env, enabled=enabled, clock=clock, sleep=sleep)
    try:
        code = body(hooks)
    except LockBusy:  # another run holds the lock and will report; this one did not run
        hooks.close()
        raise
    except BaseException as exc:
        hooks.finish(1, exc)
        raise
    hooks.finish(code)
    return code
