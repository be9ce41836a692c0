"""A throwaway TypeScript/Node project that has installed the contract package.

The pinned tools (TypeScript, Ajv, @types) live in tests/node/, installed by
``make test`` with ``npm ci`` from the committed package-lock.json. A test
project is the consumer sources of tests/node/consumer/ copied to a temporary
folder whose ``node_modules`` links the contract package (as ``npm install
../contract`` does) and the pinned tools.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests._integration import require_program, unavailable

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "contract"
NODE_TOOLS = ROOT / "tests" / "node"
CONSUMER = NODE_TOOLS / "consumer"
PACKAGE_NAME = "@elytracloud/status-contract"


@dataclass(frozen=True)
class NodeProject:
    """A consumer project in ``root``; ``node`` is the node binary."""

    root: Path
    node: str

    @property
    def tsc(self) -> Path:
        return NODE_TOOLS / "node_modules" / "typescript" / "bin" / "tsc"

    def run(self, *args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Run ``node ARGS`` in the project; never raises on a non-zero exit."""
        return subprocess.run(
            [self.node, *map(str, args)],
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env={**os.environ, "NODE_OPTIONS": ""},
        )


def node_project(dest: Path) -> NodeProject:
    """Lay out a consumer project in ``dest`` (skips, or fails under CI, without node or the tools)."""
    node = require_program("node")
    if not (NODE_TOOLS / "node_modules" / "typescript" / "bin" / "tsc").is_file():
        unavailable("tests/node/node_modules is not installed: `make test` runs `npm ci` there")
    shutil.copytree(CONSUMER, dest, dirs_exist_ok=True)
    modules = dest / "node_modules"
    (modules / "@elytracloud").mkdir(parents=True, exist_ok=True)
    (modules / PACKAGE_NAME).symlink_to(CONTRACT, target_is_directory=True)
    for entry in (NODE_TOOLS / "node_modules").iterdir():
        if not entry.name.startswith("."):
            (modules / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    return NodeProject(dest, node)
