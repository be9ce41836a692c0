"""``make demo``: publish ``public/status.json`` from the bundled example data, made current first.

The files under ``examples/data/`` are saved answers of real systems (an
Uptime Kuma status-page API, ``restic snapshots --json``, ``borg list
--json``), recorded at fixed instants. Published as they are, their
heartbeats would be days old, and elytra-status counts a monitor state older
than ``status.max_observation_age`` (30 minutes) as no data: the demo would
rightly say ``unknown``. So the demo first copies them to ``build/demo/``
with every timestamp moved forward:

- heartbeats by the exact time that makes the newest one a minute old;
- backups by whole days, so the newest nightly run is last night's (times of
  day, and borg's local times, stay what they were).

Then it runs the real ``elytra status publish --config examples/demo.toml``
(the config reads ``build/demo/``) and says what it did.

    uv run python examples/demo.py
"""

from __future__ import annotations

import re
import shutil
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TEMPLATES = HERE / "data"
OUT = ROOT / "build" / "demo"
CONFIG = HERE / "demo.toml"

# Timestamps as the saved files write them: Kuma's "2025-11-10 11:00:05.137"
# (UTC, no offset), restic's offsets with nine fraction digits, borg's local
# times, and the dates inside borg archive names.
_INSTANT = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})(?P<sep>[T ])(?P<time>\d{2}:\d{2}:\d{2})"
    r"(?:\.(?P<fraction>\d{1,9}))?(?P<offset>Z|[+-]\d{2}:\d{2})?"
)


def _parse(match: re.Match[str]) -> datetime:
    fraction = (match["fraction"] or "")[:6].ljust(6, "0")
    offset = match["offset"] or ""
    text = f"{match['date']}T{match['time']}.{fraction}{'+00:00' if offset == 'Z' else offset}"
    return datetime.fromisoformat(text)


def _format(match: re.Match[str], value: datetime) -> str:
    text = value.strftime(f"%Y-%m-%d{match['sep']}%H:%M:%S")
    fraction = match["fraction"]
    if fraction is not None:
        micro = f"{value.microsecond:06d}"
        text += "." + (micro + fraction[6:])[: len(fraction)]
    return text + (match["offset"] or "")


def _shift(text: str, delta: timedelta) -> str:
    return _INSTANT.sub(lambda m: _format(m, _parse(m) + delta), text)


def _newest(texts: list[str]) -> datetime:
    """The newest instant in ``texts``, read as UTC where it has no offset."""
    found = [_parse(m) for text in texts for m in _INSTANT.finditer(text)]
    return max(v if v.tzinfo else v.replace(tzinfo=UTC) for v in found)


def prepare(out: Path, now: datetime) -> list[str]:
    """Copy the templates to ``out`` made current at ``now``; return what was done, one line each."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(TEMPLATES, out)
    kuma = sorted(p for p in (out / "uptime-kuma").rglob("*") if p.is_file() and "heartbeat" in p.parts)
    backups = sorted((out / "backups").glob("*.json"))
    kuma_texts = [p.read_text(encoding="utf-8") for p in kuma]
    beat_shift = now - timedelta(minutes=1) - _newest(kuma_texts)
    for path, text in zip(kuma, kuma_texts, strict=True):
        path.write_text(_shift(text, beat_shift), encoding="utf-8")
    backup_texts = [p.read_text(encoding="utf-8") for p in backups]
    newest_backup = _newest(backup_texts)
    days = timedelta(days=(now - newest_backup).days)
    for path, text in zip(backups, backup_texts, strict=True):
        path.write_text(_shift(text, days), encoding="utf-8")
    notices = _write_notices(out / "notices", now)
    return [
        f"demo data: copied examples/data to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}",
        f"  Uptime Kuma heartbeats moved forward by {beat_shift.days} days {beat_shift.seconds // 3600} h, "
        "so the newest beat is a minute old (older states would count as no data)",
        f"  restic and borg backups moved forward by {days.days} days, so the newest nightly run is the last one",
        f"  demo notices written relative to now: {', '.join(notices)}",
    ]


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _write_notices(folder: Path, now: datetime) -> list[str]:
    """A maintenance window announced for tomorrow night, as `elytra notice new maintenance` would write it."""
    folder.mkdir(parents=True, exist_ok=True)
    start = (now + timedelta(days=1)).replace(hour=2, minute=0, second=0, microsecond=0)
    notice_id = f"{start:%Y-%m-%d}-database-upgrade"
    (folder / f"{notice_id}.toml").write_text(
        f"""# Demo data: a maintenance window generated relative to the time `make demo` ran.
kind = "maintenance"
title = "Database cluster upgrade"
impact = "none"
components = ["panel"]
scheduled_for = {_stamp(start)}
scheduled_until = {_stamp(start + timedelta(hours=1))}

[[updates]]
at = {_stamp(now - timedelta(hours=3))}
status = "scheduled"
body = '''
We will upgrade the managed database cluster. The control panel may be slow
for a few minutes; customer websites are not affected.'''
""",
        encoding="utf-8",
    )
    return [notice_id]


def seed_history(public: Path, now: datetime) -> str:
    """Start ``public/history.json`` from 90 generated days (demo data), so the day bars have a shape.

    A real publisher builds its history one run at a time (or with `elytra
    history backfill`); the demo's run then merges today's sample into this.
    """
    from elytra_status_contract import encode_history
    from elytra_status_core._core.history import history_fixtures

    public.mkdir(parents=True, exist_ok=True)
    (public / "history.json").write_bytes(encode_history(history_fixtures(now)["bad-week"]))
    return "demo history: public/history.json started from 90 generated days with a bad week (demo data)"


def main() -> int:
    from elytra_status_core._cli import main as elytra

    now = datetime.now(UTC)
    for line in prepare(OUT, now):
        print(line)
    print(seed_history(ROOT / "public", now))
    print("running: elytra status publish --config examples/demo.toml")
    code = elytra(["status", "publish", "--config", str(CONFIG)])
    if code == 0:
        print("done: public/ holds what the site and the ecosystem read: status.json, history.json, the feeds,")
        print("      the badges and the Statuspage API (api/v2/); `elytra status summary --config examples/demo.toml`")
        print("      prints the document readably, `elytra history show --from public/history.json` the days")
    return code


if __name__ == "__main__":
    sys.exit(main())
