// `next dev` as a developer runs it: the pages read a contract fixture moved to the current
// time through the status URL of .env.development's kind, and a public/status.json written by
// `elytra status mock` is left as it was. Environment: DEV_PORT.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { FIXTURE_TIME, parseHistory, parsePlatformStatus } from "@elytracloud/status-contract";
import { SITE } from "./harness.mjs";

const port = Number(process.env.DEV_PORT);
assert.ok(port > 0, "DEV_PORT must be set");
const base = `http://127.0.0.1:${port}`;
const mock = path.join(SITE, "public", "status.json");
const mockText = `${JSON.stringify({ updated_at: "2025-11-10T12:00:00Z", platform_status: "degraded" }, null, 2)}\n`;
let hadMock = false;
let madeFolder = false;
let original = "";
let child;

before(async () => {
  hadMock = existsSync(mock);
  if (!hadMock) {
    madeFolder = !existsSync(path.dirname(mock));
    mkdirSync(path.dirname(mock), { recursive: true });
    writeFileSync(mock, mockText);
  }
  original = readFileSync(mock, "utf8");
  child = spawn(path.join(SITE, "node_modules", ".bin", "next"), ["dev", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: SITE,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      STATUS_JSON_URL: `${base}/dev/status.json`,
      FIXTURE: "outage",
      HISTORY_FIXTURE: "bad-week",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  for (let i = 0; i < 600; i += 1) {
    try {
      if ((await fetch(`${base}/dev/status.json`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("next dev did not come up");
});

after(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid, "SIGTERM");
    const timer = setTimeout(() => process.kill(-child.pid, "SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
  if (!hadMock) rmSync(madeFolder ? path.dirname(mock) : mock, { force: true, recursive: madeFolder });
});

test("the dev status URL serves the chosen fixture, moved to the time of the request", async () => {
  const earliest = Math.floor(Date.now() / 1000) * 1000;
  const doc = await (await fetch(`${base}/dev/status.json`)).json();
  const latest = Date.now();
  const result = parsePlatformStatus(doc);
  assert.ok(result.ok, JSON.stringify(result.error));
  assert.equal(doc.platform_status, "outage");
  const updated = Date.parse(doc.updated_at);
  assert.ok(updated >= earliest - 1000 && updated <= latest + 1000, `${doc.updated_at} is the time of the request`);
  assert.notEqual(doc.updated_at, FIXTURE_TIME);
  const history = await (await fetch(`${base}/dev/history.json`)).json();
  assert.equal(parseHistory(history).ok, true);
  assert.equal(history.days[0].date, new Date(updated).toISOString().slice(0, 10), "today is today");
});

test("the pages show it, and public/status.json is left alone", async () => {
  const html = await (await fetch(`${base}/`)).text();
  assert.match(html, /data-state="outage"/);
  assert.match(html, /data-error="false"/);
  const status = await (await fetch(`${base}/status`)).text();
  assert.match(status, /data-testid="bars-platform"/);
  assert.equal(readFileSync(mock, "utf8"), original);
  assert.equal((await fetch(`${base}/dev/nothing.json`)).status, 404);
});
