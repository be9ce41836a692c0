"""A run-level lock, so overlapping publish runs on one host do not pile up.

cron starts ``elytra status publish`` every 10 minutes; if one run hangs on a
slow source, the next must not start a second publisher beside it. The lock
is an advisory ``flock`` on a file: the kernel drops it when the process
dies, so a crashed run never leaves a stale lock behind. The file is never
deleted (deleting a flock'ed file lets two processes lock two different
inodes); it holds the holder's pid and start time, for the message the
second run prints.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Generator, Mapping
from datetime import UTC, datetime
from pathlib import Path

from ._errors import ConfigError

__all__ = ["LockBusy", "default_lock_path", "run_lock"]


class LockBusy(Exception):
    """Another run holds the lock. ``holder`` describes it, when known."""

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(f"another run holds {path} ({holder})")
        self.path = path
        self.holder = holder


def _runtime_dir(environ: Mapping[str, str]) -> Path:
    """systemd's ``$RUNTIME_DIRECTORY``, else ``$XDG_RUNTIME_DIR/elytra-status``, else a private temp folder."""
    systemd = environ.get("RUNTIME_DIRECTORY")
    if systemd:
        return Path(systemd.split(":", 1)[0])
    xdg = environ.get("XDG_RUNTIME_DIR")
    if xdg:
        return Path(xdg) / "elytra-status"
    return Path(tempfile.gettempdir()) / f"elytra-status-{os.getuid()}"


def default_lock_path(config_path: Path | None, environ: Mapping[str, str]) -> Path:
    """One lock per config file (two configs publish independently) in the runtime folder."""
    key = str(config_path.resolve()) if config_path else "no-config"
    digest = hashlib.sha256(key.encode()).hexdigest()[:8]
    stem = config_path.stem if config_path else "default"
    return _runtime_dir(environ) / f"publish-{stem}-{digest}.lock"


def _private_folder(folder: Path) -> None:
    """Create ``folder`` (0700) or check that an existing one is ours and not a symlink."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError as exc:
        raise ConfigError(f"cannot create the lock folder {folder}: {exc.strerror or type(exc).__name__}") from None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise ConfigError(f"lock folder {folder} is not a folder owned by this user; set publish_options.lock_file")


@contextlib.contextmanager
def run_lock(path: Path, *, private_folder: bool = False) -> Generator[None]:
    """Hold the lock at ``path`` for the block; ``LockBusy`` at once if another run has it.

    ``private_folder``: the folder is the default one (possibly under a shared
    temp folder): create it 0700 and refuse one that is not ours.
    """
    if private_folder:
        _private_folder(path.parent)
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"cannot create the lock folder {path.parent}: {exc.strerror or type(exc).__name__}") from None
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        raise ConfigError(f"cannot open the lock file {path}: {exc.strerror or type(exc).__name__}") from None
    import fcntl

    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockBusy(path, _holder(fd)) from None
        os.ftruncate(fd, 0)
        started = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        os.pwrite(fd, f"pid {os.getpid()}, started {started}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or "holder unknown"
