import type { LocalesArgument } from "./labels.js";

/** An instant: a `Date`, milliseconds since the epoch, or a timestamp of the contract (`2025-11-10T12:00:00Z`). */
export type Instant = Date | number | string;

/** `"UTC"`: the time zone `formatDateTime` uses unless told otherwise (never the host's). */
export declare const DEFAULT_TIME_ZONE: "UTC";

export interface RelativeTimeOptions {
  /** The locale for `Intl.RelativeTimeFormat`; default `"en"`. */
  locale?: LocalesArgument | undefined;
  /** `"long"` ("4 minutes ago", the default), `"short"` ("4 min. ago") or `"narrow"`. */
  style?: Intl.RelativeTimeFormatStyle | undefined;
}

export interface DateTimeOptions {
  /** The locale for `Intl.DateTimeFormat`; default `"en"`. */
  locale?: LocalesArgument | undefined;
  /** An IANA time zone (`"Europe/Berlin"`); default `"UTC"`. */
  timeZone?: string | undefined;
  /** How the zone is named: `"short"` ("UTC", "CET", the default), `"long"`, `"shortOffset"` ("GMT+1")... */
  timeZoneName?: Intl.DateTimeFormatOptions["timeZoneName"] | undefined;
}

export interface DateOptions {
  /** The locale for `Intl.DateTimeFormat`; default `"en"`. */
  locale?: LocalesArgument | undefined;
  /** Also name the weekday (`"short"`: "Mon"). */
  weekday?: "long" | "short" | "narrow" | undefined;
}

/**
 * How long before or after `now` an instant lies, in words: "now" (under a minute),
 * "4 minutes ago", "2 hours ago", "yesterday", "in 2 days", "3 months ago". Whole units, rounded toward zero
 * (4 min 59 s is "4 minutes ago"), so the text only changes once a unit is complete.
 *
 * @throws RangeError when `instant` or `now` is not a valid instant.
 */
export declare function formatRelativeTime(instant: Instant, now: Instant, options?: RelativeTimeOptions): string;

/**
 * An instant as date, time and zone ("Nov 10, 2025, 12:00 PM UTC" in `en-US`), in `timeZone`
 * (default UTC).
 *
 * @throws RangeError when `instant` is not a valid instant or `timeZone` is not a time zone.
 */
export declare function formatDateTime(instant: Instant, options?: DateTimeOptions): string;

/**
 * A calendar date of `history.json` (`"2025-11-10"`, a UTC day) for people: "Nov 10, 2025".
 *
 * @throws RangeError when `date` is not a `YYYY-MM-DD` calendar date.
 */
export declare function formatDay(date: string, options?: DateOptions): string;

/**
 * The UTC calendar date (`YYYY-MM-DD`) an instant falls on: the key of its day in `history.json`.
 *
 * @throws RangeError when `instant` is not a valid instant.
 */
export declare function utcDate(instant: Instant): string;
