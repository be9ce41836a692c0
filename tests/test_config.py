"""Config decoding: the documented key names, errors that name the key path."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from elytra_status_core import ConfigError, load_config, parse_config
from elytra_status_core._sources.uptime_kuma import Settings as UptimeKumaSettings

FULL = """
[status]
stale_after = "30m"
operational_min_24h = 99.9
outage_share = 0.5
uptime_aggregation = "mean"

[infrastructure]
model = "Dedicated droplet per client + managed database cluster."
regions = ["nyc3"]
notes = "All sites behind managed HTTPS and monitored 24/7."

[backups]
policy = "Nightly backups, 7-day retention, off-site object storage."
max_age = "36h"

[[sources]]
kind = "uptime-kuma"
url = "https://uptime.example.internal"
status_page = "platform"

[[publish]]
url = "s3://elytracloud-status/status.json"
endpoint_url = "https://nyc3.digitaloceanspaces.com"
acl = "public-read"
cache_control = "public, max-age=60"
"""


def test_the_documented_keys_decode() -> None:
    config = parse_config(FULL).config
    assert config.status.stale_after == timedelta(minutes=30)
    assert config.status.uptime_aggregation == "mean"
    assert config.backups.max_age == timedelta(hours=36)
    assert config.infrastructure.regions == ["nyc3"]
    assert list(parse_config(FULL).sources) == [
        UptimeKumaSettings(kind="uptime-kuma", url="https://uptime.example.internal", status_page="platform")
    ]
    assert config.publish[0].endpoint_url == "https://nyc3.digitaloceanspaces.com"


def test_an_empty_config_has_the_documented_defaults() -> None:
    config = parse_config("").config
    assert config.status.stale_after == timedelta(minutes=30)
    assert config.status.operational_min_24h == 99.9
    assert config.status.outage_share == 0.5
    assert config.backups.max_age == timedelta(hours=36)
    assert config.publish == [] and config.sources == []


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ('[status]\nstale_after = "soon"', "status.stale_after", "invalid duration"),
        ("[status]\nstale_after = 30", "status.stale_after", "duration"),
        ("[status]\noutage_share = 1.5", "status.outage_share", "<= 1"),
        ('[status]\nuptime_aggregation = "median"', "status.uptime_aggregation", "Invalid enum value 'median'"),
        ("[status]\nstale_afer = '5m'", "status.stale_afer", "unknown key"),
        ("[statuss]\nstale_after = '5m'", "statuss", "unknown key"),
        ('[infrastructure]\nregions = "nyc3"', "infrastructure.regions", "got `str`"),
        ('[[sources]]\nkind = "uptime-kuma"\nstatus_page = "p"', "sources[0]", "url"),
        (
            '[[sources]]\nkind = "uptime-kuma"\nurl = "https://u"\nstatus_page = "p"\n[[sources]]\nkind = "uptime-kuma"\nurl = 5\nstatus_page = "p"',
            "sources[1].url",
            "Expected `str`",
        ),
        (
            '[[sources]]\nkind = "uptime-kuma"\nurl = "https://u"\nstatus_page = "p"\ntoken = "abc"',
            "sources[0].token",
            "token_env",
        ),
        ('[[publish]]\nurl = ""', "publish[0].url", "length >= 1"),
    ],
)
def test_errors_name_the_key_path(text: str, key: str, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(text)
    assert caught.value.key == key
    assert words in str(caught.value)
    assert caught.value.exit_code == 2


def test_toml_syntax_errors_and_missing_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[status\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad)
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "missing.toml")


def test_relative_paths_resolve_against_the_config_folder(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    path = tmp_path / "conf" / "elytra-status.toml"
    path.write_text("")
    assert load_config(path).base == (tmp_path / "conf").resolve()


def test_secret_values_never_appear_in_config_errors() -> None:
    secret = "xoxb-1234567890-abcdefghijklmnop"
    with pytest.raises(ConfigError) as caught:
        parse_config(f'[[sources]]\nkind = "uptime-kuma"\nurl = "https://u"\nstatus_page = "p"\ntoken = "{secret}"')
    assert secret not in str(caught.value)
