import type { Result } from "./result.js";
import type { HistoryDocument, PlatformStatus } from "./types.js";

/** One reason a document does not satisfy the contract. */
export interface ContractIssue {
  /** JSON path of the offending value (`$` is the document itself): `$.uptime.last_24h`, `$.infrastructure.regions[0]`, or `$.updated_at` when a required field is missing. */
  readonly path: string;
  /** What is wrong there. */
  readonly message: string;
}

/**
 * The outcome of `parsePlatformStatus`: `ok: true` with the typed document in `data`, or
 * `ok: false` with `FALLBACK_STATUS` (a copy) in `data` and every problem found in
 * `error.issues` (`error.reason` is `"invalid"`).
 */
export type ParseResult = Result<PlatformStatus>;

/**
 * Check parsed JSON (for example the result of `await response.json()`) against the contract.
 *
 * Applies the exported JSON Schema, so it accepts exactly the documents the publisher's
 * Python `decode` and a JSON Schema validator accept. Unknown fields are allowed (a newer
 * 1.x producer may add optional ones); `null` never is. On success, `data` is the input
 * itself, typed; nothing is copied or filled in (a missing `schema_version` means `"1.0"`).
 */
export declare function parsePlatformStatus(json: unknown): ParseResult;

/**
 * The outcome of `parseHistory`: `ok: true` with the typed history in `data`, or `ok: false`
 * with a copy of `FALLBACK_HISTORY` (no days, empty `updated_at`: every day shows "no data")
 * in `data` and every problem found in `error.issues`.
 */
export type HistoryParseResult = Result<HistoryDocument>;

/**
 * Check parsed JSON against the `history.json` contract, as `parsePlatformStatus` does for
 * `status.json`: the exported JSON Schema (`historySchema`) is applied, so it accepts exactly
 * the documents the publisher's Python `decode_history` accepts. Errors name their path,
 * map entries included (`$.days[0].components.panel.status`).
 */
export declare function parseHistory(json: unknown): HistoryParseResult;
