"""The one parser of local paths and ``file://`` URLs, and the one advisory lock."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from elytra_status_core._fs import flock, is_local, local_path, resolve


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("file:///srv/www/status.json", "/srv/www/status.json"),
        ("file://localhost/srv/www/status.json", "/srv/www/status.json"),
        ("FILE://LOCALHOST/srv/status.json", "/srv/status.json"),
        ("file:///srv/my%20site/status%2Ejson", "/srv/my site/status.json"),
        ("/srv/100%25/status.json", "/srv/100%25/status.json"),  # a plain path is taken as it is
    ],
)
def test_file_urls_and_paths_are_read_once_and_correctly(url: str, expected: str) -> None:
    assert is_local(url)
    assert local_path(url) == Path(expected)


def test_a_file_url_naming_another_host_is_refused() -> None:
    with pytest.raises(ValueError, match="file on this host"):
        local_path("file://fileserver/srv/status.json")


def test_relative_paths_resolve_against_the_base_and_urls_stay(tmp_path: Path) -> None:
    assert resolve("data/../out/status.json", tmp_path) == str(tmp_path / "out" / "status.json")
    assert resolve("s3://bucket/key", tmp_path) == "s3://bucket/key"
    assert resolve("file:///srv/x.json", tmp_path) == "/srv/x.json"


def test_the_lock_refuses_a_second_holder_at_once(tmp_path: Path) -> None:
    path = tmp_path / "lock"
    first = os.open(path, os.O_RDWR | os.O_CREAT)
    second = os.open(path, os.O_RDWR)
    try:
        with flock(first):
            with pytest.raises(BlockingIOError), flock(second, wait=False):
                pass
            with pytest.raises(TimeoutError), flock(second, wait_until=0.0):
                pass
        with flock(second, wait=False):
            pass
    finally:
        os.close(first)
        os.close(second)
