"""Publishing to local files, memory and S3 (moto's server through s3fs)."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from elytra_status_contract import Status
from elytra_status_core import PlatformStatus, SinkError, SinkSettings, encode, make_sink
from elytra_status_core._run import publish as publish_bytes
from tests.conftest import S3Server
from tests.faultproxy import FaultProxy
from tests.settings import publish_options

T = datetime(2025, 11, 10, 12, 0, tzinfo=UTC)


def document(at: datetime, status: Status = "operational") -> tuple[PlatformStatus, bytes]:
    doc = PlatformStatus(updated_at=at, platform_status=status)
    return doc, encode(doc)


def publish(doc: PlatformStatus, data: bytes, target: SinkSettings, base: Path) -> tuple[bool, SinkError | None]:
    del doc  # the bytes are what is published
    [outcome] = publish_bytes(data, [target], base=base)
    return outcome.written, outcome.error


# --- local files ----------------------------------------------------------------


def test_local_publish_writes_the_document_atomically(tmp_path: Path) -> None:
    doc, data = document(T)
    written, error = publish(doc, data, SinkSettings(url="public/status.json"), tmp_path)
    assert (written, error) == (True, None)
    target = tmp_path / "public" / "status.json"
    assert target.read_bytes() == data
    assert oct(target.stat().st_mode & 0o777) == "0o644"
    assert [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_file_url_and_relative_paths_resolve_against_the_config_folder(tmp_path: Path) -> None:
    doc, data = document(T)
    publish(doc, data, SinkSettings(url=f"file://{tmp_path}/a/status.json"), Path("/"))
    assert (tmp_path / "a" / "status.json").read_bytes() == data


def test_a_newer_document_is_never_replaced_by_an_older_one(tmp_path: Path) -> None:
    target = SinkSettings(url="status.json")
    # another publisher wrote a document a few minutes newer than ours
    newer, newer_data = document(T + timedelta(minutes=3))
    older, older_data = document(T, "outage")
    assert publish(newer, newer_data, target, tmp_path) == (True, None)
    assert publish(older, older_data, target, tmp_path) == (False, None)
    assert (tmp_path / "status.json").read_bytes() == newer_data
    newest, newest_data = document(T + timedelta(minutes=20))
    assert publish(newest, newest_data, target, tmp_path) == (True, None)
    assert (tmp_path / "status.json").read_bytes() == newest_data


def test_an_invalid_document_in_place_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "status.json").write_text("<html>oops</html>")
    doc, data = document(T)
    assert publish(doc, data, SinkSettings(url="status.json"), tmp_path) == (True, None)
    assert (tmp_path / "status.json").read_bytes() == data


def test_a_crash_during_the_write_leaves_the_previous_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old, old_data = document(T)
    publish(old, old_data, SinkSettings(url="status.json"), tmp_path)

    def crash(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    new, new_data = document(T + timedelta(minutes=10))
    written, error = publish(new, new_data, SinkSettings(url="status.json"), tmp_path)
    assert not written
    assert error is not None and "No space left on device" in str(error)
    assert (tmp_path / "status.json").read_bytes() == old_data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["status.json"]


def test_an_unwritable_folder_is_a_sink_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    doc, data = document(T)
    written, error = publish(doc, data, SinkSettings(url=str(blocker / "status.json")), tmp_path)
    assert not written and isinstance(error, SinkError)


def test_memory_sink_round_trip(tmp_path: Path) -> None:
    doc, data = document(T)
    url = f"memory://elytra-{uuid.uuid4().hex}/status.json"
    assert publish(doc, data, SinkSettings(url=url), tmp_path) == (True, None)
    assert make_sink(SinkSettings(url=url), base=tmp_path).read() == data


# --- S3 through moto's server -------------------------------------------------------


@pytest.fixture
def bucket(s3_server: S3Server) -> str:
    name = f"status-{uuid.uuid4().hex[:12]}"
    s3_server.client().create_bucket(Bucket=name)
    return name


def head(s3_server: S3Server, bucket: str, key: str = "status.json") -> dict[str, Any]:
    return s3_server.client().head_object(Bucket=bucket, Key=key)


def test_s3_publish_sets_body_content_type_cache_control_and_public_acl(
    s3_server: S3Server, bucket: str, tmp_path: Path
) -> None:
    doc, data = document(T)
    target = SinkSettings(url=f"s3://{bucket}/status.json", endpoint_url=s3_server.endpoint)
    assert publish(doc, data, target, tmp_path) == (True, None)
    client = s3_server.client()
    assert client.get_object(Bucket=bucket, Key="status.json")["Body"].read() == data
    meta = head(s3_server, bucket)
    assert meta["ContentType"] == "application/json"
    assert meta["CacheControl"] == "public, max-age=60"
    grants = client.get_object_acl(Bucket=bucket, Key="status.json")["Grants"]
    assert any(
        g["Grantee"].get("URI") == "http://acs.amazonaws.com/groups/global/AllUsers" and g["Permission"] == "READ"
        for g in grants
    )


def test_an_s3_publish_costs_two_requests_a_get_with_its_etag_and_a_conditional_put(
    s3_server: S3Server, bucket: str, tmp_path: Path
) -> None:
    """Counted on the wire, between s3fs and moto: no HEAD, no listing, no second GET."""
    with FaultProxy(s3_server.endpoint) as proxy:
        target = SinkSettings(url=f"s3://{bucket}/status.json", endpoint_url=proxy.url)
        first, first_data = document(T)
        assert publish(first, first_data, target, tmp_path) == (True, None)
        assert [(method, path) for method, path, _ in proxy.seen()] == [
            ("GET", f"/{bucket}/status.json"),  # 404: no object yet
            ("PUT", f"/{bucket}/status.json"),  # If-None-Match: *
        ]
        created = proxy.requests[-1]
        assert {k.lower(): v for k, v in created.headers.items()}.get("if-none-match") == "*"
        replaced_etag = s3_server.client().head_object(Bucket=bucket, Key="status.json")["ETag"]
        proxy.forget()
        second, second_data = document(T + timedelta(minutes=10))
        assert publish(second, second_data, target, tmp_path) == (True, None)
        assert [(method, path) for method, path, _ in proxy.seen()] == [
            ("GET", f"/{bucket}/status.json"),
            ("PUT", f"/{bucket}/status.json"),
        ]
        conditional = {k.lower(): v for k, v in proxy.requests[-1].headers.items()}
        assert conditional.get("if-match") == replaced_etag  # the ETag the GET returned
    assert s3_server.client().get_object(Bucket=bucket, Key="status.json")["Body"].read() == second_data


def test_s3_acl_can_be_turned_off(s3_server: S3Server, bucket: str, tmp_path: Path) -> None:
    doc, data = document(T)
    target = SinkSettings(url=f"s3://{bucket}/status.json", endpoint_url=s3_server.endpoint, acl="none")
    assert publish(doc, data, target, tmp_path) == (True, None)
    grants = s3_server.client().get_object_acl(Bucket=bucket, Key="status.json")["Grants"]
    assert not any(g["Grantee"].get("URI", "").endswith("AllUsers") for g in grants)


def test_s3_refuses_to_overwrite_a_newer_document(s3_server: S3Server, bucket: str, tmp_path: Path) -> None:
    target = SinkSettings(url=f"s3://{bucket}/status.json", endpoint_url=s3_server.endpoint)
    newer, newer_data = document(T + timedelta(minutes=3))
    older, older_data = document(T, "outage")
    assert publish(newer, newer_data, target, tmp_path) == (True, None)
    assert publish(older, older_data, target, tmp_path) == (False, None)
    body = s3_server.client().get_object(Bucket=bucket, Key="status.json")["Body"].read()
    assert body == newer_data


def test_s3_conditional_write_loses_to_a_concurrent_writer(s3_server: S3Server, bucket: str, tmp_path: Path) -> None:
    """Another publisher writes a newer document between our read and our write."""
    target = SinkSettings(url=f"s3://{bucket}/status.json", endpoint_url=s3_server.endpoint)
    first, first_data = document(T)
    publish(first, first_data, target, tmp_path)
    sink = make_sink(target, base=tmp_path)
    _, ours_data = document(T + timedelta(minutes=5))
    _, theirs_data = document(T + timedelta(minutes=10))
    decisions: list[bytes | None] = []

    def decide(current: bytes | None) -> bool:
        decisions.append(current)
        if len(decisions) == 1:  # the other publisher lands right after our read
            s3_server.client().put_object(Bucket=bucket, Key="status.json", Body=theirs_data)
            return True
        return current is not None and current != theirs_data

    assert sink.replace_if(ours_data, decide) is False
    assert decisions == [first_data, theirs_data]
    assert s3_server.client().get_object(Bucket=bucket, Key="status.json")["Body"].read() == theirs_data


def test_s3_endpoint_from_the_environment(
    s3_server: S3Server, bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", s3_server.endpoint)
    doc, data = document(T)
    assert publish(doc, data, SinkSettings(url=f"s3://{bucket}/env/status.json"), tmp_path) == (True, None)
    assert head(s3_server, bucket, "env/status.json")["ContentLength"] == len(data)


def test_s3_missing_bucket_is_a_sink_error_with_the_url(s3_server: S3Server, tmp_path: Path) -> None:
    doc, data = document(T)
    target = SinkSettings(url="s3://no-such-bucket-here/status.json", endpoint_url=s3_server.endpoint)
    written, error = publish(doc, data, target, tmp_path)
    assert not written
    assert error is not None and "s3://no-such-bucket-here/status.json" in str(error)


def test_a_document_from_a_wrong_clock_is_kept_but_the_publish_fails_loudly(tmp_path: Path) -> None:
    future, future_data = document(T + timedelta(hours=3))
    target = SinkSettings(url="status.json")
    assert publish(future, future_data, target, tmp_path) == (True, None)
    ours, ours_data = document(T)
    written, error = publish(ours, ours_data, target, tmp_path)
    assert not written
    assert error is not None and "clock is wrong" in str(error) and "2025-11-10T15:00:00Z" in str(error)
    assert (tmp_path / "status.json").read_bytes() == future_data


def test_access_denied_names_the_bucket_and_where_credentials_come_from(
    s3_server: S3Server, bucket: str, tmp_path: Path
) -> None:
    from tests.faultproxy import Fault

    with FaultProxy(s3_server.endpoint) as proxy:
        proxy.inject(Fault("status", times=None, status=403, code="AccessDenied"))
        target = SinkSettings(url=f"s3://{bucket}/status.json", endpoint_url=proxy.url)
        written, error = publish(*document(T), target, tmp_path)
    assert not written and error is not None
    assert f"AccessDenied: bucket {bucket!r} refused these credentials" in str(error)
    assert "AWS_ACCESS_KEY_ID" in str(error) and "testing" not in str(error)


def _no_credentials_anywhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


def test_missing_s3_credentials_say_where_they_are_looked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import free_port

    _no_credentials_anywhere(monkeypatch, tmp_path)
    target = SinkSettings(url="s3://some-bucket/status.json", endpoint_url=f"http://127.0.0.1:{free_port()}")
    _, data = document(T)
    [outcome] = publish_bytes(data, [target], base=tmp_path, options=publish_options(deadline=2, attempt_timeout=1))
    assert outcome.error is not None
    assert "no S3 credentials found" in str(outcome.error) and "AWS_ACCESS_KEY_ID" in str(outcome.error)


def test_an_endpoint_that_is_down_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import free_port

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")

    endpoint = f"http://127.0.0.1:{free_port()}"
    target = SinkSettings(url="s3://some-bucket/status.json", endpoint_url=endpoint)
    _, data = document(T)
    # refused connections are retried; a short deadline keeps the test quick
    [outcome] = publish_bytes(data, [target], base=tmp_path, options=publish_options(deadline=2, attempt_timeout=1))
    written, error = outcome.written, outcome.error
    assert not written and error is not None
    assert f"cannot connect to the endpoint {endpoint}" in str(error)


def test_the_publishing_rules_hold_on_any_sink() -> None:
    """The never-older rule lives in the publisher, not in a store: a function-backed sink shows it."""
    from elytra_status_core._run import publish_to_sinks
    from elytra_status_core._sinks.fake import FunctionSink

    stored: list[bytes] = []
    sink = FunctionSink(lambda: stored[-1] if stored else None, stored.append)
    _, newer = document(T + timedelta(minutes=5))
    _, older = document(T)
    assert [o.written for o in publish_to_sinks(newer, [sink])] == [True]
    assert [o.written for o in publish_to_sinks(older, [sink])] == [False]
    assert stored == [newer]
