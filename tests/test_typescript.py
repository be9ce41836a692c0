"""The npm package under real ``tsc`` and ``node`` (required under CI=true).

- the package itself type-checks under ``strict`` and ``exactOptionalPropertyTypes``,
  its JavaScript included (``checkJs`` against its own ``.d.ts``);
- the original spec's ``lib/fetchStatus.ts`` (importing ``PlatformStatus`` from
  the package) and its status card compile against it;
- type-level tests: every fixture is assignable to ``PlatformStatus``, and
  documents that break the contract are rejected (``@ts-expect-error``);
- node resolves the package's exports as a consumer would, ESM and CommonJS, on every
  node on PATH, each of which must satisfy ``engines``;
- the helpers (labels, times, notices, day bars, fixtures) in node's test runner;
- the packed tarball passes arethetypeswrong and publint (from tests/node's lockfile).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from elytra_status_contract import SCHEMA_VERSION
from tests._integration import require_program
from tests._node_project import CONTRACT, NODE_TOOLS, PACKAGE_NAME, NodeProject, node_project

COMPILER_OPTIONS = {
    "target": "ES2022",
    "lib": ["es2022", "dom"],
    "module": "nodenext",
    "moduleResolution": "nodenext",
    "allowJs": True,
    "checkJs": True,
    "noEmit": True,
    "strict": True,
    "exactOptionalPropertyTypes": True,
    "noUncheckedIndexedAccess": True,
    "noImplicitReturns": True,
    "noFallthroughCasesInSwitch": True,
    "noPropertyAccessFromIndexSignature": True,
    "skipLibCheck": False,
    "types": [],
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> NodeProject:
    return node_project(tmp_path_factory.mktemp("consumer"))


def tsc(project: NodeProject, config: Path) -> str:
    result = project.run(project.tsc, "--pretty", "false", "-p", config, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return output


def fixtures_module() -> str:
    """Every fixture as a typed constant, and each fixture broken once (must be rejected)."""
    lines = ['import type { PlatformStatus } from "@elytracloud/status-contract";', ""]
    fixtures = sorted((CONTRACT / "fixtures").glob("*.json"))
    assert len(fixtures) >= 7
    for index, path in enumerate(fixtures):
        text = path.read_text()
        lines.append(f"// {path.name}")
        lines.append(f"export const fixture{index}: PlatformStatus = {text.strip()};")
        broken = dict(json.loads(text), platform_status="maintenance")
        lines.append("// @ts-expect-error a fixture with a status outside the contract is rejected")
        lines.append(f"export const broken{index}: PlatformStatus = {json.dumps(broken)};")
    return "\n".join(lines) + "\n"


def test_package_type_checks_strict(project: NodeProject) -> None:
    files = sorted(str(p) for p in CONTRACT.glob("*.js")) + sorted(str(p) for p in CONTRACT.glob("*.d.ts"))
    assert any(f.endswith("parse.js") for f in files) and any(f.endswith("types.d.ts") for f in files)
    config = project.root / "tsconfig.package.json"
    config.write_text(json.dumps({"compilerOptions": COMPILER_OPTIONS, "files": files}, indent=2))
    tsc(project, config)


def test_spec_fetcher_card_and_type_tests_compile(project: NodeProject) -> None:
    (project.root / "fixtures.ts").write_text(fixtures_module())
    assert "@elytracloud/status-contract" in (project.root / "lib" / "fetchStatus.ts").read_text()
    assert "type PlatformStatus = {" not in (project.root / "lib" / "fetchStatus.ts").read_text()
    tsc(project, project.root / "tsconfig.json")


def test_type_tests_can_fail(project: NodeProject) -> None:
    """The same check, with a contract violation the types no longer reject, fails."""
    broken = project.root / "broken"
    broken.mkdir(exist_ok=True)
    (broken / "accepts.ts").write_text(
        'import type { PlatformStatus } from "@elytracloud/status-contract";\n'
        "// @ts-expect-error (wrongly) expects a valid document to be rejected\n"
        'export const ok: PlatformStatus = { updated_at: "2025-11-10T12:00:00Z", platform_status: "outage" };\n'
        'export const bad: PlatformStatus = { updated_at: "2025-11-10T12:00:00Z", platform_status: "maintenance" };\n'
    )
    config = broken / "tsconfig.json"
    options = {
        **COMPILER_OPTIONS,
        "module": "esnext",
        "moduleResolution": "bundler",
        "allowJs": False,
        "checkJs": False,
    }
    config.write_text(json.dumps({"compilerOptions": options, "files": ["accepts.ts"]}))
    result = project.run(project.tsc, "--pretty", "false", "-p", config, timeout=300)
    assert result.returncode != 0
    assert "accepts.ts(2,1): error TS2578: Unused '@ts-expect-error' directive." in result.stdout
    assert "accepts.ts(4," in result.stdout and "maintenance" in result.stdout


def test_node_resolves_the_package_exports(project: NodeProject) -> None:
    script = f"""
import * as contract from "{PACKAGE_NAME}";
import schema from "{PACKAGE_NAME}/schema.json" with {{ type: "json" }};
import operational from "{PACKAGE_NAME}/fixtures/operational.json" with {{ type: "json" }};
import manifest from "{PACKAGE_NAME}/package.json" with {{ type: "json" }};
const parsed = contract.parsePlatformStatus(operational);
process.stdout.write(JSON.stringify({{
  names: Object.keys(contract).sort(),
  sameSchema: JSON.stringify(schema) === JSON.stringify(contract.platformStatusSchema),
  version: contract.SCHEMA_VERSION,
  manifestVersion: manifest.version,
  ok: parsed.ok,
  staleAtFixtureTime: contract.isStale(operational, new Date("2025-11-10T12:00:00Z")),
  staleNow: contract.isStale(operational),
}}));
"""
    result = project.run("--input-type=module", "-e", script)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert {"isStale", "parsePlatformStatus", "platformStatusSchema", "SCHEMA_VERSION"} <= set(out["names"])
    assert out["sameSchema"] is True
    assert out["version"] == SCHEMA_VERSION and out["manifestVersion"] == f"{SCHEMA_VERSION}.0"
    assert out["ok"] is True
    assert out["staleAtFixtureTime"] is False and out["staleNow"] is True


def test_parse_reports_every_error_with_its_path(project: NodeProject) -> None:
    script = f"""
import {{ parsePlatformStatus, isStale }} from "{PACKAGE_NAME}";
const doc = {{ platform_status: "maintenance", uptime: {{ last_24h: 100.5 }}, backups: null,
  infrastructure: {{ regions: ["nyc3", 3] }}, stale_after: "2025-11-10 12:00:00Z", extra: {{ any: "thing" }} }};
const result = parsePlatformStatus(doc);
let threw = "";
try {{ isStale(doc, new Date(NaN)); }} catch (e) {{ threw = e.constructor.name; }}
process.stdout.write(JSON.stringify({{ result, threw }}));
"""
    result = project.run("--input-type=module", "-e", script)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["result"]["ok"] is False
    assert out["result"]["data"] == {"updated_at": "", "platform_status": "unknown"}
    assert out["result"]["error"]["reason"] == "invalid"
    issues = out["result"]["error"]["issues"]
    assert all("(?:" not in e["message"] and "[0-9]" not in e["message"] for e in issues), issues
    assert out["result"]["error"]["message"].startswith("invalid document: $.")
    assert sorted(e["path"] for e in issues) == [
        "$.backups",
        "$.infrastructure.regions[1]",
        "$.platform_status",
        "$.stale_after",
        "$.updated_at",
        "$.uptime.last_24h",
    ]
    assert out["threw"] == "RangeError"


def test_helpers_in_node(project: NodeProject) -> None:
    result = project.run("--test", "--test-reporter=tap", "helpers.test.mjs", timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"^# fail 0$", output, re.M), output
    passed = re.search(r"^# pass (\d+)$", output, re.M)
    assert passed and int(passed.group(1)) >= 15, output


ENGINES = "^20.19.0 || >=22.12.0"
"""Where ``require()`` of an ES module works (and ``AbortSignal.any``): the package is ESM only."""


def _satisfies_engines(version: str) -> bool:
    match = re.fullmatch(r"v(\d+)\.(\d+)\.(\d+)", version)
    assert match, version
    major, minor = int(match.group(1)), int(match.group(2))
    return (major == 20 and minor >= 19) or (major == 22 and minor >= 12) or major > 22


def _nodes() -> dict[str, str]:
    """Every distinct node on PATH, by version (the first one found for each)."""
    require_program("node")
    found: dict[str, str] = {}
    for folder in os.get_exec_path():
        candidate = Path(folder) / "node"
        if not (candidate.is_file() and os.access(candidate, os.X_OK)):
            continue
        version = subprocess.run(
            [str(candidate), "--version"], capture_output=True, text=True, timeout=60, check=True
        ).stdout.strip()
        found.setdefault(version, str(candidate))
    return found


def test_engines_say_what_works() -> None:
    manifest = json.loads((CONTRACT / "package.json").read_text())
    assert manifest["engines"] == {"node": ENGINES}
    assert manifest["type"] == "module"
    assert [
        _satisfies_engines(v)
        for v in ("v18.20.0", "v20.18.0", "v20.19.0", "v21.7.0", "v22.11.0", "v22.12.0", "v24.0.0")
    ] == [
        False,
        False,
        True,
        False,
        False,
        True,
        True,
    ]


def test_commonjs_and_esm_consumers_on_every_node(project: NodeProject) -> None:
    nodes = _nodes()
    assert nodes
    for version, node in nodes.items():
        assert _satisfies_engines(version), f"{node} is {version}, outside engines {ENGINES}"
        for script in (
            ["cjs/require.cjs"],
            [
                "--input-type=module",
                "-e",
                f'import * as c from "{PACKAGE_NAME}"; process.stdout.write(JSON.stringify({{ ok: c.parsePlatformStatus({{ updated_at: "2025-11-10T12:00:00Z", platform_status: "outage" }}).ok, any: typeof AbortSignal.any }}));',
            ],
        ):
            result = subprocess.run(
                [node, *script],
                cwd=project.root,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
                env={**os.environ, "NODE_OPTIONS": ""},
            )
            assert result.returncode == 0, f"{version}: {result.stderr}"
            out = json.loads(result.stdout)
            assert out["ok"] is True, (version, out)
            if "label" in out:
                assert out == {
                    "node": version,
                    "ok": True,
                    "history": True,
                    "label": "All systems operational",
                    "schema": "PlatformStatus",
                    "bars": 90,
                }
            else:
                assert out["any"] == "function"


def test_commonjs_typescript_consumer(project: NodeProject) -> None:
    tsc(project, project.root / "cjs" / "tsconfig.json")


@pytest.fixture(scope="module")
def tarball(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package as ``npm pack`` makes it, the file a registry would get."""
    npm = require_program("npm")
    folder = tmp_path_factory.mktemp("pack")
    result = subprocess.run(
        [npm, "pack", "--json", "--pack-destination", str(folder)],
        cwd=CONTRACT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    packed = json.loads(result.stdout)
    files = {entry["path"] for entry in packed[0]["files"]}
    assert {"index.js", "index.d.ts", "fetch.js", "status-fixture.d.cts", "fixtures/operational.json"} <= files
    return folder / packed[0]["filename"]


def _tool(project: NodeProject, name: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run a CLI installed in tests/node/node_modules, asserting exit 0."""
    manifest = json.loads((NODE_TOOLS / "node_modules" / name / "package.json").read_text())
    entry = manifest["bin"] if isinstance(manifest["bin"], str) else next(iter(manifest["bin"].values()))
    result = project.run(NODE_TOOLS / "node_modules" / name / entry, *args, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_arethetypeswrong(project: NodeProject, tarball: Path) -> None:
    """Clean for every resolution an ESM-only package serves (exit 0 under ``--profile esm-only``).

    The profile leaves out TypeScript's ``node10`` (which knows no ``exports``) and ``node16``
    from CommonJS, where arethetypeswrong reports ``require()`` of ESM as an error: it does not
    know yet that this works on every Node of ``engines``, which
    test_commonjs_and_esm_consumers_on_every_node runs and test_commonjs_typescript_consumer
    compiles. Nothing else may be reported, ignored or not.
    """
    result = _tool(project, "@arethetypeswrong/cli", "--profile", "esm-only", "--format", "json", tarball)
    report = json.loads(result.stdout)
    found = {(p["kind"], p["resolutionKind"]) for problems in report["problems"].values() for p in problems}
    assert found <= {("CJSResolvesToESM", "node16-cjs"), ("NoResolution", "node10")}, report["problems"]


def test_publint(project: NodeProject, tarball: Path) -> None:
    result = _tool(project, "publint", "run", tarball, "--strict", "--level", "suggestion")
    assert "All good!" in result.stdout, result.stdout + result.stderr
