// Runtime module of @elytracloud/status-contract; types in labels.d.ts.

/** @typedef {import("./labels.js").Labels} Labels */

/** @type {Readonly<Record<string, Labels>>} */
const CATALOGS = Object.freeze({
  en: deepFreeze({
    status: {
      operational: "All systems operational",
      degraded: "Minor degradation",
      outage: "Service disruption",
      unknown: "Status unavailable",
    },
    componentStatus: {
      operational: "Operational",
      degraded: "Degraded performance",
      outage: "Outage",
      maintenance: "Under maintenance",
      unknown: "Unknown",
    },
    noticeStatus: {
      investigating: "Investigating",
      identified: "Identified",
      monitoring: "Monitoring",
      resolved: "Resolved",
      scheduled: "Scheduled",
      in_progress: "In progress",
      completed: "Completed",
    },
    noticeKind: { incident: "Incident", maintenance: "Maintenance" },
    impact: { none: "No impact", degraded: "Degraded service", outage: "Service outage" },
    backupStatus: { success: "Succeeded", warning: "Warning", failed: "Failed", unknown: "Unknown" },
    day: {
      operational: "No issues",
      degraded: "Degraded",
      outage: "Outage",
      maintenance: "Maintenance",
      no_data: "No data",
    },
  }),
  de: deepFreeze({
    status: {
      operational: "Alle Systeme betriebsbereit",
      degraded: "Leichte Beeinträchtigung",
      outage: "Dienststörung",
      unknown: "Status nicht verfügbar",
    },
    componentStatus: {
      operational: "Betriebsbereit",
      degraded: "Eingeschränkte Leistung",
      outage: "Ausfall",
      maintenance: "Wartungsarbeiten",
      unknown: "Unbekannt",
    },
    noticeStatus: {
      investigating: "Wird untersucht",
      identified: "Ursache gefunden",
      monitoring: "Wird beobachtet",
      resolved: "Behoben",
      scheduled: "Geplant",
      in_progress: "Läuft",
      completed: "Abgeschlossen",
    },
    noticeKind: { incident: "Störung", maintenance: "Wartung" },
    impact: { none: "Keine Auswirkung", degraded: "Eingeschränkter Dienst", outage: "Dienstausfall" },
    backupStatus: { success: "Erfolgreich", warning: "Warnung", failed: "Fehlgeschlagen", unknown: "Unbekannt" },
    day: {
      operational: "Keine Störungen",
      degraded: "Beeinträchtigt",
      outage: "Ausfall",
      maintenance: "Wartung",
      no_data: "Keine Daten",
    },
  }),
});

/**
 * @template {object} T
 * @param {T} value
 * @returns {Readonly<T>}
 */
function deepFreeze(value) {
  for (const inner of Object.values(value)) if (typeof inner === "object" && inner !== null) deepFreeze(inner);
  return Object.freeze(value);
}

export const DEFAULT_LOCALE = "en";
export const LABEL_LOCALES = Object.freeze(Object.keys(CATALOGS));

/** @type {Labels["status"]} */
export const STATUS_LABELS = /** @type {Labels} */ (CATALOGS["en"]).status;

/**
 * The catalog for the first of `locales` whose language has one, else English. Accepts what
 * `Intl` accepts (a BCP 47 tag or a list of them); an invalid tag counts as absent.
 * @param {string | readonly string[] | undefined} [locales]
 * @returns {Labels}
 */
export function labelsFor(locales) {
  /** @type {string[]} */
  let tags = [];
  try {
    tags = Intl.getCanonicalLocales(/** @type {string | string[] | undefined} */ (locales));
  } catch {
    // an invalid tag: English
  }
  for (const tag of tags) {
    const catalog = CATALOGS[new Intl.Locale(tag).language];
    if (catalog !== undefined) return catalog;
  }
  return /** @type {Labels} */ (CATALOGS[DEFAULT_LOCALE]);
}

/**
 * @param {Readonly<Record<string, string>>} table
 * @param {unknown} value
 * @param {string} fallback
 * @returns {string}
 */
function lookup(table, value, fallback) {
  return typeof value === "string" && Object.hasOwn(table, value) ? /** @type {string} */ (table[value]) : fallback;
}

/**
 * @param {unknown} status
 * @param {string | readonly string[]} [locales]
 * @returns {string}
 */
export function labelFor(status, locales) {
  const { status: table } = labelsFor(locales);
  return lookup(table, status, table.unknown);
}

/**
 * @param {unknown} status
 * @param {string | readonly string[]} [locales]
 * @returns {string}
 */
export function componentStatusLabel(status, locales) {
  const { componentStatus: table } = labelsFor(locales);
  return lookup(table, status, table.unknown);
}

/**
 * @param {unknown} status
 * @param {string | readonly string[]} [locales]
 * @returns {string}
 */
export function noticeStatusLabel(status, locales) {
  const { noticeStatus: table } = labelsFor(locales);
  return lookup(table, status, typeof status === "string" ? status : "");
}

/**
 * @param {unknown} kind
 * @param {string | readonly string[]} [locales]
 * @returns {string}
 */
export function noticeKindLabel(kind, locales) {
  const { noticeKind: table } = labelsFor(locales);
  return lookup(table, kind, typeof kind === "string" ? kind : "");
}

/**
 * @param {unknown} impact
 * @param {string | readonly string[]} [locales]
 * @returns {string}
 */
export function impactLabel(impact, locales) {
  const { impact: table } = labelsFor(locales);
  return lookup(table, impact, typeof impact === "string" ? impact : "");
}

/**
 * @param {unknown} status
 * @param {string | readonly string[]} [locales]
 * @returns {string}
 */
export function backupStatusLabel(status, locales) {
  const { backupStatus: table } = labelsFor(locales);
  return lookup(table, status, table.unknown);
}
