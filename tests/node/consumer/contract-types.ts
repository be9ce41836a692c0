// Type-level tests of @elytracloud/status-contract. Every `@ts-expect-error`
// must meet an error: an unused one fails `tsc`, so a contract violation the
// types stop rejecting is caught.
import Ajv2020 from "ajv/dist/2020.js";
import greenDays from "@elytracloud/status-contract/fixtures/history/green-90-days.json";
import operationalFixture from "@elytracloud/status-contract/fixtures/operational.json";
import {
  dayBars,
  fetchHistory,
  fetchPlatformStatus,
  shiftFixture,
  type DayBar,
  type DayState,
  type FailureReason,
  type FetchOptions,
  type HistoryDocument,
  type Result,
  type StatusResult,
  isStale,
  parsePlatformStatus,
  platformStatusSchema,
  SCHEMA_VERSION,
  DEFAULT_STALE_AFTER_MS,
  type BackupStatus,
  type Backups,
  type ContractIssue,
  type Infrastructure,
  type JsonSchema,
  type ParseResult,
  type PlatformStatus,
  type Status,
  type Uptime,
} from "@elytracloud/status-contract";

const minimal: PlatformStatus = { updated_at: "2025-11-10T12:00:00Z", platform_status: "operational" };
const full: PlatformStatus = {
  schema_version: "1.0",
  updated_at: "2025-11-10T12:00:00Z",
  stale_after: "2025-11-10T12:30:00Z",
  platform_status: "degraded",
  uptime: { last_24h: 99.5, last_7d: 99.9 },
  backups: { policy: "Nightly.", last_successful_backup: "2025-11-10T02:01:30Z", last_backup_status: "warning" },
  infrastructure: { model: "Droplets.", regions: ["nyc3", "ams3"], notes: "Monitored." },
};

// Wrong enum values.
// @ts-expect-error "maintenance" is not a Status
const badStatus: PlatformStatus = { updated_at: "2025-11-10T12:00:00Z", platform_status: "maintenance" };
// @ts-expect-error "skipped" is not a BackupStatus
const badBackupStatus: Backups = { last_backup_status: "skipped" };

// Required fields.
// @ts-expect-error updated_at is required
const noUpdatedAt: PlatformStatus = { platform_status: "operational" };
// @ts-expect-error platform_status is required
const noPlatformStatus: PlatformStatus = { updated_at: "2025-11-10T12:00:00Z" };

// Wrong types.
// @ts-expect-error uptime figures are numbers, not strings
const stringUptime: Uptime = { last_24h: "99.9" };
// @ts-expect-error updated_at is a string, not a Date
const dateUpdatedAt: PlatformStatus = { updated_at: new Date(), platform_status: "operational" };
// @ts-expect-error regions is a list of strings
const regionString: Infrastructure = { regions: "nyc3" };
// @ts-expect-error regions holds strings only
const regionNumbers: Infrastructure = { regions: [3] };

// Absent means unknown: the contract never holds null, and (exactOptionalPropertyTypes) never undefined.
// @ts-expect-error null is not a value of the contract
const nullBackups: PlatformStatus = { updated_at: "2025-11-10T12:00:00Z", platform_status: "unknown", backups: null };
// @ts-expect-error null is not a value of the contract
const nullFigure: Uptime = { last_7d: null };
// @ts-expect-error an unknown field is omitted, not set to undefined
const undefinedUptime: PlatformStatus = { updated_at: "2025-11-10T12:00:00Z", platform_status: "unknown", uptime: undefined };

// No index signatures: only the fields of the contract exist.
// @ts-expect-error PlatformStatus has no field "message"
const message: unknown = full.message;

// Exhaustive label maps over the string-literal unions.
const labels: Record<Status, string> = {
  operational: "All systems operational",
  degraded: "Minor degradation",
  outage: "Service disruption",
  unknown: "Status unavailable",
};
// @ts-expect-error a label map without "unknown" is not exhaustive
const partialLabels: Record<Status, string> = { operational: "ok", degraded: "meh", outage: "down" };
const backupLabels: Record<BackupStatus, string> = { success: "ok", warning: "late", failed: "failed", unknown: "?" };

// parsePlatformStatus and the fetchers share one result shape that narrows on `ok`.
const result: ParseResult = parsePlatformStatus(JSON.parse("{}") as unknown);
if (result.ok) {
  const status: Status = result.data.platform_status;
  const label: string = labels[status];
  const none: null = result.error;
  void label;
  void none;
} else {
  const reason: FailureReason = result.error.reason;
  const first: ContractIssue | undefined = result.error.issues?.[0];
  const where: string | undefined = first?.path;
  const fallback: PlatformStatus = result.data;
  void reason;
  void where;
  void fallback;
}
// @ts-expect-error `error` is an object or null, never a string
const notAString: string = result.error;

async function fetchers(signal: AbortSignal | undefined, timeoutMs: number | undefined): Promise<void> {
  // Options typed for exactOptionalPropertyTypes: a possibly-undefined value may be passed.
  const options: FetchOptions = { signal, timeoutMs, maxBytes: undefined, next: { revalidate: 600, tags: ["status"] } };
  const status: StatusResult = await fetchPlatformStatus("https://status.example.com/status.json", options);
  if (status.ok) {
    const fresh: boolean = status.stale;
    void fresh;
  } else {
    const alwaysStale: true = status.stale;
    const message: string = status.error.message;
    void alwaysStale;
    void message;
  }
  const { data, error, stale } = status; // the spec card's destructuring
  void [data.platform_status, error?.reason, stale];
  const history: Result<HistoryDocument> = await fetchHistory("https://status.example.com/history.json", options);
  const bars: DayBar[] = dayBars(history.data, new Date(), { component: undefined, days: undefined });
  const state: DayState = bars[0]?.state ?? "no_data";
  void state;
  // @ts-expect-error the timeout is a number of milliseconds
  await fetchPlatformStatus("https://status.example.com/status.json", { timeoutMs: "5s" });
}

// Fixtures are exported typed: each status fixture is a PlatformStatus, each history fixture a HistoryDocument.
const fixture: PlatformStatus = operationalFixture;
const historyFixture: HistoryDocument = greenDays;
// @ts-expect-error a status fixture is not a history
const wrongKind: HistoryDocument = operationalFixture;
const shifted: PlatformStatus = shiftFixture(operationalFixture, new Date());

// isStale takes a document or anything parsed from JSON, and an optional now.
const stale: boolean = isStale(full) || isStale(minimal, new Date(0)) || isStale(JSON.parse("null") as unknown);
// @ts-expect-error now is a Date
isStale(full, "2025-11-10T12:00:00Z");

// The schema object is what Ajv compiles.
const schema: JsonSchema = platformStatusSchema;
const validate = new Ajv2020({ strict: true }).compile(schema);
const version: `1.${number}` = SCHEMA_VERSION;
const lifetime: number = DEFAULT_STALE_AFTER_MS;

export {
  backupLabels, badBackupStatus, badStatus, dateUpdatedAt, lifetime, message, noPlatformStatus, noUpdatedAt,
  nullBackups, nullFigure, partialLabels, regionNumbers, regionString, stale, stringUptime, undefinedUptime,
  validate, version, notAString, fetchers, fixture, historyFixture, wrongKind, shifted,
};
