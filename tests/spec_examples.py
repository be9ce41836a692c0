"""The example documents of the v1.3 integration spec that v1 must keep reading."""

from __future__ import annotations

__all__ = ["SPEC_CLI_OUTPUT", "SPEC_PUBLIC_STATUS", "SPEC_STUB_TIMESTAMP"]

# public/status.json, the mock for the site's local development.
SPEC_PUBLIC_STATUS = """{
  "updated_at": "2025-11-10T12:00:00Z",
  "platform_status": "operational",
  "uptime": { "last_24h": 100.0, "last_7d": 99.95 },
  "backups": {
    "policy": "Nightly backups, 7-day retention, off-site object storage.",
    "last_successful_backup": "2025-11-10T02:01:30Z",
    "last_backup_status": "success"
  },
  "infrastructure": {
    "model": "Dedicated droplet per client + managed database cluster.",
    "regions": ["nyc3"],
    "notes": "All sites behind managed HTTPS and monitored 24/7."
  }
}"""

# `elytra status summary --json` as its pipeline published it: the bash script
# added updated_at with jq.
SPEC_CLI_OUTPUT = (
    '{"platform_status": "operational", "uptime": {"last_24h": 100.0, "last_7d": 99.97}, '
    '"backups": {"last_successful_backup": "2025-11-10T02:01:30Z", "last_backup_status": "success"}, '
    '"infrastructure": {"model": "Dedicated droplet per client + managed database cluster.", '
    '"regions": ["nyc3"], "notes": "All sites behind managed HTTPS and monitored 24/7."}, '
    '"updated_at": "2025-11-10T12:00:07Z"}'
)

# The spec's Python stub wrote utcnow().isoformat() + "Z": microseconds.
SPEC_STUB_TIMESTAMP = '{"updated_at": "2025-11-10T12:00:07.123456Z", "platform_status": "unknown"}'
