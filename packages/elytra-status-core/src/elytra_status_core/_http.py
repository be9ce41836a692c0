"""What every HTTP reader of elytra-status shares: the size cap on a body, and the User-Agent.

The shared fetcher of the sources (``_sources.fetch``) and the meta-monitor
(``_monitor.fetch``) read bodies through ``BodyCap``, so "how large may an
answer be" is one rule: the cap counts the bytes a reader gets (after
decompression), and an answer announcing more than the cap in its
``Content-Length`` is refused before its body is read.
"""

from __future__ import annotations

from collections.abc import Mapping

from ._version import package_version

__all__ = ["BodyCap", "user_agent"]


def user_agent(product: str = "elytra-status") -> str:
    """``product/version``."""
    return f"{product}/{package_version()}"


class BodyCap:
    """Collects a body chunk by chunk, up to ``limit`` bytes.

    ``announced_too_large(headers)`` checks ``Content-Length`` before
    reading; ``add(chunk)`` returns ``False`` once the body went past the
    cap (the chunk is then not kept).
    """

    __slots__ = ("_chunks", "limit", "size")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self._chunks: list[bytes] = []

    def announced(self, headers: Mapping[str, str]) -> int | None:
        """The ``Content-Length`` of ``headers`` (names lower-cased) when it exceeds the cap."""
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            return int(declared)
        return None

    def add(self, chunk: bytes) -> bool:
        self.size += len(chunk)
        if self.size > self.limit:
            return False
        self._chunks.append(chunk)
        return True

    def body(self) -> bytes:
        return b"".join(self._chunks)
