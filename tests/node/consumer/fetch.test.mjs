// fetchPlatformStatus and labelFor, as a consumer imports them. Run by
// tests/test_fetcher.py with `node --test`.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, describe, test } from "node:test";
import {
  FALLBACK_STATUS,
  fetchPlatformStatus,
  isStale,
  labelFor,
  STATUS_LABELS,
} from "@elytracloud/status-contract";

const NOW = new Date("2025-11-10T12:10:00Z");
const VALID = {
  schema_version: "1.0",
  updated_at: "2025-11-10T12:00:00Z",
  stale_after: "2025-11-10T12:30:00Z",
  platform_status: "operational",
  uptime: { last_24h: 99.99, last_7d: 99.97 },
};

/** A fetch that answers with `body` (string or object) and `status`, recording its calls. */
function fakeFetch(body, { status = 200, headers = {} } = {}) {
  const calls = [];
  const impl = async (url, init) => {
    calls.push({ url, init });
    const text = typeof body === "string" ? body : JSON.stringify(body);
    return new Response(text, { status, headers: { "Content-Type": "application/json", ...headers } });
  };
  return { impl, calls };
}

function assertFallback(result) {
  assert.equal(result.error, true);
  assert.equal(result.stale, true);
  assert.deepEqual(result.data, FALLBACK_STATUS);
  assert.equal(result.data.platform_status, "unknown");
  assert.equal(typeof result.reason, "string");
}

describe("fetchPlatformStatus", () => {
  test("success: validated data, not stale, fetch options passed through", async () => {
    const { impl, calls } = fakeFetch(VALID);
    const result = await fetchPlatformStatus("https://status.example.com/status.json", {
      fetch: impl,
      now: NOW,
      next: { revalidate: 600 },
    });
    assert.deepEqual(result, { data: VALID, error: false, stale: false });
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0].init.next, { revalidate: 600 });
    assert.equal(calls[0].init.headers.Accept, "application/json");
  });

  test("HTTP error", async () => {
    const { impl } = fakeFetch("Internal Server Error", { status: 500 });
    const result = await fetchPlatformStatus("https://s/status.json", { fetch: impl, now: NOW });
    assertFallback(result);
    assert.match(result.reason, /HTTP 500/);
  });

  test("network error", async () => {
    const impl = async () => {
      throw new TypeError("fetch failed");
    };
    assertFallback(await fetchPlatformStatus("https://s/status.json", { fetch: impl, now: NOW }));
  });

  test("invalid JSON", async () => {
    const { impl } = fakeFetch('{"updated_at": "2025-11-10T12:00:00Z", "platform_');
    const result = await fetchPlatformStatus("https://s/status.json", { fetch: impl, now: NOW });
    assertFallback(result);
    assert.match(result.reason, /not JSON/);
  });

  test("an HTML error page", async () => {
    const { impl } = fakeFetch("<html><body>502 Bad Gateway</body></html>");
    assertFallback(await fetchPlatformStatus("https://s/status.json", { fetch: impl, now: NOW }));
  });

  test("schema-invalid JSON never passes through", async () => {
    for (const bad of [
      { ...VALID, platform_status: "fine" },
      { ...VALID, uptime: { last_24h: 100.5 } },
      { platform_status: "operational" },
      { ...VALID, backups: null },
      [],
    ]) {
      const { impl } = fakeFetch(bad);
      const result = await fetchPlatformStatus("https://s/status.json", { fetch: impl, now: NOW });
      assertFallback(result);
      assert.match(result.reason, /invalid status document/);
    }
  });

  test("stale document: data kept, stale flagged", async () => {
    const { impl } = fakeFetch(VALID);
    const later = new Date("2025-11-10T12:30:01Z");
    const result = await fetchPlatformStatus("https://s/status.json", { fetch: impl, now: () => later });
    assert.equal(result.error, false);
    assert.equal(result.stale, true);
    assert.equal(result.data.platform_status, "operational");
  });

  test("updated_at in the future is stale", async () => {
    const { impl } = fakeFetch({ ...VALID, updated_at: "2025-11-10T12:20:00Z", stale_after: "2025-11-10T12:50:00Z" });
    const result = await fetchPlatformStatus("https://s/status.json", { fetch: impl, now: NOW });
    assert.equal(result.error, false);
    assert.equal(result.stale, true);
    assert.equal(isStale(result.data, NOW), true);
  });

  test("missing URL", async () => {
    const { impl, calls } = fakeFetch(VALID);
    for (const url of [undefined, null, ""]) {
      const result = await fetchPlatformStatus(url, { fetch: impl, now: NOW });
      assertFallback(result);
      assert.match(result.reason, /no status URL/);
    }
    assert.equal(calls.length, 0);
  });

  test("oversize body by Content-Length and by streaming", async () => {
    const big = JSON.stringify({ ...VALID, infrastructure: { notes: "x".repeat(100_000) } });
    const { impl } = fakeFetch(big);
    const declared = await fetchPlatformStatus("https://s/status.json", { fetch: impl, now: NOW });
    assertFallback(declared);
    assert.match(declared.reason, /larger than/);
    const streamed = async () =>
      new Response(
        new ReadableStream({
          start(controller) {
            for (let i = 0; i < 20; i += 1) controller.enqueue(new TextEncoder().encode("x".repeat(8192)));
            controller.close();
          },
        }),
        { status: 200 },
      );
    const result = await fetchPlatformStatus("https://s/status.json", { fetch: streamed, now: NOW, maxBytes: 65536 });
    assertFallback(result);
    assert.match(result.reason, /larger than 65536 bytes/);
  });

  test("the data is a copy of the fallback, never the shared object", async () => {
    const result = await fetchPlatformStatus(undefined);
    result.data.platform_status = "operational";
    assert.equal(FALLBACK_STATUS.platform_status, "unknown");
  });
});

describe("fetchPlatformStatus over real HTTP", () => {
  const hanging = new Set();
  const server = createServer((request, response) => {
    if (request.url === "/hang") {
      hanging.add(response);
      return;
    }
    if (request.url === "/slow-body") {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.write('{"updated_at": ');
      hanging.add(response);
      return;
    }
    response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(VALID));
  });
  let base;
  before(async () => {
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${server.address().port}`;
  });
  after(async () => {
    for (const response of hanging) response.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test("success with the global fetch", async () => {
    const result = await fetchPlatformStatus(`${base}/status.json`, { now: NOW });
    assert.deepEqual(result, { data: VALID, error: false, stale: false });
  });

  test("a server that never answers times out", async () => {
    const result = await fetchPlatformStatus(`${base}/hang`, { now: NOW, timeoutMs: 300 });
    assertFallback(result);
    assert.match(result.reason, /timed out after 300 ms/);
  });

  test("a body that never ends times out", async () => {
    const result = await fetchPlatformStatus(`${base}/slow-body`, { now: NOW, timeoutMs: 300 });
    assertFallback(result);
    assert.match(result.reason, /timed out/);
  });

  test("a caller's abort signal is honoured", async () => {
    const controller = new AbortController();
    controller.abort(new Error("navigation cancelled"));
    const result = await fetchPlatformStatus(`${base}/hang`, { now: NOW, signal: controller.signal });
    assertFallback(result);
    assert.match(result.reason, /navigation cancelled/);
  });

  test("a connection refused is an error", async () => {
    assertFallback(await fetchPlatformStatus("http://127.0.0.1:1/status.json", { now: NOW }));
  });
});

describe("labelFor", () => {
  test("the spec's labels", () => {
    assert.equal(labelFor("operational"), "All systems operational");
    assert.equal(labelFor("degraded"), "Minor degradation");
    assert.equal(labelFor("outage"), "Service disruption");
    assert.equal(labelFor("unknown"), "Status unavailable");
  });

  test("a safe fallback for anything else", () => {
    for (const value of ["maintenance", "", "toString", "__proto__", undefined, null, 3]) {
      assert.equal(labelFor(value), "Status unavailable");
    }
    assert.deepEqual(Object.keys(STATUS_LABELS).sort(), ["degraded", "operational", "outage", "unknown"]);
  });
});
