"""The public documents of elytra-status: ``status.json`` and ``history.json``.

>>> from elytra_status_contract import decode, encode
>>> doc = decode(b'{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "operational"}')
>>> doc.platform_status, doc.schema_version
('operational', '1.0')
>>> from elytra_status_contract import decode_history
>>> decode_history(b'{"updated_at": "2025-11-10T12:00:00Z", "days": [{"date": "2025-11-10", "partial": true}]}').days[0].date
datetime.date(2025, 11, 10)

Besides the Structs and the codecs: ``json_schema`` (JSON Schema, draft
2020-12, one per document in ``PUBLIC_DOCUMENTS``), ``npm_package_files``
(the npm package ``@elytracloud/status-contract``) and
``check_compatibility`` (the rules behind ``elytra contract check``).

Names are loaded on first access (a module ``__getattr__``): ``decode`` and
``encode`` load the Structs and the codec, ``decode_history`` and
``encode_history`` the history Structs too, never the exporters or the
compatibility checker.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._codec import decode as decode
    from ._codec import encode as encode
    from ._compat import RULES as RULES
    from ._compat import Baseline as Baseline
    from ._compat import CompatFinding as CompatFinding
    from ._compat import CompatReport as CompatReport
    from ._compat import check_compatibility as check_compatibility
    from ._compat import compare_schemas as compare_schemas
    from ._errors import ContractError as ContractError
    from ._history import HISTORY_SCHEMA_MAJOR as HISTORY_SCHEMA_MAJOR
    from ._history import HISTORY_SCHEMA_MINOR as HISTORY_SCHEMA_MINOR
    from ._history import HISTORY_SCHEMA_VERSION as HISTORY_SCHEMA_VERSION
    from ._history import MAX_HISTORY_DAYS as MAX_HISTORY_DAYS
    from ._history import ComponentDay as ComponentDay
    from ._history import ComponentDayStatus as ComponentDayStatus
    from ._history import DayNotice as DayNotice
    from ._history import DayStatus as DayStatus
    from ._history import HistoryDay as HistoryDay
    from ._history import HistoryDocument as HistoryDocument
    from ._history import decode_history as decode_history
    from ._history import encode_history as encode_history
    from ._schema import JSON_SCHEMA_DIALECT as JSON_SCHEMA_DIALECT
    from ._schema import PUBLIC_DOCUMENTS as PUBLIC_DOCUMENTS
    from ._schema import SCHEMA_KEYWORDS as SCHEMA_KEYWORDS
    from ._schema import PublicDocument as PublicDocument
    from ._schema import json_schema as json_schema
    from ._schema import public_document as public_document
    from ._schema import render_json as render_json
    from ._schema import schema_document_of as schema_document_of
    from ._schema import schema_id as schema_id
    from ._schema import schema_version_of as schema_version_of
    from ._typescript import NPM_PACKAGE_NAME as NPM_PACKAGE_NAME
    from ._typescript import npm_package_files as npm_package_files
    from ._typescript import npm_package_version as npm_package_version
    from ._typescript import typescript_declarations as typescript_declarations
    from ._v1 import COMPONENT_ID_PATTERN as COMPONENT_ID_PATTERN
    from ._v1 import DATE_PATTERN as DATE_PATTERN
    from ._v1 import NOTICE_ID_PATTERN as NOTICE_ID_PATTERN
    from ._v1 import SCHEMA_MAJOR as SCHEMA_MAJOR
    from ._v1 import SCHEMA_MINOR as SCHEMA_MINOR
    from ._v1 import SCHEMA_VERSION as SCHEMA_VERSION
    from ._v1 import SCHEMA_VERSION_PATTERN as SCHEMA_VERSION_PATTERN
    from ._v1 import TIMESTAMP_PATTERN as TIMESTAMP_PATTERN
    from ._v1 import Backups as Backups
    from ._v1 import BackupStatus as BackupStatus
    from ._v1 import Component as Component
    from ._v1 import ComponentStatus as ComponentStatus
    from ._v1 import Impact as Impact
    from ._v1 import Infrastructure as Infrastructure
    from ._v1 import Notice as Notice
    from ._v1 import NoticeKind as NoticeKind
    from ._v1 import NoticeStatus as NoticeStatus
    from ._v1 import NoticeUpdate as NoticeUpdate
    from ._v1 import PlatformStatus as PlatformStatus
    from ._v1 import Status as Status
    from ._v1 import Uptime as Uptime

_WHERE: dict[str, str] = {
    "decode": "._codec",
    "encode": "._codec",
    "RULES": "._compat",
    "Baseline": "._compat",
    "CompatFinding": "._compat",
    "CompatReport": "._compat",
    "check_compatibility": "._compat",
    "compare_schemas": "._compat",
    "ContractError": "._errors",
    "HISTORY_SCHEMA_MAJOR": "._history",
    "HISTORY_SCHEMA_MINOR": "._history",
    "HISTORY_SCHEMA_VERSION": "._history",
    "MAX_HISTORY_DAYS": "._history",
    "ComponentDay": "._history",
    "ComponentDayStatus": "._history",
    "DayNotice": "._history",
    "DayStatus": "._history",
    "HistoryDay": "._history",
    "HistoryDocument": "._history",
    "decode_history": "._history",
    "encode_history": "._history",
    "JSON_SCHEMA_DIALECT": "._schema",
    "PUBLIC_DOCUMENTS": "._schema",
    "SCHEMA_KEYWORDS": "._schema",
    "PublicDocument": "._schema",
    "json_schema": "._schema",
    "public_document": "._schema",
    "render_json": "._schema",
    "schema_document_of": "._schema",
    "schema_id": "._schema",
    "schema_version_of": "._schema",
    "NPM_PACKAGE_NAME": "._typescript",
    "npm_package_files": "._typescript",
    "npm_package_version": "._typescript",
    "typescript_declarations": "._typescript",
    "SCHEMA_MAJOR": "._v1",
    "SCHEMA_MINOR": "._v1",
    "SCHEMA_VERSION": "._v1",
    "SCHEMA_VERSION_PATTERN": "._v1",
    "TIMESTAMP_PATTERN": "._v1",
    "Backups": "._v1",
    "BackupStatus": "._v1",
    "Infrastructure": "._v1",
    "PlatformStatus": "._v1",
    "Status": "._v1",
    "Uptime": "._v1",
    "COMPONENT_ID_PATTERN": "._v1",
    "DATE_PATTERN": "._v1",
    "NOTICE_ID_PATTERN": "._v1",
    "Component": "._v1",
    "ComponentStatus": "._v1",
    "Impact": "._v1",
    "Notice": "._v1",
    "NoticeKind": "._v1",
    "NoticeStatus": "._v1",
    "NoticeUpdate": "._v1",
}
"""Public name -> the module of this package that defines it."""

__all__ = [
    "COMPONENT_ID_PATTERN",
    "DATE_PATTERN",
    "HISTORY_SCHEMA_MAJOR",
    "HISTORY_SCHEMA_MINOR",
    "HISTORY_SCHEMA_VERSION",
    "JSON_SCHEMA_DIALECT",
    "MAX_HISTORY_DAYS",
    "NOTICE_ID_PATTERN",
    "NPM_PACKAGE_NAME",
    "PUBLIC_DOCUMENTS",
    "RULES",
    "SCHEMA_KEYWORDS",
    "SCHEMA_MAJOR",
    "SCHEMA_MINOR",
    "SCHEMA_VERSION",
    "SCHEMA_VERSION_PATTERN",
    "TIMESTAMP_PATTERN",
    "BackupStatus",
    "Backups",
    "Baseline",
    "CompatFinding",
    "CompatReport",
    "Component",
    "ComponentDay",
    "ComponentDayStatus",
    "ComponentStatus",
    "ContractError",
    "DayNotice",
    "DayStatus",
    "HistoryDay",
    "HistoryDocument",
    "Impact",
    "Infrastructure",
    "Notice",
    "NoticeKind",
    "NoticeStatus",
    "NoticeUpdate",
    "PlatformStatus",
    "PublicDocument",
    "Status",
    "Uptime",
    "check_compatibility",
    "compare_schemas",
    "decode",
    "decode_history",
    "encode",
    "encode_history",
    "json_schema",
    "npm_package_files",
    "npm_package_version",
    "public_document",
    "render_json",
    "schema_document_of",
    "schema_id",
    "schema_version_of",
    "typescript_declarations",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups do not come back here
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
