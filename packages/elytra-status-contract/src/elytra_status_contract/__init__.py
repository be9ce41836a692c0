"""The public ``status.json`` contract of elytra-status.

>>> from elytra_status_contract import decode, encode
>>> doc = decode(b'{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "operational"}')
>>> doc.platform_status, doc.schema_version
('operational', '1.0')

Besides the Structs and the codec: ``json_schema`` (JSON Schema, draft
2020-12), ``npm_package_files`` (the npm package ``@elytracloud/status-contract``)
and ``check_compatibility`` (the rules behind ``elytra contract check``).
"""

from __future__ import annotations

from ._codec import decode, encode
from ._compat import RULES, Baseline, CompatFinding, CompatReport, check_compatibility, compare_schemas
from ._errors import ContractError
from ._schema import JSON_SCHEMA_DIALECT, SCHEMA_KEYWORDS, json_schema, render_json, schema_id, schema_version_of
from ._typescript import NPM_PACKAGE_NAME, npm_package_files, npm_package_version, typescript_declarations
from ._v1 import (
    SCHEMA_MAJOR,
    SCHEMA_MINOR,
    SCHEMA_VERSION,
    SCHEMA_VERSION_PATTERN,
    TIMESTAMP_PATTERN,
    Backups,
    BackupStatus,
    Infrastructure,
    PlatformStatus,
    Status,
    Uptime,
)

__all__ = [
    "JSON_SCHEMA_DIALECT",
    "NPM_PACKAGE_NAME",
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
    "ContractError",
    "Infrastructure",
    "PlatformStatus",
    "Status",
    "Uptime",
    "check_compatibility",
    "compare_schemas",
    "decode",
    "encode",
    "json_schema",
    "npm_package_files",
    "npm_package_version",
    "render_json",
    "schema_id",
    "schema_version_of",
    "typescript_declarations",
]
