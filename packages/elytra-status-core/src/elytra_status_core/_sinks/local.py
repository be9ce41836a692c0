"""A local file, written atomically under an advisory lock on its folder.

Read-compare-write happens under ``flock`` on the folder itself (rather than
a sidecar lock file, which would leave something extra in what is often a
published web root), and the write is atomic (temp file in the same folder,
fsync, rename, fsync of the folder), so a crash leaves either the old or the
new complete file.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Generator
from pathlib import Path

from .._errors import SinkError, TransientSinkError
from .._fs import flock, write_atomically
from . import ReplaceDecision, Transform, replacing

__all__ = ["LocalFileSink"]


class LocalFileSink:
    """A local path."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.url = str(path)

    @contextlib.contextmanager
    def _errors(self, action: str) -> Generator[None]:
        try:
            yield
        except OSError as exc:
            raise SinkError(self.url, f"cannot {action}: {exc.strerror or type(exc).__name__}") from None

    def read(self) -> bytes | None:
        with self._errors("read the current document"):
            try:
                return self.path.read_bytes()
            except FileNotFoundError:
                return None

    @contextlib.contextmanager
    def _locked(self, deadline: float | None) -> Generator[None]:
        folder = os.open(self.path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            with flock(folder, wait_until=deadline):
                yield
        except TimeoutError:
            raise TransientSinkError(self.url, "another writer held the file lock too long", "timeout") from None
        finally:
            os.close(folder)

    def update(self, transform: Transform, *, deadline: float | None = None) -> bytes | None:
        with self._errors("write"):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._locked(deadline):
                current = self.read()
                data = transform(current)
                if data is None or data == current:
                    return data
                write_atomically(self.path, data)
                return data

    def replace_if(self, data: bytes, decide: ReplaceDecision, *, deadline: float | None = None) -> bool:
        return self.update(replacing(data, decide), deadline=deadline) is not None
