"""``elytra contract export``: what lands in contract/, byte-stable, and ``--check``."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest

from elytra_status_contract import (
    HISTORY_SCHEMA_VERSION,
    JSON_SCHEMA_DIALECT,
    NPM_PACKAGE_NAME,
    SCHEMA_KEYWORDS,
    SCHEMA_VERSION,
    decode,
    json_schema,
    npm_package_files,
    render_json,
    typescript_declarations,
)
from elytra_status_core import mock_document
from elytra_status_core._cli import main
from elytra_status_core._cli.contract import FIXTURE_NOW, contract_files
from elytra_status_core._core.fixtures import fixture_documents

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "contract"
RUNTIME = ROOT / "packages" / "elytra-status-contract" / "src" / "elytra_status_contract" / "_npm"


def export(out: Path, *extra: str) -> int:
    return main(["contract", "export", "--out", str(out), *extra])


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    out = tmp_path / "contract"
    assert export(out) == 0
    return out


def test_the_committed_contract_is_what_export_generates(capsys: pytest.CaptureFixture[str]) -> None:
    assert export(CONTRACT, "--check") == 0, capsys.readouterr().out


def test_export_then_check(exported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert export(exported, "--check") == 0
    assert capsys.readouterr().out == ""
    files = contract_files()
    written = {p.relative_to(exported).as_posix() for p in exported.rglob("*") if p.is_file()}
    assert written == set(files) | {
        f"versions/{SCHEMA_VERSION}.json",
        f"versions/history/{HISTORY_SCHEMA_VERSION}.json",
    }
    for name, data in files.items():
        assert (exported / name).read_bytes() == data, name


def test_check_names_every_differing_file_and_writes_nothing(
    exported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (exported / "types.d.ts").write_text("export type PlatformStatus = any;\n")
    (exported / "fixtures" / "outage.json").unlink()
    (exported / "fixtures" / "maintenance.json").write_text("{}")
    capsys.readouterr()
    assert export(exported, "--check") == 1
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        f"missing: {(exported / 'fixtures' / 'outage.json').as_posix()}",
        f"differs: {(exported / 'types.d.ts').as_posix()}",
        f"not generated: {(exported / 'fixtures' / 'maintenance.json').as_posix()}",
    ]
    assert "run it and commit the result" in out.err
    assert (exported / "types.d.ts").read_text() == "export type PlatformStatus = any;\n"
    assert not (exported / "fixtures" / "outage.json").exists()


def test_a_missing_baseline_is_a_difference(exported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (exported / "versions" / f"{SCHEMA_VERSION}.json").unlink()
    capsys.readouterr()
    assert export(exported, "--check") == 1
    assert f"versions/{SCHEMA_VERSION}.json" in capsys.readouterr().out


def test_released_schemas_are_never_rewritten(exported: Path) -> None:
    baseline = exported / "versions" / f"{SCHEMA_VERSION}.json"
    baseline.write_text('{"released": "long ago"}\n')
    (exported / "versions" / "0.9.json").write_text("{}\n")
    assert export(exported) == 0
    assert baseline.read_text() == '{"released": "long ago"}\n'
    assert export(exported, "--check") == 0  # versions/ is append-only, not regenerated


def test_export_repairs_what_check_reports(exported: Path) -> None:
    (exported / "index.js").write_text("")
    shutil.rmtree(exported / "fixtures")
    assert export(exported, "--check") == 1
    assert export(exported) == 0
    assert export(exported, "--check") == 0


def test_output_is_byte_stable() -> None:
    assert contract_files() == contract_files()
    assert npm_package_files() == npm_package_files()
    schema_bytes = npm_package_files()["status.schema.json"]
    assert render_json(json.loads(schema_bytes)) == schema_bytes  # keys sorted


# --- the JSON Schema ---------------------------------------------------------------


def walk(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield schema
    properties: dict[str, dict[str, Any]] = schema.get("properties", {})
    for sub in properties.values():
        yield from walk(sub)
    if "items" in schema:
        yield from walk(schema["items"])


def test_schema_is_draft_2020_12_versioned_and_open() -> None:
    schema = json_schema()
    assert schema["$schema"] == JSON_SCHEMA_DIALECT == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f"/v{SCHEMA_VERSION}/status.json")
    assert schema["required"] == ["platform_status", "updated_at"]
    nodes = list(walk(schema))
    assert len(nodes) > 10
    for node in nodes:
        assert "additionalProperties" not in node
        assert set(node) <= SCHEMA_KEYWORDS
        assert "format" not in node
        assert "null" not in str(node.get("type"))
    assert json.loads(npm_package_files()["status.schema.json"]) == schema


def test_schema_carries_the_struct_docstrings_and_bounds() -> None:
    props = json_schema()["properties"]
    assert props["uptime"]["properties"]["last_24h"]["description"].startswith("Availability over the last 24 hours.")
    assert props["uptime"]["properties"]["last_24h"]["minimum"] == 0
    assert props["uptime"]["properties"]["last_24h"]["maximum"] == 100
    assert props["platform_status"]["enum"] == ["operational", "degraded", "outage", "unknown"]
    assert props["schema_version"]["default"] == "1.0"
    assert "pattern" in props["updated_at"] and "RFC 3339" in props["updated_at"]["description"]
    assert props["infrastructure"]["properties"]["regions"] == {
        "type": "array",
        "items": {"type": "string"},
        "description": "Public region names, for example `nyc3`.",
    }


# --- the npm package ----------------------------------------------------------------


def test_package_json() -> None:
    manifest = json.loads(npm_package_files()["package.json"])
    assert manifest["name"] == NPM_PACKAGE_NAME == "@elytracloud/status-contract"
    assert manifest["version"] == f"{SCHEMA_VERSION}.0"
    assert manifest["type"] == "module"
    assert manifest["exports"]["."] == {"types": "./index.d.ts", "default": "./index.js"}
    assert manifest["exports"]["./schema.json"] == "./status.schema.json"
    assert "dependencies" not in manifest


def test_types_are_interfaces_and_unions_with_jsdoc_and_no_index_signatures() -> None:
    types = typescript_declarations()
    assert 'export type Status = "operational" | "degraded" | "outage" | "unknown";' in types
    assert 'export type BackupStatus = "success" | "warning" | "failed" | "unknown";' in types
    for name in ("PlatformStatus", "Uptime", "Backups", "Infrastructure"):
        assert f"export interface {name} {{" in types
    assert "  updated_at: string;\n" in types
    assert "  platform_status: Status;\n" in types
    assert "  uptime?: Uptime;\n" in types
    assert "  regions?: string[];\n" in types
    assert "/** Availability over the last 24 hours." in types.replace("/**\n   * ", "/** ")
    assert not re.search(r"\[\s*\w+\s*:\s*string\s*\]", types), "index signature"
    assert "null" not in types and "undefined" not in types and "any" not in types


def test_every_runtime_module_is_copied_and_reexported() -> None:
    files = npm_package_files()
    modules = sorted(p.stem for p in RUNTIME.glob("*.js"))
    assert modules, "no runtime modules"
    for module in modules:
        assert files[f"{module}.js"] == (RUNTIME / f"{module}.js").read_bytes()
        assert files[f"{module}.d.ts"] == (RUNTIME / f"{module}.d.ts").read_bytes()
        assert f'export * from "./{module}.js";' in files["index.js"].decode()
        assert f'export * from "./{module}.js";' in files["index.d.ts"].decode()
    assert 'export * from "./types.js";' in files["index.d.ts"].decode()
    assert "types.js" not in files["index.js"].decode()  # types only, no runtime module


# --- fixtures --------------------------------------------------------------------------


def test_fixtures_are_the_mock_documents_of_each_state() -> None:
    files = contract_files()
    for state in ("operational", "degraded", "outage", "unknown", "stale"):
        doc = decode(files[f"fixtures/{state}.json"])
        assert doc == mock_document(state, FIXTURE_NOW)
    assert decode(files["fixtures/stale.json"]).updated_at < FIXTURE_NOW
    assert {decode(files[f"fixtures/{s}.json"]).platform_status for s in ("degraded", "outage", "unknown")} == {
        "degraded",
        "outage",
        "unknown",
    }


def test_partial_fixtures_lack_their_section() -> None:
    docs = fixture_documents(FIXTURE_NOW)
    assert docs["no-uptime"].uptime is msgspec.UNSET
    assert docs["no-uptime"].backups is not msgspec.UNSET
    assert docs["no-backups"].backups is msgspec.UNSET
    assert docs["no-backups"].uptime is not msgspec.UNSET


def test_fixtures_are_pretty_and_usable_as_public_status_json() -> None:
    for name, data in contract_files().items():
        if name.startswith("fixtures/") and not name.startswith("fixtures/history/"):
            text = data.decode()
            assert text.endswith("}\n") and '\n  "platform_status": ' in text
            assert json.loads(text)["schema_version"] == SCHEMA_VERSION
            assert decode(data).updated_at.tzinfo is not None
