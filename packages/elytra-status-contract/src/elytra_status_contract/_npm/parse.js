// Runtime module of @elytracloud/status-contract; types in parse.d.ts.
// Validates against the exported JSON Schema (schema.js) by interpreting the
// keywords the exporter emits; any other keyword is refused when this module
// loads, so the interpreter can never silently ignore part of the contract.

import { FALLBACK_HISTORY, FALLBACK_STATUS } from "./result.js";
import { historySchema, platformStatusSchema } from "./schema.js";

/** @typedef {import("./types.js").PlatformStatus} PlatformStatus */
/** @typedef {import("./parse.js").ContractIssue} ContractIssue */
/** @typedef {import("./parse.js").ParseResult} ParseResult */
/** @typedef {import("./types.js").HistoryDocument} HistoryDocument */
/** @typedef {import("./parse.js").HistoryParseResult} HistoryParseResult */
/** @typedef {import("./schema.js").JsonSchema} JsonSchema */

const ANNOTATIONS = new Set(["$schema", "$id", "$comment", "title", "description", "examples", "default"]);
const VALIDATORS = new Set([
  "type", "enum", "properties", "required", "items",
  "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
  "pattern", "minLength", "maxLength", "minItems", "maxItems",
  "additionalProperties", "propertyNames",
]);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** @type {WeakMap<JsonSchema, RegExp>} */
const patterns = new WeakMap();

/**
 * @param {JsonSchema} schema
 * @param {string} where
 */
function assertSupported(schema, where) {
  for (const keyword of Object.keys(schema)) {
    if (!ANNOTATIONS.has(keyword) && !VALIDATORS.has(keyword)) {
      throw new Error(`@elytracloud/status-contract: unsupported schema keyword ${keyword} at ${where}`);
    }
  }
  if (schema.pattern !== undefined) patterns.set(schema, new RegExp(schema.pattern, "u"));
  for (const [name, sub] of Object.entries(schema.properties ?? {})) assertSupported(sub, `${where}/properties/${name}`);
  if (schema.items !== undefined) assertSupported(schema.items, `${where}/items`);
  for (const keyword of /** @type {const} */ (["additionalProperties", "propertyNames"])) {
    const sub = schema[keyword];
    if (sub === undefined) continue;
    if (typeof sub !== "object" || sub === null) {
      throw new Error(`@elytracloud/status-contract: ${keyword} must be a schema at ${where}`);
    }
    assertSupported(sub, `${where}/${keyword}`);
  }
}

assertSupported(platformStatusSchema, "#");
assertSupported(historySchema, "#");

/**
 * @param {string} type
 * @param {unknown} value
 * @returns {boolean}
 */
function hasType(type, value) {
  switch (type) {
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    default:
      return false;
  }
}

/**
 * @param {unknown} value
 * @returns {string}
 */
function describe(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return typeof value;
}

/**
 * A value as it may appear in a message: JSON, cut to 40 characters.
 * @param {unknown} value
 * @returns {string}
 */
function preview(value) {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/**
 * What a failed `pattern` says: a short pattern as is, a long one (the timestamp grammar) as
 * the format in words, from the last paragraph of the field's description.
 * @param {JsonSchema} schema
 * @param {string} value
 * @returns {string}
 */
function patternMessage(schema, value) {
  const pattern = (schema.pattern ?? "").replace("(?!\\n)$", "$");
  if (pattern.length <= 40) return `does not match ${pattern}, got ${preview(value)}`;
  const paragraphs = (schema.description ?? "").split("\n\n");
  const hint = paragraphs.length > 1 ? `; expected: ${paragraphs.at(-1)?.replace(/\.$/, "")}` : "";
  return `is not in the expected format, got ${preview(value)}${hint}`;
}

/**
 * @param {string} path
 * @param {string} key
 * @returns {string}
 */
function child(path, key) {
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * @param {JsonSchema} schema
 * @param {unknown} value
 * @param {string} path
 * @param {ContractIssue[]} errors
 */
function check(schema, value, path, errors) {
  if (schema.type !== undefined) {
    const types = typeof schema.type === "string" ? [schema.type] : schema.type;
    if (!types.some((type) => hasType(type, value))) {
      errors.push({ path, message: `expected ${types.join(" or ")}, got ${describe(value)}` });
      return;
    }
  }
  if (schema.enum !== undefined && !schema.enum.some((allowed) => allowed === value)) {
    errors.push({ path, message: `expected one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}, got ${preview(value)}` });
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && !(value >= schema.minimum)) errors.push({ path, message: `must be >= ${schema.minimum}` });
    if (schema.maximum !== undefined && !(value <= schema.maximum)) errors.push({ path, message: `must be <= ${schema.maximum}` });
    if (schema.exclusiveMinimum !== undefined && !(value > schema.exclusiveMinimum)) errors.push({ path, message: `must be > ${schema.exclusiveMinimum}` });
    if (schema.exclusiveMaximum !== undefined && !(value < schema.exclusiveMaximum)) errors.push({ path, message: `must be < ${schema.exclusiveMaximum}` });
  }
  if (typeof value === "string") {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) errors.push({ path, message: `must be at least ${schema.minLength} characters` });
    if (schema.maxLength !== undefined && length > schema.maxLength) errors.push({ path, message: `must be at most ${schema.maxLength} characters` });
    const pattern = patterns.get(schema);
    if (pattern !== undefined && !pattern.test(value)) errors.push({ path, message: patternMessage(schema, value) });
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push({ path, message: `must have at least ${schema.minItems} items` });
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push({ path, message: `must have at most ${schema.maxItems} items` });
    const items = schema.items;
    if (items !== undefined) value.forEach((item, index) => check(items, item, `${path}[${index}]`, errors));
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const fields = /** @type {Record<string, unknown>} */ (value);
    for (const name of schema.required ?? []) {
      if (!Object.prototype.hasOwnProperty.call(fields, name)) errors.push({ path: child(path, name), message: "required field is missing" });
    }
    const properties = schema.properties ?? {};
    for (const [name, sub] of Object.entries(properties)) {
      if (Object.prototype.hasOwnProperty.call(fields, name)) check(sub, fields[name], child(path, name), errors);
    }
    // A map (history's components by id): every key against propertyNames, every other value against additionalProperties.
    const { additionalProperties: values, propertyNames: keys } = schema;
    if (values !== undefined || keys !== undefined) {
      for (const [name, item] of Object.entries(fields)) {
        if (keys !== undefined) check(keys, name, child(path, name), errors);
        if (values !== undefined && !Object.prototype.hasOwnProperty.call(properties, name)) check(values, item, child(path, name), errors);
      }
    }
  }
}

/**
 * The failed result of a parse: `data` is the fallback, `error` names the first problem and lists all.
 * @template T
 * @param {T} fallback
 * @param {ContractIssue[]} issues
 * @returns {{ ok: false, data: T, error: import("./result.js").Failure }}
 */
function invalid(fallback, issues) {
  const [first] = issues;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  const message = first ? `invalid document: ${first.path} ${first.message}${more}` : "invalid document";
  return { ok: false, data: fallback, error: Object.freeze({ reason: "invalid", message, issues }) };
}

/**
 * @param {unknown} json
 * @returns {ParseResult}
 */
export function parsePlatformStatus(json) {
  /** @type {ContractIssue[]} */
  const errors = [];
  check(platformStatusSchema, json, "$", errors);
  if (errors.length > 0) return invalid({ ...FALLBACK_STATUS }, errors);
  return { ok: true, data: /** @type {PlatformStatus} */ (json), error: null };
}

/**
 * @param {unknown} json
 * @returns {HistoryParseResult}
 */
export function parseHistory(json) {
  /** @type {ContractIssue[]} */
  const errors = [];
  check(historySchema, json, "$", errors);
  if (errors.length > 0) return invalid({ ...FALLBACK_HISTORY, days: [] }, errors);
  return { ok: true, data: /** @type {HistoryDocument} */ (json), error: null };
}
