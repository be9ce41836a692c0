// Runtime module of @elytracloud/status-contract; types in notices.d.ts.
// Which notices a page shows at `now`, by the publisher's rules (design: components and notices).
import { parseTimestamp } from "./stale.js";

/** @typedef {import("./types.js").Notice} Notice */

export const DEFAULT_RECENT_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_UPCOMING_MS = 7 * 24 * 60 * 60 * 1000;

const IMPACT_RANK = Object.freeze({ outage: 2, degraded: 1, none: 0 });

/**
 * @param {unknown} value
 * @returns {number | undefined}
 */
function ms(value) {
  return parseTimestamp(value)?.getTime();
}

/**
 * @param {Notice} notice
 * @param {Partial<Notice>} changes
 * @returns {Notice}
 */
function withChanges(notice, changes) {
  return Object.keys(changes).length === 0 ? notice : { ...notice, ...changes };
}

/**
 * Where a notice stands at `now`: the publisher's status, with maintenance following its
 * window as the publisher would (`scheduled` turns `in_progress` inside the window and
 * `completed` after it, unless an update already said otherwise).
 * @param {Notice} notice
 * @param {number} now
 * @returns {{ group: "ongoing" | "upcoming" | "ended", notice: Notice, endedAt?: number | undefined }}
 */
function place(notice, now) {
  if (notice.kind === "incident") {
    if (notice.status !== "resolved") return { group: "ongoing", notice };
    return { group: "ended", notice, endedAt: ms(notice.resolved_at) ?? ms(notice.updated_at) };
  }
  if (notice.status === "completed") return { group: "ended", notice, endedAt: ms(notice.resolved_at) ?? ms(notice.updated_at) };
  if (notice.status === "in_progress") return { group: "ongoing", notice };
  const start = ms(notice.scheduled_for);
  const end = ms(notice.scheduled_until);
  if (end !== undefined && end <= now) {
    return { group: "ended", notice: withChanges(notice, { status: "completed", resolved_at: /** @type {string} */ (notice.scheduled_until) }), endedAt: end };
  }
  if (start !== undefined && start <= now) return { group: "ongoing", notice: withChanges(notice, { status: "in_progress" }) };
  return { group: "upcoming", notice };
}

/**
 * @param {Notice} notice
 * @returns {number}
 */
function newest(notice) {
  return ms(notice.started_at) ?? ms(notice.updated_at) ?? 0;
}

/**
 * @param {readonly Notice[] | undefined} notices
 * @param {import("./time.js").Instant} now
 * @param {import("./notices.js").NoticesNowOptions} [options]
 * @returns {import("./notices.js").NoticesNow}
 */
export function noticesNow(notices, now, options = {}) {
  const { recentMs = DEFAULT_RECENT_MS, upcomingMs = DEFAULT_UPCOMING_MS } = options;
  const at = now instanceof Date ? now.getTime() : typeof now === "number" ? now : ms(now);
  if (at === undefined || !Number.isFinite(at)) throw new RangeError(`now is not a valid instant: ${String(now)}`);
  /** @type {Notice[]} */
  const ongoing = [];
  /** @type {Notice[]} */
  const upcoming = [];
  /** @type {Array<[number, Notice]>} */
  const ended = [];
  for (const notice of notices ?? []) {
    const placed = place(notice, at);
    if (placed.group === "ongoing") ongoing.push(placed.notice);
    else if (placed.group === "upcoming") {
      const start = ms(notice.scheduled_for);
      if (start === undefined || start - at <= upcomingMs) upcoming.push(placed.notice);
    } else {
      const end = placed.endedAt;
      if (end !== undefined && at - end <= recentMs) ended.push([end, placed.notice]);
    }
  }
  ongoing.sort(
    (a, b) =>
      Number(a.kind === "maintenance") - Number(b.kind === "maintenance") ||
      (IMPACT_RANK[b.impact] ?? 0) - (IMPACT_RANK[a.impact] ?? 0) ||
      newest(b) - newest(a),
  );
  upcoming.sort((a, b) => (ms(a.scheduled_for) ?? 0) - (ms(b.scheduled_for) ?? 0));
  ended.sort((a, b) => b[0] - a[0]);
  return { ongoing, upcoming, recent: ended.map(([, notice]) => notice) };
}
