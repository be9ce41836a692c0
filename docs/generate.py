"""Regenerate the generated parts of docs/ from the code: ``python docs/generate.py [--check]``.

docs/sources.md embeds two tables between ``<!-- generated: NAME -->`` and
``<!-- end generated -->`` markers: the source kinds (from the one registry,
``elytra_status_core._sources.registry``) and the ``[collect]`` keys (from
``CollectSettings``, docstrings included). ``--check`` writes nothing and
exits 1 when a table is out of date; ``make test`` runs it.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import re
import sys
from itertools import pairwise
from pathlib import Path

import msgspec

from elytra_status_core._config import CollectSettings, to_builtins
from elytra_status_core._sources.registry import docs_table

DOCS = Path(__file__).resolve().parent


def field_docs(cls: type) -> dict[str, str]:
    """The docstring written under each field of ``cls``."""
    tree = ast.parse(inspect.getsource(cls))
    body = tree.body[0].body if isinstance(tree.body[0], ast.ClassDef) else []
    docs: dict[str, str] = {}
    for this, following in pairwise(body):
        if (
            isinstance(this, ast.AnnAssign)
            and isinstance(this.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[this.target.id] = " ".join(following.value.value.split())
    return docs


def collect_table() -> str:
    defaults = to_builtins(CollectSettings())
    docs = field_docs(CollectSettings)
    rows = ["| key | default | meaning |", "|---|---|---|"]
    for field in msgspec.structs.fields(CollectSettings):
        value = defaults[field.encode_name]
        shown = f'"{value}"' if isinstance(value, str) else str(value)
        meaning = docs.get(field.name, "").replace("``", "`")
        rows.append(f"| `{field.encode_name}` | `{shown}` | {meaning} |")
    return "\n".join(rows) + "\n"


TABLES = {"source kinds": docs_table, "collect": collect_table}
_BLOCK = re.compile(r"(<!-- generated: (?P<name>[a-z ]+) -->\n)(?P<body>.*?)(<!-- end generated -->)", re.S)


def render(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        return match[1] + TABLES[match["name"]]() + match[4]

    return _BLOCK.sub(replace, text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate the generated tables of docs/.")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a table is out of date")
    args = parser.parse_args(argv)
    stale = 0
    for path in sorted(DOCS.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        new = render(text)
        if new == text:
            continue
        stale += 1
        if args.check:
            sys.stderr.write(f"{path.relative_to(DOCS.parent)} is out of date: run `make docs`\n")
        else:
            path.write_text(new, encoding="utf-8")
            sys.stdout.write(f"wrote {path.relative_to(DOCS.parent)}\n")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
