// The type of every `@elytracloud/status-contract/fixtures/<name>.json`: each is a valid
// document. `export =`, as for JSON: `import x from ... with { type: "json" }` and `require()`
// both give the document itself.
import type { PlatformStatus } from "./types.js";

declare const fixture: PlatformStatus;
export = fixture;
