"""``elytra bucket setup`` and the CORS line of ``config check --online``, against moto's S3 server."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from elytra_status_core import encode
from elytra_status_core._cli import main
from elytra_status_core._core.fixtures import mock_document
from tests.conftest import S3Server

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
SPEC_RULE = {"AllowedHeaders": ["*"], "AllowedMethods": ["GET"], "AllowedOrigins": ["*"], "MaxAgeSeconds": 300}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv, environ=dict(os.environ), clock=lambda: NOW)
    out, err = capsys.readouterr()
    return code, out, err


def cors(client: Any, bucket: str) -> list[dict[str, Any]] | None:
    try:
        return client.get_bucket_cors(Bucket=bucket)["CORSRules"]
    except Exception as exc:
        if getattr(exc, "response", {}).get("Error", {}).get("Code") == "NoSuchCORSConfiguration":
            return None
        raise


@pytest.fixture
def bucket(s3_server: S3Server) -> str:
    name = f"status-{uuid.uuid4().hex[:12]}"
    s3_server.client().create_bucket(Bucket=name)
    return name


def test_check_reports_a_missing_rule_and_changes_nothing(
    s3_server: S3Server, bucket: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["bucket", "setup", f"s3://{bucket}/status.json", "--endpoint-url", s3_server.endpoint, "--check"], capsys
    )
    assert code == 1
    assert out.splitlines()[0].startswith("MISSING  cors:")
    assert "WAIT     public read" in out
    assert cors(s3_server.client(), bucket) is None


def test_setup_adds_the_spec_rule_once_and_keeps_other_rules(
    s3_server: S3Server, bucket: str, capsys: pytest.CaptureFixture[str]
) -> None:
    client = s3_server.client()
    other = {
        "AllowedHeaders": ["Authorization"],
        "AllowedMethods": ["PUT"],
        "AllowedOrigins": ["https://admin.example.com"],
    }
    client.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [other]})
    argv = ["bucket", "setup", f"s3://{bucket}/status.json", "--endpoint-url", s3_server.endpoint]
    code, out, _ = run(argv, capsys)
    assert code == 0
    assert out.splitlines()[0] == (
        f"CHANGED  cors: added the rule GET from *, headers *, max age 300s to bucket {bucket} (its other rules are kept)"
    )
    assert out.splitlines()[-1] == "changed: the CORS rule"
    assert cors(client, bucket) == [other, SPEC_RULE]
    code, out, _ = run(argv, capsys)  # idempotent
    assert code == 0
    assert out.splitlines()[0] == f"OK       cors: bucket {bucket} allows GET from *, headers *, max age 300s"
    assert out.splitlines()[-1] == "changed nothing: the bucket was already set up"
    assert cors(client, bucket) == [other, SPEC_RULE]
    client.put_object(Bucket=bucket, Key="status.json", Body=b"{}", ACL="public-read")
    seen = httpx.get(f"{s3_server.endpoint}/{bucket}/status.json", headers={"Origin": "https://www.example.com"})
    assert seen.headers["access-control-allow-origin"] in ("*", "https://www.example.com")  # a browser may read it


def test_an_existing_permissive_rule_counts(
    s3_server: S3Server, bucket: str, capsys: pytest.CaptureFixture[str]
) -> None:
    client = s3_server.client()
    rule = {"AllowedHeaders": ["*"], "AllowedMethods": ["GET", "HEAD"], "AllowedOrigins": ["*"], "MaxAgeSeconds": 3600}
    client.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [rule]})
    code, out, _ = run(["bucket", "setup", f"s3://{bucket}/status.json", "--endpoint-url", s3_server.endpoint], capsys)
    assert code == 0
    assert "allows GET, HEAD from *, headers *, max age 3600s" in out
    assert cors(client, bucket) == [rule]


def test_public_read_is_checked_by_acl_and_by_an_anonymous_get(
    s3_server: S3Server, bucket: str, capsys: pytest.CaptureFixture[str]
) -> None:
    client = s3_server.client()
    data = encode(mock_document("operational", NOW))
    url = f"s3://{bucket}/status.json"
    argv = ["bucket", "setup", url, "--endpoint-url", s3_server.endpoint]
    client.put_object(Bucket=bucket, Key="status.json", Body=data, ACL="private")
    code, out, _ = run(argv, capsys)
    assert code == 1
    assert f"WARN     acl: {url} grants no READ to everyone" in out
    assert f"FAIL     anonymous GET: {url} refused without credentials (403)" in out
    client.put_object_acl(Bucket=bucket, Key="status.json", ACL="public-read")
    code, out, _ = run(argv, capsys)
    assert code == 0
    assert f"OK       acl: {url} grants READ to everyone" in out
    assert f"OK       anonymous GET: {url} is readable without credentials" in out


def test_a_missing_bucket_and_a_bad_url(s3_server: S3Server, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        ["bucket", "setup", "s3://no-such-bucket-here/status.json", "--endpoint-url", s3_server.endpoint], capsys
    )
    assert code == 1
    assert "NoSuchBucket" in err
    code, _, err = run(["bucket", "setup", "s3://bucket-only/"], capsys)
    assert code == 2
    code, _, err = run(["bucket", "setup", "public/status.json"], capsys)
    assert code == 2
    assert "s3://bucket/key" in err


def test_config_check_online_reports_a_missing_cors_rule(
    s3_server: S3Server, bucket: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "elytra-status.toml"
    config.write_text(
        f'[infrastructure]\nmodel = "Dedicated servers."\n\n[[publish]]\nurl = "s3://{bucket}/status.json"\n'
        f'endpoint_url = "{s3_server.endpoint}"\n',
        encoding="utf-8",
    )
    code, out, _ = run(["config", "check", "--config", str(config), "--online"], capsys)
    assert code == 1
    line = next(line for line in out.splitlines() if "CORS" in line)
    assert line.startswith(f"FAIL  target s3://{bucket}/status.json: no CORS rule lets browsers")
    assert f"elytra bucket setup s3://{bucket}/status.json --endpoint-url {s3_server.endpoint}" in line
    assert run(["bucket", "setup", f"s3://{bucket}/status.json", "--endpoint-url", s3_server.endpoint], capsys)[0] == 0
    code, out, _ = run(["config", "check", "--config", str(config), "--online"], capsys)
    assert code == 0
    assert f"OK    target s3://{bucket}/status.json: CORS allows GET from *, headers *, max age 300s" in out
