"""Shared fixtures: moto's S3 server on loopback, AWS test credentials."""

from __future__ import annotations

import importlib
import importlib.util
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests._integration import unavailable

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class S3Server:
    """A moto S3 server running as its own process on loopback."""

    endpoint: str
    process: subprocess.Popen[bytes]

    def client(self) -> Any:
        """A boto3 S3 client for setting up and inspecting buckets (boto3 is untyped)."""
        boto3: Any = importlib.import_module("boto3")
        return boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1")


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """moto_server on 127.0.0.1; S3 through its real HTTP API."""
    os.environ.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1",
    )
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        os.environ.pop(name, None)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    else:
        process.kill()
        unavailable("moto server did not start")
    if process.poll() is not None:
        unavailable("moto server exited at start")
    try:
        yield S3Server(endpoint, process)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def demo_data() -> Path:
    """``build/demo/``, the bundled example data made current now, as ``make demo`` makes it.

    The demo config (``examples/demo.toml``) reads it; the run that follows uses
    the wall clock, with the 30-minute ``max_observation_age`` as its margin.
    """
    spec = importlib.util.spec_from_file_location("elytra_demo", ROOT / "examples" / "demo.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = ROOT / "build" / "demo"
    module.prepare(out, datetime.now(UTC))
    return out
