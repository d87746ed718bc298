import type { DiffResult } from "@pulumi/pulumi/dynamic";
import { containsUnknown, type Contract, type FieldSpec, type Inputs } from "./fields";

/** Structural equality for JSON-like values (key order ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  }
  if (typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a as object).filter((k) => (a as Inputs)[k] !== undefined);
    const kb = Object.keys(b as object).filter((k) => (b as Inputs)[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => sameValue((a as Inputs)[k], (b as Inputs)[k]));
  }
  return false;
}

/** The contract fields whose desired value differs from the state (unknowns count as changed). */
export function changedFields<Args>(contract: Contract<Args>, olds: Inputs, news: Inputs): string[] {
  const specs = contract as Record<string, FieldSpec>;
  return Object.keys(contract).filter((k) => {
    // An adoption id left out of the program keeps the task the resource has: no change.
    if (specs[k].adoption && news[k] === undefined) return false;
    return containsUnknown(news[k]) || !sameValue(olds[k], news[k]);
  });
}

/**
 * The fields each contract diff found changed, kept beside the result (whose shape stays the
 * dynamic provider's): the provider plugin sends them to the engine as a detailed diff.
 */
const changedKeys = new WeakMap<DiffResult, readonly string[]>();

/** The changed fields behind a result of {@link diffInputs}; undefined for a diff made another way. */
export function diffKeys(result: DiffResult): readonly string[] | undefined {
  return changedKeys.get(result);
}

/**
 * The contract's diff: `olds` are the state's outputs (which echo the inputs), `news` the checked
 * inputs. Replace-on-change fields replace; everything else updates in place.
 */
export function diffInputs<Args>(contract: Contract<Args>, olds: Inputs, news: Inputs): DiffResult {
  const changed = changedFields(contract, olds, news);
  const replaces = changed.filter((k) => (contract as Record<string, FieldSpec>)[k].replaceOnChange);
  const result: DiffResult = { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  changedKeys.set(result, changed);
  return result;
}

