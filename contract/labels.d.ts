import type { Status } from "./types.js";

/**
 * The status card's text for each platform state. The type demands an entry for every
 * `Status`, so a new state cannot ship without a label.
 */
export declare const STATUS_LABELS: Readonly<Record<Status, string>>;

/**
 * The label for a platform state: "All systems operational", "Minor degradation",
 * "Service disruption" or "Status unavailable". Any value that is not a known `Status`
 * (a newer producer's state, a broken document) gets the `unknown` label instead of
 * `undefined`.
 */
export declare function labelFor(status: Status | (string & {}) | null | undefined): string;
