"""The npm package under real ``tsc`` and ``node`` (required under CI=true).

- the package itself type-checks under ``strict`` and ``exactOptionalPropertyTypes``,
  its JavaScript included (``checkJs`` against its own ``.d.ts``);
- the original spec's ``lib/fetchStatus.ts`` (importing ``PlatformStatus`` from
  the package) and its status card compile against it;
- type-level tests: every fixture is assignable to ``PlatformStatus``, and
  documents that break the contract are rejected (``@ts-expect-error``);
- node resolves the package's exports as a consumer would.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from elytra_status_contract import SCHEMA_VERSION
from tests._node_project import CONTRACT, PACKAGE_NAME, NodeProject, node_project

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
    assert sorted(e["path"] for e in out["result"]["errors"]) == [
        "$.backups",
        "$.infrastructure.regions[1]",
        "$.platform_status",
        "$.stale_after",
        "$.updated_at",
        "$.uptime.last_24h",
    ]
    assert out["threw"] == "RangeError"
