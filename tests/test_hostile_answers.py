"""Answers built to hurt: compression bombs, bodies cut short, unknown encodings. Real loopback servers."""

from __future__ import annotations

import asyncio
import gzip
import tracemalloc
import zlib

import pytest

from elytra_status_core._errors import SourceError, UndecodableBody
from elytra_status_core._http import BodyCap, Decoding
from elytra_status_core._monitor.evaluate import CheckOptions
from elytra_status_core._monitor.fetch import fetch as monitor_fetch
from elytra_status_core._sources.fetch import Fetcher
from tests.servers import ReplayServer, Reply
from tests.settings import collect_settings

CAP = 1024 * 1024
# 256 MiB of zeros, gzip'ed twice: a few KB on the wire.
BOMB = gzip.compress(gzip.compress(b"\0" * (256 * 1024 * 1024), compresslevel=9), compresslevel=9)


def fetch_once(url: str) -> bytes:
    async def run() -> bytes:
        async with Fetcher(collect_settings(retries=0, max_bytes=CAP)) as fetcher:
            return await fetcher.get(url, source="bomb")

    return asyncio.run(run())


def test_the_bomb_is_small_on_the_wire() -> None:
    assert len(BOMB) < 64 * 1024


@pytest.mark.parametrize("encoding", ["gzip, gzip", "x-gzip,gzip", "GZIP , gzip"])
def test_a_stacked_gzip_bomb_ends_at_the_decoded_cap_with_little_memory(encoding: str) -> None:
    with ReplayServer(
        {"/bomb": Reply(body=BOMB, headers={"Content-Encoding": encoding}), "/small": Reply(body=b"{}")}
    ) as server:
        fetch_once(f"{server.url}/small")  # load and set up the HTTP stack before measuring
        tracemalloc.start()
        try:
            with pytest.raises(SourceError, match=r"exceeds the 1048576-byte cap \(decompressed\)"):
                fetch_once(f"{server.url}/bomb")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 8 * CAP, f"peak {peak} bytes while refusing a bomb capped at {CAP}"


def test_the_meta_monitor_refuses_the_bomb_too() -> None:
    reply = Reply(body=BOMB, headers={"Content-Encoding": "gzip, gzip", "Content-Type": "application/json"})
    with ReplayServer({"/status.json": reply}) as server:
        fetched = monitor_fetch(f"{server.url}/status.json", CheckOptions(max_bytes=CAP))
    assert fetched.error is not None and "larger than 1048576 bytes (decompressed)" in fetched.error


def test_an_honest_compressed_answer_is_decoded() -> None:
    body = b'{"heartbeatList": {}}' * 100
    deflated = zlib.compress(gzip.compress(body))
    with ReplayServer({"/ok": Reply(body=deflated, headers={"Content-Encoding": "gzip, deflate"})}) as server:
        assert fetch_once(f"{server.url}/ok") == body


def test_an_unknown_encoding_is_a_clear_source_error() -> None:
    reply = Reply(body=b"\x0b\x02\x80hello\x03", headers={"Content-Encoding": "br"})
    with ReplayServer({"/br": reply}) as server, pytest.raises(SourceError, match="unsupported Content-Encoding 'br'"):
        fetch_once(f"{server.url}/br")


def test_a_corrupt_gzip_body_is_a_clear_source_error() -> None:
    reply = Reply(body=b"\x1f\x8b\x08\x00garbage", headers={"Content-Encoding": "gzip"})
    with ReplayServer({"/bad": reply}) as server, pytest.raises(SourceError, match="the gzip body is corrupt"):
        fetch_once(f"{server.url}/bad")


def test_a_body_cut_short_says_how_much_arrived() -> None:
    cut = pytest.raises(SourceError, match="body cut short at 1200 of 5000 bytes after 1 attempts")
    with ReplayServer({"/cut": Reply(body=b"x" * 5000, truncate_to=1200)}) as server, cut:
        fetch_once(f"{server.url}/cut")


def test_the_decoder_bounds_every_layer() -> None:
    decoding = Decoding("gzip", 10)
    with pytest.raises(UndecodableBody, match="unsupported Content-Encoding 'zstd'"):
        Decoding("gzip, zstd", 10)
    cap = BodyCap(10, "gzip")
    assert cap.add(gzip.compress(b"0123456789")) and cap.finish() and cap.body() == b"0123456789"
    over = BodyCap(10, "gzip")
    assert not (over.add(gzip.compress(b"0123456789A")) and over.finish())
    assert decoding.feed(b"") == b""


def test_an_error_after_a_redirect_names_where_it_went() -> None:
    routes = {"/old": Reply(status=302, body=b"", headers={"Location": "/moved/here"})}
    with ReplayServer(routes) as server:
        with pytest.raises(
            SourceError, match=r"answered HTTP 404 \(redirected to http://127\.0\.0\.1:\d+/moved/here\)"
        ):
            fetch_once(f"{server.url}/old")
        fetched = monitor_fetch(f"{server.url}/old", CheckOptions())
    assert fetched.status == 404 and "redirected to" in fetched.reason and "/moved/here" in fetched.reason
