"""``elytra config``: check the configuration."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any, cast

import msgspec

from .._config import LoadedConfig, SinkSettings, to_builtins
from .._core.redact import mask_url, redact_text
from .._errors import ConfigError, SinkError
from .._log import logger
from .args import Args, Env
from .common import load, preflight, sources
from .common import notices as notice_files
from .spec import Spec

__all__ = ["COMMANDS", "check", "masked_config"]

HELP = "inspect the configuration"
"""What ``elytra --help`` says of the group."""


def masked_config(loaded: LoadedConfig, environ: Mapping[str, str]) -> dict[str, Any]:
    """The config for display, every source table with its kind's defaults filled in.

    Credentials are masked even when allowlisted: the allowlist admits values
    into the public document, it does not make a key safe to print in a
    terminal or a CI log. ``*_env`` keys say whether their variable is set.
    """
    data = cast(dict[str, Any], to_builtins(loaded.config))
    data["sources"] = [to_builtins(settings) for settings in loaded.sources]
    data["notify"] = [to_builtins(settings) for settings in loaded.notify]

    def walk(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in cast(dict[str, Any], value).items()}
        if isinstance(value, list):
            return [walk(v, key) for v in cast(list[Any], value)]
        if isinstance(value, str):
            if key.endswith("_env"):
                state = "set" if environ.get(value) else "NOT SET"
                return f"{value} ({state})"
            if "://" in value:
                return mask_url(value)
            return redact_text(value)
        return value

    return {"config_file": str(loaded.path) if loaded.path else None, **walk(data)}


def _online(loaded: LoadedConfig, env: Env) -> int:
    """Probe every source once and read every target; one line each; 1 when any failed."""
    from .._run import collect, make_sinks

    failed = 0
    built = sources(loaded, env)
    for source in built:
        result = collect([source], loaded.config.collect, env.now())
        if result.failures:
            failed += 1
            env.write(f"FAIL  {result.failures[0]}")
        else:
            seen = result.observations
            env.write(f"OK    source {source.name}: {len(seen.monitors)} monitor(s), {len(seen.backups)} backup run(s)")
    targets = loaded.config.publish
    for sink in make_sinks(targets, loaded.base, loaded.config.publish_options):
        if isinstance(sink, SinkError):
            failed += 1
            env.write(f"FAIL  {sink}")
            continue
        try:
            current = sink.read()
        except SinkError as exc:
            failed += 1
            env.write(f"FAIL  {exc}")
            continue
        held = "empty (the first publish creates it)" if current is None else f"holds {len(current)} bytes"
        env.write(f"OK    target {sink.url}: readable, {held}")
    for target in targets:
        if target.url.startswith("s3://"):
            failed += _cors_line(target, env)
    return 1 if failed else 0


def _cors_line(target: SinkSettings, env: Env) -> int:
    """One line on the bucket's CORS rule for an ``s3://`` target; 1 when browsers could not read it."""
    from .._core.bucket import describe
    from .._sinks.bucket import cors_rule

    url = mask_url(target.url)
    try:
        rule = cors_rule(target)
    except SinkError as exc:
        env.write(f"FAIL  {exc}")
        return 1
    if rule is None:
        env.write(
            f"FAIL  target {url}: no CORS rule lets browsers on other sites read it; "
            f"run: elytra bucket setup {url}"
            + (f" --endpoint-url {target.endpoint_url}" if target.endpoint_url else "")
        )
        return 1
    env.write(f"OK    target {url}: CORS allows {describe(rule)}")
    return 0


def check(args: Args, env: Env) -> int:
    """Validate the config (every source built), print it resolved with secrets masked.

    ``--online`` then probes each source and target; exit 1 when one fails.
    """
    loaded = load(args, env)
    preflight(loaded)
    sources(loaded, env)  # settings the registry accepts but a source refuses surface here
    if loaded.notify:  # a [[notify]] whose variables are not set surfaces here, not after a publish
        from .._notify.base import NotifyContext
        from .._notify.registry import make_notifiers

        make_notifiers(loaded.notify, NotifyContext(base=loaded.base, env=env.environ))
    from .._notices import notice_findings

    found = notice_files(loaded)  # every notice file decoded and checked, like a publish reads them
    leaks = notice_findings(found, loaded.config.redaction.allow)
    if leaks:
        raise ConfigError("sensitive data in notice files, which are published: " + "; ".join(leaks))
    env.write(msgspec.json.format(msgspec.json.encode(masked_config(loaded, env.environ)), indent=2))
    outputs = loaded.config.outputs
    if loaded.config.page.url is None and (outputs.statuspage or outputs.feeds):
        logger.warning(
            "[page] url is not set: publishes leave out the Statuspage API and the feeds, which link to the page"
        )
    logger.info(
        "config ok: %d source(s), %d component(s), %d notice file(s), %d publish target(s)",
        len(loaded.config.sources),
        len(loaded.config.components),
        len(found),
        len(loaded.config.publish),
    )
    if not args.online:
        return 0
    return _online(loaded, env)


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--online",
        action="store_true",
        help="also probe every source once and read every publish target (credentials, bucket, reachability, "
        "the bucket's CORS rule)",
    )


# --- parsers --------------------------------------------------------------------


COMMANDS = (
    Spec(
        "check",
        run=check,
        arguments=_check_arguments,
        help="validate the config and print it resolved, secrets masked",
        description="Validate the config file, the source tables, the publish targets and the static text "
        "(scanned like the document) and print the config resolved, secrets masked. Exit 2 on any problem. "
        "With --online, probe every source once and read every publish target.",
    ),
)
"""The commands of ``config``, in the order ``--help`` lists them."""
