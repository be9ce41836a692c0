"""is_stale: examples at the boundaries and agreement with its definition for any now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elytra_status_core import decode, is_stale, parse_instant

T0 = datetime(2025, 11, 10, 12, 0, tzinfo=UTC)


def raw(updated_at: object = "2025-11-10T12:00:00Z", **extra: object) -> dict[str, object]:
    doc: dict[str, object] = {"platform_status": "operational", **extra}
    if updated_at is not None:
        doc["updated_at"] = updated_at
    return doc


@pytest.mark.parametrize(
    ("doc", "now", "stale"),
    [
        (raw(), T0, False),
        (raw(), T0 + timedelta(minutes=30), False),
        (raw(), T0 + timedelta(minutes=30, seconds=1), True),
        (raw(stale_after="2025-11-10T12:10:00Z"), T0 + timedelta(minutes=10), False),
        (raw(stale_after="2025-11-10T12:10:00Z"), T0 + timedelta(minutes=11), True),
        (raw(stale_after="2025-11-10T14:10:00+02:00"), T0 + timedelta(minutes=10), False),
        (raw(stale_after="2025-11-10T14:10:00+02:00"), T0 + timedelta(minutes=11), True),
        (raw(stale_after="soon"), T0, True),
        (raw(None), T0, True),
        (raw(""), T0, True),
        (raw("2025-11-10 12:00:00"), T0, True),
        (raw("2025-11-10T12:00:00"), T0, True),
        (raw("2025-02-30T12:00:00Z"), T0, True),
        (raw(1731240000), T0, True),
        (raw("2025-11-10T12:05:00Z"), T0, False),
        (raw("2025-11-10T12:05:01Z"), T0, True),
        (raw("2025-11-10T11:59:59.999999Z"), T0 + timedelta(minutes=29), False),
        (raw("2025-11-10T11:59:59.999999999Z"), T0, True),
        (raw("2025-11-10T12:00:00+00:75"), T0, True),
        (raw("2025-11-10T12:00:00Z\n"), T0, True),
        ("not an object", T0, True),
        (None, T0, True),
    ],
)
def test_examples(doc: object, now: datetime, stale: bool) -> None:
    assert is_stale(doc, now) is stale


def test_decoded_documents_follow_the_same_rule() -> None:
    doc = decode(b'{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown"}')
    assert not is_stale(doc, T0 + timedelta(minutes=30))
    assert is_stale(doc, T0 + timedelta(minutes=31))


instants = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC))


@given(instants, st.none() | st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=2)), instants)
def test_agrees_with_its_definition_for_any_now(
    updated_at: datetime, lifetime: timedelta | None, now: datetime
) -> None:
    updated_at = updated_at.replace(microsecond=0)
    extra: dict[str, object] = {}
    deadline = updated_at + timedelta(minutes=30)
    if lifetime is not None:
        deadline = updated_at + lifetime
        extra["stale_after"] = deadline.strftime("%Y-%m-%dT%H:%M:%SZ")
    doc = raw(updated_at.strftime("%Y-%m-%dT%H:%M:%SZ"), **extra)
    expected = now > deadline or updated_at - now > timedelta(minutes=5)
    assert is_stale(doc, now) is expected


@given(instants)
def test_parse_instant_reads_what_we_write(when: datetime) -> None:
    when = when.replace(microsecond=0)
    assert parse_instant(when.strftime("%Y-%m-%dT%H:%M:%SZ")) == when
