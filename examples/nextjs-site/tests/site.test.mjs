// The built site in a real Chromium: every state of `/` and `/status` (one per contract fixture,
// plus a failed backup, an HTTP error and a document that breaks the contract), at desktop and
// 390 px width, against reviewed screenshots in tests/baseline/, with a strict check of the
// state colour; axe-core (WCAG 2.1 AA) over every state in the light and the dark theme;
// forced colours; the first byte while the status host hangs; and the live refresh of /status.
//
// The site's server clock is moved to SITE_NOW (tests/clock.mjs), the browser's clock is paused
// there, and the fixtures are moved to SITE_NOW minus 4 minutes: every date and "4 minutes ago"
// on the pages is the same on every run. UPDATE_BASELINE=1 rewrites the screenshots.
//
// Environment: STATUS_PORT, SITE_PORT, SITE_NOW,
// SITE_CLOCK_OFFSET_MS (the real time minus SITE_NOW, as the build had it), CHROMIUM.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  componentStatusLabel,
  dayBars,
  formatRelativeTime,
  labelFor,
} from "@elytracloud/status-contract";
import pixelmatch from "pixelmatch";
import { chromium } from "playwright-core";
import { PNG } from "pngjs";
import { NOW, SITE, revalidate, served, startSite, states, statusHost } from "./harness.mjs";

const require = createRequire(import.meta.url);
const baselines = path.join(SITE, "tests", "baseline");
const outputs = path.join(SITE, "tests", "output");
const statusPort = Number(process.env.STATUS_PORT);
const sitePort = Number(process.env.SITE_PORT);
const update = process.env.UPDATE_BASELINE === "1";
const TOKEN = "browser-tests";
const STATUS_URL = `http://127.0.0.1:${statusPort}/status.json`;
const TOLERANCE = 0.002; // share of a page's pixels allowed to differ (text antialiasing)
const TTFB_BOUND_MS = 1000; // the status host hangs for the fetcher's whole 5 s timeout
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, mobile: { width: 390, height: 844 } };
const VIEWS = {
  "light-desktop": { viewport: VIEWPORTS.desktop, colorScheme: "light" },
  "light-mobile": { viewport: VIEWPORTS.mobile, colorScheme: "light" },
  "dark-desktop": { viewport: VIEWPORTS.desktop, colorScheme: "dark" },
};
const TONES = {
  light: {
    operational: "rgb(21, 128, 61)",
    degraded: "rgb(180, 83, 9)",
    outage: "rgb(185, 28, 28)",
    maintenance: "rgb(29, 78, 216)",
    unknown: "rgb(91, 98, 112)",
    none: "rgb(179, 185, 195)",
  },
  dark: {
    operational: "rgb(74, 222, 128)",
    degraded: "rgb(251, 191, 36)",
    outage: "rgb(248, 113, 113)",
    maintenance: "rgb(96, 165, 250)",
    unknown: "rgb(154, 163, 178)",
    none: "rgb(74, 82, 97)",
  },
};

assert.ok(statusPort > 0 && sitePort > 0, "STATUS_PORT and SITE_PORT must be set");
assert.ok(Number.isFinite(NOW), "SITE_NOW must be set");

const host = statusHost();
// The original spec's variable, set at run time only: the build had another value (a port
// nothing listens on), so the pages work only if they read it when they render.
const site = startSite(sitePort, {
  NEXT_PUBLIC_STATUS_JSON_URL: STATUS_URL,
  REVALIDATE_TOKEN: TOKEN,
});
let browser;

before(async () => {
  await host.listen(statusPort);
  await site.ready();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--font-render-hinting=none",
    ],
  });
});

after(async () => {
  for (const context of contexts.values()) await (await context).close();
  await browser?.close();
  await site.stop();
  await host.close();
});

/** Browser contexts by view; the clock of each fixed at NOW (timers run: the page and axe-core work). */
const contexts = new Map();

async function newContext({ viewport = VIEWPORTS.desktop, colorScheme = "light", forcedColors = "none" } = {}) {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    locale: "en-US",
    timezoneId: "UTC",
    colorScheme,
    forcedColors,
    reducedMotion: "reduce",
  });
  await context.clock.setFixedTime(NOW);
  return context;
}

async function view(name, options) {
  if (!contexts.has(name)) contexts.set(name, newContext(options));
  return contexts.get(name);
}

/** A page of the site, loaded, its fonts ready. */
async function open(route, { context, view: name = "light-desktop" } = {}) {
  const ctx = context ?? (await view(name, VIEWS[name]));
  const page = await ctx.newPage();
  const response = await page.goto(`${site.base}${route}`, { waitUntil: "load", timeout: 60_000 });
  assert.equal(response?.status(), 200);
  await page.evaluate(() => document.fonts.ready);
  return page;
}

/** Wait until the client has taken over the time-dependent text (the server rendered it at its own now). */
async function hydrated(page, expected) {
  if (!expected.error) {
    const relative = formatRelativeTime(expected.status.updated_at, NOW, { locale: "en-US" });
    await page.waitForFunction(
      (text) => [...document.querySelectorAll("[data-testid=freshness]")].every((node) => node.textContent?.includes(text)),
      relative,
      { timeout: 10_000 },
    );
  }
}

function baselineBrowser() {
  const file = path.join(baselines, "BROWSER.txt");
  return existsSync(file) ? readFileSync(file, "utf8").trim() : "unknown";
}

/** Every baseline a test compared with (or wrote): the rest belong to states that are gone. */
const usedBaselines = new Set();

function writeBaseline(name, png) {
  mkdirSync(baselines, { recursive: true });
  writeFileSync(path.join(baselines, `${name}.png`), png);
  writeFileSync(path.join(baselines, "BROWSER.txt"), `Chromium ${browser.version()}\n`);
}

/** Share of pixels that differ between `png` and the baseline `name` (writes a diff image when any do). */
function difference(name, png, { threshold }) {
  const expected = PNG.sync.read(readFileSync(path.join(baselines, `${name}.png`)));
  const actual = PNG.sync.read(png);
  if (actual.width !== expected.width || actual.height !== expected.height) return { size: [actual.width, actual.height, expected.width, expected.height] };
  const diff = new PNG({ width: expected.width, height: expected.height });
  const differing = pixelmatch(expected.data, actual.data, diff.data, expected.width, expected.height, { threshold });
  if (differing > 0) {
    mkdirSync(outputs, { recursive: true });
    writeFileSync(path.join(outputs, `${name}.diff.png`), PNG.sync.write(diff));
  }
  return { differing, share: differing / (expected.width * expected.height) };
}

function compare(name, png) {
  usedBaselines.add(`${name}.png`);
  mkdirSync(outputs, { recursive: true });
  writeFileSync(path.join(outputs, `${name}.png`), png);
  if (update || !existsSync(path.join(baselines, `${name}.png`))) {
    assert.ok(update, `no baseline tests/baseline/${name}.png; run with UPDATE_BASELINE=1 and review it`);
    writeBaseline(name, png);
    return;
  }
  const result = difference(name, png, { threshold: 0.1 });
  assert.ok(!result.size, `${name}: screenshot size ${result.size?.slice(0, 2)} differs from the baseline's ${result.size?.slice(2)}`);
  assert.ok(
    result.share <= TOLERANCE,
    `${name}: ${(result.share * 100).toFixed(2)}% of pixels differ from the baseline (taken with ${baselineBrowser()}, ` +
      `now Chromium ${browser.version()}); see tests/output/${name}.diff.png`,
  );
}

/**
 * The state colour, strictly: the state icon's pixels against the baseline of the state the
 * document says (not of the state the page shows), with no tolerance, so a green icon where red
 * belongs fails however small it is.
 */
function compareStrict(name, png) {
  usedBaselines.add(`${name}.png`);
  mkdirSync(outputs, { recursive: true });
  writeFileSync(path.join(outputs, `${name}.png`), png);
  if (update || !existsSync(path.join(baselines, `${name}.png`))) {
    assert.ok(update, `no baseline tests/baseline/${name}.png; run with UPDATE_BASELINE=1 and review it`);
    writeBaseline(name, png);
    return;
  }
  assert.ok(sameColours(name, png), `${name}: the state colour differs from the baseline; see tests/output/${name}.diff.png`);
}

/** Whether `png` has exactly the pixels of the baseline `name` (antialiasing aside). */
function sameColours(name, png) {
  const result = difference(name, png, { threshold: 0.02 });
  return !result.size && result.differing === 0;
}

async function stateColour(page, scope) {
  return page
    .getByTestId(scope)
    .getByTestId("state-swatch")
    .first()
    .evaluate((svg) => getComputedStyle(svg.querySelector("circle")).fill);
}

/** Every text on the page is at least 14 px. */
async function smallText(page) {
  return page.evaluate(() => {
    const small = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      if (!text || !node.parentElement) continue;
      const size = Number.parseFloat(getComputedStyle(node.parentElement).fontSize);
      if (size < 14) small.push(`${size}px: ${text.slice(0, 40)}`);
    }
    return small;
  });
}

async function axe(page) {
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  });
  return violations;
}

function expectedTone(expected) {
  return expected.error ? "unknown" : expected.status.platform_status;
}

/** What the checks read from a page, in one round trip. */
async function snapshot(page) {
  return page.evaluate(() => {
    const byTestId = (root, id) => root?.querySelector(`[data-testid="${id}"]`) ?? null;
    const text = (node) => (node instanceof HTMLElement ? node.innerText.trim() : null);
    const scope = byTestId(document, "platform-status") ?? byTestId(document, "banner");
    const freshness = byTestId(scope, "freshness");
    const notice = byTestId(scope, "notice");
    const collect = (prefix) =>
      Object.fromEntries(
        [...document.querySelectorAll(`[data-testid^="${prefix}"]`)].map((node) => [node.getAttribute("data-testid").slice(prefix.length), text(node)]),
      );
    return {
      state: scope?.getAttribute("data-state"),
      error: scope?.getAttribute("data-error"),
      label: text(byTestId(scope, "status-label")),
      scopeText: text(scope),
      mainText: text(document.querySelector("main")),
      statusLink: [...(scope?.querySelectorAll("a") ?? [])].find((a) => a.textContent === "Status page")?.getAttribute("href"),
      freshness: freshness && {
        text: text(freshness),
        stale: freshness.getAttribute("data-stale"),
        live: freshness.getAttribute("aria-live"),
        datetime: freshness.querySelector("time")?.getAttribute("datetime"),
      },
      notice: notice && { text: text(notice), href: notice.querySelector("a")?.getAttribute("href") },
      notices: collect("notice-"),
      past: collect("past-"),
      components: collect("component-"),
      pastIncidents: [...(byTestId(document, "past-incidents")?.querySelectorAll("[data-testid^=notice-]") ?? [])].map((node) => node.id),
      links: Object.fromEntries([...(byTestId(document, "links")?.querySelectorAll("a") ?? [])].map((a) => [a.textContent, a.getAttribute("href")])),
      bars: Object.fromEntries(
        [...document.querySelectorAll("[data-testid^=bars-]")].map((row) => [
          row.getAttribute("data-testid").slice("bars-".length),
          [...row.querySelectorAll("li")].map((item) => item.getAttribute("data-state")),
        ]),
      ),
    };
  });
}

async function checkHome(page, expected) {
  const seen = await snapshot(page);
  const state = expectedTone(expected);
  assert.equal(seen.state, state);
  assert.equal(seen.error, String(expected.error));
  assert.equal(seen.label, labelFor(state));
  assert.equal(seen.statusLink, "/status");
  assert.ok(!seen.scopeText.includes("N/A"), `"N/A" in ${JSON.stringify(seen.scopeText)}`);
  if (expected.error) {
    assert.match(seen.scopeText, /Unable to fetch live status\. Monitoring continues internally\./);
    assert.doesNotMatch(seen.scopeText, /out of date|stale/i, "no stale marker on the error state");
    return;
  }
  const relative = formatRelativeTime(expected.status.updated_at, NOW, { locale: "en-US" });
  if (expected.stale) assert.match(seen.freshness.text, new RegExp(`^Data from ${relative} may be out of date`));
  else assert.match(seen.freshness.text, new RegExp(`^Updated ${relative} \\(`));
  assert.equal(seen.freshness.stale, String(expected.stale));
  const first = expected.shown[0];
  if (first) {
    assert.ok(seen.notice.text.includes(first.title), `the card names ${first.title}`);
    assert.equal(seen.notice.href, `/status#${first.id}`);
  } else {
    assert.equal(seen.notice, null);
  }
  if (expected.status.backups?.last_backup_status === "failed") assert.match(seen.scopeText, /Last backup: failed/);
}

async function checkStatusPage(page, expected) {
  const seen = await snapshot(page);
  const state = expectedTone(expected);
  assert.equal(seen.state, state);
  assert.equal(seen.label, labelFor(state));
  assert.ok(!seen.mainText.includes("N/A"), '"N/A" on /status');
  if (expected.error) {
    assert.match(seen.scopeText, /Unable to fetch live status/);
  } else {
    assert.equal(seen.freshness.live, "polite");
    assert.equal(seen.freshness.datetime, expected.status.updated_at);
    const relative = formatRelativeTime(expected.status.updated_at, NOW, { locale: "en-US" });
    assert.ok(seen.freshness.text.includes(relative), seen.freshness.text);
    assert.match(seen.freshness.text, /UTC\)/, "the absolute time names its zone");
    for (const notice of [...expected.shown, ...expected.recent]) {
      const shown = (seen.notices[notice.id] ?? "").replace(/\s+/g, " ");
      assert.ok(shown.includes(notice.title), `notice ${notice.id} shows its title`);
      for (const update of notice.updates) {
        const words = update.body.replace(/[*_`[\]()#>-]/g, " ").split(/\s+/).filter(Boolean).slice(0, 4).join(" ");
        assert.ok(shown.includes(words), `notice ${notice.id} shows the update "${words}"`);
      }
    }
    assert.deepEqual(seen.pastIncidents, expected.recent.map((notice) => notice.id), "recently ended notices are past incidents");
    for (const component of expected.status.components ?? []) {
      assert.ok((seen.components[component.id] ?? "").includes(componentStatusLabel(component.status)), `component ${component.id}`);
    }
    for (const [name, file] of [
      ["Atom", "history.atom"],
      ["RSS", "history.rss"],
      ["Status badge (SVG)", "badges/status.svg"],
      ["Statuspage-compatible API", "api/v2/summary.json"],
    ]) {
      assert.equal(seen.links[name], new URL(file, STATUS_URL).href, `the link to ${file}`);
    }
  }
  // The bars: 90 slots per row, each the history's day or "no data".
  const rows = { platform: undefined };
  for (const component of expected.error ? [] : (expected.status.components ?? [])) rows[`component-${component.id}`] = component.id;
  assert.deepEqual(Object.keys(seen.bars).sort(), Object.keys(rows).sort());
  for (const [row, component] of Object.entries(rows)) {
    const want = dayBars(expected.history, NOW, component === undefined ? {} : { component }).map((bar) =>
      bar.state === "no_data" ? "none" : bar.state,
    );
    assert.deepEqual(seen.bars[row], want, `bars of ${row}`);
  }
}

// ONLY=operational,outage checks just those states (while working on the site).
const only = process.env.ONLY ? new Set(process.env.ONLY.split(",")) : undefined;
// The dark theme (its state colour, a screenshot, axe-core): for the first state of each
// platform state and the first with notices, which between them use all of its colours.
const darkChecks = new Set();
{
  const seen = new Set();
  for (const state of states()) {
    const expected = served(state);
    const kind = (expected.shown?.length ?? 0) + (expected.recent?.length ?? 0) > 0 ? "notices" : expectedTone(expected);
    if (!seen.has(kind)) darkChecks.add(state.id);
    seen.add(kind);
  }
}

for (const state of states().filter((candidate) => only === undefined || only.has(candidate.id))) {
  describe(`state ${state.id}`, () => {
    const expected = served(state);
    before(async () => {
      host.serve(state);
      await revalidate(site.base, TOKEN, state.routes);
    });

    for (const route of state.routes) {
      const name = route === "/" ? "home" : "status";
      const scope = route === "/" ? "platform-status" : "banner";
      const tone = expectedTone(expected);
      test(`${route}: content, screenshots, the state colour and axe-core, light, dark and 390 px`, async () => {
        const check = async (viewName, steps) => {
          const page = await open(route, { view: viewName });
          try {
            await hydrated(page, expected);
            await steps(page);
          } finally {
            await page.close();
          }
        };
        const screenshot = (page) => page.screenshot({ fullPage: true, animations: "disabled", caret: "hide" });
        const swatch = (page) => page.getByTestId(scope).getByTestId("state-swatch").first().screenshot();
        await Promise.all([
          check("light-desktop", async (page) => {
            if (route === "/") await checkHome(page, expected);
            else await checkStatusPage(page, expected);
            compare(`${name}-${state.id}-desktop`, await screenshot(page));
            assert.equal(await stateColour(page, scope), TONES.light[tone]);
            compareStrict(`swatch-${name}-${tone}`, await swatch(page));
            assert.deepEqual(await smallText(page), [], "text below 14 px");
            assert.deepEqual(await axe(page), [], "axe-core, light theme");
          }),
          check("light-mobile", async (page) => {
            compare(`${name}-${state.id}-mobile`, await screenshot(page));
            assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), VIEWPORTS.mobile.width, "no sideways scrolling");
          }),
          darkChecks.has(state.id) &&
            check("dark-desktop", async (page) => {
              assert.equal(await stateColour(page, scope), TONES.dark[tone]);
              compare(`${name}-${state.id}-dark`, await screenshot(page));
              assert.deepEqual(await axe(page), [], "axe-core, dark theme");
            }),
        ]);
      });
    }
  });
}

describe("the state colour check", () => {
  test("fails when a green state icon stands where a red one belongs", () => {
    const green = path.join(baselines, "swatch-status-operational.png");
    const red = path.join(baselines, "swatch-status-outage.png");
    assert.ok(existsSync(green) && existsSync(red), "the operational and outage baselines exist");
    assert.equal(sameColours("swatch-status-outage", readFileSync(green)), false);
    assert.equal(sameColours("swatch-status-operational", readFileSync(green)), true);
  });
});

describe("forced colours", () => {
  const outage = states().find((state) => state.id === "outage");
  before(async () => {
    host.serve(outage);
    await revalidate(site.base, TOKEN, ["/", "/status"]);
  });

  test("keep the state's icon, colour and words", async () => {
    const context = await newContext({ forcedColors: "active" });
    try {
      for (const route of ["/", "/status"]) {
        const page = await open(route, { context });
        const scope = route === "/" ? "platform-status" : "banner";
        assert.equal(await stateColour(page, scope), TONES.light.outage);
        assert.equal((await page.getByTestId(scope).getByTestId("status-label").innerText()).trim(), labelFor("outage"));
        if (route === "/status") {
          const bars = await page.locator(".bar").evaluateAll((items) =>
            items.map((item) => [item.getAttribute("data-state"), getComputedStyle(item).backgroundColor]),
          );
          for (const [tone, colour] of bars) assert.equal(colour, TONES.light[tone], `a ${tone} day keeps its colour`);
        }
        compare(`forced-${route === "/" ? "home" : "status"}-outage`, await page.screenshot({ fullPage: true }));
      }
    } finally {
      await context.close();
    }
  });
});

describe("a status host that hangs", () => {
  const operational = states().find((state) => state.id === "operational");
  before(async () => {
    host.serve(operational);
    await revalidate(site.base, TOKEN, ["/", "/status"]);
  });

  test("never delays the first byte, and the pages then say the status is unavailable", async (t) => {
    host.hang();
    const response = await fetch(`${site.base}/api/revalidate`, { method: "POST", headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.equal(response.status, 200);
    // The browser's own clock: Navigation Timing needs the real `performance`.
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    for (const route of ["/", "/status"]) {
      // The first visit after the revalidation: it starts the rebuild that must wait for the host.
      const page = await open(route, { context });
      try {
        const ttfb = await page.evaluate(() => {
          const [navigation] = performance.getEntriesByType("navigation");
          return navigation.responseStart - navigation.requestStart;
        });
        t.diagnostic(`TTFB of ${route} while the status host hangs: ${ttfb.toFixed(1)} ms`);
        // A CDN may keep it too: a static page, revalidated in the background.
        const cacheControl = (await fetch(`${site.base}${route}`, { method: "HEAD" })).headers.get("cache-control") ?? "";
        assert.match(cacheControl, /s-maxage=\d+/, cacheControl);
        assert.doesNotMatch(cacheControl, /private|no-store/, cacheControl);
        assert.ok(ttfb < TTFB_BOUND_MS, `first byte of ${route} after ${ttfb} ms`);
        assert.equal(await page.getByTestId(route === "/" ? "platform-status" : "banner").getAttribute("data-state"), "operational");
      } finally {
        await page.close();
      }
    }
    await context.close();
    // Those rebuilds give up after the fetcher's timeout and show the error state.
    const deadline = Date.now() + 30_000;
    for (const route of ["/", "/status"]) {
      for (;;) {
        const html = await (await fetch(`${site.base}${route}`)).text();
        if (html.includes('data-error="true"')) break;
        assert.ok(Date.now() < deadline, `${route} never showed the error state`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    const page = await open("/");
    try {
      await checkHome(page, { error: true });
    } finally {
      await page.close();
    }
  });
});

describe("/status on the client", () => {
  const operational = states().find((state) => state.id === "operational");
  const outage = states().find((state) => state.id === "outage");
  before(async () => {
    host.serve(operational);
    await revalidate(site.base, TOKEN, ["/status"]);
  });

  test("refreshes its data and its times without a reload, announced politely", async () => {
    // A clock that only moves when told to, so the page's minute can pass at once.
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: "en-US", timezoneId: "UTC" });
    await context.clock.install({ time: NOW - 60_000 });
    await context.clock.pauseAt(NOW);
    try {
      const page = await open("/status", { context });
      await hydrated(page, served(operational));
      await page.evaluate(() => {
        globalThis.sameDocument = true;
      });
      const freshness = page.getByTestId("banner").getByTestId("freshness");
      assert.equal(await freshness.getAttribute("aria-live"), "polite");
      assert.match(await freshness.innerText(), /^Updated 4 minutes ago/);
      // A new document is published, and the page's minute passes.
      host.serve(outage);
      await revalidate(site.base, TOKEN, ["/status"]);
      await page.clock.fastForward(61_000);
      await page.waitForFunction(() => document.querySelector("[data-testid=banner]")?.getAttribute("data-state") === "outage", null, {
        timeout: 20_000,
      });
      assert.equal((await page.getByTestId("banner").getByTestId("status-label").innerText()).trim(), labelFor("outage"));
      assert.match(await freshness.innerText(), /^Updated 5 minutes ago/);
      assert.equal(await page.evaluate(() => globalThis.sameDocument), true, "the page was not reloaded");
    } finally {
      await context.close();
    }
  });

  test("a day's tooltip opens on hover and follows the arrow keys", async () => {
    const page = await open("/status");
    try {
      const bars = page.getByTestId("bars-platform");
      const last = bars.locator("li").last();
      await last.hover();
      assert.ok(await last.locator(".tip").isVisible(), "the tooltip of the hovered day shows");
      assert.match(await last.locator(".tip").innerText(), /Today so far|No data|uptime/);
      await page.mouse.move(0, 0);
      await last.focus();
      await page.keyboard.press("ArrowLeft");
      const previous = bars.locator("li").nth(88);
      assert.equal(await previous.evaluate((el) => el === document.activeElement), true);
      assert.ok(await previous.locator(".tip").isVisible(), "the tooltip of the focused day shows");
      assert.equal(await bars.locator("li[tabindex='0']").count(), 1, "one tab stop per row");
    } finally {
      await page.close();
    }
  });
});

describe("the baselines", () => {
  test("belong to states that exist (UPDATE_BASELINE=1 removes the others)", (t) => {
    if (only !== undefined) {
      t.skip("ONLY runs some states");
      return;
    }
    const unused = readdirSync(baselines).filter((file) => file.endsWith(".png") && !usedBaselines.has(file));
    if (update) for (const file of unused) rmSync(path.join(baselines, file));
    else assert.deepEqual(unused, [], "baselines of no state");
  });
});
