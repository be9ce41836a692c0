"""The bucket a status document is served from: the CORS rule browsers need, and public read. Pure.

The original spec's rule, as S3's API spells it: ``GET`` from any origin
(``*``), any request header, preflights cached for 300 seconds
(``SPEC_RULE``). ``allowing_rule`` finds a rule that already lets a browser
on any site read the document, ``with_spec_rule`` adds the spec's rule to
a bucket's rules without touching the others, and ``public_by_acl`` reads
an object's ACL grants.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import msgspec

__all__ = [
    "ALL_USERS",
    "SPEC_RULE",
    "CorsRule",
    "Grant",
    "allowing_rule",
    "describe",
    "public_by_acl",
    "with_spec_rule",
]

ALL_USERS: Final = "http://acs.amazonaws.com/groups/global/AllUsers"
"""The ACL grantee that means "everyone, without credentials"."""


class CorsRule(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True, rename="pascal"):
    """One rule of a bucket's CORS configuration, with S3's field names."""

    allowed_methods: list[str]
    allowed_origins: list[str]
    allowed_headers: list[str] = []
    expose_headers: list[str] = []
    max_age_seconds: int | None = None
    id: str | None = msgspec.field(default=None, name="ID")


SPEC_RULE: Final = CorsRule(allowed_methods=["GET"], allowed_origins=["*"], allowed_headers=["*"], max_age_seconds=300)
"""The original spec's rule: GET from any origin, any header, max age 300."""


class Grant(msgspec.Struct, frozen=True):
    """One grant of an object's ACL: a group's URI (``None`` for a user or account) and a permission."""

    uri: str | None
    permission: str


def allowing_rule(rules: Sequence[CorsRule]) -> CorsRule | None:
    """The first rule that lets a browser on any site GET the document with any header, or ``None``."""
    for rule in rules:
        if "*" in rule.allowed_origins and "GET" in rule.allowed_methods and "*" in rule.allowed_headers:
            return rule
    return None


def with_spec_rule(rules: Sequence[CorsRule]) -> list[CorsRule]:
    """``rules`` with the spec's rule after them (other rules are kept: other sites may depend on them)."""
    return [*rules, SPEC_RULE]


def public_by_acl(grants: Sequence[Grant]) -> bool:
    """Whether the ACL lets everyone read the object."""
    return any(g.uri == ALL_USERS and g.permission in ("READ", "FULL_CONTROL") for g in grants)


def describe(rule: CorsRule) -> str:
    """A rule in words: ``GET from *, headers *, max age 300s``."""
    age = f", max age {rule.max_age_seconds}s" if rule.max_age_seconds is not None else ""
    headers = ", ".join(rule.allowed_headers) or "none"
    return f"{', '.join(rule.allowed_methods)} from {', '.join(rule.allowed_origins)}, headers {headers}{age}"
