"""Each package's public face is its ``__all__``, and everything in it exists."""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest


@pytest.mark.parametrize("package", ["elytra_status_contract", "elytra_status_core"])
def test_all_lists_only_existing_public_names(package: str) -> None:
    module = importlib.import_module(package)
    exported: list[str] = list(module.__all__)
    assert exported == sorted(set(exported), key=exported.index), "duplicates in __all__"
    for name in exported:
        assert hasattr(module, name), name
        assert not name.startswith("_"), name


@pytest.mark.parametrize("package", ["elytra_status_contract", "elytra_status_core"])
def test_public_members_are_all_exported(package: str) -> None:
    module = importlib.import_module(package)
    helpers = {"annotations", "TYPE_CHECKING", "Any"}
    public = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and name not in helpers and not isinstance(value, ModuleType)
    }
    assert public - set(module.__all__) == set()


@pytest.mark.parametrize("package", ["elytra_status_contract", "elytra_status_core"])
def test_every_exported_name_is_loaded_lazily_from_where_it_lives(package: str) -> None:
    module = importlib.import_module(package)
    where: dict[str, str] = module._WHERE
    assert sorted(where) == sorted(module.__all__)
    for name, home in where.items():
        assert getattr(importlib.import_module(home, package), name) is getattr(module, name)


def test_contract_api_named_in_the_design() -> None:
    from elytra_status_contract import PlatformStatus, decode, encode

    doc = decode('{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "outage"}')
    assert isinstance(doc, PlatformStatus)
    assert decode(encode(doc)) == doc
