import type { Failure, Result } from "./result.js";
import type { HistoryDocument, PlatformStatus } from "./types.js";

/** Default for `FetchOptions.timeoutMs`: 5 seconds for the request and its body together. */
export declare const DEFAULT_TIMEOUT_MS: number;
/** Default for `FetchOptions.maxBytes` of `fetchPlatformStatus`: 64 KiB, far above any real status document. */
export declare const DEFAULT_MAX_BYTES: number;
/** Default for `FetchOptions.maxBytes` of `fetchHistory`: 1 MiB (366 days of 10 components is about 250 KB). */
export declare const DEFAULT_HISTORY_MAX_BYTES: number;

/** Next.js caching options (`{ revalidate: 600, tags: ["status"] }`), handed to `fetch` unchanged. */
export interface NextFetchOptions {
  revalidate?: number | false;
  tags?: string[];
}

/**
 * Options of the fetchers: `fetch` options for the request (`headers`, `cache`,
 * `credentials`, `next`...) plus a few of their own. Those of their own, `headers`, `signal`
 * and `next` may also be given as `undefined`, which means the default (so
 * `{ signal: maybeSignal, timeoutMs: maybeMs }` compiles under `exactOptionalPropertyTypes`).
 */
export interface FetchOptions extends Omit<RequestInit, "body" | "method" | "signal" | "window" | "headers"> {
  /** Extra request headers; `Accept: application/json` is added unless given. */
  headers?: HeadersInit | undefined;
  /**
   * Aborts the request when it aborts (navigation cancelled, component unmounted). It is
   * combined with the timeout (`AbortSignal.any`), and it opts the request out of React's
   * and Next.js's de-duplication of identical requests, since its lifetime is the caller's.
   */
  signal?: AbortSignal | null | undefined;
  /** Next.js caching options, passed to `fetch` unchanged. */
  next?: NextFetchOptions | undefined;
  /**
   * The `fetch` to use; defaults to the global one (Next.js's, on a Next.js server). Called
   * with a `Request` that carries the timeout signal, and, when there are any, an init holding
   * `next` and the combined `signal`. For tests and custom clients.
   */
  fetch?: ((input: Request, init?: RequestInit) => Promise<Response>) | undefined;
  /** The current time for the staleness check; defaults to the real clock. */
  now?: Date | (() => Date) | undefined;
  /** Give up after this many milliseconds (request and body together). Default `DEFAULT_TIMEOUT_MS`. */
  timeoutMs?: number | undefined;
  /** Give up when the body is larger than this many bytes (declared or streamed). */
  maxBytes?: number | undefined;
}

/**
 * The outcome of `fetchPlatformStatus`: a `Result<PlatformStatus>` plus `stale`, in the shape
 * the status card destructures (`const { data, error, stale } = ...`). `stale` is `isStale` at
 * `now`, and always true when `ok` is false.
 */
export type StatusResult =
  | { readonly ok: true; readonly data: PlatformStatus; readonly error: null; readonly stale: boolean }
  | { readonly ok: false; readonly data: PlatformStatus; readonly error: Failure; readonly stale: true };

/**
 * Fetch `status.json` and validate it against the contract. Never throws, never passes
 * unvalidated data through, never waits longer than `timeoutMs`: every failure gives
 * `ok: false`, `data` = a copy of `FALLBACK_STATUS`, and `error` saying why.
 *
 * ```ts
 * const result = await fetchPlatformStatus(url);
 * if (!result.ok) console.warn(`status.json: ${result.error.message}`);
 * const { data, stale } = result;
 * ```
 */
export declare function fetchPlatformStatus(
  url: string | URL | undefined | null,
  options?: FetchOptions,
): Promise<StatusResult>;

/**
 * Fetch `history.json` and validate it against its contract, with the same guarantees as
 * `fetchPlatformStatus`: never throws, never waits longer than `timeoutMs`, and every failure
 * gives `ok: false` with `data` = a copy of `FALLBACK_HISTORY` (no days: all bars "no data").
 */
export declare function fetchHistory(
  url: string | URL | undefined | null,
  options?: FetchOptions,
): Promise<Result<HistoryDocument>>;
