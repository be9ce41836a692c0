"""``elytra history show``: the published history, read beside the first target or from a URL."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest

from elytra_status_contract import decode_history, encode_history
from elytra_status_core._cli import main
from elytra_status_core._core.history import history_fixtures
from tests.servers import ReplayServer, Reply

NOW = datetime(2025, 11, 10, 12, 0, tzinfo=UTC)
BAD_WEEK = encode_history(history_fixtures(NOW)["bad-week"])


def config(tmp_path: Path, target: str = "site/status.json") -> Path:
    path = tmp_path / "elytra-status.toml"
    path.write_text(f'[infrastructure]\nmodel = "Droplets."\n\n[[publish]]\nurl = "{target}"\n', encoding="utf-8")
    return path


def test_show_reads_history_beside_the_first_targets_status_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "history.json").write_bytes(BAD_WEEK)
    assert main(["history", "show", "--config", str(config(tmp_path)), "--days", "9"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["date", "status", "uptime", "components", "notices"]
    assert len(lines) == 1 + 9
    assert lines[1].startswith("2025-11-10  operational  partial ")
    outage = next(line for line in lines if line.startswith("2025-11-03"))
    assert "  outage " in outage and "97.42%" in outage and "panel outage 91.30%" in outage
    assert outage.endswith("Control panel unavailable after a database failover (incident, outage)")
    # Columns line up: every row's status starts where the header's does.
    column = lines[0].index("status")
    assert all(line[column - 2 : column] == "  " and line[column] != " " for line in lines)


def test_show_json_is_the_document_trimmed_to_the_newest_days(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "history.json"
    source.write_bytes(BAD_WEEK)
    assert main(["history", "show", "--from", source.as_uri(), "--json", "--days", "3"]) == 0
    shown = decode_history(capsys.readouterr().out)
    full = decode_history(BAD_WEEK)
    assert shown == msgspec.structs.replace(full, days=full.days[:3])


def test_show_from_a_public_url(capsys: pytest.CaptureFixture[str]) -> None:
    with ReplayServer({"/history.json": Reply(200, BAD_WEEK)}) as server:
        assert main(["history", "show", "--from", f"{server.url}/history.json", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["days"][0]["date"] == "2025-11-10"
        assert server.requests[0].headers["accept"] == "application/json"
        assert main(["history", "show", "--from", f"{server.url}/missing.json"]) == 1
        assert "holds no history yet" in capsys.readouterr().err


def test_no_history_yet_and_an_invalid_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "show", "--config", str(config(tmp_path))]) == 1
    assert "holds no history yet" in capsys.readouterr().err
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "history.json").write_text(
        '{"updated_at": "2025-11-10T12:00:00Z", "days": [{"date": "2025-02-30"}]}'
    )
    assert main(["history", "show", "--config", str(config(tmp_path))]) == 1
    assert "$.days[0].date" in capsys.readouterr().err


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "static.toml"
    path.write_text('[infrastructure]\nmodel = "Droplets."\n', encoding="utf-8")
    assert main(["history", "show", "--config", str(path)]) == 2
    assert "pass --from URL" in capsys.readouterr().err
    for days in ("0", "367", "many"):
        assert main(["history", "show", "--days", days]) == 2
        assert "invalid number of days" in capsys.readouterr().err


def test_an_empty_history_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "history.json"
    source.write_text('{"schema_version": "1.0", "updated_at": "2025-11-10T12:00:00Z", "days": []}')
    assert main(["history", "show", "--from", str(source)]) == 0
    assert capsys.readouterr().out == "no days recorded yet\n"


@pytest.mark.parametrize(
    ("argv", "listed"), [([], "history"), (["history"], "show"), (["history", "show"], "--days N")]
)
def test_help_lists_the_history_group(argv: list[str], listed: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*argv, "--help"]) == 0
    out = capsys.readouterr().out
    assert "usage: elytra" in out and listed in out
