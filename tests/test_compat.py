"""The compatibility checker: every rule in both directions, the version rules, the CLI."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from elytra_status_contract import (
    RULES,
    SCHEMA_MINOR,
    SCHEMA_VERSION,
    Baseline,
    CompatFinding,
    check_compatibility,
    compare_schemas,
    json_schema,
    render_json,
    schema_id,
)
from elytra_status_core._cli import main

ROOT = Path(__file__).resolve().parent.parent
VERSIONS = ROOT / "contract" / "versions"

Schema = dict[str, Any]

NEXT = f"1.{SCHEMA_MINOR + 1}"
"""The version after today's: what a compatible change would be released as."""
CURRENT = f"versions/{SCHEMA_VERSION}.json"


def obj(properties: Schema, required: list[str] | None = None, **extra: Any) -> Schema:
    schema: Schema = {"type": "object", "properties": properties, **extra}
    if required:
        schema["required"] = required
    return schema


def rules(findings: list[CompatFinding]) -> set[tuple[str, str]]:
    return {(f.rule, f.pointer) for f in findings}


def breaking(findings: list[CompatFinding]) -> set[tuple[str, str]]:
    return {(f.rule, f.pointer) for f in findings if f.breaking}


STRING: Schema = {"type": "string"}
PERCENT: Schema = {"type": "number", "minimum": 0, "maximum": 100}

# (id, old, new, findings old -> new, findings new -> old); a finding is (rule, pointer, breaking).
CASES: list[tuple[str, Schema, Schema, set[tuple[str, str, bool]], set[tuple[str, str, bool]]]] = [
    (
        "property removed / optional property added",
        obj({"a": STRING, "b": STRING}),
        obj({"a": STRING}),
        {("PROPERTY_REMOVED", "#/properties/b", True)},
        {("PROPERTY_ADDED", "#/properties/b", False)},
    ),
    (
        "required property removed / required property added",
        obj({"a": STRING, "b": STRING}, ["a", "b"]),
        obj({"a": STRING}, ["a"]),
        {("PROPERTY_REMOVED", "#/properties/b", True)},
        {("REQUIRED_PROPERTY_ADDED", "#/properties/b", True)},
    ),
    (
        "optional to required / required to optional",
        obj({"a": STRING, "b": STRING}, ["a"]),
        obj({"a": STRING, "b": STRING}, ["a", "b"]),
        {("OPTIONAL_TO_REQUIRED", "#/properties/b", True)},
        {("REQUIRED_TO_OPTIONAL", "#/properties/b", True)},
    ),
    (
        "type changed",
        obj({"a": STRING}),
        obj({"a": {"type": "number"}}),
        {("TYPE_CHANGED", "#/properties/a/type", True)},
        {("TYPE_CHANGED", "#/properties/a/type", True)},
    ),
    (
        "type narrowed number -> integer / widened",
        obj({"a": {"type": "number"}}),
        obj({"a": {"type": "integer"}}),
        {("TYPE_NARROWED", "#/properties/a/type", True)},
        {("TYPE_WIDENED", "#/properties/a/type", True)},
    ),
    (
        "type narrowed by dropping null / widened by adding it",
        obj({"a": {"type": ["string", "null"]}}),
        obj({"a": STRING}),
        {("TYPE_NARROWED", "#/properties/a/type", True)},
        {("TYPE_WIDENED", "#/properties/a/type", True)},
    ),
    (
        "enum value added / removed",
        obj({"s": {"type": "string", "enum": ["operational", "degraded"]}}),
        obj({"s": {"type": "string", "enum": ["operational", "degraded", "maintenance"]}}),
        {("ENUM_VALUE_ADDED", "#/properties/s/enum", True)},
        {("ENUM_VALUE_REMOVED", "#/properties/s/enum", True)},
    ),
    (
        "enum added to a free string / lifted",
        obj({"s": STRING}),
        obj({"s": {"type": "string", "enum": ["a", "b"]}}),
        {("ENUM_ADDED", "#/properties/s/enum", True)},
        {("ENUM_REMOVED", "#/properties/s/enum", True)},
    ),
    (
        "const treated as a one-value enum",
        obj({"s": {"type": "string", "const": "a"}}),
        obj({"s": {"type": "string", "enum": ["a", "b"]}}),
        {("ENUM_VALUE_ADDED", "#/properties/s/enum", True)},
        {("ENUM_VALUE_REMOVED", "#/properties/s/const", True)},
    ),
    (
        "maximum narrowed / widened",
        obj({"u": PERCENT}),
        obj({"u": {"type": "number", "minimum": 0, "maximum": 50}}),
        {("BOUNDS_NARROWED", "#/properties/u/maximum", True)},
        {("BOUNDS_WIDENED", "#/properties/u/maximum", True)},
    ),
    (
        "minimum added / removed",
        obj({"u": {"type": "number"}}),
        obj({"u": {"type": "number", "minimum": 0}}),
        {("BOUNDS_NARROWED", "#/properties/u/minimum", True)},
        {("BOUNDS_WIDENED", "#/properties/u/minimum", True)},
    ),
    (
        "inclusive minimum made exclusive / inclusive again",
        obj({"u": {"type": "number", "minimum": 0}}),
        obj({"u": {"type": "number", "exclusiveMinimum": 0}}),
        {("BOUNDS_NARROWED", "#/properties/u/exclusiveMinimum", True)},
        {("BOUNDS_WIDENED", "#/properties/u/minimum", True)},
    ),
    (
        "string length bound narrowed / widened",
        obj({"s": {"type": "string", "maxLength": 200}}),
        obj({"s": {"type": "string", "maxLength": 80}}),
        {("BOUNDS_NARROWED", "#/properties/s/maxLength", True)},
        {("BOUNDS_WIDENED", "#/properties/s/maxLength", True)},
    ),
    (
        "item count bound added / removed",
        obj({"r": {"type": "array", "items": STRING}}),
        obj({"r": {"type": "array", "items": STRING, "minItems": 1}}),
        {("BOUNDS_NARROWED", "#/properties/r/minItems", True)},
        {("BOUNDS_WIDENED", "#/properties/r/minItems", True)},
    ),
    (
        "pattern added / removed",
        obj({"v": STRING}),
        obj({"v": {"type": "string", "pattern": "^1\\.[0-9]+$"}}),
        {("PATTERN_ADDED", "#/properties/v/pattern", True)},
        {("PATTERN_REMOVED", "#/properties/v/pattern", True)},
    ),
    (
        "pattern changed",
        obj({"v": {"type": "string", "pattern": "^1\\.[0-9]+$"}}),
        obj({"v": {"type": "string", "pattern": "^1\\.[0-9]$"}}),
        {("PATTERN_CHANGED", "#/properties/v/pattern", True)},
        {("PATTERN_CHANGED", "#/properties/v/pattern", True)},
    ),
    (
        "additionalProperties closed / opened again",
        obj({"a": STRING}),
        obj({"a": STRING}, additionalProperties=False),
        {("ADDITIONAL_PROPERTIES_CLOSED", "#/additionalProperties", True)},
        set(),
    ),
    (
        "property added to an object released readers keep closed / removed from it",
        obj({"a": STRING}, additionalProperties=False),
        obj({"a": STRING, "b": STRING}, additionalProperties=False),
        {("PROPERTY_ADDED", "#/properties/b", True)},
        {("PROPERTY_REMOVED", "#/properties/b", True)},
    ),
    (
        "map: an enum value added to the entries' schema / removed",
        obj({"m": {"type": "object", "additionalProperties": obj({"s": {"type": "string", "enum": ["a"]}})}}),
        obj({"m": {"type": "object", "additionalProperties": obj({"s": {"type": "string", "enum": ["a", "b"]}})}}),
        {("ENUM_VALUE_ADDED", "#/properties/m/additionalProperties/properties/s/enum", True)},
        {("ENUM_VALUE_REMOVED", "#/properties/m/additionalProperties/properties/s/enum", True)},
    ),
    (
        "map: an open object became a map / the map's entries lost their schema",
        obj({"m": {"type": "object"}}),
        obj({"m": {"type": "object", "additionalProperties": STRING}}),
        {("ADDITIONAL_PROPERTIES_CLOSED", "#/properties/m/additionalProperties", True)},
        {("ADDITIONAL_PROPERTIES_OPENED", "#/properties/m/additionalProperties", True)},
    ),
    (
        "map: a closed object became a map / a map became closed",
        obj({"m": {"type": "object", "additionalProperties": False}}),
        obj({"m": {"type": "object", "additionalProperties": STRING}}),
        {("ADDITIONAL_PROPERTIES_OPENED", "#/properties/m/additionalProperties", True)},
        {("ADDITIONAL_PROPERTIES_CLOSED", "#/properties/m/additionalProperties", True)},
    ),
    (
        "map: the key pattern changed",
        obj({"m": {"type": "object", "propertyNames": {"type": "string", "pattern": "^[a-z]+$"}}}),
        obj({"m": {"type": "object", "propertyNames": {"type": "string", "pattern": "^[a-z0-9]+$"}}}),
        {("PATTERN_CHANGED", "#/properties/m/propertyNames/pattern", True)},
        {("PATTERN_CHANGED", "#/properties/m/propertyNames/pattern", True)},
    ),
    (
        "map: keys gained a pattern / lost it",
        obj({"m": {"type": "object", "additionalProperties": STRING}}),
        obj({"m": {"type": "object", "additionalProperties": STRING, "propertyNames": {"pattern": "^[a-z]+$"}}}),
        {("PATTERN_ADDED", "#/properties/m/propertyNames/pattern", True)},
        {("PATTERN_REMOVED", "#/properties/m/propertyNames/pattern", True)},
    ),
    (
        "map: a declared property its released entries could collide with / removed",
        obj({"m": {"type": "object", "additionalProperties": STRING}}),
        obj({"m": obj({"total": {"type": "integer"}}, additionalProperties=STRING)}),
        {
            ("PROPERTY_ADDED", "#/properties/m/properties/total", False),
            ("TYPE_CHANGED", "#/properties/m/properties/total/type", True),
            ("TYPE_CHANGED", "#/properties/m/additionalProperties/type", True),
        },
        {
            ("PROPERTY_REMOVED", "#/properties/m/properties/total", True),
            ("TYPE_CHANGED", "#/properties/m/additionalProperties/type", True),
        },
    ),
    (
        "nested: enum value added inside items of a nested object",
        obj({"backups": obj({"runs": {"type": "array", "items": {"type": "string", "enum": ["ok"]}}})}),
        obj({"backups": obj({"runs": {"type": "array", "items": {"type": "string", "enum": ["ok", "late"]}}})}),
        {("ENUM_VALUE_ADDED", "#/properties/backups/properties/runs/items/enum", True)},
        {("ENUM_VALUE_REMOVED", "#/properties/backups/properties/runs/items/enum", True)},
    ),
    (
        "pointer tokens are escaped",
        obj({"a/b~c": STRING}),
        obj({}),
        {("PROPERTY_REMOVED", "#/properties/a~1b~0c", True)},
        {("PROPERTY_ADDED", "#/properties/a~1b~0c", False)},
    ),
    (
        "a keyword the checker does not model",
        obj({"n": {"type": "number", "multipleOf": 0.01}}),
        obj({"n": {"type": "number", "multipleOf": 0.1}}),
        {("KEYWORD_CHANGED", "#/properties/n/multipleOf", True)},
        {("KEYWORD_CHANGED", "#/properties/n/multipleOf", True)},
    ),
    (
        "annotations only",
        obj({"a": {"type": "string", "description": "old words", "title": "A"}}, description="x"),
        obj({"a": {"type": "string", "description": "new words", "examples": ["z"]}}, description="y"),
        set(),
        set(),
    ),
    (
        "$ref into $defs compares like the inline schema",
        {**obj({"u": {"$ref": "#/$defs/Percent"}}), "$defs": {"Percent": PERCENT}},
        obj({"u": PERCENT}),
        set(),
        set(),
    ),
]


@pytest.mark.parametrize(("old", "new", "forward", "backward"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule_in_both_directions(
    old: Schema, new: Schema, forward: set[tuple[str, str, bool]], backward: set[tuple[str, str, bool]]
) -> None:
    assert {(f.rule, f.pointer, f.breaking) for f in compare_schemas(old, new)} == forward
    assert {(f.rule, f.pointer, f.breaking) for f in compare_schemas(new, old)} == backward


def test_every_rule_has_a_description_and_is_documented() -> None:
    doc = (ROOT / "docs" / "contract.md").read_text()
    for rule, description in RULES.items():
        assert description
        assert f"`{rule}`" in doc, f"{rule} is not documented in docs/contract.md"
    tested = {rule for case in CASES for rule, _, _ in case[3] | case[4]}
    modelled = {r for r in RULES if not r.startswith(("VERSION_", "BASELINE_", "SCHEMA_ID"))}
    assert modelled - tested == set()


def test_each_finding_names_direction_and_baseline() -> None:
    old = obj({"s": {"type": "string", "enum": ["a"]}})
    new = obj({"s": {"type": "string", "enum": ["a", "b"]}})
    (finding,) = compare_schemas(old, new, old_label="1.0", new_label="1.1", baseline="versions/1.0.json")
    assert finding.direction == "forward"
    assert finding.baseline == "versions/1.0.json"
    assert finding.line() == (
        'ENUM_VALUE_ADDED #/properties/s/enum: value "b" added; readers of 1.0 do not know it '
        "(an exhaustive label map would render undefined)"
    )
    (changed,) = compare_schemas(obj({"a": STRING}), obj({"a": {"type": "number"}}))
    assert changed.direction == "both"


def test_each_removed_enum_value_is_its_own_finding() -> None:
    old = obj({"s": {"type": "string", "enum": ["a", "b", "c"]}})
    new = obj({"s": {"type": "string", "enum": ["a"]}})
    messages = [f.message for f in compare_schemas(old, new) if f.rule == "ENUM_VALUE_REMOVED"]
    assert len(messages) == 2 and '"b"' in messages[0] and '"c"' in messages[1]


# --- the real schema ---------------------------------------------------------------


def current() -> Schema:
    return json_schema()


def released(version: str = SCHEMA_VERSION) -> Schema:
    return json.loads((VERSIONS / f"{version}.json").read_text())


def with_version(schema: Schema, version: str) -> Schema:
    return {**copy.deepcopy(schema), "$id": schema_id(version)}


def test_todays_1_1_passes_against_the_released_1_0_as_an_additive_minor() -> None:
    report = check_compatibility(current(), [Baseline("versions/1.0.json", released("1.0"))])
    assert report.compatible, [f.line() for f in report.findings]
    assert {(f.rule, f.pointer, f.breaking) for f in report.findings} == {
        ("PROPERTY_ADDED", "#/properties/components", False),
        ("PROPERTY_ADDED", "#/properties/notices", False),
    }
    assert report.compared == ["versions/1.0.json"]


def test_the_released_1_1_is_todays_schema() -> None:
    assert released("1.1") == current()


def test_a_card_breaking_enum_value_is_caught_on_the_real_schema() -> None:
    changed = current()
    changed["properties"]["platform_status"]["enum"].append("maintenance")
    report = check_compatibility(changed, [Baseline("versions/1.0.json", released("1.0"))])
    assert not report.compatible
    assert ("ENUM_VALUE_ADDED", "#/properties/platform_status/enum") in breaking(report.findings)


@pytest.mark.parametrize("field", ["components", "notices"])
def test_1_1_would_break_1_0_readers_if_a_new_field_were_required(field: str) -> None:
    changed = current()
    changed["required"] = [*changed["required"], field]
    report = check_compatibility(changed, [Baseline("versions/1.0.json", released("1.0"))])
    assert not report.compatible
    assert any(f.breaking and f.pointer.endswith(field) for f in report.findings), [f.line() for f in report.findings]


def test_a_minor_bump_with_an_optional_field_is_compatible() -> None:
    changed = with_version(current(), NEXT)
    changed["properties"]["incidents"] = {"type": "array", "items": {"type": "string"}}
    report = check_compatibility(changed, [Baseline(CURRENT, released())])
    assert report.compatible, [f.line() for f in report.findings]
    assert rules(report.findings) == {("PROPERTY_ADDED", "#/properties/incidents")}


def test_every_released_schema_is_compared_full_transitive() -> None:
    v10 = released("1.0")
    v11 = with_version(v10, "1.1")
    v11["properties"]["incidents"] = {"type": "array", "items": {"type": "string"}}
    v12 = with_version(v11, "1.2")
    v12["properties"]["incidents"]["items"] = {"type": "integer"}  # breaks 1.1 only
    report = check_compatibility(v12, [Baseline("1.0.json", v10), Baseline("1.1.json", v11)])
    assert report.compared == ["1.0.json", "1.1.json"]
    assert not report.compatible
    assert {(f.rule, f.baseline) for f in report.findings if f.breaking} == {("TYPE_CHANGED", "1.1.json")}


# --- version rules -----------------------------------------------------------------


def test_changed_schema_without_a_minor_bump() -> None:
    changed = copy.deepcopy(current())
    changed["properties"]["incidents"] = {"type": "string"}
    report = check_compatibility(changed, [Baseline(CURRENT, released())])
    assert ("VERSION_NOT_BUMPED", "#/$id") in breaking(report.findings)


def test_description_edits_need_no_bump() -> None:
    edited = copy.deepcopy(current())
    edited["properties"]["uptime"]["description"] = "Reworded."
    assert check_compatibility(edited, [Baseline(CURRENT, released())]).findings == []


def test_minor_bump_without_a_change() -> None:
    report = check_compatibility(with_version(current(), NEXT), [Baseline(CURRENT, released())])
    assert rules(report.findings) == {("VERSION_BUMP_WITHOUT_CHANGE", "#/$id")}
    assert not report.compatible


def test_version_older_than_a_released_one() -> None:
    v11 = with_version(released("1.0"), "1.1")
    v11["properties"]["incidents"] = {"type": "string"}
    report = check_compatibility(
        with_version(current(), "1.0"), [Baseline("1.0.json", released("1.0")), Baseline("1.1.json", v11)]
    )
    assert "VERSION_BEHIND" in {f.rule for f in report.findings if f.breaking}


def test_a_new_major_needs_its_own_baseline_and_may_break_the_old_one() -> None:
    v2 = with_version(current(), "2.0")
    del v2["properties"]["backups"]
    report = check_compatibility(v2, [Baseline(CURRENT, released())])
    assert report.skipped == [CURRENT]
    assert rules(report.findings) == {("BASELINE_MISSING", "#/$id")}
    released_v2 = check_compatibility(v2, [Baseline(CURRENT, released()), Baseline("versions/2.0.json", v2)])
    assert released_v2.compatible and released_v2.findings == []


def test_schema_ids_and_baseline_names() -> None:
    no_id = {k: v for k, v in current().items() if k != "$id"}
    assert rules(check_compatibility(no_id, []).findings) == {("SCHEMA_ID_INVALID", "#/$id")}
    report = check_compatibility(current(), [Baseline("versions/1.0.json", no_id)])
    assert ("SCHEMA_ID_INVALID", "#/$id") in breaking(report.findings)
    misnamed = check_compatibility(current(), [Baseline("versions/1.3.json", released())])
    assert ("BASELINE_NAME_MISMATCH", "#/$id") in breaking(misnamed.findings)


# --- CLI -----------------------------------------------------------------------------


def write(path: Path, schema: Schema) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render_json(schema))
    return path


@pytest.fixture
def breaking_change(tmp_path: Path) -> tuple[Path, Path]:
    """The next minor's schema adding an enum value and removing a property, and a folder with today's."""
    versions = tmp_path / "versions"
    write(versions / f"{SCHEMA_VERSION}.json", released())
    changed = with_version(current(), NEXT)
    changed["properties"]["platform_status"]["enum"].append("maintenance")
    del changed["properties"]["infrastructure"]["properties"]["notes"]
    return write(tmp_path / "schema.json", changed), versions


LINE = re.compile(r"^[A-Z_]+ #(/[^ ]*)?: .+$")


def test_cli_passes_on_the_committed_baselines(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["contract", "check", "--against", str(VERSIONS)]) == 0
    lines = capsys.readouterr().out.splitlines()
    # What 1.1 added to 1.0 is reported, as compatible additions only.
    assert lines and all(line.startswith("PROPERTY_ADDED ") for line in lines), lines


def test_cli_text_report(breaking_change: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    schema, versions = breaking_change
    assert main(["contract", "check", "--schema", str(schema), "--against", str(versions)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert all(LINE.match(line) for line in lines), lines
    assert any(line.startswith("ENUM_VALUE_ADDED #/properties/platform_status/enum: ") for line in lines)
    assert any(line.startswith("PROPERTY_REMOVED #/properties/infrastructure/properties/notes: ") for line in lines)
    assert "new major version" in captured.err


def test_cli_json_report(breaking_change: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    schema, versions = breaking_change
    assert main(["contract", "check", "--schema", str(schema), "--against", str(versions), "--format", "json"]) == 1
    printed = json.loads(capsys.readouterr().out)
    assert printed["compatible"] is False
    (report,) = printed["documents"]  # --schema names one document, status.json by its $id
    assert report["document"] == "status" and report["compatible"] is False
    assert report["schema_version"] == NEXT
    assert report["compared"] == [(versions / f"{SCHEMA_VERSION}.json").as_posix()]
    found = {(f["rule"], f["pointer"], f["breaking"], f["direction"]) for f in report["findings"]}
    assert ("ENUM_VALUE_ADDED", "#/properties/platform_status/enum", True, "forward") in found
    assert ("PROPERTY_REMOVED", "#/properties/infrastructure/properties/notes", True, "forward") in found


def test_cli_github_annotations(breaking_change: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    schema, versions = breaking_change
    baseline = (versions / f"{SCHEMA_VERSION}.json").as_posix()
    assert main(["contract", "check", "--schema", str(schema), "--against", baseline, "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    escaped = baseline.replace(":", "%3A").replace(",", "%2C")
    assert (
        f"::error file={escaped},title=ENUM_VALUE_ADDED::ENUM_VALUE_ADDED #/properties/platform_status/enum: "
        in "\n".join(lines)
    )
    assert all(line.startswith(("::error ", "::notice ")) for line in lines)


def test_cli_compatible_addition_is_a_notice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    versions = tmp_path / "versions"
    write(versions / f"{SCHEMA_VERSION}.json", released())
    changed = with_version(current(), NEXT)
    changed["properties"]["incidents"] = {"type": "string"}
    schema = write(tmp_path / "schema.json", changed)
    assert main(["contract", "check", "--schema", str(schema), "--against", str(versions), "--format", "github"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("::notice ") and "PROPERTY_ADDED #/properties/incidents" in line


def test_cli_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["contract", "check", "--against", str(tmp_path / "missing")]) == 2
    assert "no released schemas" in capsys.readouterr().err
    (tmp_path / "1.0.json").write_text("{not json")
    assert main(["contract", "check", "--against", str(tmp_path)]) == 2
    assert "1.0.json is not a JSON Schema object" in capsys.readouterr().err
    assert main(["contract", "check", "--format", "xml"]) == 2
