// Runtime module of @elytracloud/status-contract; types in fetch.d.ts.
import { parseHistory, parsePlatformStatus } from "./parse.js";
import { FALLBACK_HISTORY, FALLBACK_STATUS } from "./result.js";
import { isStale } from "./stale.js";

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_BYTES = 64 * 1024;
export const DEFAULT_HISTORY_MAX_BYTES = 1024 * 1024;

/** @typedef {import("./result.js").Failure} Failure */
/** @typedef {import("./result.js").FailureReason} FailureReason */
/** @typedef {import("./fetch.js").FetchOptions} FetchOptions */

// setTimeout (behind AbortSignal.timeout) takes at most 2^31 - 1 ms.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * @template T
 * @param {T} data
 * @param {FailureReason} reason
 * @param {string} message
 * @param {Partial<Failure>} [extra]
 * @returns {{ ok: false, data: T, error: Failure }}
 */
function failed(data, reason, message, extra = {}) {
  return { ok: false, data, error: Object.freeze({ ...extra, reason, message }) };
}

/**
 * @param {unknown} value
 * @param {number} fallback
 * @param {number} max
 * @returns {number}
 */
function positive(value, fallback, max) {
  return typeof value === "number" && value > 0 && !Number.isNaN(value) ? Math.min(value, max) : fallback;
}

/**
 * Read a response body as text, giving up past `maxBytes`.
 * @param {Response} response
 * @param {number} maxBytes
 * @returns {Promise<string | undefined>} undefined when the body is too large
 */
async function readCapped(response, maxBytes) {
  const declared = Number(response.headers?.get?.("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  const body = response.body;
  if (body && typeof body.getReader === "function") {
    const reader = body.getReader();
    /** @type {Uint8Array[]} */
    const chunks = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return undefined;
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return new TextDecoder().decode(bytes);
  }
  const text = await response.text();
  return new TextEncoder().encode(text).byteLength > maxBytes ? undefined : text;
}

/**
 * The message of a failed request: the error and, for Node's `fetch failed`, its cause.
 * @param {unknown} error
 * @returns {string}
 */
function describeError(error) {
  if (!(error instanceof Error)) return String(error);
  const cause = /** @type {{ cause?: unknown }} */ (error).cause;
  return cause instanceof Error && cause.message && cause.message !== error.message
    ? `${error.message}: ${cause.message}`
    : error.message;
}

/**
 * A promise that rejects when `signal` aborts, and a function that stops listening.
 * @param {AbortSignal} signal
 * @returns {[Promise<never>, () => void]}
 */
function whenAborted(signal) {
  /** @type {() => void} */
  let stop = () => undefined;
  /** @type {Promise<never>} */
  const promise = new Promise((_, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    stop = () => signal.removeEventListener("abort", onAbort);
  });
  promise.catch(() => undefined);
  return [promise, stop];
}

/**
 * Fetch a JSON document, bounded in time and size, and validate it with `parse`.
 *
 * Every request carries an abort signal that ends it after `timeoutMs`: its own
 * `AbortSignal.timeout`, combined with the caller's signal by `AbortSignal.any`. The timeout
 * signal stays armed after this function returns, so a request that outlives the call (a
 * background revalidation started with the same request) is bounded too.
 *
 * React and Next.js de-duplicate identical GET requests within one render unless `init.signal`
 * is set. A signal on the `Request` itself does not opt out, so the timeout rides on the
 * `Request`, and `init.signal` is set only for a caller's signal, whose lifetime belongs to
 * that caller.
 *
 * @template T
 * @param {string | URL | undefined | null} url
 * @param {FetchOptions} options
 * @param {(json: unknown) => import("./result.js").Result<T>} parse
 * @param {() => T} fallback
 * @param {number} defaultMaxBytes
 * @returns {Promise<import("./result.js").Result<T>>}
 */
async function fetchDocument(url, options, parse, fallback, defaultMaxBytes) {
  const {
    fetch: fetchImpl = globalThis.fetch,
    now: _now,
    timeoutMs: rawTimeout,
    maxBytes: rawMaxBytes,
    signal: callerSignal,
    next,
    headers,
    ...init
  } = options;
  void _now;
  if (url === undefined || url === null || url === "") return failed(fallback(), "no_url", "no URL configured");
  if (typeof fetchImpl !== "function") return failed(fallback(), "network", "no fetch implementation available");
  const timeoutMs = positive(rawTimeout, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS);
  const maxBytes = positive(rawMaxBytes, defaultMaxBytes, Number.MAX_SAFE_INTEGER);
  const where = String(url);
  if (callerSignal?.aborted) {
    return failed(fallback(), "aborted", `request to ${where} aborted: ${describeError(callerSignal.reason)}`);
  }

  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
  const requestHeaders = new Headers(headers ?? undefined);
  if (!requestHeaders.has("accept")) requestHeaders.set("accept", "application/json");
  /** @type {Request} */
  let request;
  try {
    request = new Request(url, { ...init, headers: requestHeaders, signal: timeout });
  } catch (error) {
    return failed(fallback(), "no_url", `not a usable URL: ${where} (${describeError(error)})`);
  }
  /** @type {RequestInit & { next?: FetchOptions["next"] }} */
  const extra = {};
  if (next !== undefined) extra.next = next;
  if (callerSignal) extra.signal = signal;

  const [aborted, stopListening] = whenAborted(signal);
  // AbortSignal.timeout does not keep a process alive; while the caller waits, this timer does.
  const waiting = setTimeout(() => undefined, timeoutMs);
  /** @type {Response | undefined} */
  let response;
  try {
    response = await Promise.race([fetchImpl(request, Object.keys(extra).length > 0 ? extra : undefined), aborted]);
    if (!response.ok) {
      response.body?.cancel().catch(() => undefined);
      const text = response.statusText ? ` ${response.statusText}` : "";
      return failed(fallback(), "http", `HTTP ${response.status}${text} from ${where}`, { status: response.status });
    }
    const body = await Promise.race([readCapped(response, maxBytes), aborted]);
    if (body === undefined) return failed(fallback(), "too_large", `response from ${where} is larger than ${maxBytes} bytes`);
    /** @type {unknown} */
    let json;
    try {
      json = JSON.parse(body);
    } catch {
      return failed(fallback(), "not_json", `response from ${where} is not JSON`);
    }
    return parse(json);
  } catch (error) {
    response?.body?.cancel().catch(() => undefined);
    if (timeout.aborted) return failed(fallback(), "timeout", `request to ${where} timed out after ${timeoutMs} ms`);
    if (callerSignal?.aborted) {
      return failed(fallback(), "aborted", `request to ${where} aborted: ${describeError(callerSignal.reason)}`);
    }
    return failed(fallback(), "network", `request to ${where} failed: ${describeError(error)}`);
  } finally {
    clearTimeout(waiting);
    stopListening();
  }
}

/** @returns {import("./types.js").PlatformStatus} */
function statusFallback() {
  return { ...FALLBACK_STATUS };
}

/**
 * @param {FetchOptions} options
 * @returns {Date | undefined}
 */
function nowOf(options) {
  const { now } = options;
  return typeof now === "function" ? now() : now;
}

/**
 * @param {string | URL | undefined | null} url
 * @param {FetchOptions} [options]
 * @returns {Promise<import("./fetch.js").StatusResult>}
 */
export async function fetchPlatformStatus(url, options = {}) {
  const result = await fetchDocument(url, options, parsePlatformStatus, statusFallback, DEFAULT_MAX_BYTES);
  if (!result.ok) return { ...result, stale: true };
  /** @type {boolean} */
  let stale;
  try {
    stale = isStale(result.data, nowOf(options));
  } catch {
    stale = true; // an invalid `now`: never claim freshness
  }
  return { ...result, stale };
}

/** @returns {import("./types.js").HistoryDocument} */
function historyFallback() {
  return { ...FALLBACK_HISTORY, days: [] };
}

/**
 * @param {string | URL | undefined | null} url
 * @param {FetchOptions} [options]
 * @returns {Promise<import("./result.js").Result<import("./types.js").HistoryDocument>>}
 */
export function fetchHistory(url, options = {}) {
  return fetchDocument(url, options, parseHistory, historyFallback, DEFAULT_HISTORY_MAX_BYTES);
}
