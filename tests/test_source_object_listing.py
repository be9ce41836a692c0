"""Object listing: the newest non-empty object under a prefix, in a folder and on S3 (moto)."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from elytra_status_core import Observations, SourceContext, SourceError, make_source, parse_config
from elytra_status_core._sources.fetch import Fetcher, ListedObject
from elytra_status_core._sources.object_listing import newest_object
from tests.conftest import S3Server

T1 = datetime(2025, 6, 1, 2, 0, tzinfo=UTC)
T2 = datetime(2025, 6, 2, 2, 0, tzinfo=UTC)
T3 = datetime(2025, 6, 3, 2, 0, tzinfo=UTC)


def observe(config: str, base: Path) -> Observations:
    loaded = parse_config(config, base=base)
    source = make_source(loaded.sources[0], SourceContext(base=loaded.base, env=os.environ))

    async def scenario() -> Observations:
        async with Fetcher() as fetcher:
            return await source.collect(fetcher, datetime.now(UTC))

    return asyncio.run(scenario())


def write(path: Path, data: bytes, when: datetime) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, (when.timestamp(), when.timestamp()))


def test_newest_non_empty_file_in_a_folder(tmp_path: Path) -> None:
    write(tmp_path / "nightly" / "db-2025-06-01.sql.gz", b"dump", T1)
    write(tmp_path / "nightly" / "2025" / "db-2025-06-02.sql.gz", b"dump", T2)
    write(tmp_path / "nightly" / "db-2025-06-03.sql.gz", b"", T3)  # an upload that failed half-way
    (run,) = observe('[[sources]]\nkind = "object-listing"\nprefix = "nightly/"\n', tmp_path).backups
    assert (run.at, run.outcome) == (T2, "success")
    assert run.source.startswith("object-listing (")


def test_an_empty_prefix_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "nightly").mkdir()
    with pytest.raises(SourceError, match="no objects under the prefix"):
        observe('[[sources]]\nkind = "object-listing"\nprefix = "nightly"\n', tmp_path)


def test_only_empty_objects_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "nightly" / "a", b"", T1)
    with pytest.raises(SourceError, match="only 1 empty object"):
        observe('[[sources]]\nkind = "object-listing"\nprefix = "nightly"\n', tmp_path)


def test_newest_object_on_s3(s3_server: S3Server, tmp_path: Path) -> None:
    client = s3_server.client()
    client.create_bucket(Bucket="elytra-backups")
    client.put_object(Bucket="elytra-backups", Key="nightly/db-1.sql.gz", Body=b"dump")
    client.put_object(Bucket="elytra-backups", Key="nightly/empty-marker", Body=b"")
    client.put_object(Bucket="elytra-backups", Key="other/db-9.sql.gz", Body=b"dump")
    newest = client.put_object(Bucket="elytra-backups", Key="nightly/sub/db-2.sql.gz", Body=b"dump")
    assert newest["ResponseMetadata"]["HTTPStatusCode"] == 200
    head = client.head_object(Bucket="elytra-backups", Key="nightly/sub/db-2.sql.gz")
    config = f'[[sources]]\nkind = "object-listing"\nprefix = "s3://elytra-backups/nightly/"\nendpoint_url = "{s3_server.endpoint}"\n'
    (run,) = observe(config, tmp_path).backups
    assert run.at == head["LastModified"].astimezone(UTC)


def test_a_missing_bucket_is_a_source_error(s3_server: S3Server, tmp_path: Path) -> None:
    config = f'[[sources]]\nkind = "object-listing"\nprefix = "s3://no-such-bucket/nightly/"\nendpoint_url = "{s3_server.endpoint}"\n'
    with pytest.raises(SourceError, match=r"object-listing \(s3://no-such-bucket/nightly/\)"):
        observe(config, tmp_path)


def test_objects_without_times_are_an_error() -> None:
    with pytest.raises(SourceError, match="no modification times"):
        newest_object([ListedObject("a", 5, None)], "o")


def test_unknown_sizes_count() -> None:
    run = newest_object([ListedObject("a", None, T1), ListedObject("b", 0, T3)], "o")
    assert run.at == T1
