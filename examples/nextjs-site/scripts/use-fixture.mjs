// Local development: serve one of the contract's fixtures as public/status.json.
// `FIXTURE=degraded npm run dev` picks another state; the default is operational.
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const fixtures = path.join(path.dirname(require.resolve("@elytracloud/status-contract/package.json")), "fixtures");
const name = process.env.FIXTURE ?? "operational";
const target = path.join(import.meta.dirname, "..", "public", "status.json");
mkdirSync(path.dirname(target), { recursive: true });
copyFileSync(path.join(fixtures, `${name}.json`), target);
console.log(`public/status.json <- fixtures/${name}.json`);
