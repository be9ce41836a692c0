"""The compatibility checker behind ``elytra contract check``.

Each public document (``status.json``, ``history.json``) is checked against
its own released schemas; a released schema of another document is a
finding, never a comparison. Every released schema
(``contract/versions/MAJOR.MINOR.json``, ``contract/versions/history/...``) stays readable
and every released reader keeps working: the current schema is compared with
each released one of its major version in both directions, which is
FULL_TRANSITIVE in Confluent Schema Registry's terms.

- backward: can a reader of the current schema read every document written
  under the released one?
- forward: can a reader of the released schema read every document written
  under the current one?

A change that fails either is breaking. The one allowance: a property that a
reader does not know is ignored (objects are open and every reader of ours
tolerates unknown fields), so adding an optional property is compatible.
A map (``additionalProperties`` holding a schema, ``propertyNames`` the
schema of its keys) is compared entry schema against entry schema and key
schema against key schema.

Each finding has a rule id and a JSON pointer into the schema; the rules are
listed in ``RULES`` and documented in docs/contract.md. The version rules tie
``schema_version`` to the content: the minor goes up exactly when the schema
changes, and a breaking change cannot pass within a major version.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Final, Literal, cast

import msgspec

from ._schema import ANNOTATION_KEYWORDS, schema_document_of, schema_version_of

__all__ = ["RULES", "Baseline", "CompatFinding", "CompatReport", "check_compatibility", "compare_schemas"]

Direction = Literal["backward", "forward", "both", "version"]

RULES: Final[Mapping[str, str]] = {
    "PROPERTY_REMOVED": "a property of the released schema is gone (readers of that version expect it)",
    "PROPERTY_ADDED": "an optional property was added: compatible, unless the released schema closed the object",
    "REQUIRED_PROPERTY_ADDED": "a new property is required (documents of the released version do not have it)",
    "OPTIONAL_TO_REQUIRED": "an optional property became required",
    "REQUIRED_TO_OPTIONAL": "a required property became optional (released readers count on it)",
    "TYPE_CHANGED": "the JSON type of a value changed",
    "TYPE_NARROWED": "the JSON type of a value admits less than before",
    "TYPE_WIDENED": "the JSON type of a value admits more than before",
    "ENUM_VALUE_ADDED": "a value was added to an enum (exhaustive readers, such as a label map, do not know it)",
    "ENUM_VALUE_REMOVED": "a value was removed from an enum",
    "ENUM_ADDED": "a free value was restricted to an enum",
    "ENUM_REMOVED": "an enum was lifted, so values released readers reject may appear",
    "BOUNDS_NARROWED": "a minimum, maximum, length or item-count bound became stricter",
    "BOUNDS_WIDENED": "a bound became looser, so values released readers reject may appear",
    "PATTERN_ADDED": "a string gained a pattern",
    "PATTERN_CHANGED": "the pattern of a string changed",
    "PATTERN_REMOVED": "a string lost its pattern, so values released readers reject may appear",
    "ADDITIONAL_PROPERTIES_CLOSED": "an object stopped accepting unknown properties, or a map's entries now have a schema",
    "ADDITIONAL_PROPERTIES_OPENED": "a map's entries lost their schema, or a closed object became a map, "
    "so entries released readers reject may appear",
    "KEYWORD_CHANGED": "another keyword changed; the checker cannot prove the change compatible",
    "SCHEMA_ID_INVALID": "a schema's $id does not carry its document and version (…/vMAJOR.MINOR/DOCUMENT.json)",
    "BASELINE_NAME_MISMATCH": "a released schema's file name is not its version",
    "BASELINE_OTHER_DOCUMENT": "a released schema describes another document (status.json against history.json)",
    "BASELINE_MISSING": "no released schema of the current major version",
    "VERSION_NOT_BUMPED": "the schema changed but schema_version is that of a released schema",
    "VERSION_BUMP_WITHOUT_CHANGE": "schema_version went up but the schema is the same as the newest released one",
    "VERSION_BEHIND": "schema_version is older than a released schema of the same major version",
}
"""Every rule id with a one-line description."""

_NON_BREAKING: Final = frozenset({"PROPERTY_ADDED"})
_SUBSCHEMA_MAPS: Final = frozenset({"properties", "$defs", "definitions", "patternProperties", "dependentSchemas"})
_SUBSCHEMA_LISTS: Final = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SUBSCHEMA_ONE: Final = frozenset(
    {
        "items",
        "additionalProperties",
        "not",
        "if",
        "then",
        "else",
        "contains",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
    }
)
_HANDLED: Final = frozenset(
    {
        "type",
        "enum",
        "const",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "pattern",
        "minimum",
        "exclusiveMinimum",
        "maximum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
        "propertyNames",
        "$ref",
        "$defs",
        "definitions",
    }
)
_LENGTH_BOUNDS: Final = (("minLength", "maxLength"), ("minItems", "maxItems"), ("minProperties", "maxProperties"))
_TYPES: Final = ("array", "boolean", "integer", "null", "number", "object", "string")

Schema = Mapping[str, Any] | bool


class CompatFinding(msgspec.Struct, frozen=True, kw_only=True):
    """One thing the checker found: ``RULE_ID #/pointer: message``."""

    rule: str
    pointer: str
    message: str
    breaking: bool = True
    direction: Direction = "both"
    """``backward`` (current readers vs. released documents), ``forward``
    (released readers vs. current documents), ``both``, or ``version``."""
    baseline: str = ""
    """The released schema compared with (its file name), empty when none."""

    def line(self) -> str:
        """``RULE_ID #/json/pointer: explanation``."""
        return f"{self.rule} {self.pointer}: {self.message}"


@dataclass(frozen=True)
class Baseline:
    """A released schema and where it came from (a file name such as ``versions/1.0.json``)."""

    name: str
    schema: Mapping[str, Any]


@dataclass
class CompatReport:
    """The result of checking a schema against the released ones."""

    version: str
    document: str = "status"
    """The document the schema describes (``status``, ``history``), from its ``$id``."""
    findings: list[CompatFinding] = field(default_factory=lambda: list[CompatFinding]())
    compared: list[str] = field(default_factory=lambda: list[str]())
    """Baselines compared with (same major version)."""
    skipped: list[str] = field(default_factory=lambda: list[str]())
    """Baselines of other major versions, which a new major may break."""

    @property
    def compatible(self) -> bool:
        return not any(f.breaking for f in self.findings)


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _show(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _as_map(schema: Schema) -> Mapping[str, Any]:
    if schema is True:
        return {}
    if schema is False:
        return {"not": {}}
    return schema


def _as_key(schema: Schema) -> Schema:
    """A ``propertyNames`` schema as the key strings it constrains (``type`` is always ``string``)."""
    return {**_as_map(schema), "type": "string"} if schema is not False else schema


def _types(schema: Mapping[str, Any]) -> set[str] | None:
    raw = schema.get("type")
    if raw is None:
        return None
    if isinstance(raw, str):
        return {raw}
    return {str(t) for t in cast(list[object], raw)}


def _admits(reader: set[str] | None, writer_type: str) -> bool:
    if reader is None:
        return True
    return writer_type in reader or (writer_type == "integer" and "number" in reader)


def _enum(schema: Mapping[str, Any]) -> list[object] | None:
    if "const" in schema:
        return [schema["const"]]
    raw = schema.get("enum")
    return None if raw is None else list(cast(list[object], raw))


@dataclass(frozen=True)
class _Bound:
    value: float
    exclusive: bool
    keyword: str


def _lower(schema: Mapping[str, Any]) -> _Bound | None:
    candidates = [
        _Bound(float(schema[k]), k == "exclusiveMinimum", k) for k in ("minimum", "exclusiveMinimum") if k in schema
    ]
    return max(candidates, key=lambda b: (b.value, b.exclusive), default=None)


def _upper(schema: Mapping[str, Any]) -> _Bound | None:
    candidates = [
        _Bound(float(schema[k]), k == "exclusiveMaximum", k) for k in ("maximum", "exclusiveMaximum") if k in schema
    ]
    return min(candidates, key=lambda b: (b.value, not b.exclusive), default=None)


def _stricter_lower(reader: _Bound | None, writer: _Bound | None) -> bool:
    if reader is None:
        return False
    if writer is None:
        return True
    return reader.value > writer.value or (reader.value == writer.value and reader.exclusive and not writer.exclusive)


def _stricter_upper(reader: _Bound | None, writer: _Bound | None) -> bool:
    if reader is None:
        return False
    if writer is None:
        return True
    return reader.value < writer.value or (reader.value == writer.value and reader.exclusive and not writer.exclusive)


def _show_bound(bound: _Bound | None) -> str:
    if bound is None:
        return "none"
    return f"{bound.keyword} {bound.value:g}"


@dataclass(frozen=True)
class _Raw:
    rule: str
    pointer: str
    message: str
    breaking: bool = True


class _Walker:
    """Walks a reader schema and a writer schema side by side for one direction."""

    def __init__(self, reader_root: Schema, writer_root: Schema, *, backward: bool, old: str, new: str) -> None:
        self.reader_root = reader_root
        self.writer_root = writer_root
        self.backward = backward
        self.old = old
        self.new = new
        self.found: list[_Raw] = []

    # ``backward``: reader = new schema, writer = released one; ``forward``: the reverse.
    def old_new(self, reader: object, writer: object) -> tuple[object, object]:
        return (writer, reader) if self.backward else (reader, writer)

    def add(self, rule: str, pointer: str, message: str, *, breaking: bool | None = None) -> None:
        self.found.append(_Raw(rule, pointer, message, rule not in _NON_BREAKING if breaking is None else breaking))

    def resolve(self, schema: Schema, root: Schema, seen: frozenset[str] = frozenset()) -> Mapping[str, Any]:
        node = _as_map(schema)
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#") or ref in seen:
            return node
        target: object = root
        for token in ref.removeprefix("#").split("/")[1:]:
            token = token.replace("~1", "/").replace("~0", "~")
            if isinstance(target, Mapping) and token in target:
                target = cast(Mapping[str, object], target)[token]
            else:
                return node
        merged = {**_as_map(cast(Schema, target)), **{k: v for k, v in node.items() if k != "$ref"}}
        return self.resolve(merged, root, seen | {ref})

    def walk(self, reader_schema: Schema, writer_schema: Schema, pointer: str) -> None:
        reader = self.resolve(reader_schema, self.reader_root)
        writer = self.resolve(writer_schema, self.writer_root)
        if not self.types(reader, writer, pointer):
            return
        self.enums(reader, writer, pointer)
        self.bounds(reader, writer, pointer)
        self.pattern(reader, writer, pointer)
        self.objects(reader, writer, pointer)
        if "propertyNames" in reader or "propertyNames" in writer:
            # Keys are strings whatever the schema says; only their other constraints count.
            self.walk(
                _as_key(reader.get("propertyNames", True)),
                _as_key(writer.get("propertyNames", True)),
                f"{pointer}/propertyNames",
            )
        if "items" in reader or "items" in writer:
            self.walk(reader.get("items", True), writer.get("items", True), f"{pointer}/items")
        self.other_keywords(reader, writer, pointer)

    def types(self, reader: Mapping[str, Any], writer: Mapping[str, Any], pointer: str) -> bool:
        """Compare ``type``; ``False`` when the two share no type (nothing below is comparable)."""
        r_types, w_types = _types(reader), _types(writer)
        writer_set = set(_TYPES) if w_types is None else w_types
        if all(_admits(r_types, t) for t in writer_set):
            return True
        old, new = self.old_new(r_types, w_types)
        shown = f"from {_show(sorted(cast(set[str], old)) if old else 'any')} to {_show(sorted(cast(set[str], new)) if new else 'any')}"
        reader_set = set(_TYPES) if r_types is None else r_types
        overlap = any(_admits(r_types, t) for t in writer_set) or any(_admits(w_types, t) for t in reader_set)
        if overlap and all(_admits(w_types, t) for t in reader_set):
            if self.backward:
                self.add(
                    "TYPE_NARROWED",
                    f"{pointer}/type",
                    f"type narrowed {shown}; documents of {self.old} may be rejected",
                )
            else:
                self.add(
                    "TYPE_WIDENED",
                    f"{pointer}/type",
                    f"type widened {shown}; readers of {self.old} reject the new values",
                )
        else:
            self.add("TYPE_CHANGED", f"{pointer}/type", f"type changed {shown}")
        return overlap

    def enums(self, reader: Mapping[str, Any], writer: Mapping[str, Any], pointer: str) -> None:
        r_enum, w_enum = _enum(reader), _enum(writer)
        old, new = cast(tuple[Mapping[str, Any], Mapping[str, Any]], self.old_new(reader, writer))
        named = new if "enum" in new or "const" in new else old
        where = f"{pointer}/{'const' if 'const' in named else 'enum'}"
        if r_enum is None:
            return
        if w_enum is None:
            if self.backward:
                self.add(
                    "ENUM_ADDED",
                    where,
                    f"values restricted to {_show(r_enum)}; documents of {self.old} may carry others",
                )
            else:
                self.add(
                    "ENUM_REMOVED",
                    where,
                    f"values no longer restricted to {_show(r_enum)}, which readers of {self.old} require",
                )
            return
        for value in w_enum:
            if value in r_enum:
                continue
            if self.backward:
                self.add(
                    "ENUM_VALUE_REMOVED", where, f"value {_show(value)} removed; documents of {self.old} may carry it"
                )
            else:
                self.add(
                    "ENUM_VALUE_ADDED",
                    where,
                    f"value {_show(value)} added; readers of {self.old} do not know it "
                    "(an exhaustive label map would render undefined)",
                )

    def bounds(self, reader: Mapping[str, Any], writer: Mapping[str, Any], pointer: str) -> None:
        checks: list[tuple[_Bound | None, _Bound | None, bool]] = [
            (_lower(reader), _lower(writer), _stricter_lower(_lower(reader), _lower(writer))),
            (_upper(reader), _upper(writer), _stricter_upper(_upper(reader), _upper(writer))),
        ]
        for low, high in _LENGTH_BOUNDS:
            for keyword, lower in ((low, True), (high, False)):
                r = _Bound(float(reader[keyword]), False, keyword) if keyword in reader else None
                w = _Bound(float(writer[keyword]), False, keyword) if keyword in writer else None
                checks.append((r, w, _stricter_lower(r, w) if lower else _stricter_upper(r, w)))
        for r_bound, w_bound, stricter in checks:
            if not stricter:
                continue
            assert r_bound is not None
            old, new = cast(tuple[_Bound | None, _Bound | None], self.old_new(r_bound, w_bound))
            shown = f"{_show_bound(old)} -> {_show_bound(new)}"
            where = f"{pointer}/{(new or r_bound).keyword}"
            if self.backward:
                self.add("BOUNDS_NARROWED", where, f"{shown}; documents of {self.old} may fall outside")
            else:
                self.add("BOUNDS_WIDENED", where, f"{shown}; readers of {self.old} reject values outside the old bound")

    def pattern(self, reader: Mapping[str, Any], writer: Mapping[str, Any], pointer: str) -> None:
        r_pattern, w_pattern = reader.get("pattern"), writer.get("pattern")
        if r_pattern is None or r_pattern == w_pattern:
            return
        if w_pattern is not None:
            old, new = self.old_new(r_pattern, w_pattern)
            self.add("PATTERN_CHANGED", f"{pointer}/pattern", f"pattern changed from {_show(old)} to {_show(new)}")
        elif self.backward:
            self.add(
                "PATTERN_ADDED",
                f"{pointer}/pattern",
                f"pattern {_show(r_pattern)} added; documents of {self.old} may not match it",
            )
        else:
            self.add(
                "PATTERN_REMOVED",
                f"{pointer}/pattern",
                f"pattern {_show(r_pattern)} removed; readers of {self.old} still apply it",
            )

    def objects(self, reader: Mapping[str, Any], writer: Mapping[str, Any], pointer: str) -> None:
        r_props = cast(Mapping[str, Schema], reader.get("properties", {}))
        w_props = cast(Mapping[str, Schema], writer.get("properties", {}))
        r_required = set(cast(list[str], reader.get("required", [])))
        w_required = set(cast(list[str], writer.get("required", [])))
        r_additional = cast(Schema, reader.get("additionalProperties", True))
        w_additional = cast(Schema, writer.get("additionalProperties", True))
        names = sorted(set(r_props) | set(w_props) | r_required | w_required)
        for name in names:
            where = f"{pointer}/properties/{_escape(name)}"
            in_reader = name in r_props or name in r_required
            in_writer = name in w_props or name in w_required
            if in_reader and in_writer:
                if name in r_required and name not in w_required:
                    if self.backward:
                        self.add(
                            "OPTIONAL_TO_REQUIRED",
                            where,
                            f"{name} became required; documents of {self.old} may omit it",
                        )
                    else:
                        self.add(
                            "REQUIRED_TO_OPTIONAL", where, f"{name} became optional; readers of {self.old} count on it"
                        )
                self.walk(r_props.get(name, True), w_props.get(name, True), where)
            elif in_reader:
                if not self.backward:
                    required = " and require it" if name in r_required else ""
                    self.add(
                        "PROPERTY_REMOVED", where, f"{name} was removed; readers of {self.old} expect it{required}"
                    )
                elif name in r_required:
                    self.add(
                        "REQUIRED_PROPERTY_ADDED",
                        where,
                        f"new property {name} is required; documents of {self.old} do not have it",
                    )
                else:
                    self.add(
                        "PROPERTY_ADDED",
                        where,
                        f"optional property {name} added; compatible, readers ignore unknown fields "
                        "(schema_version's minor must go up)",
                    )
                    if isinstance(w_additional, Mapping):
                        # Documents of the released version may hold an entry of that name.
                        self.walk(r_props.get(name, True), w_additional, where)
            elif isinstance(r_additional, Mapping):
                # A property only the writer has is an entry of the reader's map.
                self.walk(r_additional, w_props.get(name, True), f"{pointer}/additionalProperties")
            elif not self.backward and r_additional is False:
                # A property only the writer (the new schema) has: released readers see an unknown field.
                self.add(
                    "PROPERTY_ADDED",
                    where,
                    f"property {name} added, but readers of {self.old} reject unknown properties here",
                    breaking=True,
                )
        self.additional(r_additional, w_additional, pointer)

    def additional(self, reader: Schema, writer: Schema, pointer: str) -> None:
        """``additionalProperties``: open (``true``), closed (``false``) or a map's entry schema."""
        where = f"{pointer}/additionalProperties"
        if isinstance(reader, Mapping) and isinstance(writer, Mapping):
            self.walk(reader, writer, where)
            return
        if reader is True or reader == writer:
            return
        if self.backward and not (isinstance(reader, Mapping) and writer is False):
            self.add(
                "ADDITIONAL_PROPERTIES_CLOSED",
                where,
                f"additionalProperties {_show(reader)} where {self.old} had {_show(writer)}; "
                "readers must tolerate unknown fields",
            )
        elif not self.backward and (isinstance(writer, Mapping) or (isinstance(reader, Mapping) and writer is True)):
            old, new = self.old_new(reader, writer)
            self.add(
                "ADDITIONAL_PROPERTIES_OPENED",
                where,
                f"additionalProperties {_show(new)} where {self.old} had {_show(old)}; "
                f"readers of {self.old} reject the entries it admits",
            )

    def other_keywords(self, reader: Mapping[str, Any], writer: Mapping[str, Any], pointer: str) -> None:
        for keyword in sorted((set(reader) | set(writer)) - _HANDLED - ANNOTATION_KEYWORDS):
            r_value, w_value = reader.get(keyword), writer.get(keyword)
            if r_value != w_value:
                old, new = self.old_new(r_value, w_value)
                self.add(
                    "KEYWORD_CHANGED",
                    f"{pointer}/{_escape(keyword)}",
                    f"{keyword} changed from {_show(old)} to {_show(new)}; not provably compatible",
                )


def compare_schemas(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    *,
    old_label: str = "the released schema",
    new_label: str = "the current schema",
    baseline: str = "",
) -> list[CompatFinding]:
    """Findings for replacing ``old`` with ``new``, both directions, in a stable order."""
    merged: dict[tuple[str, str], list[tuple[_Raw, Direction]]] = {}
    for backward in (True, False):
        walker = _Walker(
            new if backward else old, old if backward else new, backward=backward, old=old_label, new=new_label
        )
        walker.walk(walker.reader_root, walker.writer_root, "#")
        for raw in walker.found:
            key = (raw.rule, raw.pointer + raw.message if raw.rule.startswith("ENUM_VALUE") else raw.pointer)
            merged.setdefault(key, []).append((raw, "backward" if backward else "forward"))
    findings: list[CompatFinding] = []
    for entries in merged.values():
        # The same rule at the same place from both directions is one finding;
        # it is breaking if either direction says so.
        raw, direction = max(entries, key=lambda entry: entry[0].breaking)
        findings.append(
            CompatFinding(
                rule=raw.rule,
                pointer=raw.pointer,
                message=raw.message,
                breaking=raw.breaking,
                direction="both" if len({d for _, d in entries}) == 2 else direction,
                baseline=baseline,
            )
        )
    return sorted(findings, key=lambda f: (f.pointer, f.rule, f.message))


def strip_annotations(schema: object) -> object:
    """``schema`` without the keywords that only document it (title, description, $id...)."""
    if not isinstance(schema, Mapping):
        return schema
    out: dict[str, object] = {}
    for key, value in cast(Mapping[str, object], schema).items():
        if key in ANNOTATION_KEYWORDS:
            continue
        if key in _SUBSCHEMA_MAPS and isinstance(value, Mapping):
            out[key] = {k: strip_annotations(v) for k, v in cast(Mapping[str, object], value).items()}
        elif key in _SUBSCHEMA_LISTS and isinstance(value, list):
            out[key] = [strip_annotations(v) for v in cast(list[object], value)]
        elif key in _SUBSCHEMA_ONE:
            out[key] = strip_annotations(value)
        else:
            out[key] = value
    return out


def _version_text(version: tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"


def _baseline_path(document: str, version: str) -> str:
    folder = "versions" if document == "status" else f"versions/{document}"
    return f"{folder}/{version}.json"


def _versioned(
    baselines: Sequence[Baseline], report: CompatReport, document: str
) -> Iterator[tuple[Baseline, tuple[int, int]]]:
    for baseline in baselines:
        version = schema_version_of(baseline.schema)
        if version is None:
            report.findings.append(
                CompatFinding(
                    rule="SCHEMA_ID_INVALID",
                    pointer="#/$id",
                    direction="version",
                    baseline=baseline.name,
                    message=f"{baseline.name}: $id does not name a version (…/vMAJOR.MINOR/{document}.json)",
                )
            )
            continue
        other = schema_document_of(baseline.schema)
        if other != document:
            report.findings.append(
                CompatFinding(
                    rule="BASELINE_OTHER_DOCUMENT",
                    pointer="#/$id",
                    direction="version",
                    baseline=baseline.name,
                    message=f"{baseline.name} is a schema of {other}.json, not of {document}.json; "
                    "each document is checked against its own released schemas",
                )
            )
            continue
        stem = PurePath(baseline.name).stem
        if stem != _version_text(version):
            report.findings.append(
                CompatFinding(
                    rule="BASELINE_NAME_MISMATCH",
                    pointer="#/$id",
                    direction="version",
                    baseline=baseline.name,
                    message=f"{baseline.name} holds version {_version_text(version)}; released schemas are named MAJOR.MINOR.json",
                )
            )
        yield baseline, version


def check_compatibility(current: Mapping[str, Any], baselines: Sequence[Baseline]) -> CompatReport:
    """Compare ``current`` with every released schema of its document and major version, both ways."""
    version = schema_version_of(current)
    document = schema_document_of(current)
    if version is None or document is None:
        report = CompatReport(version="?")
        report.findings.append(
            CompatFinding(
                rule="SCHEMA_ID_INVALID",
                pointer="#/$id",
                direction="version",
                message="the current schema's $id does not name a document and a version (…/vMAJOR.MINOR/DOCUMENT.json)",
            )
        )
        return report
    text = _version_text(version)
    report = CompatReport(version=text, document=document)
    same_major: dict[tuple[int, int], Baseline] = {}
    for baseline, released in _versioned(baselines, report, document):
        if released[0] != version[0]:
            report.skipped.append(baseline.name)
            continue
        same_major[released] = baseline
        report.compared.append(baseline.name)
        report.findings.extend(
            compare_schemas(
                baseline.schema,
                current,
                old_label=f"{document}.json {_version_text(released)}",
                new_label=f"{document}.json {text}",
                baseline=baseline.name,
            )
        )
    if not same_major:
        report.findings.append(
            CompatFinding(
                rule="BASELINE_MISSING",
                pointer="#/$id",
                direction="version",
                message=f"no released schema of {document}.json major version {version[0]}: "
                f"`elytra contract export` writes {_baseline_path(document, text)}; commit it",
            )
        )
        return report
    current_content = strip_annotations(current)
    newest = max(same_major)
    if version < newest:
        report.findings.append(
            CompatFinding(
                rule="VERSION_BEHIND",
                pointer="#/$id",
                direction="version",
                baseline=same_major[newest].name,
                message=f"{text} is older than the released {_version_text(newest)}",
            )
        )
    if version in same_major:
        released = same_major[version]
        if strip_annotations(released.schema) != current_content:
            report.findings.append(
                CompatFinding(
                    rule="VERSION_NOT_BUMPED",
                    pointer="#/$id",
                    direction="version",
                    baseline=released.name,
                    message=f"the schema differs from the released {text} ({released.name}): raise "
                    f"{'SCHEMA_MINOR' if document == 'status' else document.upper() + '_SCHEMA_MINOR'} "
                    "for a compatible change; a breaking change needs a new major version",
                )
            )
    elif version > newest and strip_annotations(same_major[newest].schema) == current_content:
        report.findings.append(
            CompatFinding(
                rule="VERSION_BUMP_WITHOUT_CHANGE",
                pointer="#/$id",
                direction="version",
                baseline=same_major[newest].name,
                message=f"schema_version is {text} but the schema is the same as the released "
                f"{_version_text(newest)}: the minor goes up only when the schema gains something",
            )
        )
    return report
