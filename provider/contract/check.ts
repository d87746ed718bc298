import type { CheckFailure, CheckResult } from "@pulumi/pulumi/dynamic";
import { containsUnknown, HOST_PROVIDER_KEY, type Contract, type CrossFieldRule, type FieldSpec, type Inputs } from "./fields";

function describeType(type: FieldSpec["type"]): string {
  switch (type) {
    case "integer":
      return "an integer";
    case "integerList":
      return "a list of integers";
    case "stringList":
      return "a list of strings";
    case "stringMap":
      return "a map of strings";
    case "objectList":
      return "a list of objects";
    case "object":
      return "an object";
    default:
      return `a ${type}`;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasType(type: FieldSpec["type"], value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "integerList":
      return Array.isArray(value) && value.every((v) => typeof v === "number" && Number.isInteger(v));
    case "stringList":
      return Array.isArray(value) && value.every((v) => typeof v === "string");
    case "stringMap":
      return isPlainObject(value) && Object.values(value).every((v) => typeof v === "string");
    case "object":
      return isPlainObject(value);
    case "objectList":
      return Array.isArray(value) && value.every(isPlainObject);
  }
}

/**
 * The range an integer (or each item of an integer list) must lie in: the field's own `min`/`max`,
 * and by default no further than JSON carries integers exactly (±2^53−1; the SDKs parse answers
 * with plain JSON, and the APIs' Integer is int64, so a larger value could never round-trip).
 */
function integerRange(spec: FieldSpec): { min: number; max: number } | undefined {
  if (spec.type !== "integer" && spec.type !== "integerList") return undefined;
  return { min: spec.min ?? -Number.MAX_SAFE_INTEGER, max: spec.max ?? Number.MAX_SAFE_INTEGER };
}

/** Why `value` breaks `spec`, or undefined. Pure; the value is known and present. */
export function fieldProblem(name: string, spec: FieldSpec, value: unknown): string | undefined {
  if (!hasType(spec.type, value)) return `${name} must be ${describeType(spec.type)}`;
  if (spec.oneOf && !spec.oneOf.includes(value as string | number)) {
    return `${name} must be one of ${spec.oneOf.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  const range = integerRange(spec);
  if (typeof value === "number" && range) {
    if (value < range.min) return `${name} must be at least ${range.min}`;
    if (value > range.max) return `${name} must be at most ${range.max}`;
  }
  if (typeof value === "string") {
    if (value === "" && spec.required && !spec.allowEmpty) return `${name} must not be empty`;
    if (spec.maxLength !== undefined && [...value].length > spec.maxLength) return `${name} must be at most ${spec.maxLength} characters`;
    if (spec.pattern && !spec.pattern.regex.test(value)) return `${name} ${spec.pattern.rule}`;
  }
  if (Array.isArray(value)) {
    if (spec.minItems !== undefined && value.length < spec.minItems) {
      return `${name} must have at least ${spec.minItems} item${spec.minItems === 1 ? "" : "s"}`;
    }
    if (spec.uniqueItems && new Set(value).size !== value.length) return `${name} must not repeat items`;
    if (range) {
      if (value.some((v) => typeof v === "number" && v < range.min)) return `${name} items must be at least ${range.min}`;
      if (value.some((v) => typeof v === "number" && v > range.max)) return `${name} items must be at most ${range.max}`;
    }
    if (spec.pattern) {
      const bad = value.find((v) => typeof v === "string" && !spec.pattern?.regex.test(v));
      if (bad !== undefined) return `${name} items ${spec.pattern.rule}`;
    }
  }
  return spec.validate?.(value);
}

/** Keys every resource's inputs carry besides its contract: the serialized provider. */
const ENGINE_KEYS = new Set([HOST_PROVIDER_KEY]);

/** Edit distance (insertions, deletions, substitutions, adjacent swaps), for did-you-mean. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The contract key `key` most likely meant (same letters ignoring case, or a few edits away), if any. */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const exact = known.find((k) => k.toLowerCase() === lower);
  if (exact) return exact;
  let best: { key: string; distance: number } | undefined;
  for (const k of known) {
    const distance = editDistance(lower, k.toLowerCase());
    if (!best || distance < best.distance) best = { key: k, distance };
  }
  const allowed = Math.max(1, Math.min(3, Math.floor(key.length / 3)));
  if (best && best.distance <= allowed) return best.key;
  // A shortened or extended name (`caseIds` for `caseIdList`): the longest shared beginning, if most of the key.
  const shared = (k: string) => {
    let n = 0;
    while (n < k.length && n < lower.length && k[n].toLowerCase() === lower[n]) n++;
    return n;
  };
  const byPrefix = [...known].sort((x, y) => shared(y) - shared(x))[0];
  return byPrefix !== undefined && shared(byPrefix) >= Math.max(4, Math.ceil(lower.length * 0.6)) ? byPrefix : undefined;
}

/**
 * Input keys the contract does not know, e.g. a misspelled `cookies` for `cookie`: plain
 * JavaScript has no compiler to catch them, and accepted they would be stored (in plain text) and
 * silently do nothing. Output names the resource classes pass as undefined are no inputs, so only
 * keys holding a value count. The failure names the key but never the value (which may be a
 * secret), and carries no property, because the engine prints a named property's value beside it.
 */
export function unknownKeyFailures(known: readonly string[], news: Inputs): CheckFailure[] {
  return Object.keys(news)
    .filter((key) => !known.includes(key) && !ENGINE_KEYS.has(key) && news[key] !== undefined && news[key] !== null)
    .sort()
    .map((key) => {
      const suggestion = suggestKey(key, known);
      return { property: "", reason: `unknown input ${JSON.stringify(key)}${suggestion ? `: did you mean ${JSON.stringify(suggestion)}?` : ""} (the inputs are ${known.join(", ")})` };
    });
}

/**
 * The contract's check: defaults applied, every rule verified before any API call, failures named
 * by property. Unknown values (preview) pass and are checked again at apply. A secret field's
 * failure names no property, because the engine would print the property's value beside it.
 * Input keys the contract does not know are refused ({@link unknownKeyFailures}).
 */
export function checkInputs<Args>(
  contract: Contract<Args>,
  rules: readonly CrossFieldRule[],
  news: Inputs,
): CheckResult<Inputs> {
  const known = Object.keys(contract);
  const failures: CheckFailure[] = unknownKeyFailures(known, news);
  // Unknown keys never travel on: not into state, not to the cloud.
  const inputs: Inputs = Object.fromEntries(Object.entries(news).filter(([key]) => known.includes(key) || ENGINE_KEYS.has(key)));
  const fail = (name: string, reason: string) =>
    failures.push({ property: (contract as Record<string, FieldSpec>)[name]?.secret ? "" : name, reason });

  for (const [name, spec] of Object.entries(contract) as Array<[string, FieldSpec]>) {
    let value = inputs[name];
    if (value === null) value = inputs[name] = undefined;
    if (value === undefined && spec.default !== undefined) value = inputs[name] = structuredClone(spec.default);
    if (value === undefined && spec.defaultFrom) value = inputs[name] = spec.defaultFrom();
    if (value === undefined) {
      if (spec.required) fail(name, spec.missing ?? `${name} is required`);
      continue;
    }
    if (containsUnknown(value)) continue;
    const problem = fieldProblem(name, spec, value);
    if (problem) fail(name, problem);
  }
  const failedFields = new Set(failures.map((f) => f.property));
  for (const rule of rules) {
    if (rule.reads.some((f) => containsUnknown(inputs[f]) || failedFields.has(f))) continue;
    const reason = rule.check(inputs);
    if (reason) fail(rule.property, reason);
  }
  return { inputs, failures };
}
