"""Benchmark: how long ``elytra status summary`` takes to start, against three baselines.

Five commands, each a fresh interpreter, run in alternating order (so a
change in machine load hits all alike) for ``--rounds`` rounds:

- ``summary``: ``elytra status summary --json`` on a static config (no
  sources: infrastructure and backup policy text only), through the
  ``elytra`` script installed beside the interpreter (``python -m
  elytra_status_core`` where there is none);
- ``stub``: a script that prints the same JSON with ``json`` and
  ``datetime`` only, like the original spec's stub CLI;
- ``minimal``: a script that imports only msgspec and the contract
  (``decode``/``encode``), the least any reader of the document loads;
- ``needed``: ``minimal`` plus the other modules the command needs (the
  config, the core that builds the document, the redaction detectors),
  imported and not used;
- ``work``: the command's work done through the library with no CLI at all:
  read and decode the config, scan its text, build, encode, scan the bytes,
  print them masked.

``needed`` and ``work`` are not targets: they split the gap between
``summary`` and ``minimal`` into the cost of the modules, of the work itself,
and of the CLI around it (argument parsing, finding the config, the run's
secrets, logging).

It prints the median wall time of each, the median CPU time (user and
system: less sensitive to other work on the machine than wall time, though
not immune), and the ratios of both measured in the same run. Target:
``summary`` at most 1.3x ``minimal`` in wall time.

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
import resource
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

WORK = """\
import sys
from datetime import UTC, datetime
from elytra_status_contract import encode
from elytra_status_core._config import parse_config
from elytra_status_core._core.build import build_document
from elytra_status_core._core.observations import Observations
from elytra_status_core._core.redact import redact_text, scan_output, scan_text
with open("static.toml", encoding="utf-8") as file:
    config = parse_config(file.read()).config
for text in (config.infrastructure.model, config.infrastructure.notes, config.backups.policy):
    assert not scan_text(text or "")
doc = build_document(
    Observations(), now=datetime.now(UTC), status=config.status,
    infrastructure=config.infrastructure, backups=config.backups,
)
data = encode(doc)
assert not scan_output(data)
sys.stdout.write(redact_text(data.decode()) + "\\n")
"""


def _stale_bytecode() -> tuple[int, int]:
    """(modules of both packages whose bytecode is missing or older than the source, modules in all)."""
    import importlib.util

    stale = total = 0
    for package in ("elytra_status_contract", "elytra_status_core"):
        spec = importlib.util.find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            for source in Path(folder).rglob("*.py"):
                total += 1
                cached = Path(importlib.util.cache_from_source(str(source)))
                stale += not cached.exists() or cached.stat().st_mtime < source.stat().st_mtime
    return stale, total


def _elytra() -> list[str]:
    """The ``elytra`` command as installed beside this interpreter (what a user runs), else ``python -m``."""
    script = Path(sys.executable).with_name("elytra")
    return [str(script)] if script.exists() else [sys.executable, "-m", "elytra_status_core"]


def _time(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time and CPU time (user and system) of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description="Start-up time of `elytra status summary` against three baselines.")
    parser.add_argument("--rounds", type=int, default=40, help="rounds of the five commands (default 40)")
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
            "summary": [*_elytra(), "status", "summary", "--json", "--config", "static.toml"],
            "stub": [sys.executable, "-c", STUB],
            "minimal": [sys.executable, "-c", MINIMAL],
            "needed": [sys.executable, "-c", NEEDED],
            "work": [sys.executable, "-c", WORK],
        }
        for command in commands.values():  # warm the page cache; the first run of each is not counted
            _time(command, cwd)
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for round_ in range(args.rounds):
            names = list(commands)
            order = names if round_ % 2 == 0 else names[::-1]
            for name in order:
                wall, cpu = _time(commands[name], cwd)
                walls[name].append(wall)
                cpus[name].append(cpu)
    wall = {name: statistics.median(values) for name, values in walls.items()}
    cpu = {name: statistics.median(values) for name, values in cpus.items()}
    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, {args.rounds} rounds")
    print("medians   wall       cpu (user + system)")
    for name in commands:
        print(f"{name:<8} {wall[name] * 1000:6.1f} ms  {cpu[name] * 1000:6.1f} ms")
    ratios = [
        ("summary", "stub", ""),
        ("summary", "minimal", "target <= 1.30x"),
        ("needed", "minimal", "the modules the command needs"),
        ("work", "minimal", "the work, without the CLI"),
        ("summary", "work", "the CLI around the work"),
    ]
    for top, bottom, note in ratios:
        shown = f"{top} / {bottom}"
        line = f"{shown:<18} {wall[top] / wall[bottom]:5.2f}x   {cpu[top] / cpu[bottom]:5.2f}x"
        print(f"{line}   ({note})" if note else line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
