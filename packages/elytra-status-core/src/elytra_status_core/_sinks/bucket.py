"""The bucket behind an ``s3://`` target: its CORS rule and whether the document is public.

``elytra bucket setup`` and ``elytra config check --online`` use it. Three
reads (``GetBucketCors``, ``GetObjectAcl``, and an anonymous ``GetObject``,
which is what a browser does) and, when the rule is missing and the caller
asks for it, one write (``PutBucketCors``, keeping the bucket's other rules).
Everything goes through the typed seam in ``_fs``; errors come back as
``SinkError`` with the URL masked, like a publish's.
"""

from __future__ import annotations

import contextlib
from collections.abc import Generator
from typing import Any

import msgspec

from .._config import SinkSettings
from .._core.bucket import CorsRule, allowing_rule, public_by_acl, with_spec_rule
from .._core.redact import mask_url
from .._errors import SinkError
from .._fs import ObjectStore, error_code, open_object_store

__all__ = ["BucketState", "cors_rule", "inspect_bucket", "open_bucket"]


class BucketState(msgspec.Struct, frozen=True, kw_only=True):
    """What ``inspect_bucket`` found (and changed) at one target."""

    url: str
    """The target, masked."""
    bucket: str
    key: str
    rule: CorsRule | None
    """The rule that lets browsers read the document (after any change), or ``None``."""
    added_rule: bool = False
    """This call added the spec's rule."""
    exists: bool = False
    """The object is there (it was published at least once)."""
    acl_public: bool | None = None
    """The object's ACL grants read to everyone; ``None`` when the ACL could not be read."""
    acl_problem: str | None = None
    anonymous_read: bool | None = None
    """An anonymous GET read the object; ``None`` when there is no object."""
    anonymous_problem: str | None = None


_EXPLAINED = {
    "AccessDenied": "the bucket refused these credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, else the "
    "profile); the key needs the bucket's CORS and ACL permissions",
    "NoSuchBucket": "no such bucket at this endpoint (check the name and --endpoint-url)",
    "InvalidAccessKeyId": "the access key is not known to this endpoint",
    "SignatureDoesNotMatch": "the secret key does not match the access key",
}


@contextlib.contextmanager
def _translated(url: str, action: str) -> Generator[None]:
    """The seam's library errors as ``SinkError``, the URL masked; ours pass through."""
    try:
        yield
    except SinkError:
        raise
    except Exception as exc:  # s3fs/botocore/aiohttp raise many kinds; translate here
        code = error_code(exc)
        names = {cls.__name__ for cls in type(exc).__mro__}
        if code is not None:
            detail = f"{code}: {_EXPLAINED[code]}" if code in _EXPLAINED else code
        elif "NoCredentialsError" in names or (exc.__cause__ and "NoCredentialsError" in type(exc.__cause__).__name__):
            detail = "no S3 credentials found (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, else the profile)"
        elif isinstance(exc, PermissionError):
            detail = _EXPLAINED["AccessDenied"]
        elif isinstance(exc, TimeoutError):
            detail = "timed out"
        else:
            detail = type(exc).__name__
        raise SinkError(url, f"cannot {action}: {detail}") from None


def _storage(target: SinkSettings, timeout: float, anonymous: bool) -> dict[str, Any]:
    """s3fs options: a client of our own, one request per call, bounded in time."""
    storage: dict[str, Any] = {
        "skip_instance_cache": True,
        "config_kwargs": {
            "connect_timeout": timeout,
            "read_timeout": timeout,
            "retries": {"total_max_attempts": 1, "mode": "standard"},
        },
    }
    if target.endpoint_url:
        storage["endpoint_url"] = target.endpoint_url
    if target.region:
        storage["client_kwargs"] = {"region_name": target.region}
    if anonymous:
        storage["anon"] = True
    return storage


def open_bucket(target: SinkSettings, *, anonymous: bool = False, timeout: float = 20.0) -> ObjectStore:
    """The ``ObjectStore`` for a target (``anonymous``: without credentials, as a browser reads)."""
    storage = _storage(target, max(1.0, timeout), anonymous)
    try:
        return open_object_store(target.url, storage)
    except ImportError as exc:
        raise SinkError(mask_url(target.url), f"S3 support is not installed ({exc.name})") from None
    except (ValueError, TypeError) as exc:
        raise SinkError(mask_url(target.url), f"invalid S3 settings ({type(exc).__name__})") from None


def cors_rule(target: SinkSettings, *, timeout: float = 20.0) -> CorsRule | None:
    """The bucket's rule that lets browsers on any site GET the document, or ``None``; ``SinkError`` on failure."""
    store = open_bucket(target, timeout=timeout)
    url = mask_url(target.url)
    with _translated(url, "read the bucket's CORS rules"):
        return allowing_rule(store.cors_rules(timeout))


def _anonymous_read(target: SinkSettings, timeout: float) -> tuple[bool | None, str | None]:
    store = open_bucket(target, anonymous=True, timeout=timeout)
    try:
        got = store.get(timeout)
    except PermissionError:
        return False, "refused without credentials (403)"
    except Exception as exc:  # the seam's libraries raise many kinds; report, do not crash
        return False, error_code(exc) or type(exc).__name__
    return (None, None) if got is None else (True, None)


def inspect_bucket(target: SinkSettings, *, apply: bool, timeout: float = 20.0) -> BucketState:
    """The bucket's CORS rule (added when missing and ``apply``), the object's ACL and an anonymous read."""
    url = mask_url(target.url)
    store = open_bucket(target, timeout=timeout)
    with _translated(url, "read the bucket's CORS rules"):
        rules = store.cors_rules(timeout)
    rule = allowing_rule(rules)
    added = False
    if rule is None and apply:
        wanted = with_spec_rule(rules)
        with _translated(url, "set the bucket's CORS rules"):
            store.put_cors_rules(wanted, timeout)
            rule = allowing_rule(store.cors_rules(timeout))
        if rule is None:
            raise SinkError(url, "the bucket accepted the CORS rule but does not report it back")
        added = True
    acl_public: bool | None = None
    acl_problem: str | None = None
    try:
        grants = store.grants(timeout)
    except Exception as exc:  # a key limited to objects may not read ACLs; the anonymous read still tells
        grants = []
        acl_problem = error_code(exc) or type(exc).__name__
    exists = grants is not None
    if grants is not None and acl_problem is None:
        acl_public = public_by_acl(grants)
    anonymous, anonymous_problem = _anonymous_read(target, timeout) if exists else (None, None)
    if anonymous is None and exists and anonymous_problem is None:
        exists = False  # deleted between the two reads
    return BucketState(
        url=url,
        bucket=store.bucket,
        key=store.key,
        rule=rule,
        added_rule=added,
        exists=exists,
        acl_public=acl_public,
        acl_problem=acl_problem,
        anonymous_read=anonymous,
        anonymous_problem=anonymous_problem,
    )
