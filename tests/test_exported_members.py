"""Each package's public face is its ``__all__``, and everything in it exists."""

from __future__ import annotations

import importlib

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
    public = {name for name in vars(module) if not name.startswith("_") and name != "annotations"}
    assert public - set(module.__all__) == set()


def test_contract_api_named_in_the_design() -> None:
    from elytra_status_contract import PlatformStatus, decode, encode

    doc = decode('{"updated_at": "2025-11-10T12:00:00Z", "platform_status": "outage"}')
    assert isinstance(doc, PlatformStatus)
    assert decode(encode(doc)) == doc
