"""``elytra bucket setup URL``: the original spec's CORS rule on the bucket, and a public-read check.

Idempotent: the rule is added only when no rule already lets browsers on
any site GET the document (the bucket's other rules are kept), and every
line says what was found or changed. ``--check`` changes nothing. Whether
the document is public is read two ways: the object's ACL (a grant of READ
to everyone) and an anonymous GET, which is what a browser does and what
counts; a bucket made public by its policy instead of ACLs passes the
second.
"""

from __future__ import annotations

import argparse

from .._config import SinkSettings, check_target
from .._core.bucket import SPEC_RULE, describe
from .._core.redact import mask_url
from .._errors import ConfigError
from .._fs import is_http
from .args import Args, Env
from .spec import Spec

__all__ = ["COMMANDS", "setup"]

HELP = "set up the bucket status.json is served from (CORS rule, public read)"
"""What ``elytra --help`` says of the group."""


def setup(args: Args, env: Env) -> int:
    """Add the CORS rule if missing (not with ``--check``) and check public read; exit 1 if browsers could not read."""
    from .._sinks.bucket import inspect_bucket

    url = args.url
    problem = check_target(url)
    if problem is None and not url.startswith("s3://"):
        problem = "bucket setup works on s3://bucket/key URLs (the [[publish]] url of the bucket)"
    if problem is not None:
        raise ConfigError(f"{mask_url(url)}: {problem}")
    endpoint = args.endpoint_url
    if endpoint is not None and not is_http(endpoint):
        raise ConfigError("--endpoint-url must start with http:// or https://")
    state = inspect_bucket(SinkSettings(url=url, endpoint_url=endpoint), apply=not args.check)
    where = f"bucket {state.bucket}"
    failed = False
    if state.added_rule:
        env.write(f"CHANGED  cors: added the rule {describe(SPEC_RULE)} to {where} (its other rules are kept)")
    elif state.rule is not None:
        env.write(f"OK       cors: {where} allows {describe(state.rule)}")
    else:
        failed = True
        env.write(f"MISSING  cors: no rule of {where} lets browsers on other sites read the document")
    if not state.exists:
        env.write(f"WAIT     public read: {state.url} is not published yet; the first publish uploads it public-read")
    else:
        if state.acl_public:
            env.write(f"OK       acl: {state.url} grants READ to everyone")
        elif state.acl_public is False:
            env.write(
                f"WARN     acl: {state.url} grants no READ to everyone (fine if the bucket policy makes it public)"
            )
        else:
            env.write(f"SKIP     acl: cannot read the ACL of {state.url} ({state.acl_problem})")
        if state.anonymous_read:
            env.write(f"OK       anonymous GET: {state.url} is readable without credentials, as browsers read it")
        else:
            failed = True
            env.write(
                f'FAIL     anonymous GET: {state.url} {state.anonymous_problem}; publish with acl = "public-read" '
                "(the default), or let the bucket policy allow s3:GetObject to everyone"
            )
    if args.check:
        env.write(
            "changed nothing (--check)" + ("; run without --check to add the CORS rule" if state.rule is None else "")
        )
    else:
        env.write("changed: the CORS rule" if state.added_rule else "changed nothing: the bucket was already set up")
    return 1 if failed else 0


def _setup_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", metavar="URL", help="the published object, s3://bucket/status.json")
    parser.add_argument(
        "--endpoint-url",
        metavar="URL",
        help="S3 endpoint (DigitalOcean Spaces: https://nyc3.digitaloceanspaces.com); "
        "default $AWS_ENDPOINT_URL_S3, else $AWS_ENDPOINT_URL, else AWS",
    )
    parser.add_argument("--check", action="store_true", help="only report; change nothing (exit 1 if not set up)")


COMMANDS = (
    Spec(
        "setup",
        run=setup,
        arguments=_setup_arguments,
        help="add the CORS rule browsers need, check that the document is public",
        description="Add the original spec's CORS rule (GET from any origin, any header, max age 300) to the "
        "bucket unless a rule already allows that, keeping its other rules, and check that the published "
        "object is publicly readable: its ACL, and an anonymous GET as a browser makes it. Prints what it "
        "found and changed; running it again changes nothing. The credentials need the bucket's CORS "
        "permissions (a Spaces key with full access, or s3:GetBucketCORS and s3:PutBucketCORS).",
        epilog="Exit codes: 0 set up, 1 browsers could not read the document (no CORS rule, or not\n"
        "public), 2 usage error.\n\nexamples:\n"
        "  elytra bucket setup s3://elytracloud-status/status.json --endpoint-url https://nyc3.digitaloceanspaces.com\n"
        "  elytra bucket setup s3://elytracloud-status/status.json --check",
    ),
)
"""The commands of ``bucket``."""
