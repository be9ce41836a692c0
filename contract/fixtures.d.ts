/** `"2025-11-10T12:00:00Z"`: the instant every fixture of this package is built at. */
export declare const FIXTURE_TIME: "2025-11-10T12:00:00Z";

export interface ShiftOptions {
  /** The instant the document was made at; default `FIXTURE_TIME`. */
  from?: Date | number | string | undefined;
}

/**
 * A copy of a fixture (`status.json` or `history.json`) moved from `FIXTURE_TIME` to `now`:
 * every timestamp moves by `now - from` (rounded to whole seconds, written as UTC with `Z`),
 * and every calendar date (`YYYY-MM-DD`, the days of `history.json`) by whole days, so the
 * day that was "today" at `from` is "today" at `now`. A fixture is then exactly as fresh, as
 * stale and as far into an incident at `now` as it was when it was made: for local
 * development and for tests that pass their own `now`. Other strings (ids, text) are kept.
 *
 * ```ts
 * import operational from "@elytracloud/status-contract/fixtures/operational.json" with { type: "json" };
 * const doc = shiftFixture(operational, new Date());
 * ```
 *
 * @throws RangeError when `now` or `from` is not a valid instant.
 */
export declare function shiftFixture<T>(doc: T, now: Date | number | string, options?: ShiftOptions): T;
