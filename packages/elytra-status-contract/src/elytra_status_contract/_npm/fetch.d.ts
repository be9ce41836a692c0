import type { PlatformStatus } from "./types.js";

/** Default for `FetchStatusOptions.timeoutMs`: 5 seconds for the request and its body together. */
export declare const DEFAULT_TIMEOUT_MS: number;
/** Default for `FetchStatusOptions.maxBytes`: 64 KiB, far above any real status document. */
export declare const DEFAULT_MAX_BYTES: number;
/** What `fetchPlatformStatus` returns as `data` when it has no valid document: `platform_status: "unknown"`, empty `updated_at`. */
export declare const FALLBACK_STATUS: Readonly<PlatformStatus>;

/**
 * Options of `fetchPlatformStatus`: any `fetch` options (so a Next.js caller can pass
 * `{ next: { revalidate: 600 } }`) plus a few of its own.
 */
export interface FetchStatusOptions extends RequestInit {
  /** Next.js caching options, passed through to `fetch` unchanged. */
  next?: { revalidate?: number | false; tags?: string[] };
  /** The `fetch` to use; defaults to the global one. For tests and custom clients. */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  /** The current time for the staleness check; defaults to the real clock. */
  now?: Date | (() => Date);
  /** Give up after this many milliseconds (request and body). Default `DEFAULT_TIMEOUT_MS`. */
  timeoutMs?: number;
  /** Give up when the body is larger than this many bytes. Default `DEFAULT_MAX_BYTES`. */
  maxBytes?: number;
}

/** The outcome of `fetchPlatformStatus`, in the shape the status card expects. */
export interface StatusResult {
  /** The validated document, or `FALLBACK_STATUS` (a copy) when `error` is true. */
  data: PlatformStatus;
  /** True when no valid document could be had: missing URL, network error, timeout, HTTP error, oversize, not JSON, or not a valid document. */
  error: boolean;
  /** True when the document must be shown as stale (`isStale`), and always when `error` is true. */
  stale: boolean;
  /** Why `error` is true, for logs; never shown to visitors. */
  reason?: string;
}

/**
 * Fetch `status.json` and validate it against the contract. Never throws and never passes
 * unvalidated data through: every failure gives `{ data: FALLBACK_STATUS, error: true, stale: true }`.
 *
 * ```ts
 * const { data, error, stale } = await fetchPlatformStatus(process.env.NEXT_PUBLIC_STATUS_JSON_URL, {
 *   next: { revalidate: 600 },
 * });
 * ```
 */
export declare function fetchPlatformStatus(
  url: string | undefined | null,
  options?: FetchStatusOptions,
): Promise<StatusResult>;
