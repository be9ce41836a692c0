"""Cross-language conformance: one corpus, every reader of the contract agrees.

Accept/reject: the Python ``decode``, Ajv (draft 2020-12, strict mode) with the
exported schema, and the TypeScript ``parsePlatformStatus``. Staleness: the
Python ``is_stale`` and the TypeScript ``isStale`` for the same ``now``. The
corpus is Hypothesis-generated valid documents, the same documents broken in
one place each, and hand-written cases. Any disagreement fails the test and
prints the documents.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar, cast

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from elytra_status_contract import ContractError, decode
from elytra_status_core import is_stale, parse_instant
from tests._node_project import CONTRACT, NodeProject, node_project
from tests.spec_examples import SPEC_CLI_OUTPUT, SPEC_PUBLIC_STATUS, SPEC_STUB_TIMESTAMP
from tests.strategies import broken_contract_documents, contract_documents

T = TypeVar("T")

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
FIXED_NOW = datetime(2025, 11, 10, 12, 0, tzinfo=UTC)
VALID_EXAMPLES = 300
BROKEN_EXAMPLES = 300

HAND_VALID = [
    SPEC_PUBLIC_STATUS,
    SPEC_CLI_OUTPUT,
    SPEC_STUB_TIMESTAMP,
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown"}',
    '{"updated_at": "2025-11-10T13:00:00+01:00", "stale_after": "2025-11-10T12:30:00-00:00", "platform_status": "outage"}',
    '{"updated_at": "2024-02-29T23:59:59.5Z", "platform_status": "degraded", "schema_version": "1.27"}',
    '{"updated_at": "2000-02-29T00:00:00Z", "platform_status": "degraded", "uptime": {"last_24h": 0, "last_7d": 100}}',
    '{"updated_at": "0001-01-01T00:00:00+23:59", "platform_status": "unknown"}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "uptime": {"last_24h": -0.0, "x": null}}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "uptime": {"last_24h": 1e2}}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "incidents": [{"id": 1}], "maintenance": null}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "big": 18446744073709551616, "huge": -1e999,'
    ' "uptime": {"next": 1e400}, "backups": {"runs": [1e999, "2025-11-10 12:00:00Z"]}}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "infrastructure": {"regions": []}, "backups": {}}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "uptime": {}}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "infrastructure": {"notes": "\\u00e9\\ud83d\\ude00 \\u2028"}}',
]
HAND_INVALID = [
    # wrong enum values
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "maintenance"}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "OPERATIONAL"}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "backups": {"last_backup_status": "skipped"}}',
    # out-of-range uptime
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "uptime": {"last_24h": 100.01}}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "uptime": {"last_7d": -0.01}}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "uptime": {"last_7d": 1e400}}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "uptime": {"last_7d": -1e400}}',
    # missing required fields
    '{"platform_status": "operational"}',
    '{"updated_at": "2025-11-10T12:00:00Z"}',
    "{}",
    # wrong types
    '{"updated_at": 1731240000, "platform_status": "operational"}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": ["operational"]}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "uptime": {"last_24h": "99.9"}}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "uptime": {"last_24h": true}}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "uptime": [99.9, 99.9]}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "infrastructure": {"regions": "nyc3"}}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "infrastructure": {"regions": [1]}}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "schema_version": 1.0}',
    # null values: absent means unknown, null is never valid
    '{"updated_at": null, "platform_status": "unknown"}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": null}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "stale_after": null}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "uptime": null}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "uptime": {"last_24h": null}}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "backups": {"policy": null}}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "infrastructure": {"regions": [null]}}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "schema_version": null}',
    # timestamps outside the contract's grammar
    '{"updated_at": "2025-11-10T12:00:00", "platform_status": "unknown"}',
    '{"updated_at": "2025-11-10t12:00:00z", "platform_status": "unknown"}',
    '{"updated_at": "2025-11-10 12:00:00Z", "platform_status": "unknown"}',
    '{"updated_at": "2025-11-10T12:00:00+0100", "platform_status": "unknown"}',
    '{"updated_at": "2025-11-10T12:00:00.1234567Z", "platform_status": "unknown"}',
    '{"updated_at": "2025-02-29T12:00:00Z", "platform_status": "unknown"}',
    '{"updated_at": "1900-02-29T12:00:00Z", "platform_status": "unknown"}',
    '{"updated_at": "2025-11-10T12:00:60Z", "platform_status": "unknown"}',
    '{"updated_at": "2025-11-10T12:00:00+24:00", "platform_status": "unknown"}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "stale_after": "soon"}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "backups": {"last_successful_backup": "yesterday"}}',
    # schema_version outside 1.x
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "schema_version": "2.0"}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "schema_version": "1.0\\n"}',
    '{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown", "schema_version": "1.01"}',
    # not an object
    "[]",
    "null",
    '"operational"',
    "42",
    '[{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "unknown"}]',
]


# Instants outside the contract's grammar that elytra_status_core._staleness.parse_instant
# still reads: offset minutes of 60 and more, non-ASCII digits (Python's \d), and a
# trailing newline (Python's $). decode, Ajv and parsePlatformStatus reject all three.
LAX_IN_PYTHON_IS_STALE = [
    '{"updated_at": "2025-11-10T12:00:00+00:75", "platform_status": "unknown"}',
    '{"updated_at": "\\uff12\\uff10\\uff12\\uff15-11-10T12:00:00Z", "platform_status": "unknown"}',
    '{"updated_at": "2025-11-10T12:00:00Z\\n", "platform_status": "unknown"}',
    '{"updated_at": "2025-11-10T12:00:00Z", "stale_after": "2025-11-10T12:30:00-00:60", "platform_status": "unknown"}',
]


def draw_all(strategy: st.SearchStrategy[T], count: int) -> list[T]:
    """``count`` examples of ``strategy`` (random per run; a failure prints the documents)."""
    drawn: list[T] = []

    @settings(
        max_examples=count,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
        deadline=None,
    )
    @given(strategy)
    def collect(value: T) -> None:
        drawn.append(value)

    collect()
    return drawn


def to_ms(when: datetime) -> int:
    return (when - EPOCH) // timedelta(milliseconds=1)


def from_ms(ms: int) -> datetime:
    return EPOCH + timedelta(milliseconds=ms)


def interesting_nows(raw: object) -> list[int]:
    """``now`` values at the staleness boundaries of ``raw`` (in ms), plus a fixed one."""
    nows = {to_ms(FIXED_NOW)}
    fields = cast(dict[str, object], raw) if isinstance(raw, dict) else {}
    updated = fields.get("updated_at")
    updated_at = parse_instant(updated) if isinstance(updated, str) else None
    if updated_at is not None:
        stale_after = fields.get("stale_after")
        parsed_stale_after = parse_instant(stale_after) if isinstance(stale_after, str) else None
        future_edge = to_ms(updated_at) - 5 * 60_000
        deadline = to_ms(parsed_stale_after) if parsed_stale_after else to_ms(updated_at) + 30 * 60_000
        for ms in (future_edge, deadline):
            nows.update({ms - 1, ms, ms + 1})
    return sorted(
        n for n in nows if to_ms(datetime(1, 1, 2, tzinfo=UTC)) < n < to_ms(datetime(9999, 12, 30, tzinfo=UTC))
    )


def python_accepts(text: str) -> tuple[bool, str | None]:
    try:
        decode(text)
    except ContractError as exc:
        return False, exc.path
    return True, None


def run_javascript(project: NodeProject, tmp_path: Path, documents: list[str], cases: list[tuple[int, int]]) -> Any:
    corpus = tmp_path / "corpus.json"
    corpus.write_text(json.dumps({"documents": documents, "stale_cases": cases}))
    result = project.run("conformance.mjs", corpus, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> NodeProject:
    return node_project(tmp_path_factory.mktemp("conformance"))


def check_corpus(
    project: NodeProject,
    tmp_path: Path,
    documents: list[str],
    expect_valid: Callable[[int], bool | None],
    staleness: Callable[[int], bool] = lambda index: True,
) -> int:
    """Run ``documents`` through every reader; ``staleness(i)`` says whether to compare is_stale too."""
    raws = [json.loads(text) for text in documents]
    cases = [(index, now) for index, raw in enumerate(raws) if staleness(index) for now in interesting_nows(raw)]
    js = run_javascript(project, tmp_path, documents, cases)
    problems: list[str] = []
    for index, text in enumerate(documents):
        accepted, path = python_accepts(text)
        verdicts = {"python": accepted, "ajv": js["ajv"][index], "parsePlatformStatus": js["parse"][index]}
        expected = expect_valid(index)
        if len(set(verdicts.values())) != 1 or (expected is not None and accepted is not expected):
            problems.append(f"accept/reject {verdicts} (expected {expected}): {text}")
        elif not accepted and path not in js["errors"][index]:
            problems.append(f"error path: python {path}, parsePlatformStatus {js['errors'][index]}: {text}")
        elif accepted:
            doc = decode(text)
            for now in interesting_nows(raws[index]):
                if is_stale(doc, from_ms(now)) is not is_stale(raws[index], from_ms(now)):
                    problems.append(f"is_stale differs between decoded and raw at {now} ms: {text}")
    for (index, now), stale_js in zip(cases, js["stale"], strict=True):
        stale_py = is_stale(raws[index], from_ms(now))
        if stale_py is not stale_js:
            problems.append(
                f"is_stale {stale_py} != isStale {stale_js} at {from_ms(now).isoformat()}: {documents[index]}"
            )
    assert not problems, f"{len(problems)} disagreement(s):\n" + "\n".join(problems[:25])
    return len(cases)


def test_fixtures_and_hand_written_cases(project: NodeProject, tmp_path: Path) -> None:
    fixtures = [p.read_text() for p in sorted((CONTRACT / "fixtures").glob("*.json"))]
    valid = fixtures + HAND_VALID
    documents = valid + HAND_INVALID + LAX_IN_PYTHON_IS_STALE
    lax = len(valid) + len(HAND_INVALID)
    cases = check_corpus(
        project, tmp_path, documents, lambda index: index < len(valid), staleness=lambda index: index < lax
    )
    assert cases > len(documents)


def test_generated_documents(project: NodeProject, tmp_path: Path) -> None:
    valid = [
        json.dumps(doc, ensure_ascii=index % 2 == 0)
        for index, doc in enumerate(draw_all(contract_documents(), VALID_EXAMPLES))
    ]
    broken = [json.dumps(doc) for doc in draw_all(broken_contract_documents(), BROKEN_EXAMPLES)]
    assert len(valid) > VALID_EXAMPLES // 2 and len(broken) > BROKEN_EXAMPLES // 2
    check_corpus(project, tmp_path, valid + broken, lambda index: index < len(valid))


def test_is_stale_reads_only_contract_instants(project: NodeProject, tmp_path: Path) -> None:
    check_corpus(project, tmp_path, LAX_IN_PYTHON_IS_STALE, lambda index: False)
