"""The v1 document: decoding the spec's examples, tolerant reading, strict writing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, cast

import msgspec
import pytest

from elytra_status_contract import (
    Backups,
    ContractError,
    Infrastructure,
    PlatformStatus,
    Uptime,
    decode,
    encode,
)
from tests.spec_examples import SPEC_CLI_OUTPUT as SPEC_CLI_OUTPUT_TEXT
from tests.spec_examples import SPEC_PUBLIC_STATUS

SPEC_CLI_OUTPUT = SPEC_CLI_OUTPUT_TEXT.encode()
SPEC_PUBLIC_MOCK = SPEC_PUBLIC_STATUS.encode()

T = datetime(2025, 11, 10, 12, 0, tzinfo=UTC)


def test_spec_cli_output_is_valid_v1() -> None:
    doc = decode(SPEC_CLI_OUTPUT)
    assert doc.platform_status == "operational"
    assert doc.schema_version == "1.0"
    assert doc.uptime == Uptime(last_24h=100.0, last_7d=99.97)


def test_spec_cli_output_without_updated_at_is_rejected_by_name() -> None:
    bare = json.loads(SPEC_CLI_OUTPUT)
    del bare["updated_at"]
    with pytest.raises(ContractError) as caught:
        decode(json.dumps(bare))
    assert caught.value.path == "$.updated_at"


def test_spec_public_mock_is_valid_v1() -> None:
    doc = decode(SPEC_PUBLIC_MOCK)
    assert isinstance(doc.backups, Backups)
    assert doc.backups.policy == "Nightly backups, 7-day retention, off-site object storage."
    assert doc.backups.last_successful_backup == datetime(2025, 11, 10, 2, 1, 30, tzinfo=UTC)
    assert doc.infrastructure == Infrastructure(
        model="Dedicated droplet per client + managed database cluster.",
        regions=["nyc3"],
        notes="All sites behind managed HTTPS and monitored 24/7.",
    )


def test_unknown_fields_are_ignored_at_every_level() -> None:
    doc = decode(
        b'{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "degraded", "incident": {"id": 1},'
        b' "uptime": {"last_24h": 99.5, "last_30d": 99.9}}'
    )
    assert doc.platform_status == "degraded"
    assert doc.uptime == Uptime(last_24h=99.5)


@pytest.mark.parametrize(
    ("payload", "path"),
    [
        (b'{"platform_status": "operational"}', "$.updated_at"),
        (b'{"updated_at": "2025-11-10T12:00:00Z"}', "$.platform_status"),
        (b'{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "fine"}', "$.platform_status"),
        (
            b'{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "operational", "uptime": {"last_24h": 100.5}}',
            "$.uptime.last_24h",
        ),
        (
            b'{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "operational", "uptime": {"last_7d": -1}}',
            "$.uptime.last_7d",
        ),
        (b'{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "operational", "uptime": null}', "$.uptime"),
        (
            b'{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "operational", "backups": {"last_backup_status": "ok"}}',
            "$.backups.last_backup_status",
        ),
        (b'{"updated_at": "2025-11-10T12:00:00", "platform_status": "operational"}', "$.updated_at"),
        (b'{"updated_at": "yesterday", "platform_status": "operational"}', "$.updated_at"),
        (
            b'{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "operational", "infrastructure": {"regions": "nyc3"}}',
            "$.infrastructure.regions",
        ),
        (
            b'{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "operational", "schema_version": "2.0"}',
            "$.schema_version",
        ),
    ],
)
def test_invalid_documents_name_the_bad_field(payload: bytes, path: str) -> None:
    with pytest.raises(ContractError) as caught:
        decode(payload)
    assert caught.value.path == path
    if path != "$":
        assert path in str(caught.value)


@pytest.mark.parametrize(
    "payload", [b"", b"<html>502</html>", b'{"updated_at": "2025-11-10T12:00:00Z"', b"[]", b"null"]
)
def test_unreadable_input_is_a_contract_error(payload: bytes) -> None:
    with pytest.raises(ContractError):
        decode(payload)


def test_encode_writes_whole_utc_seconds_and_always_the_version() -> None:
    plus2 = timezone(timedelta(hours=2))
    doc = PlatformStatus(
        updated_at=datetime(2025, 11, 10, 14, 0, 0, 999_999, tzinfo=plus2),
        stale_after=datetime(2025, 11, 10, 12, 30, 0, 1, tzinfo=UTC),
        platform_status="operational",
        backups=Backups(last_successful_backup=datetime(2025, 11, 10, 2, 1, 30, 500_000, tzinfo=UTC)),
    )
    out = json.loads(encode(doc))
    assert out == {
        "schema_version": "1.0",  # the Struct's default: a document that names no version is a 1.0 one
        "updated_at": "2025-11-10T12:00:00Z",
        "stale_after": "2025-11-10T12:30:00Z",
        "platform_status": "operational",
        "backups": {"last_successful_backup": "2025-11-10T02:01:30Z"},
    }


def test_encode_never_writes_null_and_round_trips() -> None:
    doc = PlatformStatus(updated_at=T, platform_status="unknown", uptime=Uptime(last_7d=99.5))
    data = encode(doc)
    assert b"null" not in data
    assert decode(data) == doc


@pytest.mark.parametrize(
    "doc",
    [
        PlatformStatus(updated_at=T, platform_status="operational", uptime=Uptime(last_24h=100.01)),
        PlatformStatus(updated_at=T, platform_status="operational", uptime=Uptime(last_24h=float("nan"))),
        PlatformStatus(updated_at=T, platform_status="operational", uptime=Uptime(last_7d=-0.5)),
        PlatformStatus(updated_at=T, platform_status=cast(Any, "great")),
        PlatformStatus(updated_at=datetime(2025, 11, 10, 12, 0), platform_status="operational"),
    ],
)
def test_encode_refuses_values_out_of_bounds(doc: PlatformStatus) -> None:
    with pytest.raises(ContractError):
        encode(doc)


def test_structs_are_frozen() -> None:
    doc = PlatformStatus(updated_at=T, platform_status="unknown")
    with pytest.raises(AttributeError):
        setattr(doc, "platform_status", "operational")  # noqa: B010 (the point is to bypass the type)
    assert msgspec.structs.replace(doc, platform_status="outage").platform_status == "outage"
