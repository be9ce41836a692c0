import type { DayState } from "./bars.js";
import type { BackupStatus, ComponentStatus, Impact, NoticeKind, NoticeStatus, Status } from "./types.js";

/** Every label of the status card and page in one language. */
export interface Labels {
  /** The platform's state: "All systems operational", "Minor degradation", "Service disruption", "Status unavailable". */
  readonly status: Readonly<Record<Status, string>>;
  /** A component's state: "Operational", "Degraded performance", "Outage", "Under maintenance", "Unknown". */
  readonly componentStatus: Readonly<Record<ComponentStatus, string>>;
  /** Where a notice stands: "Investigating" ... "Completed". */
  readonly noticeStatus: Readonly<Record<NoticeStatus, string>>;
  /** "Incident", "Maintenance". */
  readonly noticeKind: Readonly<Record<NoticeKind, string>>;
  /** "No impact", "Degraded service", "Service outage". */
  readonly impact: Readonly<Record<Impact, string>>;
  /** The newest backup run: "Succeeded", "Warning", "Failed", "Unknown". */
  readonly backupStatus: Readonly<Record<BackupStatus, string>>;
  /** A day of the history bars: "No issues", "Degraded", "Outage", "Maintenance", "No data". */
  readonly day: Readonly<Record<DayState, string>>;
}

/** A locale argument as `Intl` takes it: a BCP 47 tag (`"de-AT"`) or a list in order of preference. */
export type LocalesArgument = string | readonly string[];

/** `"en"`: the language used when none of the requested ones has labels. */
export declare const DEFAULT_LOCALE: "en";
/** The languages with labels: `["en", "de"]`. */
export declare const LABEL_LOCALES: readonly string[];

/**
 * The status card's text for each platform state, in English. The type demands an entry for
 * every `Status`, so a new state cannot ship without a label.
 */
export declare const STATUS_LABELS: Readonly<Record<Status, string>>;

/**
 * Every label in the first of `locales` whose language has labels (`"de-AT"` gets German),
 * else English. An invalid tag counts as absent.
 */
export declare function labelsFor(locales?: LocalesArgument | undefined): Labels;

/**
 * The label for a platform state: "All systems operational", "Minor degradation",
 * "Service disruption" or "Status unavailable" (or their translation). Any value that is not a
 * known `Status` (a newer producer's state, a broken document) gets the `unknown` label
 * instead of `undefined`.
 */
export declare function labelFor(
  status: Status | (string & {}) | null | undefined,
  locales?: LocalesArgument | undefined,
): string;

/** The label of a component's state; anything unknown gets the `unknown` label. */
export declare function componentStatusLabel(
  status: ComponentStatus | (string & {}) | null | undefined,
  locales?: LocalesArgument | undefined,
): string;

/** The label of a notice's status ("Investigating"); an unknown string is returned as is. */
export declare function noticeStatusLabel(
  status: NoticeStatus | (string & {}) | null | undefined,
  locales?: LocalesArgument | undefined,
): string;

/** "Incident" or "Maintenance"; an unknown string is returned as is. */
export declare function noticeKindLabel(
  kind: NoticeKind | (string & {}) | null | undefined,
  locales?: LocalesArgument | undefined,
): string;

/** The label of a notice's impact ("Degraded service"); an unknown string is returned as is. */
export declare function impactLabel(
  impact: Impact | (string & {}) | null | undefined,
  locales?: LocalesArgument | undefined,
): string;

/** The label of a backup outcome; anything unknown gets the `unknown` label. */
export declare function backupStatusLabel(
  status: BackupStatus | (string & {}) | null | undefined,
  locales?: LocalesArgument | undefined,
): string;
