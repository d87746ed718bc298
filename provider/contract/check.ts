import type { CheckFailure, CheckResult } from "@pulumi/pulumi/dynamic";
import { containsUnknown, type Contract, type CrossFieldRule, type FieldSpec, type Inputs } from "./fields";

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

/** Why `value` breaks `spec`, or undefined. Pure; the value is known and present. */
export function fieldProblem(name: string, spec: FieldSpec, value: unknown): string | undefined {
  if (!hasType(spec.type, value)) return `${name} must be ${describeType(spec.type)}`;
  if (spec.oneOf && !spec.oneOf.includes(value as string | number)) {
    return `${name} must be one of ${spec.oneOf.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  if (typeof value === "number") {
    if (spec.min !== undefined && value < spec.min) return `${name} must be at least ${spec.min}`;
    if (spec.max !== undefined && value > spec.max) return `${name} must be at most ${spec.max}`;
  }
  if (typeof value === "string") {
    if (spec.maxLength !== undefined && [...value].length > spec.maxLength) return `${name} must be at most ${spec.maxLength} characters`;
    if (spec.pattern && !spec.pattern.regex.test(value)) return `${name} ${spec.pattern.rule}`;
  }
  if (Array.isArray(value)) {
    if (spec.minItems !== undefined && value.length < spec.minItems) {
      return `${name} must have at least ${spec.minItems} item${spec.minItems === 1 ? "" : "s"}`;
    }
    if (spec.uniqueItems && new Set(value).size !== value.length) return `${name} must not repeat items`;
    if (spec.pattern) {
      const bad = value.find((v) => typeof v === "string" && !spec.pattern?.regex.test(v));
      if (bad !== undefined) return `${name} items ${spec.pattern.rule}`;
    }
  }
  return spec.validate?.(value);
}

/**
 * The contract's check: defaults applied, every rule verified before any API call, failures named
 * by property. Unknown values (preview) pass and are checked again at apply. A secret field's
 * failure names no property, because the engine would print the property's value beside it.
 */
export function checkInputs<Args>(
  contract: Contract<Args>,
  rules: readonly CrossFieldRule[],
  news: Inputs,
): CheckResult<Inputs> {
  const inputs: Inputs = { ...news };
  const failures: CheckFailure[] = [];
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
