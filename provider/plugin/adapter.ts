/**
 * The provider plugin's adapter: Pulumi's `Provider` interface over the same `ResourceHandlers`
 * the dynamic resources call. Only the wire differs: the plugin accepts secrets, so inputs arrive
 * with secret markers (unwrapped here, and put back on the contract's secret fields and on every
 * key that came in secret); it serves every registered type under `cloudtasks:index:<Resource>`;
 * and an import reads an id it has never seen, its region taken from the id or the configuration.
 */
import type * as provider from "@pulumi/pulumi/provider";
import { changedFields, detailedDiffOf, type DetailedDiffResult, type PropertyDiffKind } from "../contract/diff";
import type { Inputs } from "../contract/fields";
import { RESOURCE_KEY } from "../context";
import { loadResource, RESOURCES, resourceForToken, typeToken, type ResourceDefinition } from "../registry";

/** Pulumi's marker for a secret value on the wire (`sdk/go/common/resource/sig`). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
/** The engine's placeholder for values not known until apply. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export const secret = (value: unknown): Record<string, unknown> => ({ [SIG_KEY]: SECRET_SIG, value });

/** The plain value (what the dynamic provider's handlers are written for), secret markers removed. */
export function reveal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reveal);
  if (!isRecord(value)) return value;
  if (value[SIG_KEY] === SECRET_SIG) return reveal(value.value);
  if (value[SIG_KEY] === OUTPUT_SIG) return "value" in value ? reveal(value.value) : UNKNOWN;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
}

/** Whether the value carries a secret marker anywhere. */
export function containsSecret(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsSecret);
  if (!isRecord(value)) return false;
  if (value[SIG_KEY] === SECRET_SIG) return true;
  if (value[SIG_KEY] === OUTPUT_SIG) return value.secret === true || containsSecret(value.value);
  return Object.values(value).some(containsSecret);
}

interface Revealed {
  values: Inputs;
  /** Top-level keys that came in secret: they go back secret, whatever the handler did with them. */
  secretKeys: Set<string>;
}

function revealAll(values: unknown, urn?: string): Revealed {
  const source = isRecord(values) ? values : {};
  const secretKeys = new Set(Object.keys(source).filter((k) => containsSecret(source[k])));
  const plain = reveal(source) as Inputs;
  // The handlers name the resource in progress and debug lines from this hidden input.
  if (urn !== undefined) plain[RESOURCE_KEY] = resourceLabel(urn);
  return { values: plain, secretKeys };
}

/** The type name of a URN (`urn:pulumi:<stack>::<project>::<parent$>type::<name>`). */
export function urnType(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? "";
}

/** How progress and debug lines name the resource (`OperationTask "report"`), as the dynamic resources tell their provider. */
export function resourceLabel(urn: string): string {
  const type = urnType(urn);
  return `${type.slice(type.lastIndexOf(":") + 1)} "${urn.split("::")[3] ?? ""}"`;
}

/** `pulumirpc.PropertyDiff.Kind` of each kind name. */
const KIND: Readonly<Record<PropertyDiffKind, number>> = { add: 0, "add-replace": 1, delete: 2, "delete-replace": 3, update: 4, "update-replace": 5 };

export interface DetailedDiffEntry {
  /** `pulumirpc.PropertyDiff.Kind`: 0 add, 1 add-replace, 2 delete, 3 delete-replace, 4 update, 5 update-replace. */
  kind: number;
  inputDiff: boolean;
}

/** What `diff` answers: the SDK's result plus the changed keys and a detailed diff (sent by the patched server). */
export interface PluginDiffResult extends provider.DiffResult {
  diffs: string[];
  detailedDiff: Record<string, DetailedDiffEntry>;
}

/** An import id: `<region>/<id>`, or a bare id whose region comes from the provider configuration. */
export function parseImportId(id: string): { region?: string; id: string } {
  const slash = id.lastIndexOf("/");
  return slash > 0 ? { region: id.slice(0, slash), id: id.slice(slash + 1) } : { id };
}

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportError";
  }
}

export class CloudtasksProvider implements provider.Provider {
  private readonly loaded = new Map<string, ResourceDefinition>();

  constructor(readonly version: string, private readonly schemaText: () => string) {}

  getSchema = async (): Promise<string> => this.schemaText();

  private resource(urn: string): ResourceDefinition {
    const type = urnType(urn);
    const entry = resourceForToken(type);
    if (!entry) throw new Error(`unknown resource type ${type}: this provider serves ${RESOURCES.map((r) => typeToken(r.type)).join(", ")}`);
    let definition = this.loaded.get(type);
    if (!definition) {
      definition = loadResource(entry);
      this.loaded.set(type, definition);
    }
    return definition;
  }

  /**
   * Secret again: the contract's secret fields and whatever came in secret. The resource label the
   * handlers were given is dropped: the plugin always knows its URN, so state need not carry it.
   */
  private conceal(definition: ResourceDefinition, values: Inputs | undefined, secretKeys: Set<string>): Inputs | undefined {
    if (values === undefined) return undefined;
    const out: Inputs = {};
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined || k === RESOURCE_KEY) continue;
      const isSecret = secretKeys.has(k) || definition.contract[k]?.secret === true || definition.outputs[k]?.secret === true;
      out[k] = isSecret && v !== UNKNOWN ? secret(v) : v;
    }
    return out;
  }

  /** Errors that keep a created task in state (init failures) carry outputs: those keep their secrets too. */
  private concealFailure(definition: ResourceDefinition, error: unknown, secretKeys: Set<string>): unknown {
    if (isRecord(error) && isRecord(error.properties)) error.properties = this.conceal(definition, error.properties, secretKeys);
    return error;
  }

  check = async (urn: string, olds: unknown, news: unknown): Promise<provider.CheckResult> => {
    const definition = this.resource(urn);
    const next = revealAll(news, urn);
    const result = await definition.handlers.check(revealAll(olds).values, next.values);
    return { inputs: this.conceal(definition, result.inputs, next.secretKeys), failures: result.failures ?? [] };
  };

  diff = async (id: string, urn: string, olds: unknown, news: unknown): Promise<PluginDiffResult> => {
    const definition = this.resource(urn);
    const before = revealAll(olds).values;
    const after = revealAll(news).values;
    // The resource's own diff (definite changes), not the dynamic host's `engineDiff` variant.
    const result: DetailedDiffResult = await definition.handlers.diff(id, before, after);
    if (!result.changes) return { changes: result.changes, replaces: [], diffs: [], detailedDiff: {} };
    const replaces = result.replaces ?? [];
    // A contract diff names its properties (after the resource's own rules); any other gets the contract's view.
    const named = result.detailedDiff ?? detailedDiffOf(definition.contract, before, after, changedFields(definition.contract, before, after));
    const detailedDiff: Record<string, DetailedDiffEntry> = {};
    for (const [key, entry] of Object.entries(named)) detailedDiff[key] = { kind: KIND[entry.kind], inputDiff: entry.inputDiff };
    for (const key of replaces) if (!detailedDiff[key]) detailedDiff[key] = { kind: KIND["update-replace"], inputDiff: true };
    return { changes: true, replaces, deleteBeforeReplace: result.deleteBeforeReplace, diffs: Object.keys(detailedDiff), detailedDiff };
  };

  create = async (urn: string, inputs: unknown): Promise<provider.CreateResult> => {
    const definition = this.resource(urn);
    const checked = revealAll(inputs, urn);
    try {
      const result = await definition.handlers.create(checked.values);
      return { id: result.id, outs: this.conceal(definition, result.outs, checked.secretKeys) };
    } catch (error) {
      throw this.concealFailure(definition, error, checked.secretKeys);
    }
  };

  /**
   * Refresh passes the state; an import passes nothing, so the region (which every task is
   * addressed by) comes from the id (`<region>/<id>`) or the contract's default (provider config).
   */
  read = async (id: string, urn: string, props?: unknown): Promise<provider.ReadResult> => {
    const definition = this.resource(urn);
    const state = revealAll(props, urn);
    let readId = id;
    if (Object.keys(state.values).every((k) => k === RESOURCE_KEY)) {
      const parsed = parseImportId(id);
      const region = parsed.region ?? definition.contract.region?.defaultFrom?.();
      if (definition.contract.region && region === undefined) {
        throw new ImportError(`cannot import ${urnType(urn)} ${id}: give the id as <region>/${id}, or set the provider's region (${definition.contract.region.missing ?? "region"})`);
      }
      readId = parsed.id;
      if (region !== undefined) state.values.region = region;
    }
    const result = await definition.handlers.read(readId, state.values);
    if (!result.id) return {};
    return {
      id: result.id,
      props: this.conceal(definition, result.props, state.secretKeys),
      inputs: this.conceal(definition, result.inputs ?? {}, state.secretKeys),
    };
  };

  update = async (id: string, urn: string, olds: unknown, news: unknown): Promise<provider.UpdateResult> => {
    const definition = this.resource(urn);
    const next = revealAll(news, urn);
    const secretKeys = new Set([...revealAll(olds).secretKeys, ...next.secretKeys]);
    try {
      const result = await definition.handlers.update(id, revealAll(olds).values, next.values);
      return { outs: this.conceal(definition, result.outs, secretKeys) };
    } catch (error) {
      throw this.concealFailure(definition, error, secretKeys);
    }
  };

  delete = async (id: string, urn: string, props: unknown): Promise<void> => {
    await this.resource(urn).handlers.delete(id, revealAll(props, urn).values);
  };
}
