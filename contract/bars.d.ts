import type { Instant } from "./time.js";
import type { ComponentDayStatus, DayNotice, HistoryDocument } from "./types.js";

/** 90: how many days the bars cover unless told otherwise. */
export declare const DEFAULT_BAR_DAYS: number;

/**
 * What a day bar shows: the day's worst published status (`maintenance` for components only),
 * or `no_data` when nothing was measured.
 */
export type DayState = ComponentDayStatus | "no_data";

/** One slot of the bars: one UTC day. */
export interface DayBar {
  /** The UTC calendar date, `YYYY-MM-DD`. */
  date: string;
  /** The day's worst published status, or `no_data` when the day is absent or has no status (never `operational`). */
  state: DayState;
  /** The availability over the day, percent, when it is known (closed days; never guessed). */
  uptime?: number;
  /** True for today: the day is not over, so its status may still get worse and it has no uptime. */
  partial: boolean;
  /**
   * The notices active that day. A component's bars carry those that list the component; the
   * day records of history 1.0 do not say which components a notice concerns, so there they
   * carry none, and the platform's bars carry every notice.
   */
  notices: readonly DayNotice[];
}

export interface DayBarsOptions {
  /** How many days, ending with today (UTC): default 90, at most 366. */
  days?: number | undefined;
  /** A component id: the bars of that component instead of the platform's. */
  component?: string | undefined;
}

/**
 * The day bars of the platform (or of one component) from `history.json`, oldest first, one
 * slot per UTC day up to the day of `now`. A day that is absent from the history, or has no
 * status, is `no_data`: a never-probed site shows grey, not 90 days of outage nor of green.
 * A missing history (`null`, or the fallback of a failed fetch) gives only `no_data` slots.
 *
 * ```ts
 * const bars = dayBars(history.data, new Date());               // the platform
 * const panel = dayBars(history.data, new Date(), { component: "panel" });
 * ```
 *
 * @throws RangeError when `now` is not a valid instant.
 */
export declare function dayBars(
  history: HistoryDocument | null | undefined,
  now: Instant,
  options?: DayBarsOptions,
): DayBar[];

/**
 * The mean of the days' known uptime, floored to 2 decimals (never overstated), or `undefined`
 * when no day has one: the "99.98 % uptime" under the bars.
 */
export declare function barsUptime(bars: readonly DayBar[]): number | undefined;
