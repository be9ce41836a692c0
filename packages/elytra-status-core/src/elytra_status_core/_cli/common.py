"""What several command groups share: finding and loading the config, and building its sources."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from .._config import LoadedConfig, load_config
from .._errors import ConfigError
from .._log import logger
from .args import CONFIG_ENV, DEFAULT_CONFIG, Args, Env

if TYPE_CHECKING:
    from .._notices import LoadedNotice
    from .._run import RunResult
    from .._sources.base import Source

__all__ = ["build", "config_path", "load", "max_ages", "notices", "preflight", "source_names", "sources"]


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
    """The config, every ``[[sources]]`` table decoded; ``ConfigError`` for any problem in it.

    Before the source tables are decoded (their errors are logged), the
    run's secrets are registered with the log masker, so they are masked by
    value in every log line and stdout line, whatever their shape: the
    values of the variables a source names (``token_env`` and any other
    ``*_env`` key), the passwords and sensitive query values of the config's
    URLs, the S3 credentials and the alert webhook from the environment; so
    are the ``[[notify]]`` tables' ``*_env`` values (webhook URLs, SMTP
    credentials) and the heartbeat URL (``[run] ping_url`` or the variable
    ``ping_url_env`` names), whole. ``[[notify]]`` tables are decoded too.
    """
    from typing import Any, cast

    from .._config import to_builtins
    from .._core.redact import url_secrets
    from .._log import register_secrets

    loaded = load_config(config_path(args, env))
    secrets: list[str] = []
    for table in [*loaded.config.sources, *loaded.config.notify]:
        for key, name in table.items():
            if key.endswith("_env") and isinstance(name, str) and env.environ.get(name):
                secrets.append(env.environ[name])

    def in_urls(value: Any) -> None:
        if isinstance(value, dict):
            for item in cast(dict[str, Any], value).values():
                in_urls(item)
        elif isinstance(value, list):
            for item in cast(list[Any], value):
                in_urls(item)
        elif isinstance(value, str) and "://" in value:
            secrets.extend(url_secrets(value))

    in_urls(to_builtins(loaded.config))
    run = loaded.config.run
    if run.ping_url:
        secrets.append(run.ping_url)
    heartbeat = ("ELYTRA_STATUS_ALERT_WEBHOOK", *([run.ping_url_env] if run.ping_url_env else []))
    for name in ("AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN", *heartbeat):
        if env.environ.get(name):
            secrets.append(env.environ[name])
    register_secrets(secrets)
    if loaded.config.notify:  # no [[notify]]: the notifier registry is never loaded
        from .._notify.registry import with_notify

        loaded = with_notify(loaded)
    if loaded.config.sources:  # a static config never loads the source registry
        from .._sources.registry import with_sources

        loaded = with_sources(loaded)
    logger.debug("config %s", loaded.path)
    return loaded


def sources(loaded: LoadedConfig, env: Env) -> list[Source]:
    """The configured sources, built."""
    if not loaded.sources:
        return []
    from .._sources.base import SourceContext
    from .._sources.registry import make_sources

    return make_sources(loaded.sources, SourceContext(base=loaded.base, env=env.environ))


def max_ages(loaded: LoadedConfig, built: Sequence[Source]) -> dict[str, timedelta]:
    """Source name -> its own ``max_observation_age``, for the sources that set one."""
    return {
        source.name: settings.max_observation_age
        for source, settings in zip(built, loaded.sources, strict=True)
        if settings.max_observation_age is not None
    }


def source_names(loaded: LoadedConfig, built: Sequence[Source]) -> dict[str, str]:
    """Source display name -> the name component selectors use (its ``name``, else its kind)."""
    from .._config import source_name

    return {source.name: source_name(table) for source, table in zip(built, loaded.config.sources, strict=True)}


def notices(loaded: LoadedConfig) -> list[LoadedNotice]:
    """The notice files of ``[notices] dir``, decoded and checked against the configured components."""
    from .._notices import load_notices

    config = loaded.config
    return load_notices(config.notices, loaded.base, {c.id for c in config.components})


def build(loaded: LoadedConfig, env: Env, built: Sequence[Source] | None = None) -> RunResult:
    """One run's document from the config's sources and notices, at ``env.now()``."""
    from .._run import build_run

    built = sources(loaded, env) if built is None else built
    return build_run(
        loaded.config,
        built,
        env.now(),
        max_age_of=max_ages(loaded, built),
        source_names=source_names(loaded, built),
        notices=notices(loaded),
    )


def preflight(loaded: LoadedConfig) -> None:
    """What a run would trip on, found before it starts (``ConfigError``, exit 2).

    A config with nothing to measure and nothing to say; static text, and the
    header values every published object carries, that the leak scan would
    refuse (so ``config check`` finds them, not the first publish).
    """
    from .._core.redact import scan_text

    config = loaded.config
    file = str(loaded.path) if loaded.path else None
    infrastructure, backups = config.infrastructure, config.backups
    texts = {
        "infrastructure.model": infrastructure.model,
        "infrastructure.notes": infrastructure.notes,
        "backups.policy": backups.policy,
        **{f"infrastructure.regions[{i}]": region for i, region in enumerate(infrastructure.regions or [])},
    }
    published = {
        "page.name": config.page.name,
        "page.url": config.page.url,
        **{f"components[{i}].name": c.name for i, c in enumerate(config.components)},
        **{f"components[{i}].group": c.group for i, c in enumerate(config.components)},
    }
    if not config.sources and not any(texts.values()):
        raise ConfigError(
            "nothing to measure and nothing to say: add a [[sources]] table (or [infrastructure] text)", file=file
        )
    allow = config.redaction.allow
    findings = [f for key, text in {**texts, **published}.items() if text for f in scan_text(text, f"$.{key}", allow)]
    if config.publish:  # a config without targets never loads the publisher
        from .._run import header_findings

        for index, target in enumerate(config.publish):
            findings += header_findings(target, f"publish[{index}]")
    if findings:
        shown = "; ".join(str(f) for f in findings)
        raise ConfigError(f"sensitive data where it would be published: {shown}", file=file)
