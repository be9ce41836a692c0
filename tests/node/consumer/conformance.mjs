// Runs the cross-language conformance corpus through the JavaScript side.
// Input (argv[2]): {"documents": [json text...], "stale_cases": [[document index, now in ms]...]}.
// Output (stdout): {"ajv": [bool...], "parse": [bool...], "errors": [[path...]...], "stale": [bool...]}.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import { isStale, parsePlatformStatus } from "@elytracloud/status-contract";
import schema from "@elytracloud/status-contract/schema.json" with { type: "json" };

const corpus = JSON.parse(readFileSync(process.argv[2], "utf8"));
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
const values = corpus.documents.map((text) => JSON.parse(text));
const parsed = values.map((value) => parsePlatformStatus(value));
const out = {
  ajv: values.map((value) => validate(value)),
  parse: parsed.map((result) => result.ok),
  errors: parsed.map((result) => (result.ok ? [] : result.error.issues.map((e) => e.path))),
  stale: corpus.stale_cases.map(([index, nowMs]) => isStale(values[index], new Date(nowMs))),
};
process.stdout.write(JSON.stringify(out));
