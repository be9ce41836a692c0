"""``elytra completion bash|zsh``: a shell completion script, generated from the parser itself.

The commands, their options, the choices of options such as ``--state`` and
which options take a file or a folder are read from the same argparse
parser the CLI runs on, so the script cannot fall behind a new command or
option. Each script is self-contained: the bash one needs no
bash-completion package, the zsh one uses only ``compadd``, ``_describe``
and ``_files``.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final, cast

from .args import Args, Env
from .spec import Spec

__all__ = ["COMMANDS", "Node", "bash_script", "tree", "zsh_script"]

HELP = "print a shell completion script (bash or zsh)"
"""What ``elytra --help`` says of the group."""

_FILES: Final = frozenset({"FILE", "PATH"})
_FOLDERS: Final = frozenset({"DIR", "FOLDER"})


@dataclass
class Option:
    """One option of one command, as completion needs it."""

    flags: list[str]
    takes_value: bool
    choices: list[str] = field(default_factory=lambda: list[str]())
    files: bool = False
    folders: bool = False


@dataclass
class Node:
    """A command (or the program itself): its options, positionals and subcommands."""

    words: tuple[str, ...]
    help: str = ""
    options: list[Option] = field(default_factory=lambda: list[Option]())
    positionals: list[Option] = field(default_factory=lambda: list[Option]())
    children: dict[str, Node] = field(default_factory=lambda: dict[str, "Node"]())

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children.values():
            yield from child.walk()

    @property
    def key(self) -> str:
        return " ".join(self.words)


def _actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    # argparse has no public way to list a parser's actions (or its subcommands' help, below):
    # these two functions are the only places that read them.
    return cast(list[argparse.Action], vars(parser)["_actions"])


def _helps(subcommands: argparse.Action) -> dict[str, str]:
    """Subcommand -> the ``help=`` it was added with."""
    listed = cast(list[argparse.Action], vars(subcommands).get("_choices_actions", []))
    return {action.dest: action.help or "" for action in listed}


def _option(action: argparse.Action) -> Option:
    choices: Any = action.choices
    listed = [str(c) for c in list(choices)] if choices is not None else []
    metavar = action.metavar if isinstance(action.metavar, str) else ""
    return Option(
        flags=list(action.option_strings),
        takes_value=action.nargs != 0,
        choices=listed,
        files=metavar in _FILES,
        folders=metavar in _FOLDERS,
    )


def _node(parser: argparse.ArgumentParser, words: tuple[str, ...], help_text: str) -> Node:
    node = Node(words, help_text)
    for action in _actions(parser):
        choices: Any = action.choices
        if isinstance(choices, dict):  # the subcommands
            helps = _helps(action)
            for name, sub in cast(dict[str, argparse.ArgumentParser], choices).items():
                node.children[name] = _node(sub, (*words, name), helps.get(name, ""))
        elif action.option_strings:
            node.options.append(_option(action))
        else:
            node.positionals.append(_option(action))
    return node


def tree() -> Node:
    """Every command of ``elytra``, from the full parser."""
    from . import build_parser

    return _node(build_parser(), (), "")


def _words(node: Node) -> list[str]:
    return [*node.children, *(flag for option in node.options for flag in option.flags)]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def bash_script() -> str:
    """The bash completion script (``complete -F _elytra elytra``)."""
    root = tree()
    nodes = list(root.walk())
    commands = " | ".join(_quote(node.key) for node in nodes if node.words) or "''"
    takes = [
        f"        {_quote(node.key + '|' + flag)}) return 0 ;;"
        for node in nodes
        for option in node.options
        if option.takes_value
        for flag in option.flags
    ]
    values: list[str] = []
    for node in nodes:
        for option in node.options:
            if not option.takes_value:
                continue
            pattern = " | ".join(_quote(f"{node.key}|{flag}") for flag in option.flags)
            values.append(f"        {pattern}) {_bash_reply(option)} return ;;")
    values_top = [
        f"        {' | '.join(_quote('|' + flag) for flag in option.flags)}) {_bash_reply(option)} return ;;"
        for option in root.options
        if option.takes_value
    ]
    words = [f"        {_quote(node.key)}) words={_quote(' '.join(_words(node)))} ;;" for node in nodes]
    positional: list[str] = []
    for node in nodes:
        if node.positionals and not node.children:
            positional.append(f"        {_quote(node.key)}) {_bash_reply(node.positionals[0])} return ;;")
    return _BASH.format(
        commands=commands,
        takes="\n".join(takes),
        values="\n".join(values),
        values_top="\n".join(values_top),
        words="\n".join(words),
        positional="\n".join(positional),
    )


def _bash_reply(option: Option) -> str:
    if option.choices:
        return f'COMPREPLY=( $(compgen -W {_quote(" ".join(option.choices))} -- "$cur") );'
    if option.folders:
        return 'compopt -o filenames 2>/dev/null; COMPREPLY=( $(compgen -d -- "$cur") );'
    if option.files:
        return 'compopt -o filenames 2>/dev/null; COMPREPLY=( $(compgen -f -- "$cur") );'
    return "COMPREPLY=();"


_BASH = """\
# bash completion for elytra (generated by `elytra completion bash`)
#   now:     source <(elytra completion bash)
#   always:  elytra completion bash > ~/.local/share/bash-completion/completions/elytra
#            (or /etc/bash_completion.d/elytra), or the `source` line in ~/.bashrc

_elytra_is_command() {{
    case "$1" in
        {commands}) return 0 ;;
    esac
    return 1
}}

_elytra_takes_value() {{
    case "$1|$2" in
{takes}
    esac
    return 1
}}

_elytra() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="" cmd="" word words="" i skip=0
    (( COMP_CWORD > 0 )) && prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    for (( i = 1; i < COMP_CWORD; i++ )); do
        word="${{COMP_WORDS[i]}}"
        if (( skip )); then skip=0; continue; fi
        case "$word" in
            --*=*) continue ;;
            -*) if _elytra_takes_value "$cmd" "$word" || _elytra_takes_value "" "$word"; then skip=1; fi; continue ;;
        esac
        if _elytra_is_command "${{cmd:+$cmd }}$word"; then cmd="${{cmd:+$cmd }}$word"; fi
    done
    if (( skip )); then
        case "$cmd|$prev" in
{values}
        esac
        case "|$prev" in
{values_top}
        esac
        COMPREPLY=()
        return
    fi
    if [[ "$cur" != -* ]]; then
        case "$cmd" in
{positional}
        esac
    fi
    case "$cmd" in
{words}
    esac
    COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}}

complete -F _elytra elytra
"""


def _zsh_reply(option: Option) -> str:
    if option.choices:
        return "compadd -- " + " ".join(_quote(choice) for choice in option.choices) + ";"
    if option.folders:
        return "_files -/;"
    if option.files:
        return "_files;"
    return ":;"


def zsh_script() -> str:
    """The zsh completion script (``#compdef elytra``; also works when sourced after ``compinit``)."""
    root = tree()
    nodes = list(root.walk())
    commands = " | ".join(_quote(node.key) for node in nodes if node.words) or "''"
    takes = [
        f"        {_quote(node.key + '|' + flag)}) return 0 ;;"
        for node in nodes
        for option in node.options
        if option.takes_value
        for flag in option.flags
    ]
    values: list[str] = []
    for node in nodes:
        for option in node.options:
            if option.takes_value:
                pattern = " | ".join(_quote(f"{node.key}|{flag}") for flag in option.flags)
                values.append(f"        {pattern}) {_zsh_reply(option)} return ;;")
    values_top = [
        f"        {' | '.join(_quote('|' + flag) for flag in option.flags)}) {_zsh_reply(option)} return ;;"
        for option in root.options
        if option.takes_value
    ]
    described: list[str] = []
    for node in nodes:
        if node.children:
            entries = " ".join(_quote(f"{name}:{child.help}") for name, child in node.children.items())
            described.append(f"        {_quote(node.key)}) subcmds=({entries}) ;;")
    options = [
        f"        {_quote(node.key)}) opts=({' '.join(_quote(flag) for option in node.options for flag in option.flags)}) ;;"
        for node in nodes
    ]
    positional = [
        f"        {_quote(node.key)}) {_zsh_reply(node.positionals[0])} return ;;"
        for node in nodes
        if node.positionals and not node.children
    ]
    return _ZSH.format(
        commands=commands,
        takes="\n".join(takes),
        values="\n".join(values),
        values_top="\n".join(values_top),
        described="\n".join(described),
        options="\n".join(options),
        positional="\n".join(positional),
    )


_ZSH = """\
#compdef elytra
# zsh completion for elytra (generated by `elytra completion zsh`)
#   now:     source <(elytra completion zsh)          (after compinit)
#   always:  elytra completion zsh > "${{fpath[1]}}/_elytra", or the `source` line in ~/.zshrc

_elytra_is_command() {{
    case "$1" in
        {commands}) return 0 ;;
    esac
    return 1
}}

_elytra_takes_value() {{
    case "$1|$2" in
{takes}
    esac
    return 1
}}

_elytra() {{
    local cur="${{words[CURRENT]}}" prev="${{words[CURRENT-1]}}" cmd="" word
    local -i i skip=0
    local -a subcmds opts
    for (( i = 2; i < CURRENT; i++ )); do
        word="${{words[i]}}"
        if (( skip )); then skip=0; continue; fi
        case "$word" in
            --*=*) continue ;;
            -*) if _elytra_takes_value "$cmd" "$word" || _elytra_takes_value "" "$word"; then skip=1; fi; continue ;;
        esac
        if _elytra_is_command "${{cmd:+$cmd }}$word"; then cmd="${{cmd:+$cmd }}$word"; fi
    done
    if (( skip )); then
        case "$cmd|$prev" in
{values}
        esac
        case "|$prev" in
{values_top}
        esac
        return 1
    fi
    case "$cmd" in
{described}
    esac
    case "$cmd" in
{options}
    esac
    if [[ "$cur" == -* ]]; then
        compadd -- "${{opts[@]}}"
        return
    fi
    if (( ${{#subcmds}} )); then
        _describe -t commands 'elytra command' subcmds
        return
    fi
    case "$cmd" in
{positional}
    esac
    compadd -- "${{opts[@]}}"
}}

if [[ "${{funcstack[1]}}" == _elytra ]]; then
    _elytra "$@"
else
    compdef _elytra elytra
fi
"""


def bash(args: Args, env: Env) -> int:
    """Print the bash completion script."""
    del args
    env.write(bash_script())
    return 0


def zsh(args: Args, env: Env) -> int:
    """Print the zsh completion script."""
    del args
    env.write(zsh_script())
    return 0


COMMANDS = (
    Spec(
        "bash",
        run=bash,
        help="print the bash completion script",
        epilog="examples:\n  source <(elytra completion bash)\n"
        "  elytra completion bash > ~/.local/share/bash-completion/completions/elytra",
    ),
    Spec(
        "zsh",
        run=zsh,
        help="print the zsh completion script",
        epilog='examples:\n  source <(elytra completion zsh)        # after compinit\n  elytra completion zsh > "${fpath[1]}/_elytra"',
    ),
)
"""The commands of ``completion``."""
