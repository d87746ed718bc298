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
  return Object.keys(contract).filter((k) => containsUnknown(news[k]) || !sameValue(olds[k], news[k]));
}

/** How one property changes, as Pulumi's `PropertyDiff.Kind` names it. */
export type PropertyDiffKind = "add" | "add-replace" | "delete" | "delete-replace" | "update" | "update-replace";

/** Per property: how it changes, and that the comparison was on inputs (`inputDiff`), as the engine's DetailedDiff. */
export type DetailedDiff = Record<string, { kind: PropertyDiffKind; inputDiff: boolean }>;

/** A diff that also names each changed property and whether it updates or replaces. */
export interface DetailedDiffResult extends DiffResult {
  detailedDiff?: DetailedDiff;
}

/** The detailed diff of `changed` fields; secret values are never part of it (kinds only). */
export function detailedDiffOf<Args>(contract: Contract<Args>, olds: Inputs, news: Inputs, changed: readonly string[]): DetailedDiff {
  const detailed: DetailedDiff = {};
  for (const k of changed) {
    const base = olds[k] === undefined || olds[k] === null ? "add" : news[k] === undefined || news[k] === null ? "delete" : "update";
    const replace = (contract as Record<string, FieldSpec>)[k]?.replaceOnChange === true;
    detailed[k] = { kind: replace ? `${base}-replace` : base, inputDiff: true };
  }
  return detailed;
}

/**
 * The contract's diff: `olds` are the state's outputs (which echo the inputs), `news` the checked
 * inputs. Replace-on-change fields replace; everything else updates in place.
 */
export function diffInputs<Args>(contract: Contract<Args>, olds: Inputs, news: Inputs): DetailedDiffResult {
  const changed = changedFields(contract, olds, news);
  const replaces = changed.filter((k) => (contract as Record<string, FieldSpec>)[k].replaceOnChange);
  const result: DetailedDiffResult = { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  return changed.length > 0 ? { ...result, detailedDiff: detailedDiffOf(contract, olds, news, changed) } : result;
}
