"""Benchmark: how long ``elytra status summary`` takes to start, against two baselines.

Three commands, each a fresh interpreter, run in alternating order (so a
change in machine load hits all three alike) for ``--rounds`` rounds:

- ``summary``: ``elytra status summary --json`` on a static config (no
  sources: infrastructure and backup policy text only), through the real CLI;
- ``stub``: a script that prints the same JSON with ``json`` and
  ``datetime`` only, like the original spec's stub CLI;
- ``minimal``: a script that imports only msgspec and the contract
  (``decode``/``encode``), the least any reader of the document loads.

It prints the median wall time of each and the ratios measured in the same
run. Target: ``summary`` at most 1.3x ``minimal``.

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


def _time(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description="Start-up time of `elytra status summary` against two baselines.")
    parser.add_argument("--rounds", type=int, default=40, help="rounds of the three commands (default 40)")
    args = parser.parse_args()
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
