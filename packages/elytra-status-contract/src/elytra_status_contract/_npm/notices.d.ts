import type { Instant } from "./time.js";
import type { Notice } from "./types.js";

/** 24 hours: how long a resolved incident or completed maintenance stays on the page. */
export declare const DEFAULT_RECENT_MS: number;
/** 7 days: how far ahead scheduled maintenance is announced. */
export declare const DEFAULT_UPCOMING_MS: number;

export interface NoticesNowOptions {
  /** Show notices that ended at most this long ago. Default `DEFAULT_RECENT_MS`. */
  recentMs?: number | undefined;
  /** Show maintenance that starts at most this far ahead. Default `DEFAULT_UPCOMING_MS`. */
  upcomingMs?: number | undefined;
}

/** The notices to show at a given instant, in three groups, each in the order to show it. */
export interface NoticesNow {
  /**
   * Open incidents (worst impact first, then newest), then maintenance in progress. What a
   * banner or the homepage card shows first.
   */
  readonly ongoing: readonly Notice[];
  /** Maintenance scheduled to start within `upcomingMs`, soonest first. */
  readonly upcoming: readonly Notice[];
  /** Incidents resolved and maintenance completed within `recentMs`, most recently ended first. */
  readonly recent: readonly Notice[];
}

/**
 * Which of a document's notices to show at `now`, by the publisher's rules. A document can be
 * minutes old when it is shown (cached pages, CDNs), so maintenance follows its window here too:
 * a `scheduled` one is shown as `in_progress` once its window has begun, and as `completed`
 * (with `resolved_at` = `scheduled_until`) once it is over, unless an update said otherwise.
 * Notices are returned as they are, or as a changed copy; the input is never modified.
 *
 * ```ts
 * const { ongoing, upcoming, recent } = noticesNow(doc.notices, new Date());
 * ```
 *
 * @throws RangeError when `now` is not a valid instant.
 */
export declare function noticesNow(
  notices: readonly Notice[] | undefined,
  now: Instant,
  options?: NoticesNowOptions,
): NoticesNow;
