"""``history.json`` in the contract: Structs and codec, JSON Schema, released versions, the check, the npm package.

The readers agree: Python ``decode_history``, Ajv (draft 2020-12, strict) with
the exported schema and the TypeScript ``parseHistory`` accept and reject the
same documents, and name the same path for what they reject (map entries
included), on hand-written cases, the fixtures and generated histories.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from elytra_status_contract import (
    DATE_PATTERN,
    HISTORY_SCHEMA_VERSION,
    JSON_SCHEMA_DIALECT,
    MAX_HISTORY_DAYS,
    SCHEMA_KEYWORDS,
    SCHEMA_VERSION,
    Baseline,
    ComponentDay,
    ContractError,
    HistoryDay,
    HistoryDocument,
    check_compatibility,
    decode_history,
    encode_history,
    json_schema,
    npm_package_files,
    render_json,
    schema_document_of,
    schema_id,
    schema_version_of,
    typescript_declarations,
)
from elytra_status_core._cli import main
from elytra_status_core._cli.contract import FIXTURE_NOW, contract_files
from elytra_status_core._core.history import history_fixtures
from tests._node_project import CONTRACT, PACKAGE_NAME, NodeProject, node_project
from tests.strategies import histories

ROOT = Path(__file__).resolve().parent.parent
VERSIONS = ROOT / "contract" / "versions"
RELEASED = VERSIONS / "history" / f"{HISTORY_SCHEMA_VERSION}.json"

SPEC_EXAMPLE = """{"schema_version": "1.0",
 "updated_at": "2026-12-01T14:50:00Z",
 "days": [
  {"date": "2026-12-01", "partial": true, "status": "degraded",
   "components": {"panel": {"status": "degraded"}, "websites": {"status": "operational"}},
   "notices": [{"id": "2026-12-01-panel-errors", "kind": "incident", "title": "Elevated errors in the control panel", "impact": "degraded"}]},
  {"date": "2026-11-30", "status": "operational", "uptime": 99.98,
   "components": {"panel": {"status": "operational", "uptime": 100.0}, "websites": {"status": "operational", "uptime": 99.97}}}
 ]}"""
"""The example of design/history.md."""

Schema = dict[str, Any]


def history_schema() -> Schema:
    return json_schema(HistoryDocument)


# --- Structs and codec ---------------------------------------------------------------


def test_the_design_example_decodes_and_encodes_back() -> None:
    doc = decode_history(SPEC_EXAMPLE)
    today, yesterday = doc.days
    assert (today.date, today.partial, today.status) == (date(2026, 12, 1), True, "degraded")
    assert today.components == {
        "panel": ComponentDay(status="degraded"),
        "websites": ComponentDay(status="operational"),
    }
    assert yesterday.uptime == 99.98 and yesterday.partial is msgspec.UNSET
    assert json.loads(encode_history(doc)) == json.loads(SPEC_EXAMPLE)


def test_readers_are_tolerant_and_writers_strict() -> None:
    doc = decode_history(
        '{"updated_at": "2026-12-01T15:50:00+01:00", "extra": [1], "days": [{"date": "2026-12-01", "later": {},'
        ' "components": {"panel": {"status": "outage", "p95": 3}}, "notices": [{"id": "x", "kind": "maintenance",'
        ' "title": "T", "impact": "none", "url": "https://x"}]}]}'
    )
    assert doc.schema_version == "1.0"  # absent: read as 1.0
    data = encode_history(doc)
    assert b"null" not in data and b"extra" not in data and b"p95" not in data
    assert json.loads(data)["updated_at"] == "2026-12-01T14:50:00Z"  # UTC, whole seconds
    assert json.loads(data)["schema_version"] == "1.0"
    with pytest.raises(ContractError, match="<= 100"):
        encode_history(msgspec.structs.replace(doc, days=[HistoryDay(date=date(2026, 12, 1), uptime=100.5)]))
    with pytest.raises(ContractError, match="timezone"):
        encode_history(HistoryDocument(updated_at=datetime(2026, 12, 1), days=[]))


@pytest.mark.parametrize(
    ("document", "path"),
    [
        ('{"days": []}', "$.updated_at"),
        ('{"updated_at": "2026-12-01T14:50:00Z"}', "$.days"),
        ('{"updated_at": "2026-12-01T14:50:00Z", "days": [{"date": "2026-02-29"}]}', "$.days[0].date"),
        ('{"updated_at": "2026-12-01T14:50:00Z", "days": [{"date": "2026-12-01T00:00:00Z"}]}', "$.days[0].date"),
        (
            '{"updated_at": "2026-12-01T14:50:00Z", "days": [{"date": "2026-12-01", "partial": false}]}',
            "$.days[0].partial",
        ),
        (
            '{"updated_at": "2026-12-01T14:50:00Z", "days": [{"date": "2026-12-01", "status": "unknown"}]}',
            "$.days[0].status",
        ),
        (
            '{"updated_at": "2026-12-01T14:50:00Z", "days": [{"date": "2026-12-01", "status": null}]}',
            "$.days[0].status",
        ),
        (
            '{"updated_at": "2026-12-01T14:50:00Z", "days": [{"date": "2026-12-01", "uptime": 100.01}]}',
            "$.days[0].uptime",
        ),
        (
            '{"updated_at": "2026-12-01T14:50:00Z", "days": [{"date": "2026-12-01", "components": {"panel": {}, "dns": {"status": "unknown"}}}]}',
            "$.days[0].components.dns.status",
        ),
        (
            '{"updated_at": "2026-12-01T14:50:00Z", "days": [{"date": "2026-12-01", "components": {"Control panel": {}}}]}',
            '$.days[0].components["Control panel"]',
        ),
        (
            '{"updated_at": "2026-12-01T14:50:00Z", "days": [{"date": "2026-12-01", "components": {"panel": null}}]}',
            "$.days[0].components.panel",
        ),
        (
            '{"updated_at": "2026-12-01T14:50:00Z", "days": [{"date": "2026-12-01"}, {"date": "2026-11-30", "notices": [{"id": "x", "kind": "incident", "title": "T"}]}]}',
            "$.days[1].notices[0].impact",
        ),
    ],
)
def test_an_invalid_history_names_the_path_of_the_first_bad_value(document: str, path: str) -> None:
    with pytest.raises(ContractError) as caught:
        decode_history(document)
    assert caught.value.path == path


def test_at_most_366_days() -> None:
    day = {"date": "2026-12-01"}
    too_many = json.dumps({"updated_at": "2026-12-01T14:50:00Z", "days": [day] * (MAX_HISTORY_DAYS + 1)})
    with pytest.raises(ContractError) as caught:
        decode_history(too_many)
    assert caught.value.path == "$.days"
    assert len(decode_history(too_many.replace("[" + '{"date": "2026-12-01"}, ', "[", 1)).days) == MAX_HISTORY_DAYS


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789-T:Z+ \n\uff10", max_size=12) | st.dates().map(date.isoformat))
def test_the_date_pattern_is_what_the_decoder_accepts(text: str) -> None:
    document = json.dumps({"updated_at": "2026-12-01T14:50:00Z", "days": [{"date": text}]})
    try:
        decode_history(document)
    except ContractError:
        accepted = False
    else:
        accepted = True
    assert accepted is (re.search(DATE_PATTERN, text) is not None)


# --- the JSON Schema and its released version ------------------------------------------------


def walk(schema: Schema) -> list[Schema]:
    nodes = [schema]
    for sub in schema.get("properties", {}).values():
        nodes += walk(sub)
    for keyword in ("items", "additionalProperties", "propertyNames"):
        if isinstance(schema.get(keyword), dict):
            nodes += walk(schema[keyword])
    return nodes


def test_the_history_schema_has_its_own_id_and_shape() -> None:
    schema = history_schema()
    assert schema["$schema"] == JSON_SCHEMA_DIALECT
    assert schema["$id"] == "https://status.elytracloud.com/schema/history/v1.0/history.json"
    assert schema_id(HISTORY_SCHEMA_VERSION, "history") == schema["$id"]
    assert (schema_document_of(schema), schema_version_of(schema)) == ("history", (1, 0))
    assert schema_document_of(json_schema()) == "status"
    assert schema["required"] == ["days", "updated_at"]
    days = schema["properties"]["days"]
    assert days["maxItems"] == MAX_HISTORY_DAYS
    day = days["items"]["properties"]
    assert day["date"]["pattern"] == DATE_PATTERN
    assert {k: v for k, v in day["partial"].items() if k != "description"} == {"type": "boolean", "enum": [True]}
    assert day["status"]["enum"] == ["operational", "degraded", "outage"]
    components = day["components"]
    assert components["type"] == "object" and "properties" not in components
    assert components["propertyNames"]["pattern"].startswith("^[a-z0-9]")
    assert components["additionalProperties"]["properties"]["status"]["enum"] == [
        "operational",
        "maintenance",
        "degraded",
        "outage",
    ]
    for node in walk(schema):
        assert set(node) <= SCHEMA_KEYWORDS
        assert "null" not in str(node.get("type"))
        if "additionalProperties" in node:
            assert node is components  # the one map; every other object stays open


def test_the_package_and_the_released_version_carry_todays_schema() -> None:
    assert json.loads(npm_package_files()["history.schema.json"]) == history_schema()
    assert json.loads(RELEASED.read_text()) == history_schema()
    assert json.loads((CONTRACT / "history.schema.json").read_text()) == history_schema()


# --- compatibility -----------------------------------------------------------------------------


def released() -> Schema:
    return json.loads(RELEASED.read_text())


def test_todays_history_schema_is_its_released_version() -> None:
    report = check_compatibility(history_schema(), [Baseline("versions/history/1.0.json", released())])
    assert report.compatible and report.findings == [] and report.document == "history"


def test_a_breaking_change_inside_the_components_map_is_caught() -> None:
    changed = copy.deepcopy(history_schema())
    entry = changed["properties"]["days"]["items"]["properties"]["components"]["additionalProperties"]
    entry["properties"]["status"]["enum"].append("unknown")
    report = check_compatibility(changed, [Baseline("1.0.json", released())])
    assert not report.compatible
    pointer = "#/properties/days/items/properties/components/additionalProperties/properties/status/enum"
    assert ("ENUM_VALUE_ADDED", pointer) in {(f.rule, f.pointer) for f in report.findings if f.breaking}
    assert any("history.json 1.0" in f.message for f in report.findings)


def test_a_released_schema_of_the_other_document_is_not_compared() -> None:
    status = json.loads((VERSIONS / f"{SCHEMA_VERSION}.json").read_text())
    report = check_compatibility(history_schema(), [Baseline("versions/1.1.json", status)])
    assert {(f.rule, f.breaking) for f in report.findings} >= {
        ("BASELINE_OTHER_DOCUMENT", True),
        ("BASELINE_MISSING", True),
    }
    crossed = check_compatibility(json_schema(), [Baseline("history/1.0.json", released())])
    assert "BASELINE_OTHER_DOCUMENT" in {f.rule for f in crossed.findings}


@pytest.fixture
def versions(tmp_path: Path) -> Path:
    """A copy of the committed released schemas, both documents."""
    folder = tmp_path / "versions"
    shutil.copytree(VERSIONS, folder)
    return folder


def test_cli_checks_both_documents(versions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["contract", "check", "--against", str(versions), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [d["document"] for d in report["documents"]] == ["status", "history"]
    history = report["documents"][1]
    assert history["compatible"] is True and history["schema_version"] == HISTORY_SCHEMA_VERSION
    assert history["compared"] == [(versions / "history" / f"{HISTORY_SCHEMA_VERSION}.json").as_posix()]


def test_cli_fails_on_a_breaking_change_to_history(
    versions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changed = copy.deepcopy(history_schema())
    del changed["properties"]["days"]["items"]["properties"]["uptime"]
    changed["properties"]["days"]["items"]["required"] = ["date", "status"]
    schema = tmp_path / "history.schema.json"
    schema.write_bytes(render_json(changed))
    assert main(["contract", "check", "--schema", str(schema), "--against", str(versions)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert any(line.startswith("PROPERTY_REMOVED #/properties/days/items/properties/uptime: ") for line in lines)
    assert any(line.startswith("OPTIONAL_TO_REQUIRED #/properties/days/items/properties/status: ") for line in lines)
    assert "history.json schema 1.0" in captured.err and "versions/history/MAJOR.0.json" in captured.err


def test_cli_fails_when_todays_history_would_break_a_released_one(
    versions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A released 1.0 whose day status knew one value less: today's schema adds it, which breaks 1.0's readers.
    baseline = versions / "history" / "1.0.json"
    older = json.loads(baseline.read_text())
    older["properties"]["days"]["items"]["properties"]["status"]["enum"].remove("outage")
    baseline.write_bytes(render_json(older))
    assert main(["contract", "check", "--against", str(versions), "--format", "github"]) == 1
    out = capsys.readouterr().out
    escaped = baseline.as_posix().replace(":", "%3A").replace(",", "%2C")
    assert (
        f"::error file={escaped},title=ENUM_VALUE_ADDED::ENUM_VALUE_ADDED #/properties/days/items/properties/status/enum"
        in out
    )


def test_cli_without_a_released_history_schema(versions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(versions / "history")
    assert main(["contract", "check", "--against", str(versions)]) == 1
    out = capsys.readouterr().out
    assert "BASELINE_MISSING #/$id: no released schema of history.json major version 1" in out
    assert "versions/history/1.0.json" in out


def test_cli_against_one_released_history_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["contract", "check", "--against", str(RELEASED), "--format", "json"]) == 0
    (report,) = json.loads(capsys.readouterr().out)["documents"]
    assert report["document"] == "history"


# --- export ------------------------------------------------------------------------------------


def test_export_writes_the_history_files_and_never_rewrites_its_release(tmp_path: Path) -> None:
    out = tmp_path / "contract"
    assert main(["contract", "export", "--out", str(out)]) == 0
    baseline = out / "versions" / "history" / f"{HISTORY_SCHEMA_VERSION}.json"
    assert baseline.read_bytes() == render_json(history_schema())
    assert {p.name for p in (out / "fixtures" / "history").iterdir()} == {
        "green-90-days.json",
        "bad-week.json",
        "days-missing.json",
        "partial-today.json",
    }
    baseline.write_text('{"released": "long ago"}\n')
    assert main(["contract", "export", "--out", str(out)]) == 0
    assert baseline.read_text() == '{"released": "long ago"}\n'
    baseline.unlink()
    assert main(["contract", "export", "--out", str(out), "--check"]) == 1


def test_history_fixtures_are_the_merged_examples() -> None:
    files = contract_files()
    for name, history in history_fixtures(FIXTURE_NOW).items():
        data = files[f"fixtures/history/{name}.json"]
        assert decode_history(data) == history
        assert data == msgspec.json.format(encode_history(history), indent=2) + b"\n"


def test_the_types_declare_the_history_with_a_map_of_components() -> None:
    types = typescript_declarations()
    assert "export interface HistoryDocument {" in types and "  days: HistoryDay[];\n" in types
    assert "  components?: Record<string, ComponentDay>;\n" in types
    assert "  partial?: true;\n" in types
    assert 'export type DayStatus = "operational" | "degraded" | "outage";' in types
    assert types.count("export type Impact =") == 1 and types.count("export type NoticeKind =") == 1
    schema_js = npm_package_files()["schema.js"].decode()
    assert f'export const HISTORY_SCHEMA_VERSION = "{HISTORY_SCHEMA_VERSION}";' in schema_js
    assert "export const historySchema = {" in schema_js
    manifest = json.loads(npm_package_files()["package.json"])
    assert manifest["exports"]["./history.schema.json"] == "./history.schema.json"
    assert manifest["exports"]["./fixtures/history/*.json"]["default"] == "./fixtures/history/*.json"


# --- TypeScript and the cross-language readers ----------------------------------------------------

HAND_VALID = [
    SPEC_EXAMPLE,
    '{"updated_at": "2026-12-01T14:50:00Z", "days": []}',
    '{"updated_at": "2026-12-01T14:50:00+01:00", "schema_version": "1.7", "days": [{"date": "2024-02-29", "x": null}]}',
    '{"updated_at": "2026-12-01T14:50:00Z", "days": [{"date": "2026-12-01", "components": {}, "notices": []}]}',
    '{"updated_at": "2026-12-01T14:50:00Z", "days": [{"date": "2026-12-01", "components": {"a-1": {"uptime": 0}}}]}',
]
HAND_INVALID = [
    "[]",
    "null",
    '{"updated_at": "2026-12-01T14:50:00Z", "days": {}}',
    '{"updated_at": "2026-12-01T14:50:00Z", "days": [{"date": "2026-12-1"}]}',
    '{"updated_at": "2026-12-01T14:50:00Z", "days": [{"date": "1900-02-29"}]}',
    '{"updated_at": "2026-12-01T14:50:00Z", "days": [{"date": "2026-12-01", "partial": "true"}]}',
    '{"updated_at": "2026-12-01T14:50:00Z", "days": [{"date": "2026-12-01", "status": "maintenance"}]}',
    '{"updated_at": "2026-12-01T14:50:00Z", "days": [{"date": "2026-12-01", "components": []}]}',
    '{"updated_at": "2026-12-01T14:50:00Z", "days": [{"date": "2026-12-01", "components": {"panel": {"uptime": -1}}}]}',
    '{"updated_at": "2026-12-01T14:50:00Z", "days": [{"date": "2026-12-01", "components": {"panel": {}, "-x": {}}}]}',
    '{"updated_at": "2026-12-01T14:50:00Z", "days": [{"date": "2026-12-01", "components": {"ok": {"status": null}}}]}',
    '{"updated_at": "2026-12-01T14:50:00Z", "days": [{"date": "2026-12-01", "notices": [{"id": "UPPER", "kind": "incident", "title": "T", "impact": "none"}]}]}',
    '{"updated_at": "2026-12-01 14:50:00Z", "days": []}',
    '{"updated_at": "2026-12-01T14:50:00Z", "schema_version": "2.0", "days": []}',
]


def draw_all(strategy: st.SearchStrategy[str], count: int) -> list[str]:
    drawn: list[str] = []

    @settings(
        max_examples=count,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
        deadline=None,
    )
    @given(strategy)
    def collect(value: str) -> None:
        drawn.append(value)

    collect()
    return drawn


@st.composite
def broken_histories(draw: st.DrawFn) -> str:
    """A valid generated history with one value broken the way a bad writer would."""
    raw = json.loads(encode_history(draw(histories())))
    days: list[dict[str, Any]] = raw["days"]
    how = draw(st.sampled_from(["date", "status", "uptime", "key", "entry", "notice", "partial", "null"]))
    if not days:
        days.append({"date": "2026-12-01"})
    day = days[draw(st.integers(0, len(days) - 1))]
    if how == "date":
        day["date"] = draw(st.sampled_from(["2026-02-30", "26-12-01", "2026-12-01Z", ""]))
    elif how == "status":
        day["status"] = draw(st.sampled_from(["unknown", "maintenance", "Operational"]))
    elif how == "uptime":
        day["uptime"] = draw(st.sampled_from([100.5, -0.5, "99.9"]))
    elif how == "key":
        day.setdefault("components", {})[draw(st.sampled_from(["Panel", "a b", "-x", "é", ""]))] = {}
    elif how == "entry":
        day.setdefault("components", {})["panel"] = draw(
            st.sampled_from([{"status": "unknown"}, {"uptime": 101}, [], "up"])
        )
    elif how == "notice":
        day["notices"] = [
            {"id": "x", "kind": "incident", "title": "T", "impact": draw(st.sampled_from(["major", None]))}
        ]
    elif how == "partial":
        day["partial"] = False
    else:
        day[draw(st.sampled_from(["status", "uptime", "components", "notices", "partial"]))] = None
    return json.dumps(raw)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> NodeProject:
    return node_project(tmp_path_factory.mktemp("history"))


def test_python_ajv_and_parse_history_agree(project: NodeProject, tmp_path: Path) -> None:
    fixtures = [p.read_text() for p in sorted((CONTRACT / "fixtures" / "history").glob("*.json"))]
    assert len(fixtures) == 4
    valid = fixtures + HAND_VALID + draw_all(histories().map(lambda h: encode_history(h).decode()), 150)
    invalid = HAND_INVALID + draw_all(broken_histories(), 150)
    documents = valid + invalid
    corpus = tmp_path / "corpus.json"
    corpus.write_text(json.dumps({"documents": documents}))
    result = project.run("history-conformance.mjs", corpus, timeout=300)
    assert result.returncode == 0, result.stderr
    js = json.loads(result.stdout)
    problems: list[str] = []
    for index, text in enumerate(documents):
        try:
            decode_history(text)
        except ContractError as exc:
            accepted, path = False, exc.path
        else:
            accepted, path = True, None
        verdicts = {"python": accepted, "ajv": js["ajv"][index], "parseHistory": js["parse"][index]}
        if len(set(verdicts.values())) != 1 or accepted is not (index < len(valid)):
            problems.append(f"accept/reject {verdicts} (expected {index < len(valid)}): {text}")
        elif not accepted and path not in js["errors"][index]:
            problems.append(f"error path: python {path}, parseHistory {js['errors'][index]}: {text}")
    assert not problems, f"{len(problems)} disagreement(s):\n" + "\n".join(problems[:20])


def test_history_types_compile_and_reject_what_the_contract_rejects(project: NodeProject) -> None:
    """tests/node/consumer/history-types.ts: each ``@ts-expect-error`` there fails ``tsc`` unless the types reject it."""
    config = project.root / "tsconfig.history.json"

    class TsConfig(msgspec.Struct):
        compilerOptions: dict[str, object]  # noqa: N815 (tsconfig's key)

    base = msgspec.json.decode((project.root / "tsconfig.json").read_bytes(), type=TsConfig)
    # The package's own declarations are checked by test_typescript.py; only the consumer file here.
    options: dict[str, object] = {**base.compilerOptions, "types": list[str](), "skipLibCheck": True}
    config.write_text(json.dumps({"compilerOptions": options, "files": ["history-types.ts"]}))
    result = project.run(project.tsc, "--pretty", "false", "-p", config, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_node_resolves_the_history_exports(project: NodeProject) -> None:
    script = f"""
import {{ parseHistory, historySchema, HISTORY_SCHEMA_VERSION }} from "{PACKAGE_NAME}";
import schema from "{PACKAGE_NAME}/history.schema.json" with {{ type: "json" }};
import week from "{PACKAGE_NAME}/fixtures/history/bad-week.json" with {{ type: "json" }};
const bad = parseHistory({{ updated_at: "2026-12-01T14:50:00Z", days: [{{ date: "2026-12-01", components: {{ panel: {{ status: "up" }} }} }}] }});
process.stdout.write(JSON.stringify({{
  same: JSON.stringify(schema) === JSON.stringify(historySchema),
  version: HISTORY_SCHEMA_VERSION,
  ok: parseHistory(week).ok,
  bad: bad.ok ? null : {{ paths: bad.error.issues.map((i) => i.path), days: bad.data.days.length, updated: bad.data.updated_at }},
}}));
"""
    result = project.run("--input-type=module", "-e", script)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["same"] is True and out["version"] == HISTORY_SCHEMA_VERSION and out["ok"] is True
    assert out["bad"] == {"paths": ["$.days[0].components.panel.status"], "days": 0, "updated": ""}


def test_the_guard_refuses_a_keyword_it_does_not_interpret(project: NodeProject, tmp_path: Path) -> None:
    package = tmp_path / "package"
    shutil.copytree(CONTRACT, package, ignore=shutil.ignore_patterns("fixtures", "versions"))
    schema_js = package / "schema.js"
    schema_js.write_text(
        schema_js.read_text().replace('"propertyNames": {', '"propertyNames": {\n"minLength": 1, "format": "x",', 1)
    )
    result = project.run("--input-type=module", "-e", f'import("{(package / "parse.js").as_uri()}")')
    assert result.returncode != 0 and "unsupported schema keyword format" in result.stderr
