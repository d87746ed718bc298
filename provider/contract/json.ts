/**
 * JSON documents that travel as strings on the wire (shadow `desired`, action configurations, probe
 * parameters): users may write an object or a string, and either way the stored and sent form is
 * one canonical string, so key order or whitespace never shows up as a diff.
 */

/** JSON text with object keys sorted at every level and no insignificant whitespace. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export type JsonObjectResult = { ok: true; text: string; value: Record<string, unknown> } | { ok: false; problem: string };

/**
 * An object, or a string holding a JSON object, as its canonical text. `name` is the property path
 * used in the problem; the value itself is never echoed (it may be sensitive).
 */
export function canonicalJsonObject(name: string, input: unknown): JsonObjectResult {
  let value: unknown = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch {
      return { ok: false, problem: `${name} must be a JSON object (the string is not valid JSON)` };
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, problem: `${name} must be a JSON object, not ${Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`}` };
  }
  return { ok: true, text: canonicalJson(value), value: value as Record<string, unknown> };
}

/** Nesting depth of a JSON value: a scalar is 0, `{}` and `[]` are 1. */
export function jsonDepth(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(jsonDepth));
}
