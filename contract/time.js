// Runtime module of @elytracloud/status-contract; types in time.d.ts.
// Times for people, with Intl: locale and time zone are arguments, never the host's defaults.
import { DEFAULT_LOCALE } from "./labels.js";
import { parseTimestamp } from "./stale.js";

export const DEFAULT_TIME_ZONE = "UTC";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** @type {ReadonlyArray<readonly [Intl.RelativeTimeFormatUnit, number, number]>} unit, its length, used below this age */
const UNITS = [
  ["minute", MINUTE, HOUR],
  ["hour", HOUR, DAY],
  ["day", DAY, 61 * DAY],
  ["month", (365.2425 / 12) * DAY, 366 * DAY],
  ["year", 365.2425 * DAY, Number.POSITIVE_INFINITY],
];

/**
 * @param {import("./time.js").Instant} value
 * @param {string} what
 * @returns {number} milliseconds since the epoch
 */
function toMs(value, what) {
  const ms =
    value instanceof Date ? value.getTime() : typeof value === "number" ? value : parseTimestamp(value)?.getTime();
  if (ms === undefined || !Number.isFinite(ms)) throw new RangeError(`${what} is not a valid instant: ${String(value)}`);
  return ms;
}

/**
 * @param {import("./time.js").Instant} instant
 * @param {import("./time.js").Instant} now
 * @param {import("./time.js").RelativeTimeOptions} [options]
 * @returns {string}
 */
export function formatRelativeTime(instant, now, options = {}) {
  const { locale = DEFAULT_LOCALE, style = "long" } = options;
  const delta = toMs(instant, "instant") - toMs(now, "now");
  const format = new Intl.RelativeTimeFormat(/** @type {string | string[] | undefined} */ (locale), { numeric: "auto", style });
  const age = Math.abs(delta);
  if (age < MINUTE) return format.format(0, "second");
  for (const [unit, length, below] of UNITS) {
    if (age < below) return format.format(Math.trunc(delta / length), unit);
  }
  return format.format(Math.trunc(delta / DAY), "day");
}

/**
 * @param {import("./time.js").Instant} instant
 * @param {import("./time.js").DateTimeOptions} [options]
 * @returns {string}
 */
export function formatDateTime(instant, options = {}) {
  const { locale = DEFAULT_LOCALE, timeZone = DEFAULT_TIME_ZONE, timeZoneName = "short" } = options;
  return new Intl.DateTimeFormat(/** @type {string | string[] | undefined} */ (locale), {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
    timeZoneName,
  }).format(toMs(instant, "instant"));
}

/**
 * @param {string} date
 * @param {import("./time.js").DateOptions} [options]
 * @returns {string}
 */
export function formatDay(date, options = {}) {
  const { locale = DEFAULT_LOCALE, weekday } = options;
  const match = DATE.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
  }
  return new Intl.DateTimeFormat(/** @type {string | string[] | undefined} */ (locale), {
    year: "numeric",
    month: "short",
    day: "numeric",
    timeZone: "UTC",
    ...(weekday === undefined ? {} : { weekday }),
  }).format(ms);
}

/**
 * @param {import("./time.js").Instant} instant
 * @returns {string}
 */
export function utcDate(instant) {
  return new Date(toMs(instant, "instant")).toISOString().slice(0, 10);
}
