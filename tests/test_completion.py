"""``elytra completion bash|zsh``: the scripts, loaded into real bash and zsh and asked for completions."""

from __future__ import annotations

import io
import subprocess
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from elytra_status_core._cli import main
from elytra_status_core._cli.completion import tree
from tests._integration import require_program


def script(shell: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["completion", shell], environ={}) == 0
    return out.getvalue()


@pytest.fixture(scope="module")
def bash_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("completion") / "elytra.bash"
    path.write_text(script("bash"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def zsh_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("completion") / "_elytra"
    path.write_text(script("zsh"), encoding="utf-8")
    return path


def bash_complete(script_file: Path, line: str, cwd: Path | None = None) -> list[str]:
    """What bash offers for the last word of ``line`` (``""`` at the end: a new word)."""
    bash = require_program("bash")
    words = line.split(" ")
    program = (
        f"source {script_file}\n"
        "complete -p elytra\n"
        f"COMP_WORDS=({' '.join(repr(w) for w in words)})\n"
        f"COMP_CWORD={len(words) - 1}\n"
        "_elytra\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", program], capture_output=True, text=True, cwd=cwd, check=False
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "complete -F _elytra elytra"
    return sorted(line for line in lines[1:] if line)


def test_bash_completes_groups_commands_options_and_values(bash_file: Path, tmp_path: Path) -> None:
    assert set(bash_complete(bash_file, "elytra ")) >= {"init", "status", "notice", "config", "bucket", "completion"}
    assert bash_complete(bash_file, "elytra st") == ["status"]
    assert bash_complete(bash_file, "elytra status p") == ["publish"]
    assert bash_complete(bash_file, "elytra status publish --d") == ["--dry-run"]
    assert bash_complete(bash_file, "elytra status mock --state o") == ["operational", "outage"]
    assert bash_complete(bash_file, "elytra --log-format ") == ["json", "text"]
    assert bash_complete(bash_file, "elytra -v --config x.toml status ex") == ["explain"]
    assert bash_complete(bash_file, "elytra bucket setup s3://b/status.json --") == sorted(
        ["--endpoint-url", "--check", "--help", "--log-format", "--verbose", "--config"]
    )
    (tmp_path / "site").mkdir()
    (tmp_path / "site.toml").write_text("", encoding="utf-8")
    assert bash_complete(bash_file, "elytra init s", cwd=tmp_path) == ["site"]  # DIR: folders only
    assert bash_complete(bash_file, "elytra status publish --config s", cwd=tmp_path) == ["site", "site.toml"]
    assert bash_complete(bash_file, "elytra status publish --to ") == []  # a URL: nothing to offer


def test_bash_completes_every_command_and_each_of_its_options(bash_file: Path) -> None:
    for node in tree().walk():
        if node.words:
            assert node.words[-1] in bash_complete(bash_file, " ".join(["elytra", *node.words])), node.key
        if node.options and not node.children:
            offered = bash_complete(bash_file, " ".join(["elytra", *node.words, "-"]))
            assert offered == sorted(flag for option in node.options for flag in option.flags), node.key


ZSH_STUBS = r"""
compadd() { local a; for a in "$@"; do [[ $a == -- ]] && continue; print -r -- "$a"; done }
_describe() { local name=$4; print -rl -- ${(P)name} }
_files() { print -r -- "<files $*>" }
"""


def zsh_complete(script_file: Path, line: str) -> list[str]:
    zsh = require_program("zsh")
    words = line.split(" ")
    program = (
        "autoload -U compinit && compinit -u -D\n"
        f"source {script_file}\n"
        'print -r -- "registered=${_comps[elytra]}"\n'
        f"{ZSH_STUBS}\n"
        f"words=({' '.join(repr(w) for w in words)})\n"
        f"CURRENT={len(words)}\n"
        "_elytra\n"
    )
    result = subprocess.run([zsh, "-f", "-c", program], capture_output=True, text=True, check=False)
    lines = result.stdout.splitlines()
    assert lines and lines[0] == "registered=_elytra", result.stdout + result.stderr
    return sorted(lines[1:])


def test_zsh_completes_groups_commands_options_and_values(zsh_file: Path) -> None:
    groups = zsh_complete(zsh_file, "elytra ")
    assert "status:build, publish, mock or check the status document" in groups
    assert any(entry.startswith("init:write a commented starter config") for entry in groups)
    assert zsh_complete(zsh_file, "elytra status ")[0].startswith("check:")
    assert "--dry-run" in zsh_complete(zsh_file, "elytra status publish --")
    assert zsh_complete(zsh_file, "elytra status mock --state ") == [
        "degraded",
        "operational",
        "outage",
        "stale",
        "unknown",
    ]
    assert zsh_complete(zsh_file, "elytra --config f.toml status publish --config ") == ["<files >"]
    assert zsh_complete(zsh_file, "elytra init ") == ["<files -/>"]
    assert zsh_complete(zsh_file, "elytra completion ") == [
        "bash:print the bash completion script",
        "zsh:print the zsh completion script",
    ]
