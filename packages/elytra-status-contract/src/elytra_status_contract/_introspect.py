"""What the exporters read from the Structs besides their types: docstrings and alias names.

msgspec keeps a Struct's own docstring but not the docstrings written under
its fields, nor the names of ``Literal`` aliases such as ``Status``. Both are
documentation for the frontend, so they are read from the module source.
"""

from __future__ import annotations

import ast
import inspect
import re
import sys
import textwrap
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from types import ModuleType
from typing import Literal, get_args, get_origin

__all__ = ["LiteralAlias", "clean_doc", "field_docs", "literal_aliases", "struct_doc"]

_LITERAL_CODE = re.compile(r"``([^`]+)``")


def clean_doc(text: str | None) -> str:
    """Docstring -> plain text: lines of a paragraph joined, reST ````code```` -> Markdown ```code```."""
    if not text:
        return ""
    paragraphs = inspect.cleandoc(text).split("\n\n")
    joined = "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)
    return _LITERAL_CODE.sub(r"`\1`", joined).strip()


def _docs_after_assignments(body: list[ast.stmt]) -> dict[str, str]:
    """Names assigned in ``body`` mapped to the string literal right below them."""
    docs: dict[str, str] = {}
    for statement, following in pairwise(body):
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            name = statement.target.id
        elif (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        ):
            name = statement.targets[0].id
        else:
            continue
        if (
            isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[name] = clean_doc(following.value.value)
    return docs


@cache
def field_docs(cls: type) -> dict[str, str]:
    """Docstrings written under the fields of ``cls`` and of its bases."""
    docs: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if klass is object or klass.__module__ in ("msgspec", "builtins"):
            continue
        try:
            source = textwrap.dedent(inspect.getsource(klass))
        except (OSError, TypeError):
            continue
        tree = ast.parse(source)
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and node.name == klass.__name__:
                docs.update(_docs_after_assignments(node.body))
    return docs


def struct_doc(cls: type) -> str:
    """The class docstring of ``cls`` (not inherited)."""
    return clean_doc(cls.__dict__.get("__doc__"))


@dataclass(frozen=True)
class LiteralAlias:
    """A module-level ``Name = Literal[...]`` with its docstring."""

    name: str
    values: tuple[str, ...]
    doc: str


@cache
def _module_docs(module: ModuleType) -> dict[str, str]:
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        return {}
    return _docs_after_assignments(ast.parse(source).body)


@cache
def _assigned(module: ModuleType) -> frozenset[str]:
    """Names a module's own source assigns at its top level (not the ones it imports)."""
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError):
        return frozenset(vars(module))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return frozenset(names)


def literal_aliases(*module_names: str) -> dict[frozenset[str], LiteralAlias]:
    """String ``Literal`` aliases defined in the modules named, keyed by their value set.

    msgspec reports a ``Literal`` with its values sorted; the alias keeps the
    order the values were written in, which is the order the exports use. An
    alias a module imports counts where it is defined; with two aliases of the
    same values, the first module's wins.
    """
    aliases: dict[frozenset[str], LiteralAlias] = {}
    for module_name in module_names:
        module = sys.modules[module_name]
        docs = _module_docs(module)
        own = _assigned(module)
        for name, value in vars(module).items():
            if name.startswith("_") or name not in own or get_origin(value) is not Literal:
                continue
            values = tuple(str(v) for v in get_args(value) if isinstance(v, str))
            if len(values) == len(get_args(value)):
                aliases.setdefault(frozenset(values), LiteralAlias(name, values, docs.get(name, "")))
    return aliases
