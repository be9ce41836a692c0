// The type of every `@elytracloud/status-contract/fixtures/history/<name>.json`: each is a valid
// history document. `export =`, as for JSON: `import x from ... with { type: "json" }` and
// `require()` both give the document itself.
import type { HistoryDocument } from "./types.js";

declare const fixture: HistoryDocument;
export = fixture;
