"""What several command groups share: finding and loading the config, and building its sources."""

from __future__ import annotations

from pathlib import Path

from .._config import LoadedConfig, load_config
from .._errors import ConfigError
from .._log import logger
from .._sources.base import Source, SourceContext
from .args import CONFIG_ENV, DEFAULT_CONFIG, Args, Env

__all__ = ["config_path", "load", "sources"]


def config_path(args: Args, env: Env) -> Path:
    """``--config``, else ``$ELYTRA_STATUS_CONFIG``, else ``./elytra-status.toml`` if it exists."""
    given = args.config or env.environ.get(CONFIG_ENV)
    if given:
        return Path(given)
    path = Path(DEFAULT_CONFIG)
    if not path.exists():
        raise ConfigError(f"no config file: pass --config FILE, set {CONFIG_ENV}, or create ./{DEFAULT_CONFIG}")
    return path


def load(args: Args, env: Env) -> LoadedConfig:
    """The config, every ``[[sources]]`` table decoded; ``ConfigError`` for any problem in it."""
    loaded = load_config(config_path(args, env))
    if loaded.config.sources:  # a static config never loads the source registry
        from .._sources.registry import with_sources

        loaded = with_sources(loaded)
    logger.debug("config %s", loaded.path)
    return loaded


def sources(loaded: LoadedConfig, env: Env) -> list[Source]:
    """The configured sources, built."""
    if not loaded.sources:
        return []
    from .._sources.registry import make_sources

    return make_sources(loaded.sources, SourceContext(base=loaded.base, env=env.environ))
