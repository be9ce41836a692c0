// Runtime module of @elytracloud/status-contract; types in fetch.d.ts.
import { parsePlatformStatus } from "./parse.js";
import { isStale } from "./stale.js";

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_BYTES = 64 * 1024;

/** @type {Readonly<import("./types.js").PlatformStatus>} */
export const FALLBACK_STATUS = Object.freeze({ updated_at: "", platform_status: "unknown" });

/**
 * @param {string} reason
 * @returns {import("./fetch.js").StatusResult}
 */
function failed(reason) {
  return { data: { ...FALLBACK_STATUS }, error: true, stale: true, reason };
}

/**
 * Read a response body as text, giving up past `maxBytes`.
 * @param {Response} response
 * @param {number} maxBytes
 * @returns {Promise<string | undefined>} undefined when the body is too large
 */
async function readCapped(response, maxBytes) {
  const declared = Number(response.headers?.get?.("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return undefined;
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
 * @param {string | undefined | null} url
 * @param {import("./fetch.js").FetchStatusOptions} [options]
 * @returns {Promise<import("./fetch.js").StatusResult>}
 */
export async function fetchPlatformStatus(url, options = {}) {
  const {
    fetch: fetchImpl = globalThis.fetch,
    now,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    maxBytes = DEFAULT_MAX_BYTES,
    signal: callerSignal,
    ...init
  } = options;
  if (!url) return failed("no status URL configured");
  if (typeof fetchImpl !== "function") return failed("no fetch implementation available");

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  /** @type {Promise<never>} */
  const timedOut = new Promise((_, reject) => {
    controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true });
  });
  timedOut.catch(() => undefined);
  try {
    const request = /** @type {RequestInit} */ ({
      ...init,
      headers: { Accept: "application/json", ...(/** @type {Record<string, string>} */ (init.headers ?? {})) },
      signal: controller.signal,
    });
    const response = await Promise.race([fetchImpl(url, request), timedOut]);
    if (!response.ok) return failed(`HTTP ${response.status}`);
    const text = await Promise.race([readCapped(response, maxBytes), timedOut]);
    if (text === undefined) return failed(`response larger than ${maxBytes} bytes`);
    /** @type {unknown} */
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      return failed("response is not JSON");
    }
    const parsed = parsePlatformStatus(json);
    if (!parsed.ok) {
      const first = parsed.errors[0];
      return failed(`invalid status document: ${first ? `${first.path} ${first.message}` : "rejected"}`);
    }
    const at = typeof now === "function" ? now() : now;
    return { data: parsed.value, error: false, stale: isStale(parsed.value, at) };
  } catch (error) {
    return failed(error instanceof Error ? error.message : "request failed");
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener("abort", onCallerAbort);
  }
}
