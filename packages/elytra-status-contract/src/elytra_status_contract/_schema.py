"""JSON Schema (draft 2020-12) export of the contract Structs.

Each public document (``PUBLIC_DOCUMENTS``: ``status.json``, ``history.json``)
has its own schema, ``$id`` and versions. The schemas are written for readers:

- objects stay open (no ``additionalProperties``): a reader of 1.x must keep
  accepting documents from a newer 1.y producer that added optional fields.
  A map (a ``dict`` field, such as a history day's ``components`` by id) is
  the one place with ``additionalProperties``: it holds the schema of every
  value, and ``propertyNames`` the schema of every key;
- timestamps carry ``TIMESTAMP_PATTERN`` and dates ``DATE_PATTERN`` rather
  than ``format: date-time`` / ``date``, so every validator applies the same
  grammar (Ajv in strict mode refuses unknown formats, and validators
  disagree on what ``date-time`` admits);
- only the keywords in ``SCHEMA_KEYWORDS`` appear, which Ajv's strict mode,
  the TypeScript ``parsePlatformStatus`` and ``elytra contract check`` all
  understand;
- ``render_json`` sorts keys, so the output is byte-stable.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Final

import msgspec

from ._history import HISTORY_SCHEMA_VERSION, HistoryDocument
from ._introspect import field_docs, literal_aliases, struct_doc
from ._v1 import SCHEMA_VERSION, PlatformStatus

__all__ = [
    "ANNOTATION_KEYWORDS",
    "JSON_SCHEMA_DIALECT",
    "PUBLIC_DOCUMENTS",
    "SCHEMA_KEYWORDS",
    "PublicDocument",
    "extra_json_schema",
    "json_schema",
    "public_document",
    "render_json",
    "schema_document_of",
    "schema_id",
    "schema_version_of",
]

JSON_SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
_SCHEMA_BASE: Final = "https://status.elytracloud.com/schema/"
_SCHEMA_ID_VERSION: Final = re.compile(
    r"/v(?P<major>0|[1-9][0-9]*)\.(?P<minor>0|[1-9][0-9]*)/(?P<document>[a-z][a-z0-9-]*)\.json$"
)


@dataclass(frozen=True)
class PublicDocument:
    """One public document of the contract: its name, root Struct and current version."""

    name: str
    """``status`` for ``status.json``, ``history`` for ``history.json``."""
    root: type[msgspec.Struct]
    version: str
    """The current ``MAJOR.MINOR``."""

    @property
    def file(self) -> str:
        """The published file's name (``history.json``)."""
        return f"{self.name}.json"

    @property
    def schema_file(self) -> str:
        """The JSON Schema's file name in the npm package (``history.schema.json``)."""
        return f"{self.name}.schema.json"


PUBLIC_DOCUMENTS: Final = (
    PublicDocument("status", PlatformStatus, SCHEMA_VERSION),
    PublicDocument("history", HistoryDocument, HISTORY_SCHEMA_VERSION),
)
"""Every public document, ``status.json`` first."""


def public_document(name_or_root: str | type[msgspec.Struct]) -> PublicDocument:
    """The ``PublicDocument`` of a name (``"history"``) or a root Struct; ``KeyError`` for any other."""
    for document in PUBLIC_DOCUMENTS:
        if name_or_root in (document.name, document.root):
            return document
    raise KeyError(name_or_root)


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
        "additionalProperties",
        "propertyNames",
    }
)
"""Every keyword the exported schema may use."""

_Schema = dict[str, Any]


def schema_id(version: str, document: str = "status") -> str:
    """The ``$id`` of the schema of ``document`` at ``version`` (``"1.0"``).

    ``status.json``: ``…/schema/v1.0/status.json``; any other document
    ``NAME``: ``…/schema/NAME/v1.0/NAME.json``.
    """
    folder = "" if document == "status" else f"{document}/"
    return f"{_SCHEMA_BASE}{folder}v{version}/{document}.json"


def _id_match(schema: object) -> re.Match[str] | None:
    if not isinstance(schema, dict):
        return None
    identifier = msgspec.convert(schema, dict[str, Any]).get("$id")
    if not isinstance(identifier, str):
        return None
    return _SCHEMA_ID_VERSION.search(identifier)


def schema_version_of(schema: object) -> tuple[int, int] | None:
    """``(major, minor)`` read from a schema's ``$id``; ``None`` when it has none."""
    match = _id_match(schema)
    if match is None:
        return None
    return int(match["major"]), int(match["minor"])


def schema_document_of(schema: object) -> str | None:
    """The document a schema describes, read from its ``$id`` (``status``, ``history``); ``None`` when it has none."""
    match = _id_match(schema)
    return None if match is None else match["document"]


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
        self._aliases = literal_aliases(PlatformStatus.__module__, module)

    def type_schema(self, info: msgspec.inspect.Type, doc: str = "") -> _Schema:
        description = ""
        extra: _Schema = {}
        if isinstance(info, msgspec.inspect.Metadata):
            extra = extra_json_schema(info)
            description = str(extra.pop("description", ""))
            info = info.type
        if isinstance(info, msgspec.inspect.StructType):
            schema = self.struct_schema(info, doc)
        elif isinstance(info, msgspec.inspect.LiteralType) and all(isinstance(v, bool) for v in info.values):
            schema = {"type": "boolean", "enum": list(info.values), **_describe(doc)}
        elif isinstance(info, msgspec.inspect.LiteralType):
            if not all(isinstance(v, str) for v in info.values):
                raise TypeError(f"only string and boolean literals are exported, not {info!r}")
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
        elif isinstance(info, msgspec.inspect.DateType):
            if "pattern" not in extra:
                raise TypeError("contract dates need extra_json_schema={'pattern': DATE_PATTERN}")
            schema = {"type": "string"}
        elif isinstance(info, msgspec.inspect.DictType):
            if info.min_length is not None or info.max_length is not None:
                raise TypeError("bounds on the size of a map are not part of the exported keywords")
            schema = {
                "type": "object",
                "propertyNames": self.type_schema(info.key_type),
                "additionalProperties": self.type_schema(info.value_type),
            }
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


def json_schema(root: type[msgspec.Struct] = PlatformStatus, version: str | None = None) -> dict[str, Any]:
    """The JSON Schema of the public document ``root`` as a JSON-ready ``dict``.

    ``version`` defaults to the document's current one; the ``$id`` names the
    document and the version.
    """
    document = public_document(root)
    info = msgspec.inspect.type_info(root)
    if not isinstance(info, msgspec.inspect.StructType):
        raise TypeError(f"{root!r} is not a Struct")
    schema = _Exporter(root.__module__).struct_schema(info)
    identifier = schema_id(version or document.version, document.name)
    return {"$schema": JSON_SCHEMA_DIALECT, "$id": identifier, **schema}


def render_json(value: object) -> bytes:
    """Byte-stable JSON: keys sorted, two-space indent, UTF-8, final newline."""
    return (json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
