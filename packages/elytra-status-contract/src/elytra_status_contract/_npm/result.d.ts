import type { ContractIssue } from "./parse.js";
import type { HistoryDocument, PlatformStatus } from "./types.js";

/**
 * Why a document could not be had, as a stable code for logs and metrics:
 * - `no_url`: no URL was configured;
 * - `network`: the request failed (DNS, connection refused, TLS, reset);
 * - `timeout`: no complete answer within `timeoutMs`;
 * - `aborted`: the caller's `signal` aborted;
 * - `http`: the server answered with a status other than 2xx;
 * - `too_large`: the body was larger than `maxBytes`;
 * - `not_json`: the body was not JSON;
 * - `invalid`: the JSON is not a valid document of the contract (see `issues`).
 */
export type FailureReason = "no_url" | "network" | "timeout" | "aborted" | "http" | "too_large" | "not_json" | "invalid";

/** What went wrong, for logs; never meant to be shown to visitors. */
export interface Failure {
  readonly reason: FailureReason;
  /** One readable sentence: `HTTP 503 from https://status.example.com/status.json`, `$.uptime.last_24h must be <= 100`. */
  readonly message: string;
  /** The HTTP status, when `reason` is `http`. */
  readonly status?: number;
  /** Every problem found, when `reason` is `invalid`. */
  readonly issues?: readonly ContractIssue[];
}

/**
 * The outcome of every parse and fetch of this package. Narrow on `ok`:
 * `ok: true` carries the validated document in `data` and `error: null`;
 * `ok: false` carries the safe fallback in `data` (a fresh copy, so it may be changed)
 * and the `error`. Either way `data` can be rendered.
 */
export type Result<T> =
  | { readonly ok: true; readonly data: T; readonly error: null }
  | { readonly ok: false; readonly data: T; readonly error: Failure };

/** `data` of a failed `parsePlatformStatus` / `fetchPlatformStatus`: `platform_status: "unknown"`, empty `updated_at`. */
export declare const FALLBACK_STATUS: Readonly<PlatformStatus>;

/** `data` of a failed `parseHistory` / `fetchHistory`: no days, empty `updated_at`, so every day shows "no data". */
export declare const FALLBACK_HISTORY: Readonly<HistoryDocument>;
