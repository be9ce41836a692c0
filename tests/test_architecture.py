"""The layout is checked, not just drawn: the pure core stays pure, layers hold, starts stay light."""

from __future__ import annotations

import ast
import gc
import io
import shutil
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import msgspec
import pytest

from elytra_status_core._cli import main

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "packages/elytra-status-core/src/elytra_status_core"
PURE = [*sorted((CORE / "_core").rglob("*.py")), CORE / "_monitor/evaluate.py"]

# What a pure module may not import (top-level names), nor call.
FORBIDDEN_IMPORTS = {
    "os", "time", "pathlib", "io", "socket", "subprocess", "shutil", "tempfile", "asyncio",
    "httpx", "fsspec", "s3fs", "botocore", "aiobotocore", "urllib.request", "logging",
}  # fmt: skip
FORBIDDEN_CALLS = {"open", "input", "print", "exec", "eval", "__import__"}
FORBIDDEN_OWN = {"_fs", "_http", "_log", "_retry", "_sources", "_sinks", "_run", "_cli", "_config"}


def _impurities(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                names = [node.module]
            elif node.module:
                names = [f".{node.module}"]
        for name in names:
            top = name.lstrip(".").split(".")[0]
            if name in FORBIDDEN_IMPORTS or (not name.startswith(".") and top in FORBIDDEN_IMPORTS):
                found.append(f"{path.name}:{line} imports {name}")
            if name.startswith(".") and top in FORBIDDEN_OWN:
                found.append(f"{path.name}:{line} imports the shell module {name}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS:
            found.append(f"{path.name}:{node.lineno} calls {node.func.id}()")
        if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv", "now", "utcnow", "today"}:
            found.append(f"{path.name}:{node.lineno} reads .{node.attr}")
    return found


def test_every_file_under_core_is_covered() -> None:
    assert len(PURE) > 10
    assert CORE / "_core/redact/scan.py" in PURE


@pytest.mark.parametrize("path", PURE, ids=lambda p: str(p.relative_to(CORE)))
def test_pure_modules_do_no_io(path: Path) -> None:
    assert _impurities(path) == []


def test_the_ast_check_catches_an_io_import(tmp_path: Path) -> None:
    module = tmp_path / "sneaky.py"
    module.write_text("import os\nfrom pathlib import Path\nfrom .._fs import url_to_fs\nx = open('f')\n")
    assert len(_impurities(module)) == 4


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint is not None, "import-linter is a dev dependency"
    return subprocess.run(
        [lint, "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(root / "packages/elytra-status-core/src")
             + ":" + str(root / "packages/elytra-status-contract/src"), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def test_import_linter_keeps_the_layers() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


def _copy_of_the_packages(tmp_path: Path) -> Path:
    """The two packages' sources and the root pyproject (with the contracts), to break on purpose."""
    copy = tmp_path / "repo"
    for name in ("packages/elytra-status-core/src", "packages/elytra-status-contract/src"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def test_import_linter_fails_when_a_pure_module_gains_an_io_import(tmp_path: Path) -> None:
    copy = _copy_of_the_packages(tmp_path)
    aggregate = copy / "packages/elytra-status-core/src/elytra_status_core/_core/aggregate.py"
    text = aggregate.read_text(encoding="utf-8")
    aggregate.write_text(
        text.replace("from __future__ import annotations\n", "from __future__ import annotations\n\nimport os\n", 1)
    )
    result = _lint_imports(copy)
    assert result.returncode != 0
    assert "the pure core does no I/O BROKEN" in result.stdout.replace("\n", " ")
    assert "elytra_status_core._core.aggregate -> os" in result.stdout


def test_import_linter_fails_when_a_lower_layer_imports_a_higher_one(tmp_path: Path) -> None:
    copy = _copy_of_the_packages(tmp_path)
    config = copy / "packages/elytra-status-core/src/elytra_status_core/_config.py"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "\nfrom ._sources import registry as _registry\n")
    result = _lint_imports(copy)
    assert result.returncode != 0
    assert "elytra_status_core._config -> elytra_status_core._sources" in result.stdout


# --- what a start loads ---------------------------------------------------------------------

HEAVY = [
    "asyncio", "ssl", "concurrent.futures", "tempfile", "importlib.metadata", "zoneinfo",
    "logging",  # loaded by the first log record that gets past the level (or by a library), not at start
    "httpx", "httpcore", "anyio", "fsspec", "s3fs", "botocore", "aiobotocore", "aiohttp",
    "elytra_status_contract._schema", "elytra_status_contract._typescript",
    "elytra_status_contract._compat", "elytra_status_contract._introspect",
    "elytra_status_core._sources.fetch", "elytra_status_core._sources.collect",
    "elytra_status_core._sinks.fsspec", "elytra_status_core._sinks.local",
    "elytra_status_core._monitor.fetch", "elytra_status_core._monitor.alert", "elytra_status_core._sources.registry",
    "elytra_status_core._http",
    # the publisher's parts: a document is built without them
    "elytra_status_core._sinks", "elytra_status_core._retry", "elytra_status_core._core.outputs",
    "elytra_status_core._core.fixtures", "random", "hashlib", "dataclasses",
    # the other command groups: only the named one is imported
    "elytra_status_core._cli.init", "elytra_status_core._cli.notice", "elytra_status_core._cli.config",
    "elytra_status_core._cli.bucket", "elytra_status_core._cli.history", "elytra_status_core._cli.contract",
    "elytra_status_core._cli.completion", "shlex",
]  # fmt: skip

_PROBE = """
import io, json, sys
from contextlib import redirect_stdout
from elytra_status_core._cli import main
out = io.StringIO()
with redirect_stdout(out):
    code = main(sys.argv[1:], environ={})
print(json.dumps({"code": code, "out": out.getvalue(), "modules": sorted(sys.modules)}))
"""


class Probe(msgspec.Struct):
    """What one CLI run in a fresh interpreter printed and loaded."""

    code: int
    out: str
    modules: list[str]


def _loaded(*argv: str, cwd: Path) -> Probe:
    result = subprocess.run([sys.executable, "-c", _PROBE, *argv], cwd=cwd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return msgspec.json.decode(result.stdout.splitlines()[-1], type=Probe)


def test_status_summary_on_a_static_config_loads_only_what_it_needs(tmp_path: Path) -> None:
    (tmp_path / "static.toml").write_text(
        '[infrastructure]\nmodel = "Dedicated droplet per client."\nregions = ["nyc3"]\n'
        '[backups]\npolicy = "Nightly backups."\n',
        encoding="utf-8",
    )
    probe = _loaded("status", "summary", "--json", "--config", "static.toml", cwd=tmp_path)
    assert probe.code == 0
    assert '"platform_status":"unknown"' in probe.out
    modules = set(probe.modules)
    assert {"msgspec", "elytra_status_contract._v1", "elytra_status_core._core.redact.scan"} <= modules
    assert sorted(modules & set(HEAVY)) == []


@pytest.mark.parametrize("enabled", [True, False])
def test_main_leaves_the_garbage_collector_as_it_found_it(enabled: bool) -> None:
    """The start pauses and freezes the collector; a caller that runs ``main`` gets it back as it was."""
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        out = io.StringIO()
        with redirect_stdout(out):
            code = main(["status", "mock", "--state", "outage"], environ={})
        assert code == 0 and '"platform_status":"outage"' in out.getvalue()
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable() if was else gc.disable()


def test_version_is_looked_up_only_when_asked_for(tmp_path: Path) -> None:
    probe = _loaded("--version", cwd=tmp_path)
    assert probe.code == 0
    assert "importlib.metadata" in probe.modules
    quiet = _loaded("status", "mock", "--state", "outage", cwd=tmp_path)
    assert quiet.code == 0
    assert "importlib.metadata" not in quiet.modules


def test_decode_and_encode_do_not_load_the_exporters() -> None:
    code = (
        "import sys\nfrom elytra_status_contract import decode, encode\n"
        'encode(decode(b\'{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "outage"}\'))\n'
        "print(sorted(m for m in sys.modules if m.startswith('elytra_status_contract')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == str(
        [
            "elytra_status_contract",
            "elytra_status_contract._codec",
            "elytra_status_contract._errors",
            "elytra_status_contract._v1",
        ]
    )


def test_each_package_ships_the_licence_of_the_repository() -> None:
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    for package in ("elytra-status-contract", "elytra-status-core"):
        folder = ROOT / "packages" / package
        assert (folder / "LICENSE").read_text(encoding="utf-8") == licence
        assert 'license-files = ["LICENSE"]' in (folder / "pyproject.toml").read_text(encoding="utf-8")
