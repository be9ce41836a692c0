import type { PlatformStatus } from "./types.js";

/** One reason a document does not satisfy the contract. */
export interface ContractIssue {
  /** JSON path of the offending value (`$` is the document itself): `$.uptime.last_24h`, `$.infrastructure.regions[0]`, or `$.updated_at` when a required field is missing. */
  readonly path: string;
  /** What is wrong there. */
  readonly message: string;
}

/** The outcome of `parsePlatformStatus`: the typed document, or every problem found. */
export type ParseResult =
  | { readonly ok: true; readonly value: PlatformStatus }
  | { readonly ok: false; readonly errors: readonly ContractIssue[] };

/**
 * Check parsed JSON (for example the result of `await response.json()`) against the contract.
 *
 * Applies the exported JSON Schema, so it accepts exactly the documents the publisher's
 * Python `decode` and a JSON Schema validator accept. Unknown fields are allowed (a newer
 * 1.x producer may add optional ones); `null` never is. On success, `value` is the input
 * itself, typed; nothing is copied or filled in (a missing `schema_version` means `"1.0"`).
 */
export declare function parsePlatformStatus(json: unknown): ParseResult;
