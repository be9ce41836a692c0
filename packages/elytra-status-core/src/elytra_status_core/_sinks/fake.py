"""A sink backed by plain functions, for tests of the publishing logic without a store.

Like httpx's ``MockTransport(handler)``: ``FunctionSink(read, write)`` calls
``read()`` for the current bytes and ``write(data)`` to store new ones. Tests
of real stores use real servers (moto's S3 on loopback, local folders).
"""

from __future__ import annotations

from collections.abc import Callable

from . import ReplaceDecision

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

    def replace_if(self, data: bytes, decide: ReplaceDecision, *, deadline: float | None = None) -> bool:
        del deadline
        current = self._read()
        if current == data:
            return True
        if not decide(current):
            return False
        self._write(data)
        return True
