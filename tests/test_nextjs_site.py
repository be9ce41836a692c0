"""The reference Next.js site: lint, type check, one build, then a real browser.

Required under CI=true (node, npm and Debian's chromium are installed by
.ci/run). The npm dependencies come from the committed package-lock.json.

The site is built once per run and every browser test uses that build. Its
server clock is moved to ``SITE_NOW`` (examples/nextjs-site/tests/clock.mjs),
the fixtures are moved to the same instant, and the browser's clock is fixed
there, so the screenshots hold the same dates on every run.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from tests._integration import require_program
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "examples" / "nextjs-site"
BASELINES = SITE / "tests" / "baseline"
FRONTEND_DOC = ROOT / "docs" / "frontend.md"
SITE_NOW = "2026-03-02T15:04:00Z"
"""The instant the browser tests run at: the site's clock, the browser's, the fixtures'."""


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
    assert result.returncode == 0, f"{' '.join(argv)} failed:\n{result.stdout[-6000:]}\n{result.stderr[-6000:]}"
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


@dataclass(frozen=True)
class BuiltSite:
    """The built site and what its browser tests need to run it."""

    env: dict[str, str]


def node_tests(site: BuiltSite, file: str, env: dict[str, str], timeout: float) -> str:
    """Run ``node --test`` on one file of the site's tests; its TAP output, every test passed."""
    result = run(
        ["node", "--test", "--test-concurrency=1", "--test-reporter=tap", f"tests/{file}"],
        env={**site.env, **env},
        timeout=timeout,
    )
    out = result.stdout
    assert re.search(r"^# fail 0$", out, re.M) and re.search(r"^# cancelled 0$", out, re.M), out[-4000:]
    passed = re.search(r"^# pass (\d+)$", out, re.M)
    assert passed and int(passed.group(1)) > 0, out[-4000:]
    return out


@pytest.fixture(scope="module")
def built_site() -> BuiltSite:
    """One production build for every test here, with the clock of SITE_NOW."""
    require_program("node")
    require_program("npm")
    npm_ci()
    now_ms = int(datetime.fromisoformat(SITE_NOW).timestamp() * 1000)
    clock = (SITE / "tests" / "clock.mjs").as_uri()
    env = {
        "SITE_NOW": SITE_NOW,
        "SITE_CLOCK_OFFSET_MS": str(int(time.time() * 1000) - now_ms),
    }
    # Data fetched by an earlier build would be reused by this one.
    shutil.rmtree(SITE / ".next" / "cache" / "fetch-cache", ignore_errors=True)
    # The status URL of the build is one nothing answers: the tests give the real one at run time.
    build_url = f"http://127.0.0.1:{free_port()}/status.json"
    run(
        ["npx", "next", "build"],
        env={**env, "NODE_OPTIONS": f"--import={clock}", "NEXT_PUBLIC_STATUS_JSON_URL": build_url},
    )
    return BuiltSite(env)


def test_lint_and_type_check(built_site: BuiltSite) -> None:
    run(["npx", "eslint", "--max-warnings", "0", "."])
    run(["npx", "tsc", "--noEmit"])


def test_the_site_imports_only_the_public_package() -> None:
    """No copied types, no hand-written fetcher, no reaching into the package's files."""
    app_files = [
        *SITE.joinpath("lib").rglob("*.ts"),
        *SITE.joinpath("app").rglob("*.ts"),
        *SITE.joinpath("app").rglob("*.tsx"),
        *SITE.joinpath("components").rglob("*.ts"),
        *SITE.joinpath("components").rglob("*.tsx"),
    ]
    text = "\n".join(p.read_text() for p in app_files)
    specifiers = set(re.findall(r"""from\s+["']([^"']+)["']""", text))
    assert "@elytracloud/status-contract" in specifiers
    allowed = ("@/", "next", "react", "react-markdown", "node:", "@elytracloud/status-contract")
    assert {s for s in specifiers if not s.startswith(allowed)} == set()
    assert not {s for s in specifiers if s.startswith("@elytracloud/status-contract/")}
    assert "type PlatformStatus = {" not in text and "interface PlatformStatus" not in text
    assert "as PlatformStatus" not in text and "await fetch(" not in text
    assert "dangerouslySetInnerHTML" not in text, "notice bodies are rendered as elements, never as HTML"


def test_pages_are_static_and_revalidated() -> None:
    """The homepage is rebuilt at most every 10 minutes (the spec's rate), never per request."""
    home = (SITE / "app" / "page.tsx").read_text()
    status = (SITE / "app" / "status" / "page.tsx").read_text()
    assert "export const revalidate = 600;" in home
    assert re.search(r"^export const revalidate = \d+;$", status, re.M)
    assert "force-dynamic" not in home + status


def test_states_in_a_real_browser(built_site: BuiltSite) -> None:
    chromium = require_program("chromium")
    out = node_tests(
        built_site,
        "site.test.mjs",
        {"STATUS_PORT": str(free_port()), "SITE_PORT": str(free_port()), "CHROMIUM": chromium},
        timeout=900,
    )
    ttfb = re.findall(r"^\s*# TTFB of (\S+) while the status host hangs: ([\d.]+) ms$", out, re.M)
    assert {route for route, _ in ttfb} == {"/", "/status"}, out[-4000:]


def test_dev_mode(built_site: BuiltSite) -> None:
    node_tests(built_site, "dev.test.mjs", {"DEV_PORT": str(free_port())}, timeout=600)


def screenshot_table() -> str:
    """The table of docs/frontend.md that links every page screenshot in the baselines."""
    shots: dict[str, dict[str, list[str]]] = {}
    for path in sorted(BASELINES.glob("*.png")):
        match = re.fullmatch(r"(home|status)-(.+)-(desktop|mobile|dark)\.png", path.name)
        forced = re.fullmatch(r"forced-(home|status)-(.+)\.png", path.name)
        if match:
            page, state, view = match.groups()
        elif forced:
            page, state, view = forced.group(1), f"{forced.group(2)}, forced colours", "desktop"
        else:
            continue  # the state icons of the strict colour check
        label = {"desktop": "1280 px", "mobile": "390 px", "dark": "dark"}[view]
        link = f"[{label}](../{path.relative_to(ROOT).as_posix()})"
        shots.setdefault(state, {"home": [], "status": []})[page].append(link)
    order = {"1280 px": 0, "390 px": 1, "dark": 2}
    rows = ["| state | `/` | `/status` |", "|---|---|---|"]
    for state, pages in sorted(shots.items()):
        cells = [
            " · ".join(sorted(links, key=lambda link: order[link[1 : link.index("]")]])) or "-"
            for links in pages.values()
        ]
        rows.append(f"| `{state}` | {cells[0]} | {cells[1]} |")
    return "\n".join(rows)


def test_docs_link_every_screenshot() -> None:
    """docs/frontend.md links each page screenshot; UPDATE_BASELINE=1 rewrites the table."""
    text = FRONTEND_DOC.read_text()
    start, end = "<!-- screenshots:start -->\n", "<!-- screenshots:end -->"
    assert start in text and end in text
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    expected = f"{head}{start}{screenshot_table()}\n{end}{tail}"
    if os.environ.get("UPDATE_BASELINE") == "1" and text != expected:
        FRONTEND_DOC.write_text(expected)
        text = expected
    assert text == expected, (
        "docs/frontend.md does not link the screenshots in tests/baseline/: run with UPDATE_BASELINE=1"
    )
    for target in re.findall(r"\]\((\.\./[^)]+\.png)\)", expected):
        assert (FRONTEND_DOC.parent / target).resolve().is_file(), target
