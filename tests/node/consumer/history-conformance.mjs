// Runs a corpus of history.json documents through the JavaScript readers of the contract.
// Input (argv[2]): {"documents": [json text...]}.
// Output (stdout): {"ajv": [bool...], "parse": [bool...], "errors": [[path...]...]}.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import { parseHistory } from "@elytracloud/status-contract";
import schema from "@elytracloud/status-contract/history.schema.json" with { type: "json" };

const corpus = JSON.parse(readFileSync(process.argv[2], "utf8"));
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
const values = corpus.documents.map((text) => JSON.parse(text));
const parsed = values.map((value) => parseHistory(value));
process.stdout.write(
  JSON.stringify({
    ajv: values.map((value) => validate(value)),
    parse: parsed.map((result) => result.ok),
    errors: parsed.map((result) => (result.ok ? [] : result.error.issues.map((issue) => issue.path))),
  }),
);
