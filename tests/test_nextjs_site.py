"""The reference Next.js site: lint, type check, build, then a real browser.

Required under CI=true (node, npm and Debian's chromium are installed by
.ci/run). The npm dependencies come from the committed package-lock.json.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests._integration import require_program
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "examples" / "nextjs-site"


def run(argv: list[str], env: dict[str, str] | None = None, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        argv,
        cwd=SITE,
        env={**os.environ, "NEXT_TELEMETRY_DISABLED": "1", **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"{' '.join(argv)} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result


def npm_ci() -> None:
    """``npm ci`` unless node_modules already matches the lockfile."""
    lock = (SITE / "package-lock.json").read_bytes() + (ROOT / "contract" / "package.json").read_bytes()
    digest = hashlib.sha256(lock).hexdigest()
    stamp = SITE / "node_modules" / ".elytra-lock-digest"
    if stamp.exists() and stamp.read_text() == digest:
        return
    run(["npm", "ci", "--no-audit", "--no-fund"])
    stamp.write_text(digest)


@pytest.fixture(scope="module")
def built_site() -> tuple[int, int]:
    """The site built against a loopback status URL; returns (status port, site port)."""
    require_program("node")
    require_program("npm")
    npm_ci()
    status_port, site_port = free_port(), free_port()
    run(["npx", "next", "build"], env={"NEXT_PUBLIC_STATUS_JSON_URL": f"http://127.0.0.1:{status_port}/status.json"})
    return status_port, site_port


def test_lint_and_type_check(built_site: tuple[int, int]) -> None:
    run(["npx", "eslint", "--max-warnings", "0", "."])
    run(["npx", "tsc", "--noEmit"])


def test_the_site_imports_only_the_public_package() -> None:
    """No copied types, no hand-written fetcher, no reaching into the package's files."""
    app_files = [
        SITE / "lib" / "status.ts",
        *SITE.joinpath("app").rglob("*.tsx"),
        *SITE.joinpath("components").rglob("*.tsx"),
    ]
    text = "\n".join(p.read_text() for p in app_files)
    specifiers = set(re.findall(r"""from\s+["']([^"']+)["']""", text))
    assert "@elytracloud/status-contract" in specifiers
    outside = {s for s in specifiers if not s.startswith(("@/", "./", "next", "react", "@elytracloud/status-contract"))}
    assert outside == set()
    assert not {s for s in specifiers if s.startswith("@elytracloud/status-contract/")}
    assert "type PlatformStatus = {" not in text and "interface PlatformStatus" not in text
    assert "as PlatformStatus" not in text and "await fetch(" not in text


def test_states_in_a_real_browser(built_site: tuple[int, int]) -> None:
    chromium = require_program("chromium")
    status_port, site_port = built_site
    result = run(
        ["node", "--test", "--test-concurrency=1", "--test-reporter=tap", "tests/visual.test.mjs"],
        env={"STATUS_PORT": str(status_port), "SITE_PORT": str(site_port), "CHROMIUM": chromium},
        timeout=300,
    )
    assert re.search(r"^# pass 14$", result.stdout, re.M), result.stdout[-2000:]
    assert re.search(r"^# fail 0$", result.stdout, re.M), result.stdout[-2000:]
