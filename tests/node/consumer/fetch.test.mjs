// fetchPlatformStatus and fetchHistory, as a consumer imports them. Run by tests/test_fetcher.py
// with `node --test`.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, describe, test } from "node:test";
import {
  FALLBACK_HISTORY,
  FALLBACK_STATUS,
  fetchHistory,
  fetchPlatformStatus,
  isStale,
} from "@elytracloud/status-contract";
import history from "@elytracloud/status-contract/fixtures/history/partial-today.json" with { type: "json" };

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
  const impl = async (request, init) => {
    calls.push({ request, init });
    const text = typeof body === "string" ? body : JSON.stringify(body);
    return new Response(text, { status, headers: { "Content-Type": "application/json", ...headers } });
  };
  return { impl, calls };
}

function assertFailed(result, reason) {
  assert.equal(result.ok, false);
  assert.equal(result.stale, true);
  assert.deepEqual(result.data, FALLBACK_STATUS);
  assert.notEqual(result.data, FALLBACK_STATUS, "a copy, never the shared object");
  assert.equal(result.error.reason, reason);
  assert.equal(typeof result.error.message, "string");
  assert.ok(result.error.message.length < 300, `a readable message: ${result.error.message}`);
}

describe("fetchPlatformStatus", () => {
  test("success: one result shape, validated data, fetch options passed through", async () => {
    const { impl, calls } = fakeFetch(VALID);
    const result = await fetchPlatformStatus("https://status.example.com/status.json", {
      fetch: impl,
      now: NOW,
      next: { revalidate: 600, tags: ["status"] },
      headers: { "X-Trace": "1" },
      cache: "no-store",
    });
    assert.deepEqual(result, { ok: true, data: VALID, error: null, stale: false });
    assert.equal(calls.length, 1);
    const [{ request, init }] = calls;
    assert.ok(request instanceof Request);
    assert.equal(request.url, "https://status.example.com/status.json");
    assert.equal(request.headers.get("accept"), "application/json");
    assert.equal(request.headers.get("x-trace"), "1");
    assert.equal(request.cache, "no-store");
    assert.deepEqual(init, { next: { revalidate: 600, tags: ["status"] } });
  });

  test("no signal in init without a caller's signal: React's request de-duplication keeps working", async () => {
    const { impl, calls } = fakeFetch(VALID);
    await fetchPlatformStatus("https://s/status.json", { fetch: impl, now: NOW });
    assert.equal(calls[0].init, undefined, "no init at all: nothing to pass");
    assert.ok(calls[0].request.signal instanceof AbortSignal, "the timeout rides on the Request");
  });

  test("the request's signal stays armed after the call returns (background revalidations are bounded)", async () => {
    const { impl, calls } = fakeFetch(VALID);
    const result = await fetchPlatformStatus("https://s/status.json", { fetch: impl, now: NOW, timeoutMs: 50 });
    assert.equal(result.ok, true);
    const { signal } = calls[0].request;
    assert.equal(signal.aborted, false);
    // A request started later with the same Request (as a cache's background revalidation does)
    // is still ended by the timeout.
    // (AbortSignal.timeout does not keep the process alive; this test must.)
    const alive = setTimeout(() => undefined, 5000);
    const reason = await new Promise((resolve) => signal.addEventListener("abort", () => resolve(signal.reason), { once: true }));
    clearTimeout(alive);
    assert.equal(reason.name, "TimeoutError");
  });

  test("a caller's signal is combined with the timeout (AbortSignal.any) and passed in init", async () => {
    const controller = new AbortController();
    const { impl, calls } = fakeFetch(VALID);
    await fetchPlatformStatus("https://s/status.json", { fetch: impl, now: NOW, signal: controller.signal, timeoutMs: 60_000 });
    const { signal } = calls[0].init;
    assert.ok(signal instanceof AbortSignal);
    assert.notEqual(signal, controller.signal);
    assert.equal(signal.aborted, false);
    controller.abort(new Error("navigation cancelled"));
    assert.equal(signal.aborted, true, "the caller's abort ends the request");
  });

  test("HTTP error", async () => {
    const { impl } = fakeFetch("Internal Server Error", { status: 503 });
    const result = await fetchPlatformStatus("https://s/status.json", { fetch: impl, now: NOW });
    assertFailed(result, "http");
    assert.equal(result.error.status, 503);
    assert.equal(result.error.message, "HTTP 503 from https://s/status.json");
  });

  test("network error, with its cause", async () => {
    const impl = async () => {
      throw new TypeError("fetch failed", { cause: new Error("getaddrinfo ENOTFOUND s") });
    };
    const result = await fetchPlatformStatus("https://s/status.json", { fetch: impl, now: NOW });
    assertFailed(result, "network");
    assert.equal(result.error.message, "request to https://s/status.json failed: fetch failed: getaddrinfo ENOTFOUND s");
  });

  test("invalid JSON, and an HTML error page", async () => {
    for (const body of ['{"updated_at": "2025-11-10T12:00:00Z", "platform_', "<html><body>502 Bad Gateway</body></html>"]) {
      const { impl } = fakeFetch(body);
      const result = await fetchPlatformStatus("https://s/status.json", { fetch: impl, now: NOW });
      assertFailed(result, "not_json");
      assert.match(result.error.message, /is not JSON/);
    }
  });

  test("schema-invalid JSON never passes through, and says why in words", async () => {
    for (const [bad, message] of [
      [{ ...VALID, platform_status: "fine" }, /\$\.platform_status expected one of "operational", "degraded", "outage", "unknown", got "fine"/],
      [{ ...VALID, uptime: { last_24h: 100.5 } }, /\$\.uptime\.last_24h must be <= 100/],
      [{ platform_status: "operational" }, /\$\.updated_at required field is missing/],
      [{ ...VALID, backups: null }, /\$\.backups expected object, got null/],
      [{ ...VALID, stale_after: "2025-11-10 12:30" }, /\$\.stale_after is not in the expected format, got "2025-11-10 12:30"; expected: RFC 3339/],
      [[], /\$ expected object, got array/],
    ]) {
      const { impl } = fakeFetch(bad);
      const result = await fetchPlatformStatus("https://s/status.json", { fetch: impl, now: NOW });
      assertFailed(result, "invalid");
      assert.match(result.error.message, message);
      assert.doesNotMatch(result.error.message, /\(\?:|\[0-9\]/, "no regular expression in the message");
      assert.ok(result.error.issues.length >= 1);
    }
  });

  test("stale document: data kept, stale flagged", async () => {
    const { impl } = fakeFetch(VALID);
    const later = new Date("2025-11-10T12:30:01Z");
    const result = await fetchPlatformStatus("https://s/status.json", { fetch: impl, now: () => later });
    assert.equal(result.ok, true);
    assert.equal(result.stale, true);
    assert.equal(result.data.platform_status, "operational");
  });

  test("updated_at in the future is stale", async () => {
    const { impl } = fakeFetch({ ...VALID, updated_at: "2025-11-10T12:20:00Z", stale_after: "2025-11-10T12:50:00Z" });
    const result = await fetchPlatformStatus("https://s/status.json", { fetch: impl, now: NOW });
    assert.equal(result.ok, true);
    assert.equal(result.stale, true);
    assert.equal(isStale(result.data, NOW), true);
  });

  test("missing or unusable URL", async () => {
    const { impl, calls } = fakeFetch(VALID);
    for (const url of [undefined, null, ""]) {
      const result = await fetchPlatformStatus(url, { fetch: impl, now: NOW });
      assertFailed(result, "no_url");
    }
    const relative = await fetchPlatformStatus("/status.json", { fetch: impl, now: NOW });
    assertFailed(relative, "no_url");
    assert.match(relative.error.message, /not a usable URL: \/status\.json/);
    assert.equal(calls.length, 0);
  });

  test("oversize body by Content-Length and by streaming", async () => {
    const big = JSON.stringify({ ...VALID, infrastructure: { notes: "x".repeat(100_000) } });
    const { impl } = fakeFetch(big);
    const declared = await fetchPlatformStatus("https://s/status.json", { fetch: impl, now: NOW });
    assertFailed(declared, "too_large");
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
    assertFailed(result, "too_large");
    assert.match(result.error.message, /larger than 65536 bytes/);
  });

  test("a fetch that ignores its signal still cannot hold the caller past the timeout", async () => {
    const never = () => new Promise(() => undefined);
    const started = performance.now();
    const result = await fetchPlatformStatus("https://s/status.json", { fetch: never, now: NOW, timeoutMs: 100 });
    assertFailed(result, "timeout");
    assert.ok(performance.now() - started < 5000);
  });

  test("options typed for exactOptionalPropertyTypes: undefined means the default", async () => {
    const { impl } = fakeFetch(VALID);
    const result = await fetchPlatformStatus("https://s/status.json", {
      fetch: impl,
      now: NOW,
      signal: undefined,
      timeoutMs: undefined,
      maxBytes: undefined,
      next: undefined,
      headers: undefined,
    });
    assert.equal(result.ok, true);
  });

  test("narrowing on ok", async () => {
    const result = await fetchPlatformStatus(undefined);
    if (result.ok) assert.fail("no URL cannot succeed");
    else assert.equal(result.error.reason, "no_url");
  });
});

describe("fetchHistory", () => {
  test("success, validated", async () => {
    const { impl } = fakeFetch(history);
    const result = await fetchHistory("https://s/history.json", { fetch: impl });
    assert.deepEqual(result, { ok: true, data: history, error: null });
  });

  test("every failure gives an empty history", async () => {
    for (const [impl, reason] of [
      [fakeFetch("nope", { status: 404 }).impl, "http"],
      [fakeFetch({ updated_at: "2025-11-10T12:00:00Z", days: [{ date: "yesterday" }] }).impl, "invalid"],
      [fakeFetch("{").impl, "not_json"],
    ]) {
      const result = await fetchHistory("https://s/history.json", { fetch: impl });
      assert.equal(result.ok, false);
      assert.equal(result.error.reason, reason);
      assert.deepEqual(result.data, { updated_at: "", days: [] });
      assert.deepEqual(result.data, FALLBACK_HISTORY);
      assert.notEqual(result.data.days, FALLBACK_HISTORY.days);
    }
  });

  test("a larger size limit than status.json", async () => {
    const days = Array.from({ length: 366 }, (_, i) => ({
      date: new Date(Date.UTC(2025, 10, 10) - i * 86_400_000).toISOString().slice(0, 10),
      status: "operational",
      uptime: 99.99,
      components: Object.fromEntries(Array.from({ length: 10 }, (_, c) => [`component-${c}`, { status: "operational", uptime: 99.99 }])),
    }));
    const doc = { schema_version: "1.0", updated_at: "2025-11-10T12:00:00Z", days };
    assert.ok(JSON.stringify(doc).length > 65536);
    const result = await fetchHistory("https://s/history.json", { fetch: fakeFetch(doc).impl });
    assert.equal(result.ok, true, result.ok ? "" : result.error.message);
  });
});

describe("the fetchers over real HTTP", () => {
  const hanging = new Set();
  let requests = 0;
  const server = createServer((request, response) => {
    requests += 1;
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
    if (request.url === "/history.json") {
      response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(history));
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
    assert.deepEqual(await fetchPlatformStatus(`${base}/status.json`, { now: NOW }), { ok: true, data: VALID, error: null, stale: false });
    assert.equal((await fetchHistory(`${base}/history.json`)).ok, true);
  });

  test("a server that never answers times out", async () => {
    const result = await fetchPlatformStatus(`${base}/hang`, { now: NOW, timeoutMs: 300 });
    assertFailed(result, "timeout");
    assert.equal(result.error.message, `request to ${base}/hang timed out after 300 ms`);
    const historyResult = await fetchHistory(`${base}/hang`, { timeoutMs: 300 });
    assert.equal(historyResult.error?.reason, "timeout");
  });

  test("a body that never ends times out", async () => {
    assertFailed(await fetchPlatformStatus(`${base}/slow-body`, { now: NOW, timeoutMs: 300 }), "timeout");
  });

  test("a caller's abort signal is honoured, before and during the request", async () => {
    const before = requests;
    const aborted = AbortSignal.abort(new Error("navigation cancelled"));
    const early = await fetchPlatformStatus(`${base}/hang`, { now: NOW, signal: aborted });
    assertFailed(early, "aborted");
    assert.match(early.error.message, /navigation cancelled/);
    assert.equal(requests, before, "no request is started");
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("unmounted")), 100);
    const late = await fetchPlatformStatus(`${base}/hang`, { now: NOW, signal: controller.signal, timeoutMs: 10_000 });
    assertFailed(late, "aborted");
    assert.match(late.error.message, /unmounted/);
  });

  test("a connection refused is a network error", async () => {
    const closed = createServer();
    await new Promise((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address();
    await new Promise((resolve) => closed.close(resolve));
    const result = await fetchPlatformStatus(`http://127.0.0.1:${port}/status.json`, { now: NOW });
    assertFailed(result, "network");
    assert.match(result.error.message, /ECONNREFUSED/);
  });
});
