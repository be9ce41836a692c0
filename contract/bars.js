// Runtime module of @elytracloud/status-contract; types in bars.d.ts.
// The day bars of a status page from history.json: one slot per UTC day, absent days as "no data".
import { parseTimestamp } from "./stale.js";

export const DEFAULT_BAR_DAYS = 90;

const DAY = 24 * 60 * 60 * 1000;
const STATES = new Set(["operational", "degraded", "outage", "maintenance"]);

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * @param {import("./time.js").Instant} now
 * @returns {number}
 */
function todayMs(now) {
  const ms = now instanceof Date ? now.getTime() : typeof now === "number" ? now : parseTimestamp(now)?.getTime();
  if (ms === undefined || !Number.isFinite(ms)) throw new RangeError(`now is not a valid instant: ${String(now)}`);
  return Math.floor(ms / DAY) * DAY;
}

/**
 * @param {import("./types.js").HistoryDocument | null | undefined} history
 * @param {import("./time.js").Instant} now
 * @param {import("./bars.js").DayBarsOptions} [options]
 * @returns {import("./bars.js").DayBar[]}
 */
export function dayBars(history, now, options = {}) {
  const { days: rawDays = DEFAULT_BAR_DAYS, component } = options;
  const days = Number.isInteger(rawDays) && rawDays > 0 ? Math.min(rawDays, 366) : DEFAULT_BAR_DAYS;
  const today = todayMs(now);
  /** @type {Map<string, import("./types.js").HistoryDay>} */
  const byDate = new Map();
  for (const day of history?.days ?? []) {
    if (isObject(day) && typeof day.date === "string" && !byDate.has(day.date)) byDate.set(day.date, day);
  }
  /** @type {import("./bars.js").DayBar[]} */
  const bars = [];
  for (let back = days - 1; back >= 0; back -= 1) {
    const date = new Date(today - back * DAY).toISOString().slice(0, 10);
    const day = byDate.get(date);
    const source = component === undefined ? day : day?.components?.[component];
    const status = source?.status;
    const uptime = source?.uptime;
    const notices = (day?.notices ?? []).filter((notice) => {
      if (component === undefined) return true;
      const listed = /** @type {{ components?: unknown }} */ (notice).components;
      return Array.isArray(listed) && listed.includes(component);
    });
    /** @type {import("./bars.js").DayBar} */
    const bar = {
      date,
      state: typeof status === "string" && STATES.has(status) ? /** @type {import("./bars.js").DayState} */ (status) : "no_data",
      partial: day?.partial === true,
      notices,
    };
    if (typeof uptime === "number" && Number.isFinite(uptime)) bar.uptime = uptime;
    bars.push(bar);
  }
  return bars;
}

/**
 * @param {readonly import("./bars.js").DayBar[]} bars
 * @returns {number | undefined}
 */
export function barsUptime(bars) {
  const figures = bars.flatMap((bar) => (bar.uptime === undefined ? [] : [bar.uptime]));
  if (figures.length === 0) return undefined;
  const mean = figures.reduce((sum, value) => sum + value, 0) / figures.length;
  // Floored to 2 decimals like the publisher's figures; the epsilon keeps 99.99 from reading as 99.98.
  return Math.floor(mean * 100 + 1e-9) / 100;
}
