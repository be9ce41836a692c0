"""Recall and false alarms of the redaction detectors, next to the original spec's grep.

Run: ``uv run python bench/redaction_corpus.py`` (prints the tables of
``docs/redaction.md``; ``tests/test_redaction.py`` checks the document still
shows these figures).

The corpus is ``tests/data/redaction/``: ``leaks.jsonl`` (one leak per line,
labelled with the detector meant to catch it) and ``benign.jsonl`` (status
and marketing prose that resembles leaks). The original spec guarded the
upload with ``grep -Eqi 'password|secret|ip|bucket|s3://'``; that exact
command is run on every corpus item.
"""

from __future__ import annotations

import base64
import json
import random
import shutil
import string
import subprocess
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from elytra_status_core._core.redact import detector_names, looks_random, scan_text

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "redaction"
GREP_PATTERN = "password|secret|ip|bucket|s3://"


@dataclass(frozen=True)
class Item:
    text: str
    detector: str | None
    """The detector meant to catch it; ``None`` for benign prose."""


def load(name: str) -> list[Item]:
    items: list[Item] = []
    for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            items.append(Item(raw["text"], raw.get("detector")))
    return items


def grep_flags(text: str) -> bool:
    """The original spec's check, run as the real command on ``text``."""
    grep = shutil.which("grep")
    if grep is None:
        raise RuntimeError("grep is not installed")
    result = subprocess.run([grep, "-Eqi", GREP_PATTERN], input=text.encode(), capture_output=True, check=False)
    if result.returncode not in (0, 1):
        raise RuntimeError(result.stderr.decode())
    return result.returncode == 0


@dataclass(frozen=True)
class Figures:
    leaks: int
    benign: int
    caught: int
    """Leaks on which any detector fires."""
    caught_by_own: int
    """Leaks on which the detector they are labelled with fires."""
    false_alarms: int
    grep_caught: int
    grep_false_alarms: int
    per_detector: dict[str, tuple[int, int, int]]
    """detector -> (leaks labelled with it, caught by it, caught by grep)."""


def figures() -> Figures:
    leaks, benign = load("leaks.jsonl"), load("benign.jsonl")
    per: dict[str, list[int]] = {name: [0, 0, 0] for name in detector_names()}
    caught = own = grep_caught = 0
    for item in leaks:
        assert item.detector is not None
        fired = {f.detector for f in scan_text(item.text)}
        grepped = grep_flags(item.text)
        caught += bool(fired)
        own += item.detector in fired
        grep_caught += grepped
        row = per[item.detector]
        row[0] += 1
        row[1] += item.detector in fired
        row[2] += grepped
    false_alarms = sum(bool(scan_text(item.text)) for item in benign)
    grep_false_alarms = sum(grep_flags(item.text) for item in benign)
    return Figures(
        leaks=len(leaks),
        benign=len(benign),
        caught=caught,
        caught_by_own=own,
        false_alarms=false_alarms,
        grep_caught=grep_caught,
        grep_false_alarms=grep_false_alarms,
        per_detector={name: (r[0], r[1], r[2]) for name, r in per.items()},
    )


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f}%)"


def summary_table(f: Figures) -> str:
    grep = "grep -Eqi '" + GREP_PATTERN.replace("|", "\\|") + "'"  # pipes escaped inside a Markdown table
    return "\n".join(
        [
            "| check | leaks caught (recall) | benign texts flagged (false-alarm rate) |",
            "|---|---|---|",
            f"| elytra-status detectors | {_share(f.caught, f.leaks)} | {_share(f.false_alarms, f.benign)} |",
            f"| original spec: `{grep}` | {_share(f.grep_caught, f.leaks)} | {_share(f.grep_false_alarms, f.benign)} |",
        ]
    )


def detector_table(f: Figures) -> str:
    lines = ["| detector | leaks in corpus | caught by this detector | caught by the grep |", "|---|---|---|---|"]
    for name, (count, own, grep) in f.per_detector.items():
        lines.append(f"| `{name}` | {count} | {own} | {grep} |")
    return "\n".join(lines)


# --- the high-entropy detector on random tokens -----------------------------------------------

_B62 = string.ascii_letters + string.digits


def _shapes(rng: random.Random) -> dict[str, Callable[[], str]]:
    return {
        "base62, 20 chars": lambda: "".join(rng.choice(_B62) for _ in range(20)),
        "base62, 24 chars": lambda: "".join(rng.choice(_B62) for _ in range(24)),
        "base62, 32 chars": lambda: "".join(rng.choice(_B62) for _ in range(32)),
        "base62, 40 chars": lambda: "".join(rng.choice(_B62) for _ in range(40)),
        "base64, 40 chars (AWS secret key)": lambda: base64.b64encode(rng.randbytes(30)).decode(),
        "base64, 43 chars (Spaces secret key)": lambda: base64.b64encode(rng.randbytes(32)).decode().rstrip("="),
        "lower case + digits, 20 chars": lambda: "".join(
            rng.choice(string.ascii_lowercase + string.digits) for _ in range(20)
        ),
        "lower case + digits, 32 chars": lambda: "".join(
            rng.choice(string.ascii_lowercase + string.digits) for _ in range(32)
        ),
        "hex, 32 chars": lambda: rng.randbytes(16).hex(),
        "hex, 40 chars": lambda: rng.randbytes(20).hex(),
        "UUID": lambda: str(uuid.UUID(int=rng.getrandbits(128))),
    }


def random_token_table(samples: int = 20000, seed: int = 20251110) -> str:
    rng = random.Random(seed)
    lines = [f"| random token shape | caught ({samples} samples each) |", "|---|---|"]
    for label, make in _shapes(rng).items():
        caught = sum(looks_random(make()) for _ in range(samples))
        lines.append(f"| {label} | {100 * caught / samples:.2f}% |")
    return "\n".join(lines)


def main() -> None:
    f = figures()
    print(summary_table(f))
    print()
    print(detector_table(f))
    print()
    print(random_token_table())


if __name__ == "__main__":
    main()
