"""JSON Schema (draft 2020-12) export of the contract Structs.

The schema is written for readers of ``status.json``:

- objects stay open (no ``additionalProperties``): a reader of 1.x must keep
  accepting documents from a newer 1.y producer that added optional fields;
- timestamps carry ``TIMESTAMP_PATTERN`` rather than ``format: date-time``,
  so every validator applies the same grammar (Ajv in strict mode refuses
  unknown formats, and validators disagree on what ``date-time`` admits);
- only the keywords in ``SCHEMA_KEYWORDS`` appear, which Ajv's strict mode,
  the TypeScript ``parsePlatformStatus`` and ``elytra contract check`` all
  understand;
- ``render_json`` sorts keys, so the output is byte-stable.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

import msgspec

from ._introspect import field_docs, literal_aliases, struct_doc
from ._v1 import SCHEMA_VERSION, PlatformStatus

__all__ = [
    "ANNOTATION_KEYWORDS",
    "JSON_SCHEMA_DIALECT",
    "SCHEMA_KEYWORDS",
    "extra_json_schema",
    "json_schema",
    "render_json",
    "schema_id",
    "schema_version_of",
]

JSON_SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
_SCHEMA_ID: Final = "https://status.elytracloud.com/schema/v{version}/status.json"
_SCHEMA_ID_VERSION: Final = re.compile(r"/v(?P<major>0|[1-9][0-9]*)\.(?P<minor>0|[1-9][0-9]*)/status\.json$")

ANNOTATION_KEYWORDS: Final = frozenset({"$schema", "$id", "$comment", "title", "description", "examples"})
"""Keywords that document a schema without changing which documents it accepts."""

SCHEMA_KEYWORDS: Final = ANNOTATION_KEYWORDS | frozenset(
    {
        "default",
        "enum",
        "exclusiveMaximum",
        "exclusiveMinimum",
        "items",
        "maxItems",
        "maxLength",
        "maximum",
        "minItems",
        "minLength",
        "minimum",
        "pattern",
        "properties",
        "required",
        "type",
    }
)
"""Every keyword the exported schema may use."""

_Schema = dict[str, Any]


def schema_id(version: str) -> str:
    """The ``$id`` of the schema of contract ``version`` (``"1.0"``)."""
    return _SCHEMA_ID.format(version=version)


def schema_version_of(schema: object) -> tuple[int, int] | None:
    """``(major, minor)`` read from a schema's ``$id``; ``None`` when it has none."""
    if not isinstance(schema, dict):
        return None
    identifier = msgspec.convert(schema, dict[str, Any]).get("$id")
    if not isinstance(identifier, str):
        return None
    match = _SCHEMA_ID_VERSION.search(identifier)
    if match is None:
        return None
    return int(match["major"]), int(match["minor"])


def extra_json_schema(info: msgspec.inspect.Metadata) -> dict[str, Any]:
    """``Meta(extra_json_schema=...)`` of an annotated type (msgspec leaves it untyped)."""
    raw: object = getattr(info, "extra_json_schema", None)
    return msgspec.convert(raw or {}, dict[str, Any])


def _describe(*parts: str) -> dict[str, str]:
    text = "\n\n".join(dict.fromkeys(p for p in parts if p))
    return {"description": text} if text else {}


def _bounds(**pairs: object) -> _Schema:
    return {key: value for key, value in pairs.items() if value is not None}


class _Exporter:
    def __init__(self, module: str) -> None:
        self._aliases = literal_aliases(module)

    def type_schema(self, info: msgspec.inspect.Type, doc: str = "") -> _Schema:
        description = ""
        extra: _Schema = {}
        if isinstance(info, msgspec.inspect.Metadata):
            extra = extra_json_schema(info)
            description = str(extra.pop("description", ""))
            info = info.type
        if isinstance(info, msgspec.inspect.StructType):
            schema = self.struct_schema(info, doc)
        elif isinstance(info, msgspec.inspect.LiteralType):
            values = tuple(str(v) for v in info.values)
            alias = self._aliases.get(frozenset(values))
            ordered = alias.values if alias else tuple(sorted(values))
            schema = {"type": "string", "enum": list(ordered), **_describe(doc, alias.doc if alias else "")}
        elif isinstance(info, msgspec.inspect.StrType):
            schema = {
                "type": "string",
                **_bounds(pattern=info.pattern, minLength=info.min_length, maxLength=info.max_length),
            }
        elif isinstance(info, msgspec.inspect.FloatType | msgspec.inspect.IntType):
            if info.multiple_of is not None:
                raise TypeError("multiple_of is not part of the exported keywords")
            schema = {
                "type": "number" if isinstance(info, msgspec.inspect.FloatType) else "integer",
                **_bounds(minimum=info.ge, maximum=info.le, exclusiveMinimum=info.gt, exclusiveMaximum=info.lt),
            }
        elif isinstance(info, msgspec.inspect.BoolType):
            schema = {"type": "boolean"}
        elif isinstance(info, msgspec.inspect.DateTimeType):
            if info.tz is not True:
                raise TypeError("contract timestamps must require an offset (Meta(tz=True))")
            if "pattern" not in extra:
                raise TypeError("contract timestamps need extra_json_schema={'pattern': TIMESTAMP_PATTERN}")
            schema = {"type": "string"}
        elif isinstance(info, msgspec.inspect.ListType):
            schema = {
                "type": "array",
                "items": self.type_schema(info.item_type),
                **_bounds(minItems=info.min_length, maxItems=info.max_length),
            }
        else:
            raise TypeError(f"no JSON Schema export for {info!r}")
        schema.update(extra)
        if not isinstance(info, msgspec.inspect.StructType | msgspec.inspect.LiteralType):
            schema.update(_describe(doc, description))
        unknown = set(schema) - SCHEMA_KEYWORDS
        if unknown:
            raise TypeError(f"keywords outside SCHEMA_KEYWORDS: {sorted(unknown)}")
        return schema

    def struct_schema(self, info: msgspec.inspect.StructType, doc: str = "") -> _Schema:
        docs = field_docs(info.cls)
        properties: _Schema = {}
        required: list[str] = []
        for field in info.fields:
            prop = self.type_schema(field.type, docs.get(field.name, ""))
            if field.required:
                required.append(field.encode_name)
            elif field.default is not msgspec.NODEFAULT and field.default is not msgspec.UNSET:
                prop["default"] = msgspec.to_builtins(field.default)
            properties[field.encode_name] = prop
        schema: _Schema = {
            "title": info.cls.__name__,
            "type": "object",
            "properties": properties,
            **_describe(doc, struct_doc(info.cls)),
        }
        if required:
            schema["required"] = sorted(required)
        return schema


def json_schema(root: type[msgspec.Struct] = PlatformStatus, version: str = SCHEMA_VERSION) -> dict[str, Any]:
    """The JSON Schema of ``root`` as a JSON-ready ``dict``."""
    info = msgspec.inspect.type_info(root)
    if not isinstance(info, msgspec.inspect.StructType):
        raise TypeError(f"{root!r} is not a Struct")
    schema = _Exporter(root.__module__).struct_schema(info)
    return {"$schema": JSON_SCHEMA_DIALECT, "$id": schema_id(version), **schema}


def render_json(value: object) -> bytes:
    """Byte-stable JSON: keys sorted, two-space indent, UTF-8, final newline."""
    return (json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
