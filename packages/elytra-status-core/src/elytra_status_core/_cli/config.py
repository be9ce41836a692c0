"""``elytra config``: check the configuration."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import msgspec

from .._config import LoadedConfig, to_builtins
from .._core.redact import mask_url, redact_text
from .._log import logger
from .args import Args, Env
from .common import load, sources
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


def check(args: Args, env: Env) -> int:
    """Validate the config (every source built), print it resolved with secrets masked."""
    loaded = load(args, env)
    sources(loaded, env)  # unknown kinds and bad settings surface here
    env.write(msgspec.json.format(msgspec.json.encode(masked_config(loaded, env.environ)), indent=2))
    logger.info("config ok: %d source(s), %d publish target(s)", len(loaded.config.sources), len(loaded.config.publish))
    return 0


# --- parsers --------------------------------------------------------------------


COMMANDS = (Spec("check", run=check, help="validate the config and print it resolved, secrets masked"),)
"""The commands of ``config``, in the order ``--help`` lists them."""
