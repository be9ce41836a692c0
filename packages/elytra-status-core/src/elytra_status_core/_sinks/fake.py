"""A sink backed by plain functions, for tests of the publishing logic without a store.

Like httpx's ``MockTransport(handler)``: ``FunctionSink(read, write)`` calls
``read()`` for the current bytes and ``write(data)`` to store new ones. Tests
of real stores use real servers (moto's S3 on loopback, local folders).
"""

from __future__ import annotations

from collections.abc import Callable

from . import ReplaceDecision, Transform, replacing

__all__ = ["FunctionSink"]


class FunctionSink:
    """A sink whose reads and writes are the given functions."""

    def __init__(
        self, read: Callable[[], bytes | None], write: Callable[[bytes], None], url: str = "fake://sink"
    ) -> None:
        self.url = url
        self._read = read
        self._write = write

    def read(self) -> bytes | None:
        return self._read()

    def update(self, transform: Transform, *, deadline: float | None = None) -> bytes | None:
        del deadline
        current = self._read()
        data = transform(current)
        if data is None or data == current:
            return data
        self._write(data)
        return data

    def replace_if(self, data: bytes, decide: ReplaceDecision, *, deadline: float | None = None) -> bool:
        return self.update(replacing(data, decide), deadline=deadline) is not None
