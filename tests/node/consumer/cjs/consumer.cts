// A CommonJS consumer in TypeScript (`module: nodenext`): `import` compiles to `require()`,
// which loads the ESM package on the Node versions of its `engines`.
import { fetchPlatformStatus, labelFor, parsePlatformStatus, type PlatformStatus } from "@elytracloud/status-contract";
import operational = require("@elytracloud/status-contract/fixtures/operational.json");

const doc: PlatformStatus = operational;
export const label: string = labelFor(doc.platform_status);
export const parsed: boolean = parsePlatformStatus(doc).ok;
export const pending: Promise<unknown> = fetchPlatformStatus(undefined);
