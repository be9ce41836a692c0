// The framework-free helpers a status page uses: labels, times, notices, day bars, fixtures.
// Run by tests/test_typescript.py with `node --test`. Every `now` is passed in.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  barsUptime,
  componentStatusLabel,
  dayBars,
  FIXTURE_TIME,
  formatDateTime,
  formatDay,
  formatRelativeTime,
  impactLabel,
  isStale,
  labelFor,
  labelsFor,
  LABEL_LOCALES,
  noticeKindLabel,
  noticesNow,
  noticeStatusLabel,
  parseHistory,
  parsePlatformStatus,
  parseTimestamp,
  shiftFixture,
  STATUS_LABELS,
  utcDate,
} from "@elytracloud/status-contract";
import greenDays from "@elytracloud/status-contract/fixtures/history/green-90-days.json" with { type: "json" };
import investigating from "@elytracloud/status-contract/fixtures/incident-investigating.json" with { type: "json" };
import resolved from "@elytracloud/status-contract/fixtures/incident-resolved.json" with { type: "json" };
import scheduled from "@elytracloud/status-contract/fixtures/maintenance-scheduled.json" with { type: "json" };
import operational from "@elytracloud/status-contract/fixtures/operational.json" with { type: "json" };
import stale from "@elytracloud/status-contract/fixtures/stale.json" with { type: "json" };

const FIXTURE_NOW = new Date(FIXTURE_TIME);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("labels", () => {
  test("the spec's labels, and a safe fallback for anything else", () => {
    assert.equal(labelFor("operational"), "All systems operational");
    assert.equal(labelFor("degraded"), "Minor degradation");
    assert.equal(labelFor("outage"), "Service disruption");
    assert.equal(labelFor("unknown"), "Status unavailable");
    for (const value of ["maintenance", "", "toString", "__proto__", undefined, null, 3]) {
      assert.equal(labelFor(value), "Status unavailable");
    }
    assert.deepEqual(Object.keys(STATUS_LABELS).sort(), ["degraded", "operational", "outage", "unknown"]);
  });

  test("with a locale: the language of the first tag that has labels, else English", () => {
    assert.deepEqual([...LABEL_LOCALES], ["en", "de"]);
    assert.equal(labelFor("degraded", "de-AT"), "Leichte Beeinträchtigung");
    assert.equal(labelFor("degraded", ["fr-CH", "de"]), "Leichte Beeinträchtigung");
    assert.equal(labelFor("degraded", "fr"), "Minor degradation");
    assert.equal(labelFor("degraded", "not a tag!"), "Minor degradation");
    assert.equal(labelsFor("de").day.no_data, "Keine Daten");
    assert.equal(componentStatusLabel("maintenance"), "Under maintenance");
    assert.equal(componentStatusLabel("maintenance", "de"), "Wartungsarbeiten");
    assert.equal(componentStatusLabel("rebooting"), "Unknown");
    assert.equal(noticeStatusLabel("in_progress"), "In progress");
    assert.equal(noticeKindLabel("maintenance", "de"), "Wartung");
    assert.equal(impactLabel("outage"), "Service outage");
  });

  test("every catalog has every label", () => {
    const en = labelsFor("en");
    for (const locale of LABEL_LOCALES) {
      const catalog = labelsFor(locale);
      for (const [group, table] of Object.entries(en)) {
        assert.deepEqual(Object.keys(catalog[group]).sort(), Object.keys(table).sort(), `${locale}.${group}`);
      }
    }
  });
});

describe("times", () => {
  const now = new Date("2025-11-10T12:04:00Z");

  test("relative, in whole units, with Intl", () => {
    assert.equal(formatRelativeTime("2025-11-10T12:00:00Z", now), "4 minutes ago");
    assert.equal(formatRelativeTime("2025-11-10T11:59:01Z", now), "4 minutes ago", "4 min 59 s");
    assert.equal(formatRelativeTime("2025-11-10T12:03:30Z", now), "now");
    assert.equal(formatRelativeTime("2025-11-10T10:00:00Z", now), "2 hours ago");
    assert.equal(formatRelativeTime("2025-11-10T10:00:00Z", now, { style: "narrow" }).replace(/\s/g, " "), "2h ago");
    assert.equal(formatRelativeTime("2025-11-09T10:00:00Z", now), "yesterday");
    assert.equal(formatRelativeTime("2025-11-12T13:00:00Z", now), "in 2 days");
    assert.equal(formatRelativeTime("2025-08-10T12:00:00Z", now), "3 months ago");
    assert.equal(formatRelativeTime("2025-11-10T12:00:00Z", now, { locale: "de" }), "vor 4 Minuten");
    assert.equal(formatRelativeTime(now.getTime() - 5 * HOUR, now), "5 hours ago");
    assert.throws(() => formatRelativeTime("yesterday", now), RangeError);
  });

  test("absolute, with the zone, in the zone asked for (UTC unless told)", () => {
    assert.equal(formatDateTime("2025-11-10T12:00:00Z", { locale: "en-US" }), "Nov 10, 2025, 12:00 PM UTC");
    assert.equal(formatDateTime("2025-11-10T12:00:00Z", { locale: "en-GB", timeZone: "Europe/Berlin" }), "10 Nov 2025, 13:00 CET");
    assert.equal(formatDateTime("2025-11-10T12:00:00Z", { locale: "en-US", timeZone: "America/New_York", timeZoneName: "shortOffset" }), "Nov 10, 2025, 7:00 AM GMT-5");
    assert.throws(() => formatDateTime("2025-11-10T12:00:00Z", { timeZone: "Mars/Olympus" }), RangeError);
  });

  test("calendar days of history.json", () => {
    assert.equal(formatDay("2025-11-10", { locale: "en-US" }), "Nov 10, 2025");
    assert.equal(formatDay("2025-11-10", { locale: "en-US", weekday: "short" }), "Mon, Nov 10, 2025");
    assert.throws(() => formatDay("2025-02-30"), RangeError);
    assert.equal(utcDate("2025-11-10T23:30:00-02:00"), "2025-11-11");
  });

  test("parseTimestamp takes the contract's timestamps only", () => {
    assert.equal(parseTimestamp("2025-11-10T13:00:00.5+01:00")?.toISOString(), "2025-11-10T12:00:00.500Z");
    for (const value of ["2025-11-10", "2025-11-10 12:00:00Z", "2025-11-10T12:00:00", "Mon, 10 Nov 2025 12:00:00 GMT", 0, null]) {
      assert.equal(parseTimestamp(value), undefined, String(value));
    }
  });
});

describe("noticesNow", () => {
  test("an incident under investigation is ongoing", () => {
    const { ongoing, upcoming, recent } = noticesNow(investigating.notices, FIXTURE_NOW);
    assert.deepEqual(ongoing.map((n) => n.status), ["investigating"]);
    assert.deepEqual([upcoming.length, recent.length], [0, 0]);
  });

  test("a resolved incident is recent for 24 hours, then gone", () => {
    assert.equal(noticesNow(resolved.notices, FIXTURE_NOW).recent.length, 1);
    assert.equal(noticesNow(resolved.notices, FIXTURE_NOW.getTime() + 23 * HOUR).recent.length, 1);
    assert.equal(noticesNow(resolved.notices, FIXTURE_NOW.getTime() + 25 * HOUR).recent.length, 0);
  });

  test("scheduled maintenance follows its window: upcoming, in progress, completed", () => {
    const [notice] = scheduled.notices;
    const start = Date.parse(notice.scheduled_for);
    const end = Date.parse(notice.scheduled_until);
    assert.equal(noticesNow(scheduled.notices, FIXTURE_NOW).upcoming.length, 1);
    assert.equal(noticesNow(scheduled.notices, FIXTURE_NOW, { upcomingMs: DAY }).upcoming.length, 0, "too far ahead");
    const during = noticesNow(scheduled.notices, start + 60_000);
    assert.deepEqual(during.ongoing.map((n) => n.status), ["in_progress"]);
    assert.equal(notice.status, "scheduled", "the input is not changed");
    const afterwards = noticesNow(scheduled.notices, end + 60_000);
    assert.deepEqual(afterwards.recent.map((n) => [n.status, n.resolved_at]), [["completed", notice.scheduled_until]]);
  });

  test("open incidents first, worst impact first", () => {
    const base = investigating.notices[0];
    const notices = [
      { ...base, id: "maintenance", kind: "maintenance", status: "in_progress", impact: "none" },
      { ...base, id: "minor", impact: "degraded", started_at: "2025-11-10T11:50:00Z" },
      { ...base, id: "major", impact: "outage", started_at: "2025-11-10T11:00:00Z" },
    ];
    assert.deepEqual(noticesNow(notices, FIXTURE_NOW).ongoing.map((n) => n.id), ["major", "minor", "maintenance"]);
    assert.deepEqual(noticesNow(undefined, FIXTURE_NOW), { ongoing: [], upcoming: [], recent: [] });
    assert.throws(() => noticesNow([], "soon"), RangeError);
  });
});

describe("dayBars", () => {
  test("90 slots ending today, absent days as no data, never green", () => {
    const bars = dayBars({ updated_at: "", days: [] }, FIXTURE_NOW);
    assert.equal(bars.length, 90);
    assert.equal(bars.at(-1)?.date, "2025-11-10");
    assert.equal(bars[0]?.date, "2025-08-13");
    assert.ok(bars.every((bar) => bar.state === "no_data" && bar.uptime === undefined && bar.notices.length === 0));
    assert.equal(barsUptime(bars), undefined);
    assert.equal(dayBars(null, FIXTURE_NOW).length, 90);
  });

  test("the days of a history, for the platform and for a component", () => {
    const history = {
      updated_at: "2025-11-10T12:00:00Z",
      days: [
        { date: "2025-11-10", partial: true, status: "degraded", notices: [{ id: "a", kind: "incident", title: "Slow", impact: "degraded" }] },
        { date: "2025-11-08", status: "operational", uptime: 99.5, components: { panel: { status: "maintenance", uptime: 98 } } },
        { date: "2025-11-07", uptime: 100 },
      ],
    };
    assert.equal(parseHistory(history).ok, true);
    const bars = dayBars(history, FIXTURE_NOW, { days: 4 });
    assert.deepEqual(
      bars.map((bar) => [bar.date, bar.state, bar.uptime, bar.partial, bar.notices.length]),
      [
        ["2025-11-07", "no_data", 100, false, 0],
        ["2025-11-08", "operational", 99.5, false, 0],
        ["2025-11-09", "no_data", undefined, false, 0],
        ["2025-11-10", "degraded", undefined, true, 1],
      ],
    );
    assert.equal(barsUptime(bars), 99.75);
    const panel = dayBars(history, FIXTURE_NOW, { days: 4, component: "panel" });
    assert.deepEqual(panel.map((bar) => bar.state), ["no_data", "maintenance", "no_data", "no_data"]);
    assert.ok(panel.every((bar) => bar.notices.length === 0), "history 1.0 does not say which components a notice concerns");
  });

  test("a 90-day fixture fills every slot; the mean is floored", () => {
    const bars = dayBars(greenDays, FIXTURE_NOW);
    assert.ok(bars.every((bar) => bar.state === "operational"));
    assert.equal(barsUptime([{ date: "", state: "operational", partial: false, notices: [], uptime: 99.99 }]), 99.99);
    assert.equal(barsUptime([99.99, 99.98, 100].map((uptime) => ({ date: "", state: "operational", partial: false, notices: [], uptime }))), 99.99);
  });
});

describe("shiftFixture", () => {
  test("moves every timestamp and every day, so a fixture is as fresh at now as when it was made", () => {
    const now = new Date("2026-03-02T15:04:00Z");
    const moved = shiftFixture(stale, now);
    assert.equal(moved.updated_at, "2026-03-02T13:04:00Z");
    assert.equal(isStale(moved, now), true);
    assert.equal(isStale(shiftFixture(operational, now), now), false);
    assert.equal(parsePlatformStatus(moved).ok, true);
    const history = shiftFixture(greenDays, now);
    assert.equal(history.days[0]?.date, "2026-03-02");
    assert.deepEqual(dayBars(history, now).map((bar) => bar.state), dayBars(greenDays, FIXTURE_NOW).map((bar) => bar.state));
    assert.equal(parseHistory(history).ok, true);
    const notice = shiftFixture(investigating, now).notices?.[0];
    assert.equal(notice?.id, investigating.notices[0].id, "ids are kept, even with a date in them");
    assert.equal(operational.updated_at, FIXTURE_TIME, "the input is not changed");
  });
});
