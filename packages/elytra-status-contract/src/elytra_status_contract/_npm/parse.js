// Runtime module of @elytracloud/status-contract; types in parse.d.ts.
// Validates against the exported JSON Schema (schema.js) by interpreting the
// keywords the exporter emits; any other keyword is refused when this module
// loads, so the interpreter can never silently ignore part of the contract.

import { platformStatusSchema } from "./schema.js";

/** @typedef {import("./types.js").PlatformStatus} PlatformStatus */
/** @typedef {import("./parse.js").ContractIssue} ContractIssue */
/** @typedef {import("./parse.js").ParseResult} ParseResult */
/** @typedef {import("./schema.js").JsonSchema} JsonSchema */

const ANNOTATIONS = new Set(["$schema", "$id", "$comment", "title", "description", "examples", "default"]);
const VALIDATORS = new Set([
  "type", "enum", "properties", "required", "items",
  "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
  "pattern", "minLength", "maxLength", "minItems", "maxItems",
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
}

assertSupported(platformStatusSchema, "#");

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
    errors.push({ path, message: `expected one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}, got ${JSON.stringify(value)}` });
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
    if (pattern !== undefined && !pattern.test(value)) errors.push({ path, message: `does not match the pattern ${schema.pattern}` });
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
    for (const [name, sub] of Object.entries(schema.properties ?? {})) {
      if (Object.prototype.hasOwnProperty.call(fields, name)) check(sub, fields[name], child(path, name), errors);
    }
  }
}

/**
 * @param {unknown} json
 * @returns {ParseResult}
 */
export function parsePlatformStatus(json) {
  /** @type {ContractIssue[]} */
  const errors = [];
  check(platformStatusSchema, json, "$", errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: /** @type {PlatformStatus} */ (json) };
}
