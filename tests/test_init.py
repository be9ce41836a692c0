"""``elytra init``: the starter config passes ``config check``, every block in it decodes, nothing is overwritten."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from elytra_status_core._cli import main
from elytra_status_core._config import parse_config
from elytra_status_core._notify.registry import KINDS as NOTIFY_KINDS
from elytra_status_core._notify.registry import decode_settings as decode_notify
from elytra_status_core._sources.registry import KINDS as SOURCE_KINDS
from elytra_status_core._sources.registry import decode_settings as decode_source

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


def run(argv: list[str], environ: dict[str, str] | None = None) -> int:
    return main(argv, environ=environ or {}, clock=lambda: NOW)


def blocks(text: str, header: str) -> list[str]:
    """The commented blocks of ``text`` that start with ``# <header>``, uncommented once."""
    found: list[str] = []
    for chunk in text.split("\n\n"):
        lines = chunk.strip("\n").splitlines()
        if lines and lines[0] == f"# {header}":
            found.append("\n".join(line.removeprefix("# ") if line != "#" else "" for line in lines) + "\n")
    return found


@pytest.fixture
def site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "site"
    assert run(["init", str(folder)]) == 0
    out = capsys.readouterr().out
    config = folder / "elytra-status.toml"
    commands = [line.strip() for line in out.splitlines() if line.startswith("  elytra ")]
    assert commands == [
        f"elytra config check --config {config} --online",
        "elytra bucket setup s3://example-status/status.json --endpoint-url https://nyc3.digitaloceanspaces.com",
        f"elytra status publish --config {config}",
    ]
    return folder


def test_init_writes_a_config_that_passes_config_check(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = site / "elytra-status.toml"
    assert (site / "notices").is_dir()
    assert [p.name for p in (site / "notices").iterdir()] == ["example.toml.example"]
    assert run(["config", "check", "--config", str(config)]) == 0
    out, err = capsys.readouterr()
    assert '"url": "s3://example-status/status.json"' in out
    assert "1 component(s), 0 notice file(s), 1 publish target(s)" in err
    loaded = parse_config(config.read_text(encoding="utf-8"), path=config)
    assert [c.id for c in loaded.config.components] == ["websites"]
    assert loaded.config.notices.dir == "notices"
    assert loaded.config.page.url == "https://status.example.com"
    assert [t.url for t in loaded.config.publish] == ["s3://example-status/status.json"]


def test_every_source_kind_is_there_and_each_block_decodes(site: Path) -> None:
    text = (site / "elytra-status.toml").read_text(encoding="utf-8")
    tables = [tomllib.loads(block)["sources"][0] for block in blocks(text, "[[sources]]")]
    assert [table["kind"] for table in tables] == list(SOURCE_KINDS)
    for index, table in enumerate(tables):
        assert decode_source(table, index).kind == table["kind"]


def test_every_notifier_kind_is_there_and_each_block_decodes(site: Path) -> None:
    text = (site / "elytra-status.toml").read_text(encoding="utf-8")
    tables = [tomllib.loads(block)["notify"][0] for block in blocks(text, "[[notify]]")]
    assert [table["kind"] for table in tables] == list(NOTIFY_KINDS)
    for index, table in enumerate(tables):
        assert decode_notify(table, index).kind == table["kind"]


def test_the_config_with_everything_uncommented_passes_config_check(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = site / "elytra-status.toml"
    text = config.read_text(encoding="utf-8")
    for header in ("[[sources]]", "[[notify]]", "[run]"):
        for block in blocks(text, header):
            commented = "\n".join(f"# {line}" if line else "#" for line in block.rstrip("\n").splitlines())
            assert commented in text
            text = text.replace(commented, block.rstrip("\n"))
    config.write_text(text, encoding="utf-8")
    names = set(re.findall(r'^\w+_env = "([A-Z_]+)"$', text, re.MULTILINE))
    environ: dict[str, Any] = dict.fromkeys(names, "https://hooks.example.com/services/T0/B0/abcdefgh")
    assert run(["config", "check", "--config", str(config)], environ) == 0
    err = capsys.readouterr().err
    assert f"{len(SOURCE_KINDS)} source(s)" in err


def test_the_example_notice_uncommented_is_a_valid_notice(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    example = (site / "notices" / "example.toml.example").read_text(encoding="utf-8")
    _explanation, notice = example.split("\n#\n", 1)  # the file explains itself, then shows a notice
    body = "\n".join(line.removeprefix("#").removeprefix(" ") for line in notice.splitlines())
    (site / "notices" / "2026-12-01-panel-errors.toml").write_text(body + "\n", encoding="utf-8")
    assert run(["config", "check", "--config", str(site / "elytra-status.toml")]) == 0
    assert "1 notice file(s)" in capsys.readouterr().err


def test_init_never_overwrites(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = site / "elytra-status.toml"
    config.write_text("# mine\n", encoding="utf-8")
    assert run(["init", str(site)]) == 2
    assert f"{config} exists" in capsys.readouterr().err
    assert config.read_text(encoding="utf-8") == "# mine\n"


def test_init_writes_nothing_when_the_example_notice_exists(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notices").mkdir()
    example = tmp_path / "notices" / "example.toml.example"
    example.write_text("mine\n", encoding="utf-8")
    assert run(["init", str(tmp_path)]) == 2
    assert f"{example} exists" in capsys.readouterr().err
    assert not (tmp_path / "elytra-status.toml").exists()
    assert example.read_text(encoding="utf-8") == "mine\n"


def test_init_defaults_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(["init"]) == 0
    assert (tmp_path / "elytra-status.toml").is_file()
    assert "elytra config check --config elytra-status.toml --online" in capsys.readouterr().out
