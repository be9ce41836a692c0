"""Recall and false alarms of the redaction detectors, next to the original spec's grep; scan times.

Run: ``uv run python bench/redaction_corpus.py`` (prints the tables of
``docs/redaction.md``; ``tests/test_redaction.py`` checks the document still
shows the accuracy tables; the times are the machine's and are not checked).

The corpus is ``tests/data/redaction/``: ``leaks.jsonl`` (one leak per line,
labelled with the detector meant to catch it and the family of leak it
belongs to) and ``benign.jsonl`` (status and marketing prose that resembles
leaks, by family). The original spec guarded the upload with
``grep -Eqi 'password|secret|ip|bucket|s3://'``; that exact command is run
on every corpus item.
"""

from __future__ import annotations

import base64
import json
import platform
import random
import shutil
import string
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from elytra_status_core._core.redact import detector_names, looks_random, scan_output, scan_text

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "redaction"
GREP_PATTERN = "password|secret|ip|bucket|s3://"

LEAK_FAMILIES = {
    "token": "tokens and keys of a known shape (AWS, GitHub, Slack, JWT, PEM, webhooks)",
    "url": "URLs that carry credentials, database and s3:// URLs",
    "address": "IP addresses in any notation, internal and service-discovery hosts, endpoints, e-mail",
    "assignment": "a secret given to a name: compound names, abbreviations, prose, other languages",
    "unicode": "zero-width characters, soft hyphens, fullwidth forms, Cyrillic and Greek look-alikes",
    "placeholder": "real values wrapped in brackets or placed after a masked part",
    "encoding": "percent-encoded and base64-encoded secrets",
    "random": "random values without a known prefix",
}
BENIGN_FAMILIES = {
    "prose": "ordinary status and marketing prose",
    "secret-prose": "prose about how secrets are handled",
    "version": "version numbers in a version context",
    "numbers": "dates, clock times, ratios, numbers an address parser would read",
    "sso-link": "single-sign-on links",
    "git-remote": "git remote URLs",
    "social-handle": "social-network handles",
    "dotfile": "dotfile and config file names",
    "marketing-code": "marketing codes and hashtags in capitals",
    "commit-hash": "commit hashes",
    "unicode": "text with accents and in other scripts",
    "placeholder": "documentation placeholders (<your-token>, ${TOKEN}, ***)",
    "settings": "ordinary settings written as name=value or name: value",
}


@dataclass(frozen=True)
class Item:
    text: str
    detector: str | None
    """The detector meant to catch it; ``None`` for benign prose."""
    family: str
    note: str | None = None


def load(name: str) -> list[Item]:
    items: list[Item] = []
    for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            items.append(Item(raw["text"], raw.get("detector"), raw["family"], raw.get("note")))
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
    per_leak_family: dict[str, tuple[int, int, int]] = field(default_factory=dict[str, tuple[int, int, int]])
    """family -> (leaks, caught by the detectors, caught by grep)."""
    per_benign_family: dict[str, tuple[int, int, int]] = field(default_factory=dict[str, tuple[int, int, int]])
    """family -> (texts, flagged by the detectors, flagged by grep)."""
    flagged: tuple[tuple[str, str], ...] = ()
    """Benign texts a detector flags, with what it reports."""


def figures() -> Figures:
    leaks, benign = load("leaks.jsonl"), load("benign.jsonl")
    per: dict[str, list[int]] = {name: [0, 0, 0] for name in detector_names()}
    leak_families: dict[str, list[int]] = {name: [0, 0, 0] for name in LEAK_FAMILIES}
    benign_families: dict[str, list[int]] = {name: [0, 0, 0] for name in BENIGN_FAMILIES}
    caught = own = grep_caught = false_alarms = grep_false_alarms = 0
    flagged: list[tuple[str, str]] = []
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
        family = leak_families[item.family]
        family[0] += 1
        family[1] += bool(fired)
        family[2] += grepped
    for item in benign:
        findings = scan_text(item.text)
        grepped = grep_flags(item.text)
        false_alarms += bool(findings)
        grep_false_alarms += grepped
        if findings:
            flagged.append((item.text, "; ".join(str(f) for f in findings)))
        family = benign_families[item.family]
        family[0] += 1
        family[1] += bool(findings)
        family[2] += grepped
    return Figures(
        leaks=len(leaks),
        benign=len(benign),
        caught=caught,
        caught_by_own=own,
        false_alarms=false_alarms,
        grep_caught=grep_caught,
        grep_false_alarms=grep_false_alarms,
        per_detector={name: (r[0], r[1], r[2]) for name, r in per.items()},
        per_leak_family={name: (r[0], r[1], r[2]) for name, r in leak_families.items()},
        per_benign_family={name: (r[0], r[1], r[2]) for name, r in benign_families.items()},
        flagged=tuple(flagged),
    )


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f}%)" if whole else "0/0"


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


def leak_family_table(f: Figures) -> str:
    lines = [
        "| leak family | leaks | caught by the detectors (recall) | caught by the grep |",
        "|---|---|---|---|",
    ]
    for name, (count, caught, grep) in f.per_leak_family.items():
        lines.append(f"| {name}: {LEAK_FAMILIES[name]} | {count} | {_share(caught, count)} | {_share(grep, count)} |")
    return "\n".join(lines)


def benign_family_table(f: Figures) -> str:
    lines = [
        "| benign family | texts | flagged by the detectors (false alarms) | flagged by the grep |",
        "|---|---|---|---|",
    ]
    for name, (count, flagged, grep) in f.per_benign_family.items():
        lines.append(
            f"| {name}: {BENIGN_FAMILIES[name]} | {count} | {_share(flagged, count)} | {_share(grep, count)} |"
        )
    return "\n".join(lines)


def detector_table(f: Figures) -> str:
    lines = ["| detector | leaks in corpus | caught by this detector | caught by the grep |", "|---|---|---|---|"]
    for name, (count, own, grep) in f.per_detector.items():
        lines.append(f"| `{name}` | {count} | {own} | {grep} |")
    return "\n".join(lines)


# --- the detectors that judge randomness, on random tokens -----------------------------------------------

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
        "capitals + digits, 24 chars": lambda: "".join(
            rng.choice(string.ascii_uppercase + string.digits) for _ in range(24)
        ),
        "DO + 18 capitals and digits (Spaces access key)": lambda: (
            "DO"
            + rng.choice(string.digits)
            + "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(17))
        ),
    }


def _spaces_key(token: str) -> bool:
    return "spaces-key" in {f.detector for f in scan_text(token)}


def random_token_table(samples: int = 20000, seed: int = 20251110) -> str:
    rng = random.Random(seed)
    lines = [f"| random token shape | caught ({samples} samples each) |", "|---|---|"]
    for label, make in _shapes(rng).items():
        check = _spaces_key if label.startswith("DO ") else looks_random
        caught = sum(check(make()) for _ in range(samples))
        lines.append(f"| {label} | {100 * caught / samples:.2f}% |")
    return "\n".join(lines)


# --- inputs that make backtracking patterns blow up ----------------------------------------------


def adversarial_inputs(size: int = 1 << 20, seed: int = 7) -> dict[str, str]:
    """Texts of about ``size`` characters in the shapes that make naive patterns backtrack."""
    rng = random.Random(seed)
    b64 = string.ascii_letters + string.digits + "+/"
    return {
        "runs of `a.`": "a." * (size // 2),
        "`aaaa...`": "a" * size,
        "`x=x=x=...`": "x=" * (size // 2),
        "`password=password=...`": "password=" * (size // 9),
        "a dotted hostname-like run": ".".join("ab" for _ in range(size // 3)),
        "a dotted number-like run": ".".join("1" for _ in range(size // 2)),
        "one base64-like run": "".join(rng.choice(b64) for _ in range(size)),
        "base64 words": " ".join(base64.b64encode(rng.randbytes(12)).decode() for _ in range(size // 17)),
        "`%41%41...`": "%41" * (size // 3),
        "zero-width characters between letters": "a\u200b" * (size // 2),
        "`a@a@a@...`": "a@" * (size // 2),
        "`1:1:1:...`": "1:" * (size // 2),
        "secret words and separators": " ".join(
            rng.choice(["password", "token", "key:", "is", "=", "secret", "10.0", "status"]) for _ in range(size // 6)
        ),
    }


TYPICAL_DOCUMENT = json.dumps(
    {
        "schema_version": "1.1",
        "updated_at": "2025-11-10T12:00:00Z",
        "stale_after": "2025-11-10T12:30:00Z",
        "platform_status": "operational",
        "uptime": {"last_24h": 99.99, "last_7d": 99.97},
        "backups": {
            "policy": "Nightly backups, 7-day retention, off-site object storage.",
            "last_successful_backup": "2025-11-10T02:01:30Z",
            "last_backup_status": "success",
        },
        "infrastructure": {
            "model": "Dedicated droplet per client + managed database cluster.",
            "notes": "All sites behind managed HTTPS and monitored 24/7.",
            "regions": ["nyc3", "ams3", "fra1"],
        },
    }
)


def _cpu_seconds(run: Callable[[], object], repeat: int) -> float:
    """The best of five: CPU seconds per call of ``run`` (wall time on a shared machine says little)."""
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        for _ in range(repeat):
            run()
        best = min(best, (time.process_time() - start) / repeat)
    return best


def _start_costs() -> tuple[float, float]:
    """Milliseconds to import the scanner, and to scan the typical document right after, in a fresh interpreter."""
    code = (
        "import time\nimport msgspec, re, dataclasses\nt0 = time.perf_counter()\n"
        "import elytra_status_core._core.redact as r\nt1 = time.perf_counter()\n"
        f"r.scan_output({TYPICAL_DOCUMENT!r})\nt2 = time.perf_counter()\n"
        "print((t1 - t0) * 1000, (t2 - t1) * 1000)"
    )
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True) for _ in range(7)]
    imports = sorted(float(run.stdout.split()[0]) for run in runs)
    scans = sorted(float(run.stdout.split()[1]) for run in runs)
    return imports[len(imports) // 2], scans[len(scans) // 2]


def timing_report() -> str:
    """Scan times on this machine (not checked by the tests: they depend on the machine)."""
    from elytra_status_core._core.redact import scan

    leaks, benign = load("leaks.jsonl"), load("benign.jsonl")
    sentences = [item.text for item in leaks + benign]

    def cold_sentences() -> None:
        for text in sentences:
            scan.forget_scanned()
            scan_text(text)

    per_sentence = _cpu_seconds(cold_sentences, 3) / len(sentences)

    def cold_document() -> None:
        scan.forget_scanned()
        scan_output(TYPICAL_DOCUMENT)

    cold = _cpu_seconds(cold_document, 200)
    warm = _cpu_seconds(lambda: scan_output(TYPICAL_DOCUMENT), 200)
    imported, first = _start_costs()
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d} on {platform.machine()} {platform.processor() or platform.system()}, "
        f"Python {platform.python_version()} (CPU time, best of five):",
        "",
        "| what | time |",
        "|---|---|",
        f"| one corpus sentence, scanned from cold (mean over {len(sentences)}) | {per_sentence * 1e6:.0f} µs |",
        f"| the typical document (`TYPICAL_DOCUMENT`, 27 strings), first scan | {cold * 1e6:.0f} µs |",
        f"| the same document scanned again (its strings remembered) | {warm * 1e6:.0f} µs |",
        f"| `import elytra_status_core._core.redact` (its own cost, median of 7 fresh interpreters) | {imported:.1f} ms |",
        f"| the first scan after that import (compiles the patterns it needs) | {first:.1f} ms |",
    ]
    lines += ["", "| 1 MiB input | scan time |", "|---|---|"]
    for label, text in adversarial_inputs().items():
        start = time.process_time()
        scan_text(text)
        lines.append(f"| {label} | {time.process_time() - start:.2f} s |")
    return "\n".join(lines)


def main() -> None:
    f = figures()
    print(summary_table(f))
    print()
    print(leak_family_table(f))
    print()
    print(benign_family_table(f))
    print()
    print(detector_table(f))
    print()
    print(random_token_table())
    print()
    for text, found in f.flagged:
        print(f"false alarm: {text!r}: {found}")
    print(timing_report())


if __name__ == "__main__":
    main()
