/** How long after `updated_at` a document without `stale_after` stays fresh: 30 minutes, in milliseconds. */
export declare const DEFAULT_STALE_AFTER_MS: number;
/** How far `updated_at` may lie in the future (clock skew) before the document counts as stale, in milliseconds. */
export declare const FUTURE_TOLERANCE_MS: number;

/**
 * Whether a status document must be shown as stale at `now` (default: the current time).
 *
 * Exactly the rule of the publisher's Python `is_stale`: a document is stale when
 * - it is not an object, or `updated_at` is missing or not an RFC 3339 instant with an
 *   offset (`2025-11-10T12:00:00Z`, `2025-11-10T13:00:00.5+01:00`);
 * - `updated_at` lies more than 5 minutes after `now`;
 * - `now` is past `stale_after`, or past `updated_at` + 30 minutes when `stale_after` is
 *   absent (or `null`); a `stale_after` that is present but not an instant makes it stale.
 *
 * Instants are compared to the microsecond, as in Python. Accepts a parsed
 * `PlatformStatus` or raw JSON of unknown shape.
 *
 * @throws RangeError when `now` is an invalid `Date`.
 */
export declare function isStale(doc: unknown, now?: Date): boolean;

/**
 * A timestamp of the contract (`2025-11-10T12:00:00Z`: RFC 3339 with an offset, at most 6
 * fraction digits) as a `Date`, to the millisecond; `undefined` for anything else. Stricter
 * than `Date.parse`, which accepts other formats and guesses a time zone for some.
 */
export declare function parseTimestamp(value: unknown): Date | undefined;
