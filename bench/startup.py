"""Benchmark: how long ``elytra status summary`` takes to start, against three baselines.

Four commands, each a fresh interpreter, run in alternating order (so a
change in machine load hits all alike) for ``--rounds`` rounds:

- ``summary``: ``elytra status summary --json`` on a static config (no
  sources: infrastructure and backup policy text only), through the real CLI;
- ``stub``: a script that prints the same JSON with ``json`` and
  ``datetime`` only, like the original spec's stub CLI;
- ``minimal``: a script that imports only msgspec and the contract
  (``decode``/``encode``), the least any reader of the document loads;
- ``needed``: a script that imports what the command needs besides (the
  config, the core that builds the document, the redaction detectors) and
  does nothing with them. It is not a target: it splits the gap between
  ``summary`` and ``minimal`` into the cost of those modules and the rest
  (the CLI, parsing, the work itself).

It prints the median wall time of each and the ratios measured in the same
run. Target: ``summary`` at most 1.3x ``minimal``.

Where ``PYTHONDONTWRITEBYTECODE`` is set, a module whose bytecode is stale is
compiled again at every start; the benchmark says so before it starts
(``make sync`` compiles the sources).

    uv run python bench/startup.py              # 40 rounds
    uv run python bench/startup.py --rounds 10
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONFIG = """\
[infrastructure]
model = "Dedicated droplet per client + managed database cluster."
regions = ["nyc3"]
notes = "All sites behind managed HTTPS and monitored 24/7."

[backups]
policy = "Nightly backups, 7-day retention, off-site object storage."
"""

STUB = """\
import json
from datetime import datetime, timedelta, timezone
now = datetime.now(timezone.utc).replace(microsecond=0)
print(json.dumps({
    "schema_version": "1.0",
    "updated_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
    "stale_after": (now + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "platform_status": "unknown",
    "backups": {"policy": "Nightly backups, 7-day retention, off-site object storage."},
    "infrastructure": {
        "model": "Dedicated droplet per client + managed database cluster.",
        "regions": ["nyc3"],
        "notes": "All sites behind managed HTTPS and monitored 24/7.",
    },
}, separators=(",", ":")))
"""

MINIMAL = "import msgspec\nfrom elytra_status_contract import decode, encode\n"

NEEDED = MINIMAL + (
    "import elytra_status_core._config\nimport elytra_status_core._core.build\nimport elytra_status_core._core.redact\n"
)


def _stale_bytecode() -> tuple[int, int]:
    """(modules of both packages whose bytecode is missing or out of date, modules in all)."""
    import importlib.util

    stale = total = 0
    for package in ("elytra_status_contract", "elytra_status_core"):
        spec = importlib.util.find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            for source in Path(folder).rglob("*.py"):
                total += 1
                cached = Path(importlib.util.cache_from_source(str(source)))
                try:
                    header = cached.read_bytes()[:16]
                except OSError:
                    stale += 1
                    continue
                info = source.stat()
                flags = int.from_bytes(header[4:8], "little")
                fresh = (
                    header[:4] == importlib.util.MAGIC_NUMBER
                    and (
                        flags != 0  # hash-based bytecode: valid whatever the time stamp
                        or (
                            int.from_bytes(header[8:12], "little") == int(info.st_mtime) & 0xFFFFFFFF
                            and int.from_bytes(header[12:16], "little") == info.st_size & 0xFFFFFFFF
                        )
                    )
                )
                stale += not fresh
    return stale, total


def _time(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description="Start-up time of `elytra status summary` against two baselines.")
    parser.add_argument("--rounds", type=int, default=40, help="rounds of the four commands (default 40)")
    args = parser.parse_args()
    stale, total = _stale_bytecode()
    if stale and sys.flags.dont_write_bytecode:
        print(
            f"warning: {stale} of {total} modules have no up-to-date bytecode and compile at every start; run make sync"
        )
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        (cwd / "static.toml").write_text(CONFIG, encoding="utf-8")
        commands = {
            "summary": [
                sys.executable,
                "-m",
                "elytra_status_core",
                "status",
                "summary",
                "--json",
                "--config",
                "static.toml",
            ],
            "stub": [sys.executable, "-c", STUB],
            "minimal": [sys.executable, "-c", MINIMAL],
            "needed": [sys.executable, "-c", NEEDED],
        }
        for command in commands.values():  # warm the page cache; the first run of each is not counted
            _time(command, cwd)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for round_ in range(args.rounds):
            names = list(commands)
            order = names if round_ % 2 == 0 else names[::-1]
            for name in order:
                samples[name].append(_time(commands[name], cwd))
    median = {name: statistics.median(values) for name, values in samples.items()}
    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, {args.rounds} rounds")
    for name, value in median.items():
        print(f"{name:<8} median {value * 1000:6.1f} ms")
    print(f"summary / stub     {median['summary'] / median['stub']:.2f}x")
    print(f"summary / minimal  {median['summary'] / median['minimal']:.2f}x   (target <= 1.30x)")
    print(f"needed / minimal   {median['needed'] / median['minimal']:.2f}x   (the modules the command needs)")
    print(f"summary / needed   {median['summary'] / median['needed']:.2f}x   (the CLI and the work)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
