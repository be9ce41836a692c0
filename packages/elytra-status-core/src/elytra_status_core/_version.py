"""The installed version of elytra-status-core, looked up once, when first asked for."""

from __future__ import annotations

from functools import cache

__all__ = ["package_version"]


@cache
def package_version() -> str:
    """The version ``--version`` shows and User-Agents carry (``importlib.metadata`` loads only here)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("elytra-status-core")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"
