// Behavioural and visual tests of the built site in a real Chromium.
//
// A loopback server plays status.json: each contract fixture in turn (its
// timestamps moved to the present, so "stale" is the only stale one), then an
// HTTP 500, then a request that never answers. The built app (`next start`)
// fetches it on every request (STATUS_REVALIDATE_SECONDS=0). For each state the
// test checks the visible text and the colour class, and compares a screenshot
// of the card with the reviewed baseline in tests/baseline/ (small pixel
// tolerance; the time-dependent lines are masked). UPDATE_BASELINE=1 rewrites
// the baselines.
//
// Environment: STATUS_PORT (the port the app was built to fetch from),
// SITE_PORT, CHROMIUM (default /usr/bin/chromium).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, test } from "node:test";
import pixelmatch from "pixelmatch";
import { chromium } from "playwright-core";
import { PNG } from "pngjs";

const here = import.meta.dirname;
const site = path.join(here, "..");
const require = createRequire(import.meta.url);
const fixtures = path.join(path.dirname(require.resolve("@elytracloud/status-contract/package.json")), "fixtures");
const baselines = path.join(here, "baseline");
const outputs = path.join(here, "output");
const statusPort = Number(process.env.STATUS_PORT);
const sitePort = Number(process.env.SITE_PORT);
const update = process.env.UPDATE_BASELINE === "1";
const TOLERANCE = 0.002; // share of pixels allowed to differ

assert.ok(statusPort > 0 && sitePort > 0, "STATUS_PORT and SITE_PORT must be set");

/** A fixture with every instant moved by the same amount, so that it is as fresh as when it was made. */
function present(name) {
  const doc = JSON.parse(readFileSync(path.join(fixtures, `${name}.json`), "utf8"));
  const reference = JSON.parse(readFileSync(path.join(fixtures, "operational.json"), "utf8"));
  const shift = Date.now() - Date.parse(reference.updated_at);
  const move = (value) => new Date(Date.parse(value) + shift).toISOString().replace(/\.\d{3}Z$/, "Z");
  doc.updated_at = move(doc.updated_at);
  if (doc.stale_after) doc.stale_after = move(doc.stale_after);
  if (doc.backups?.last_successful_backup) doc.backups.last_successful_backup = move(doc.backups.last_successful_backup);
  return JSON.stringify(doc);
}

let mode = { kind: "fixture", name: "operational" };
const hanging = new Set();
const statusServer = createServer((request, response) => {
  if (mode.kind === "hang") {
    hanging.add(response);
    return;
  }
  if (mode.kind === "error") {
    response.writeHead(500, { "Content-Type": "text/plain" }).end("Internal Server Error");
    return;
  }
  response.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" }).end(present(mode.name));
});

let app;
let browser;

async function waitForSite() {
  for (let i = 0; i < 300; i += 1) {
    try {
      const res = await fetch(`http://127.0.0.1:${sitePort}/status`);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("next start did not come up");
}

before(async () => {
  await new Promise((resolve) => statusServer.listen(statusPort, "127.0.0.1", resolve));
  app = spawn(path.join(site, "node_modules", ".bin", "next"), ["start", "-H", "127.0.0.1", "-p", String(sitePort)], {
    cwd: site,
    env: { ...process.env, STATUS_REVALIDATE_SECONDS: "0", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "inherit", "inherit"],
    // Its own process group: `next start` runs the server in a child process,
    // which must go too, or it keeps this test's output open.
    detached: true,
  });
  await waitForSite();
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
  await browser?.close();
  if (app && app.exitCode === null) {
    const exited = new Promise((resolve) => app.once("exit", resolve));
    process.kill(-app.pid, "SIGTERM");
    const timer = setTimeout(() => process.kill(-app.pid, "SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
  for (const response of hanging) response.destroy();
  // Do not wait for close(): a socket the killed app left half-open would hold it.
  statusServer.close();
  statusServer.closeAllConnections();
  statusServer.unref();
});

/** The browser the baselines were taken with, for the message when they no longer match. */
function baselineBrowser() {
  const file = path.join(baselines, "BROWSER.txt");
  return existsSync(file) ? readFileSync(file, "utf8").trim() : "unknown";
}

function compare(name, png) {
  mkdirSync(outputs, { recursive: true });
  writeFileSync(path.join(outputs, `${name}.png`), png);
  const baseline = path.join(baselines, `${name}.png`);
  if (update || !existsSync(baseline)) {
    assert.ok(update, `no baseline ${path.relative(site, baseline)}; run with UPDATE_BASELINE=1 and review it`);
    mkdirSync(baselines, { recursive: true });
    writeFileSync(baseline, png);
    writeFileSync(path.join(baselines, "BROWSER.txt"), `Chromium ${browser.version()}\n`);
    return;
  }
  const expected = PNG.sync.read(readFileSync(baseline));
  const actual = PNG.sync.read(png);
  assert.deepEqual([actual.width, actual.height], [expected.width, expected.height], `${name}: screenshot size changed`);
  const diff = new PNG({ width: expected.width, height: expected.height });
  const differing = pixelmatch(expected.data, actual.data, diff.data, expected.width, expected.height, { threshold: 0.1 });
  const share = differing / (expected.width * expected.height);
  if (share > TOLERANCE) writeFileSync(path.join(outputs, `${name}.diff.png`), PNG.sync.write(diff));
  assert.ok(
    share <= TOLERANCE,
    `${name}: ${(share * 100).toFixed(2)}% of pixels differ from the baseline (taken with ${baselineBrowser()}, ` +
      `now Chromium ${browser.version()}); see tests/output/${name}.diff.png`,
  );
}

const cases = [
  { name: "operational", mode: { kind: "fixture", name: "operational" }, label: "All systems operational", color: "bg-green-500", stale: false, error: false },
  { name: "degraded", mode: { kind: "fixture", name: "degraded" }, label: "Minor degradation", color: "bg-yellow-500", stale: false, error: false },
  { name: "outage", mode: { kind: "fixture", name: "outage" }, label: "Service disruption", color: "bg-red-500", stale: false, error: false },
  { name: "unknown", mode: { kind: "fixture", name: "unknown" }, label: "Status unavailable", color: "bg-gray-500", stale: false, error: false },
  { name: "stale", mode: { kind: "fixture", name: "stale" }, label: "All systems operational", color: "bg-green-500", stale: true, error: false },
  { name: "error", mode: { kind: "error" }, label: "Status unavailable", color: "bg-gray-500", stale: true, error: true },
  { name: "hang", mode: { kind: "hang" }, label: "Status unavailable", color: "bg-gray-500", stale: true, error: true },
];

for (const c of cases) {
  for (const route of ["/", "/status"]) {
    test(`${c.name} on ${route}`, async () => {
      mode = c.mode;
      const page = await browser.newPage({ viewport: { width: 720, height: 480 }, deviceScaleFactor: 1 });
      try {
        const response = await page.goto(`http://127.0.0.1:${sitePort}${route}`, { waitUntil: "load", timeout: 60_000 });
        assert.equal(response?.status(), 200);
        const card = page.getByTestId("platform-status");
        const label = await card.getByTestId("status-label").innerText();
        assert.ok(label.startsWith(c.label), `label ${JSON.stringify(label)}`);
        assert.equal(label.includes("(slightly stale)"), c.stale, `stale marker in ${JSON.stringify(label)}`);
        const dot = await card.getByTestId("status-dot").getAttribute("class");
        assert.ok(dot?.split(/\s+/).includes(c.color), `dot class ${dot}`);
        const text = await card.innerText();
        assert.equal(text.includes("Unable to fetch live status. Monitoring continues internally."), c.error);
        if (!c.error) assert.match(text, /Updated: \w+/);
        if (route === "/" && c.name !== "hang") {
          const png = await card.screenshot({ mask: [card.getByTestId("updated"), card.getByTestId("backups")], animations: "disabled" });
          compare(c.name, png);
        }
      } finally {
        await page.close();
      }
    });
  }
}
