// Runtime module of @elytracloud/status-contract; types in result.d.ts.
// The one result shape of every parse and fetch: narrow on `ok`, render `data` either way.

/** @type {Readonly<import("./types.js").PlatformStatus>} */
export const FALLBACK_STATUS = Object.freeze({ updated_at: "", platform_status: "unknown" });

/** @type {Readonly<import("./types.js").HistoryDocument>} */
export const FALLBACK_HISTORY = Object.freeze({
  updated_at: "",
  days: /** @type {import("./types.js").HistoryDay[]} */ (/** @type {unknown} */ (Object.freeze([]))),
});
