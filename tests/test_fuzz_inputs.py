"""Hypothesis fuzzing of what users feed the CLI: config files and documents.

Invalid input must always end in a clear error: exit 2 (usage or config) or
1 (the document or publish failed), one message on stderr, never a
traceback, and never the CLI's last-resort "this is a bug" line.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from elytra_status_core import ConfigError, ContractError, LeakDetected, PlatformStatus, decode, parse_config
from elytra_status_core._cli import main
from elytra_status_core._run import render_document

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


_counter = itertools.count()


def fresh(folder: Path, name: str) -> Path:
    """A new file path per example (plain names: a random one would be masked as a token in messages)."""
    sub = folder / f"example-{next(_counter)}"
    sub.mkdir()
    return sub / name


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_clear(code: int, err: str, allowed: Sequence[int]) -> None:
    event(f"exit {code}")
    assert code in allowed, err
    assert "Traceback" not in err
    assert "this is a bug" not in err, err
    if code != 0:
        assert err.strip(), "an error exit must say why"


# --- a small TOML writer, so structured configs can be generated -------------------------


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        items = cast(Mapping[str, object], value)
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in items.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in cast(list[object], value)) + "]"
    raise TypeError(type(value))


def to_toml(config: Mapping[str, object]) -> str:
    """Top-level scalars, then tables, then arrays of tables (inline values below that)."""
    lines: list[str] = []
    tables: list[tuple[str, Mapping[str, object]]] = []
    arrays: list[tuple[str, list[Mapping[str, object]]]] = []
    for key, value in config.items():
        items = cast(list[object], value) if isinstance(value, list) else None
        if isinstance(value, Mapping):
            tables.append((key, cast(Mapping[str, object], value)))
        elif items and all(isinstance(v, Mapping) for v in items):
            arrays.append((key, cast(list[Mapping[str, object]], items)))
        else:
            lines.append(f"{json.dumps(key)} = {_toml_value(cast(object, value))}")
    for key, table in tables:
        lines.append(f"\n[{json.dumps(key)}]")
        lines += [f"{json.dumps(k)} = {_toml_value(v)}" for k, v in table.items()]
    for key, items in arrays:
        for item in items:
            lines.append(f"\n[[{json.dumps(key)}]]")
            lines += [f"{json.dumps(k)} = {_toml_value(v)}" for k, v in item.items()]
    return "\n".join(lines) + "\n"


KNOWN_KEYS = {
    "status": ["stale_after", "operational_min_24h", "outage_share", "uptime_aggregation"],
    "infrastructure": ["model", "regions", "notes"],
    "backups": ["policy", "max_age"],
    "collect": ["concurrency", "deadline", "request_timeout", "retries", "max_bytes"],
    "redaction": ["allow"],
    "publish_options": ["deadline", "attempt_timeout", "backoff_max", "lock_file"],
}
SOURCE_KEYS = [
    "kind",
    "url",
    "status_page",
    "token_env",
    "query",
    "snapshots",
    "list",
    "timezone",
    "prefix",
    "name",
    "uptime_7d",
]
PUBLISH_KEYS = ["url", "endpoint_url", "region", "acl", "cache_control", "content_type"]

scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(
        ["30m", "0s", "90s", "1h30m", "-5m", "36h", "7d", "mean", "min", "nyc3", "uptime-kuma", "prometheus"]
    ),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)),
)
values = st.one_of(scalars, st.lists(scalars, max_size=3), st.dictionaries(st.text(max_size=8), scalars, max_size=2))
any_key = st.text(min_size=1, max_size=12)


def _table(keys: list[str]) -> st.SearchStrategy[dict[str, object]]:
    return st.dictionaries(st.sampled_from(keys) | any_key, values, max_size=len(keys) + 1)


config_dicts = st.fixed_dictionaries(
    {},
    optional={
        **{section: _table(keys) for section, keys in KNOWN_KEYS.items()},
        "sources": st.lists(_table(SOURCE_KEYS), max_size=2),
        "publish": st.lists(_table(PUBLISH_KEYS), max_size=2),
        "unknown_section": _table(["x"]),
    },
)


@FUZZ
@given(config=config_dicts)
def test_structured_configs_are_accepted_or_rejected_clearly(
    config: dict[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = fresh(tmp_path, "elytra-status.toml")
    path.write_text(to_toml(config), encoding="utf-8")
    code, _out, err = run(["config", "check", "--config", str(path)], capsys)
    assert_clear(code, err, (0, 2))
    if code == 2:
        assert str(path) in err, "a config error names the file"


@FUZZ
@given(text=st.text(max_size=300))
def test_arbitrary_text_as_config_is_rejected_clearly(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = fresh(tmp_path, "elytra-status.toml")
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    code, _out, err = run(["config", "check", "--config", str(path)], capsys)
    assert_clear(code, err, (0, 2))


@FUZZ
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes_as_config_are_rejected_clearly(
    data: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = fresh(tmp_path, "elytra-status.toml")
    path.write_bytes(data)
    code, _out, err = run(["config", "check", "--config", str(path)], capsys)
    assert_clear(code, err, (0, 2))


@FUZZ
@given(config=config_dicts)
def test_parse_config_raises_only_config_errors(config: dict[str, object]) -> None:
    try:
        parse_config(to_toml(config))
    except ConfigError as exc:
        assert str(exc)


# --- publishing with fuzzed static text and targets (no sources, no network) -----------------

safe_targets = st.one_of(
    st.text(alphabet="abcdefghij-_. ", min_size=1, max_size=12).map(lambda name: f"out/{name}.json"),
    st.text(alphabet="abcdef", min_size=1, max_size=8).map(lambda name: f"memory://fuzz-{name}/status.json"),
    st.sampled_from(["nosuchproto://bucket/status.json", "out/", "."]),
)
free_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        ["10.0.0.5", "ops@example.com", "s3://bucket/x", "password=hunter2", "db.internal", "Multiple regions"]
    ),
)


@FUZZ
@given(
    model=free_text,
    notes=free_text,
    regions=st.lists(free_text, max_size=3),
    target=safe_targets,
    options=st.just(dict[str, object]()) | _table(KNOWN_KEYS["publish_options"]),
)
def test_publish_with_fuzzed_text_and_targets_ends_clearly(
    model: str,
    notes: str,
    regions: list[str],
    target: str,
    options: dict[str, object],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    options = {**options, "lock_file": "publish.lock"}
    config = {
        "infrastructure": {"model": model, "notes": notes, "regions": regions},
        "publish_options": options,
        "publish": [{"url": target}],
    }
    path = fresh(tmp_path, "elytra-status.toml")
    path.write_text(to_toml(config), encoding="utf-8")
    code, _out, err = run(["status", "publish", "--config", str(path)], capsys)
    assert_clear(code, err, (0, 1, 2))
    if code == 1 and "refusing to publish" in err:
        assert "$.infrastructure" in err


# --- documents -----------------------------------------------------------------------------------

json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=10,
)
document_like = st.fixed_dictionaries(
    {},
    optional={
        "schema_version": st.sampled_from(["1.0", "1.7", "2.0", "", "x"]) | json_values,
        "updated_at": st.sampled_from(["2025-11-10T12:00:00Z", "2025-11-10T12:00:00", "yesterday", ""]) | json_values,
        "stale_after": st.sampled_from(["2025-11-10T12:30:00Z", "soon"]) | json_values,
        "platform_status": st.sampled_from(["operational", "degraded", "outage", "unknown", "fine"]) | json_values,
        "uptime": st.fixed_dictionaries({}, optional={"last_24h": json_values, "last_7d": json_values}) | json_values,
        "backups": json_values,
        "infrastructure": json_values,
    },
)
document_bytes = st.one_of(
    st.binary(max_size=120),
    json_values.map(lambda v: json.dumps(v).encode()),
    document_like.map(lambda v: json.dumps(v).encode()),
)


@settings(max_examples=300, deadline=None)
@given(data=document_bytes)
def test_decode_accepts_or_raises_a_contract_error(data: bytes) -> None:
    try:
        doc = decode(data)
    except ContractError as exc:
        assert str(exc)
    else:
        assert isinstance(doc, PlatformStatus)


@FUZZ
@given(data=document_bytes)
def test_status_check_of_a_fuzzed_document_ends_clearly(
    data: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = fresh(tmp_path, "status.json")
    path.write_bytes(data)
    code, _out, err = run(["status", "check", str(path)], capsys)
    assert_clear(code, err, (0, 1))


@FUZZ
@given(data=document_bytes)
def test_publish_over_a_fuzzed_document_in_place(
    data: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whatever sits at the target, the publish decides cleanly: replace it, or keep it if it is a newer valid document."""
    out = fresh(tmp_path, "status.json")
    out.write_bytes(data)
    config = out.parent / "elytra-status.toml"
    config.write_text('[infrastructure]\nmodel = "Droplets."\n[publish_options]\nlock_file = "publish.lock"\n')
    code, _out, err = run(["status", "publish", "--config", str(config), "--to", str(out)], capsys)
    assert_clear(code, err, (0,))
    decode(out.read_bytes())


@settings(max_examples=200, deadline=None)
@given(model=st.text(max_size=80), regions=st.lists(st.text(max_size=20), max_size=4))
def test_rendering_either_publishes_or_names_the_leak(model: str, regions: list[str]) -> None:
    from elytra_status_contract import Infrastructure

    doc = PlatformStatus(
        updated_at=datetime(2025, 11, 10, tzinfo=UTC),
        platform_status="operational",
        infrastructure=Infrastructure(model=model, regions=regions),
    )
    try:
        data = render_document(doc)
    except LeakDetected as exc:
        assert exc.findings and all(f.startswith("$.infrastructure") for f in exc.findings)
    else:
        assert decode(data) == doc
