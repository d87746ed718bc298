/**
 * A resource's field contract: one table per resource drives check, diff, refresh and the wire
 * mapping (pulumi-go-provider `infer` tags, as a table).
 */

/**
 * `object` is a plain JSON object and `objectList` a list of them (nested API structures); their
 * inner rules go in `validate`.
 */
export type FieldType = "string" | "integer" | "boolean" | "integerList" | "stringList" | "stringMap" | "object" | "objectList";

export interface FieldSpec {
  type: FieldType;
  /** The API's own name for it; absent for provider-side controls such as run triggers. */
  apiName?: string;
  required?: boolean;
  /** A required string the API accepts empty (e.g. an IoT device filter, where "" matches every device). */
  allowEmpty?: boolean;
  /** A change replaces the resource instead of updating it in place. */
  replaceOnChange?: boolean;
  /** Stored only as a Pulumi secret; never named with its value in a check failure. */
  secret?: boolean;
  /** Value used when the input is absent. */
  default?: unknown;
  /** Computed when the input is absent and there is no `default` (e.g. the region from stack config), at check time. */
  defaultFrom?: () => unknown;
  /** The failure reason when a required value is absent, when "is required" alone would not say where to set it. */
  missing?: string;
  oneOf?: readonly (string | number)[];
  /**
   * Bounds of an integer, or of each item of an integer list. Unset, they are ±(2^53−1): what
   * JSON carries exactly, and within the APIs' int64. Huawei's `Integer` is int32: {@link INT32_MAX}.
   */
  min?: number;
  max?: number;
  maxLength?: number;
  minItems?: number;
  uniqueItems?: boolean;
  /** A regular expression the value (or each list item) must match, with the rule in words. */
  pattern?: { regex: RegExp; rule: string };
  /**
   * Rules inside the value (nested objects, JSON documents, cross-item rules), run after the type
   * check passed: the failure reason, naming the inner path (e.g. `tasks.updateShadowTask.desired`).
   */
  validate?: (value: unknown) => string | undefined;
  /** The read API does not return it: refresh keeps the state's value. */
  writeOnly?: boolean;
  /**
   * An adoption id (e.g. `taskId`): create adopts the existing object it names instead of making
   * one; left out of the program the resource keeps the one it has (no change); a different id is a change.
   */
  adoption?: boolean;
  doc: string;
}

/** An output that is not an input: what the cloud reports (drives docs and, later, the package schema). */
export interface OutputSpec {
  type: FieldType | "number";
  secret?: boolean;
  doc: string;
}

/** A resource's outputs beyond its echoed inputs, keyed by output name. */
export type OutputContract = Readonly<Record<string, OutputSpec>>;

/** A contract covers every input key of `Args`, checked by the compiler. */
export type Contract<Args> = { readonly [K in keyof Required<Args>]: FieldSpec };

export type Inputs = Record<string, unknown>;

/** A rule over several fields; returns the failure reason, or undefined when satisfied. */
export interface CrossFieldRule {
  /** The property the failure names. */
  property: string;
  /** Fields the rule reads; it is skipped while any of them is unknown (preview). */
  reads: readonly string[];
  check(inputs: Inputs): string | undefined;
}

/** The largest int32, the bound of Huawei APIs' `Integer` (e.g. CPTS ids: 1..2147483647). */
export const INT32_MAX = 2_147_483_647;

/** The engine's placeholder for values not known until apply (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}

/** The contract's fields that have an API name, mapped onto an API request body. */
export function toApiFields<Args>(contract: Contract<Args>, inputs: Inputs): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(contract) as Array<[string, FieldSpec]>) {
    if (spec.apiName && inputs[key] !== undefined && inputs[key] !== null) body[spec.apiName] = inputs[key];
  }
  return body;
}

/** The key the dynamic provider host keeps the provider text under in every state it sends and receives. */
export const HOST_PROVIDER_KEY = "__provider";

/** Only the contract's keys of `values` (drops `__provider` and outputs). */
export function pickInputs<Args>(contract: Contract<Args>, values: Inputs): Inputs {
  const out: Inputs = {};
  for (const key of Object.keys(contract)) if (values[key] !== undefined) out[key] = values[key];
  return out;
}

/**
 * A refresh's answer: the refreshed state, and the inputs that describe it. Adoption ids are not
 * among those inputs: adopting is a create-time choice, so they describe the task, not how it was found.
 */
export function refreshedState<Args>(contract: Contract<Args>, id: string, state: Inputs): { id: string; props: Inputs; inputs: Inputs } {
  const inputs = pickInputs(contract, state);
  for (const [key, spec] of Object.entries(contract) as Array<[string, FieldSpec]>) if (spec.adoption) delete inputs[key];
  return { id, props: state, inputs };
}
