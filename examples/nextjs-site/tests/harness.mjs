// The world the browser tests run the built site in: a loopback status host that serves the
// contract's fixtures (moved to the tests' `now`), the site itself (`next start`), and the
// list of states to check, made from whatever fixtures the package ships.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, utimesSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { isStale, noticesNow, shiftFixture } from "@elytracloud/status-contract";

const require = createRequire(import.meta.url);
export const SITE = path.join(import.meta.dirname, "..");
export const FIXTURES = path.join(path.dirname(require.resolve("@elytracloud/status-contract/package.json")), "fixtures");
const HISTORY_FIXTURES = path.join(FIXTURES, "history");

/** The instant the tests run at (`SITE_NOW`); the site's server clock is moved to it (tests/clock.mjs). */
export const NOW = Date.parse(process.env.SITE_NOW ?? "");
/** How old every fixture is at `NOW`, as it was when it was made. */
export const AGE_MS = 4 * 60 * 1000;

function names(folder) {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith(".json"))
    .map((name) => name.slice(0, -".json".length))
    .sort();
}

function load(folder, name) {
  return shiftFixture(JSON.parse(readFileSync(path.join(folder, `${name}.json`), "utf8")), NOW - AGE_MS);
}

/**
 * Every state to check: each status fixture (with the history fixture of the same name, else
 * the operational one, else the first, else none), derived states the fixtures do not have
 * (a failed backup, an HTTP error, a document that breaks the contract), and, on /status, each
 * history fixture no state uses.
 */
export function states() {
  const statusNames = names(FIXTURES);
  const historyNames = names(HISTORY_FIXTURES);
  const pair = (name) =>
    historyNames.includes(name) ? name : historyNames.includes("operational") ? "operational" : historyNames[0];
  const out = statusNames.map((name) => ({ id: name, status: name, history: pair(name), routes: ["/", "/status"] }));
  out.push({
    id: "backup-failed",
    status: "operational",
    history: pair("operational"),
    edit: (doc) => ({ ...doc, backups: { ...doc.backups, last_backup_status: "failed" } }),
    routes: ["/", "/status"],
  });
  out.push({ id: "error", fail: "http", routes: ["/", "/status"] });
  out.push({ id: "invalid", fail: "invalid", routes: ["/", "/status"] });
  const used = new Set(out.map((state) => state.history));
  for (const name of historyNames) {
    if (!used.has(name)) out.push({ id: `history-${name}`, status: "operational", history: name, routes: ["/status"] });
  }
  return out;
}

/** The documents a state serves, and what the pages must then show. */
export function served(state) {
  if (state.fail) return { status: undefined, history: undefined, error: true };
  const base = load(FIXTURES, state.status);
  const status = state.edit ? state.edit(base) : base;
  const history = state.history === undefined ? undefined : load(HISTORY_FIXTURES, state.history);
  const notices = noticesNow(status.notices, NOW);
  return {
    status,
    history,
    error: false,
    stale: isStale(status, new Date(NOW)),
    shown: [...notices.ongoing, ...notices.upcoming],
    recent: notices.recent,
  };
}

/** The status host: `/status.json` and `/history.json` of the current state; it can also fail or hang. */
export function statusHost() {
  let current = { kind: "state", state: states()[0] };
  const hanging = new Set();
  const server = createServer((request, response) => {
    const file = new URL(request.url ?? "/", "http://host").pathname;
    if (current.kind === "hang") {
      hanging.add(response);
      return;
    }
    const { state } = current;
    if (state.fail === "http") {
      response.writeHead(500, { "Content-Type": "text/plain" }).end("Internal Server Error");
      return;
    }
    if (state.fail === "invalid") {
      const body = JSON.stringify({ updated_at: "yesterday", platform_status: "fine", days: "many" });
      response.writeHead(200, { "Content-Type": "application/json" }).end(body);
      return;
    }
    const docs = served(state);
    const doc = file === "/status.json" ? docs.status : file === "/history.json" ? docs.history : undefined;
    if (doc === undefined) {
      response.writeHead(404, { "Content-Type": "text/plain" }).end("Not Found");
      return;
    }
    response.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" }).end(JSON.stringify(doc));
  });
  return {
    listen: (port) => new Promise((resolve) => server.listen(port, "127.0.0.1", resolve)),
    serve(state) {
      current = { kind: "state", state };
    },
    hang() {
      current = { kind: "hang" };
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Next.js dates a rendered page (by the build, or by an earlier run of these tests) by its
 * file's modification time, which the moved clock does not move: a revalidation, dated by the
 * moved clock, would look older than the page and be ignored. So the pages are dated at the
 * moved clock's now, as if rendered then.
 */
function datePrerenderedPages() {
  const offset = Number(process.env.SITE_CLOCK_OFFSET_MS ?? "0");
  const at = new Date(Date.now() - offset);
  const folder = path.join(SITE, ".next", "server");
  for (const entry of readdirSync(folder, { recursive: true })) {
    if (String(entry).endsWith(".html")) utimesSync(path.join(folder, String(entry)), at, at);
  }
}

/** NODE_OPTIONS that move a process's clock to `NOW` (with SITE_CLOCK_OFFSET_MS, see clock.mjs). */
export const CLOCK_OPTIONS = `--import=${pathToFileURL(path.join(import.meta.dirname, "clock.mjs")).href}`;

/**
 * `next start` with its clock at `NOW`, in its own process group (it runs the server in a
 * child, which must end too).
 */
export function startSite(port, env) {
  datePrerenderedPages();
  const child = spawn(path.join(SITE, "node_modules", ".bin", "next"), ["start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: SITE,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_OPTIONS: CLOCK_OPTIONS, ...env },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    async ready() {
      for (let i = 0; i < 300; i += 1) {
        try {
          if ((await fetch(`${base}/status`)).status < 500) return;
        } catch {
          // not up yet
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error("next start did not come up");
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      const timer = setTimeout(() => process.kill(-child.pid, "SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** When a page was rendered (`data-rendered-at` of its status section), from its HTML. */
export async function renderedAt(base, route) {
  const html = await (await fetch(`${base}${route}`)).text();
  const match = /data-rendered-at="([0-9]+)"/.exec(html);
  return match ? Number(match[1]) : 0;
}

/**
 * Ask the site to rebuild its pages (POST /api/revalidate), then visit each route until it has
 * been rendered since: the first visit after a revalidation gets the previous page at once and
 * starts the rebuild in the background.
 */
export async function revalidate(base, token, routes, { timeoutMs = 30_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  const response = await fetch(`${base}/api/revalidate`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`POST /api/revalidate: HTTP ${response.status}`);
  // The server's time of the revalidation: a page rendered since then has the new data (a
  // rebuild still running from before may finish later, but it started earlier).
  const { at } = await response.json();
  await Promise.all(
    routes.map(async (route) => {
      for (;;) {
        if ((await renderedAt(base, route)) >= at) return;
        if (Date.now() > deadline) throw new Error(`${route} was not rendered again within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }),
  );
}
