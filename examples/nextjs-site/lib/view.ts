import {
  barsUptime,
  dayBars,
  formatDay,
  labelsFor,
  noticeKindLabel,
  type DayBar,
  type HistoryDocument,
  type Notice,
  type Uptime,
} from "@elytracloud/status-contract";
import type { DayBarView } from "@/components/DayBars";
import { LOCALE } from "@/lib/locale";
import { toneOfDay } from "@/lib/tones";

const labels = labelsFor(LOCALE);

/** A row of day bars in words, ready for `DayBars`. */
export function barViews(bars: readonly DayBar[]): DayBarView[] {
  return bars.map((bar) => ({
    date: bar.date,
    tone: toneOfDay(bar.state),
    day: formatDay(bar.date, { locale: LOCALE }),
    state: labels.day[bar.state],
    detail: bar.partial ? "Today so far" : bar.uptime === undefined ? "No uptime data" : `${bar.uptime}% uptime`,
    notices: bar.notices.map((notice) => `${noticeKindLabel(notice.kind, LOCALE)}: ${notice.title}`),
  }));
}

/** The bars of the platform or a component, and the uptime over the days that have a figure. */
export function barsRow(history: HistoryDocument, now: number, component?: string) {
  const bars = dayBars(history, now, component === undefined ? {} : { component });
  return { days: barViews(bars), uptime: barsUptime(bars) };
}

/** "99.99% (24 h) · 99.97% (7 days)", or undefined when no window has data. */
export function uptimeWindows(uptime: Uptime | undefined): string | undefined {
  const parts = [
    uptime?.last_24h === undefined ? undefined : `${uptime.last_24h}% (24 h)`,
    uptime?.last_7d === undefined ? undefined : `${uptime.last_7d}% (7 days)`,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? undefined : parts.join(" · ");
}

/** A notice of the past as history.json lists it: on which days it was active. */
export interface PastNotice {
  id: string;
  kind: string;
  title: string;
  impact?: string | undefined;
  first: string;
  last: string;
}

/**
 * Every notice of the history, newest first, with the first and last day it was active,
 * except the ones given (those shown in full elsewhere on the page).
 */
export function pastNotices(history: HistoryDocument, except: ReadonlySet<string>): PastNotice[] {
  const found = new Map<string, PastNotice>();
  const days = [...history.days].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  for (const day of days) {
    for (const notice of day.notices ?? []) {
      if (except.has(notice.id)) continue;
      const known = found.get(notice.id);
      if (known) known.first = day.date;
      else
        found.set(notice.id, {
          id: notice.id,
          kind: notice.kind,
          title: notice.title,
          impact: notice.impact,
          first: day.date,
          last: day.date,
        });
    }
  }
  return [...found.values()];
}

/** "Nov 8, 2025" or "Nov 8, 2025 – Nov 9, 2025". */
export function dayRange(first: string, last: string): string {
  const from = formatDay(first, { locale: LOCALE });
  return first === last ? from : `${from} – ${formatDay(last, { locale: LOCALE })}`;
}

/** The names of the components a notice lists, in the document's order. */
export function componentNames(notice: Notice, names: ReadonlyMap<string, string>): string[] {
  return (notice.components ?? []).map((id) => names.get(id) ?? id);
}
