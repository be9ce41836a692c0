"""The public ``status.json`` contract of elytra-status.

>>> from elytra_status_contract import decode, encode
>>> doc = decode(b'{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "operational"}')
>>> doc.platform_status, doc.schema_version
('operational', '1.0')
"""

from __future__ import annotations

from ._codec import decode, encode
from ._errors import ContractError
from ._v1 import (
    SCHEMA_MAJOR,
    SCHEMA_MINOR,
    SCHEMA_VERSION,
    Backups,
    BackupStatus,
    Infrastructure,
    PlatformStatus,
    Status,
    Uptime,
)

__all__ = [
    "SCHEMA_MAJOR",
    "SCHEMA_MINOR",
    "SCHEMA_VERSION",
    "BackupStatus",
    "Backups",
    "ContractError",
    "Infrastructure",
    "PlatformStatus",
    "Status",
    "Uptime",
    "decode",
    "encode",
]
