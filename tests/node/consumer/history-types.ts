// Type-level tests of the history.json part of @elytracloud/status-contract. Every
// `@ts-expect-error` must meet an error: an unused one fails `tsc`.
import {
  HISTORY_SCHEMA_VERSION,
  historySchema,
  parseHistory,
  type ComponentDay,
  type ComponentDayStatus,
  type DayNotice,
  type DayStatus,
  type HistoryDay,
  type HistoryDocument,
  type HistoryParseResult,
  type JsonSchema,
} from "@elytracloud/status-contract";
import badWeek from "@elytracloud/status-contract/fixtures/history/bad-week.json" with { type: "json" };

const minimal: HistoryDocument = { updated_at: "2025-11-10T12:00:00Z", days: [] };
const today: HistoryDay = {
  date: "2025-11-10",
  partial: true,
  status: "degraded",
  components: { panel: { status: "maintenance" }, websites: { status: "operational", uptime: 99.97 } },
  notices: [{ id: "2025-11-10-panel-errors", kind: "incident", title: "Elevated errors", impact: "degraded" }],
};
const full: HistoryDocument = { schema_version: "1.0", updated_at: "2025-11-10T12:00:00Z", days: [today, { date: "2025-11-09" }] };
const fixture: HistoryDocument = badWeek;

// A component of a day is looked up by id and may be absent (noUncheckedIndexedAccess).
const panel: ComponentDay | undefined = today.components?.["panel"];
const labels: Record<DayStatus, string> = { operational: "No issues", degraded: "Degraded", outage: "Outage" };
const componentLabels: Record<ComponentDayStatus, string> = {
  operational: "No issues",
  maintenance: "Maintenance",
  degraded: "Degraded",
  outage: "Outage",
};

// @ts-expect-error "unknown" is never recorded: a day without data has no status
const unknownDay: HistoryDay = { date: "2025-11-10", status: "unknown" };
// @ts-expect-error partial is only ever true
const notPartial: HistoryDay = { date: "2025-11-10", partial: false };
// @ts-expect-error "maintenance" is a component's state, not the platform's
const maintenanceDay: HistoryDay = { date: "2025-11-10", status: "maintenance" };
// @ts-expect-error date is required
const noDate: HistoryDay = { status: "operational" };
// @ts-expect-error days is required
const noDays: HistoryDocument = { updated_at: "2025-11-10T12:00:00Z" };
// @ts-expect-error uptime is a number
const stringUptime: ComponentDay = { uptime: "99.9" };
// @ts-expect-error a notice needs its kind, title and impact
const bareNotice: DayNotice = { id: "x" };
// @ts-expect-error null is never valid: absent means unknown
const nullStatus: HistoryDay = { date: "2025-11-10", status: null };

export function render(json: unknown): string {
  const result: HistoryParseResult = parseHistory(json);
  if (!result.ok) return `${result.error.message}; ${result.data.days.length} days`;
  const first = result.data.days[0];
  return first === undefined ? "no data" : `${first.date}: ${first.status === undefined ? "no data" : labels[first.status]}`;
}

const schema: JsonSchema = historySchema;
const version: "1.0" = HISTORY_SCHEMA_VERSION;

export {
  minimal,
  full,
  fixture,
  panel,
  componentLabels,
  unknownDay,
  notPartial,
  maintenanceDay,
  noDate,
  noDays,
  stringUptime,
  bareNotice,
  nullStatus,
  schema,
  version,
};
