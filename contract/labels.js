// Runtime module of @elytracloud/status-contract; types in labels.d.ts.

/** @type {Readonly<Record<import("./types.js").Status, string>>} */
export const STATUS_LABELS = Object.freeze({
  operational: "All systems operational",
  degraded: "Minor degradation",
  outage: "Service disruption",
  unknown: "Status unavailable",
});

/**
 * @param {unknown} status
 * @returns {string}
 */
export function labelFor(status) {
  return typeof status === "string" && Object.hasOwn(STATUS_LABELS, status)
    ? STATUS_LABELS[/** @type {import("./types.js").Status} */ (status)]
    : STATUS_LABELS.unknown;
}
