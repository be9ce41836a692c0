// Runtime module of @elytracloud/status-contract; types in fixtures.d.ts.
// Moves a fixture to another instant, so that it is exactly as fresh then as it was when made.
import { parseTimestamp } from "./stale.js";

export const FIXTURE_TIME = "2025-11-10T12:00:00Z";

const DAY = 24 * 60 * 60 * 1000;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/**
 * @param {Date | number | string} value
 * @param {string} what
 * @returns {number}
 */
function toMs(value, what) {
  const ms =
    value instanceof Date ? value.getTime() : typeof value === "number" ? value : parseTimestamp(value)?.getTime();
  if (ms === undefined || !Number.isFinite(ms)) throw new RangeError(`${what} is not a valid instant: ${String(value)}`);
  return ms;
}

/**
 * @param {number} ms
 * @returns {number} the UTC midnight that starts the day of `ms`
 */
function midnight(ms) {
  return Math.floor(ms / DAY) * DAY;
}

/**
 * @template T
 * @param {T} doc
 * @param {Date | number | string} now
 * @param {{ from?: Date | number | string | undefined }} [options]
 * @returns {T}
 */
export function shiftFixture(doc, now, options = {}) {
  const from = toMs(options.from ?? FIXTURE_TIME, "from");
  const to = toMs(now, "now");
  const shift = Math.round((to - from) / 1000) * 1000;
  const days = (midnight(to) - midnight(from)) / DAY;
  /**
   * @param {unknown} value
   * @returns {unknown}
   */
  const move = (value) => {
    if (typeof value === "string") {
      if (DATE.test(value)) {
        const date = Date.parse(`${value}T00:00:00Z`);
        return Number.isNaN(date) ? value : new Date(date + days * DAY).toISOString().slice(0, 10);
      }
      const instant = parseTimestamp(value);
      if (instant === undefined) return value;
      return new Date(instant.getTime() + shift).toISOString().replace(/\.000Z$/, "Z");
    }
    if (Array.isArray(value)) return value.map(move);
    if (typeof value === "object" && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, move(inner)]));
    }
    return value;
  };
  return /** @type {T} */ (move(doc));
}
