// Runtime module of @elytracloud/status-contract; types in stale.d.ts.
// The same rule as elytra_status_core._staleness.is_stale, tested against the same cases.

export const DEFAULT_STALE_AFTER_MS = 30 * 60 * 1000;
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

const DEFAULT_STALE_AFTER_US = BigInt(DEFAULT_STALE_AFTER_MS) * 1000n;
const FUTURE_TOLERANCE_US = BigInt(FUTURE_TOLERANCE_MS) * 1000n;
// The contract's timestamp grammar: at most 6 fraction digits, ASCII digits only.
const INSTANT = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,6}))?(?:(Z)|([+-])([0-9]{2}):([0-9]{2}))$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * @param {number} year
 * @param {number} month
 * @returns {number}
 */
function daysIn(year, month) {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (years 1..9999).
 * @param {number} year
 * @param {number} month
 * @param {number} day
 * @returns {number}
 */
function daysFromCivil(year, month, day) {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * An RFC 3339 instant with an offset, as microseconds since the epoch;
 * `undefined` when `text` is not one (the contract's grammar, as in Python).
 * @param {string} text
 * @returns {bigint | undefined}
 */
function parseInstant(text) {
  const match = INSTANT.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, oh, om] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetSeconds = 0;
  if (zulu === undefined) {
    const offsetHours = Number(oh);
    const offsetMinutes = Number(om);
    if (offsetHours > 23 || offsetMinutes > 59) return undefined;
    offsetSeconds = (offsetHours * 60 + offsetMinutes) * 60 * (sign === "-" ? -1 : 1);
  }
  const micro = Number((fraction ?? "").slice(0, 6).padEnd(6, "0"));
  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  return BigInt(seconds) * 1000000n + BigInt(micro);
}

/**
 * @param {unknown} value
 * @returns {bigint | undefined}
 */
function instant(value) {
  return typeof value === "string" ? parseInstant(value) : undefined;
}

/**
 * @param {unknown} doc
 * @param {Date} [now]
 * @returns {boolean}
 */
export function isStale(doc, now = new Date()) {
  const time = now.getTime();
  if (Number.isNaN(time)) throw new RangeError("isStale: now is an invalid Date");
  if (typeof doc !== "object" || doc === null) return true;
  const fields = /** @type {Record<string, unknown>} */ (doc);
  const updatedAt = instant(fields["updated_at"]);
  if (updatedAt === undefined) return true;
  const nowUs = BigInt(time) * 1000n;
  if (updatedAt - nowUs > FUTURE_TOLERANCE_US) return true;
  const rawStaleAfter = fields["stale_after"];
  let deadline;
  if (rawStaleAfter === undefined || rawStaleAfter === null) {
    deadline = updatedAt + DEFAULT_STALE_AFTER_US;
  } else {
    deadline = instant(rawStaleAfter);
    if (deadline === undefined) return true;
  }
  return nowUs > deadline;
}

/**
 * @param {unknown} value
 * @returns {Date | undefined}
 */
export function parseTimestamp(value) {
  const us = instant(value);
  if (us === undefined) return undefined;
  const ms = us / 1000n - (us % 1000n < 0n ? 1n : 0n);
  return new Date(Number(ms));
}
