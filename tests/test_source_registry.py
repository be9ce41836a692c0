"""The registry of kinds: what each kind's monitor keys are, which kinds answer fixed ranges, the docs table."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from elytra_status_core import parse_config
from elytra_status_core._sources.base import RangeSource, Source, SourceContext
from elytra_status_core._sources.gatus import Gatus
from elytra_status_core._sources.healthchecks import Healthchecks
from elytra_status_core._sources.prometheus import Prometheus
from elytra_status_core._sources.registry import SOURCE_KINDS, docs_table, make_source, source_module
from elytra_status_core._sources.uptimerobot import UptimeRobot

TABLES = {
    "uptime-kuma": 'url = "https://u"\nstatus_page = "p"',
    "betterstack": 'token_env = "T"',
    "prometheus": 'url = "http://127.0.0.1:9090"\nquery = "up"',
    "restic": 'snapshots = "r.json"',
    "borg": 'list = "b.json"\ntimezone = "UTC"',
    "object-listing": 'prefix = "s3://b/p/"',
    "uptimerobot": 'token_env = "T"',
    "healthchecks": 'token_env = "T"',
    "gatus": 'url = "https://gatus.example.com"',
}
RANGES = {"uptimerobot", "healthchecks", "prometheus", "betterstack"}
"""The kinds that answer availability over a fixed range (``base.RangeSource``), for history."""


def test_every_kind_has_a_table_here() -> None:
    assert set(TABLES) == set(SOURCE_KINDS)


@pytest.mark.parametrize("kind", SOURCE_KINDS)
def test_every_kind_says_what_its_monitor_key_is(kind: str) -> None:
    key = source_module(kind).MONITOR_KEY
    assert isinstance(key, str) and key.strip() == key and key
    row = next(line for line in docs_table().splitlines() if line.startswith(f"| [`{kind}`]"))
    assert f" | {key.replace('|', chr(92) + '|')} | " in row


def test_the_docs_table_has_a_monitor_key_column() -> None:
    header, rule, *rows = docs_table().splitlines()
    assert header == "| kind | reads | monitor key | keys |"
    assert rule == "|---|---|---|---|"
    assert all(row.count(" | ") == 3 for row in rows)


@pytest.mark.parametrize("kind", SOURCE_KINDS)
def test_the_kinds_that_answer_fixed_ranges(kind: str, tmp_path: Path) -> None:
    loaded = parse_config(f'[[sources]]\nkind = "{kind}"\n{TABLES[kind]}\n', base=tmp_path)
    built = make_source(loaded.sources[0], SourceContext(base=loaded.base))
    method = getattr(type(built), "range_availability", None)
    assert (method is not None and inspect.iscoroutinefunction(method)) == (kind in RANGES)
    if method is not None:
        assert list(inspect.signature(method).parameters) == ["self", "fetcher", "start", "end"]


def conforming_sources(robot: UptimeRobot, checks: Healthchecks, prometheus: Prometheus, gatus: Gatus) -> list[Source]:
    """Checked by pyright: the range-capable kinds are ``RangeSource``s, every kind a ``Source``."""
    ranged: list[RangeSource] = [robot, checks, prometheus]
    return [*ranged, gatus]
