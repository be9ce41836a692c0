"""Required integrations: skip with a reason locally, fail under CI=true."""

from __future__ import annotations

import os
import shutil

import pytest

__all__ = ["in_ci", "require_program", "unavailable"]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str) -> None:
    """Skip the test, or fail it under CI=true where every integration must run."""
    if in_ci():
        pytest.fail(f"required integration unavailable under CI=true: {reason}")
    pytest.skip(reason)


def require_program(name: str) -> str:
    """The path of ``name`` on PATH; skips (fails under CI) when it is missing."""
    path = shutil.which(name)
    if path is None:
        unavailable(f"{name} is not installed (.ci/run installs it)")
        raise AssertionError("unreachable")
    return path
