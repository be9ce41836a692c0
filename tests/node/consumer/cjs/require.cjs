// A CommonJS consumer at run time: require() of the package, its fixtures and its schema.
const contract = require("@elytracloud/status-contract");
const operational = require("@elytracloud/status-contract/fixtures/operational.json");
const history = require("@elytracloud/status-contract/fixtures/history/green-90-days.json");
const schema = require("@elytracloud/status-contract/schema.json");

const parsed = contract.parsePlatformStatus(operational);
process.stdout.write(
  JSON.stringify({
    node: process.version,
    ok: parsed.ok,
    history: contract.parseHistory(history).ok,
    label: contract.labelFor(parsed.data.platform_status),
    schema: schema.title,
    bars: contract.dayBars(history, new Date(contract.FIXTURE_TIME)).length,
  }),
);
