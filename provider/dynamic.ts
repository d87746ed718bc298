import { isDeepStrictEqual } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import type { CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult } from "@pulumi/pulumi/dynamic";
import { PROFILE_INPUT, RESOURCE_KEY, withOperation, type OperationContext } from "./context";
import type { DetailedDiff, DetailedDiffResult } from "./contract/diff";
import { containsUnknown, HOST_PROVIDER_KEY, type FieldSpec, type Inputs, type OutputContract } from "./contract/fields";
import { missingCredentialsWarning, type Cloud } from "./credentials";
import { progress } from "./progress";
import { configureFromStack } from "./settings";
import { debugEnabled } from "./transport/debug";

// The hidden resource-naming input and the profile input live with the operation context, so the
// provider plugin reads them without loading this module (and @pulumi/pulumi) at start-up.
export { PROFILE_INPUT, RESOURCE_KEY } from "./context";
/** Output marking a state recorded by {@link initFailure}: its outputs differ from its inputs on purpose. */
export const INCOMPLETE_KEY = "__incomplete";

/** Inputs every cloudtasks resource takes, handled here for all of them. */
export interface TaskResourceArgs {
  /**
   * Use the credentials of this named profile instead of the default chain: the stack config
   * `cloudtasks:profiles.<name>` (e.g. `tencentSecretId`, `tencentSecretKey`, `huaweiAk`, …), or a
   * `[<name>]` section of `~/.tencentcloud/credentials` / `~/.huaweicloud/credentials`. Resolved when
   * each operation runs, never stored with a credential; lets one stack manage tasks in two accounts.
   */
  credentialsProfile?: pulumi.Input<string>;
}

/** One resource's lifecycle, as its file implements it; the serialized provider only forwards to it. */
export interface ResourceHandlers {
  check(olds: Inputs, news: Inputs): Promise<CheckResult<Inputs>>;
  diff(id: string, olds: Inputs, news: Inputs): Promise<DiffResult>;
  create(inputs: Inputs): Promise<CreateResult<Inputs>>;
  read(id: string, props: Inputs): Promise<ReadResult<Inputs>>;
  update(id: string, olds: Inputs, news: Inputs): Promise<UpdateResult<Inputs>>;
  delete(id: string, props: Inputs): Promise<void>;
  /** `diff` as the dynamic provider host needs it (see `forEngine`); set by {@link lifecycle}. */
  engineDiff?(id: string, olds: Inputs, news: Inputs): Promise<DiffResult>;
}

/** What each resource module exports for the serialized provider to reach at run time. */
export interface ResourceModule {
  handlers: ResourceHandlers;
  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void>;
}

/** Drops `undefined` values, which Pulumi's wire format (protobuf Struct) rejects outright. */
export function withoutUndefined(values: Inputs): Inputs {
  const out: Inputs = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) out[k] = v;
  return out;
}

const PROFILE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

function contextOf(values: Inputs): OperationContext {
  const resource = values[RESOURCE_KEY];
  const profile = values[PROFILE_INPUT];
  return {
    resource: typeof resource === "string" ? resource : undefined,
    profile: typeof profile === "string" && profile !== "" && !containsUnknown(profile) ? profile : undefined,
  };
}

/** The generic keys of `values`, to carry into outputs and returned inputs. */
function genericOf(values: Inputs): Inputs {
  return withoutUndefined({ [RESOURCE_KEY]: values[RESOURCE_KEY], [PROFILE_INPUT]: values[PROFILE_INPUT] });
}

const warned = new Set<string>();

/** At check (so at preview): say once per process when the operations would find no credentials. */
function warnIfNoCredentials(cloud: Cloud | undefined, news: Inputs): void {
  if (!cloud || containsUnknown(news[PROFILE_INPUT])) return;
  const warning = missingCredentialsWarning(cloud, contextOf(news).profile);
  if (!warning || warned.has(warning)) return;
  warned.add(warning);
  progress.write(`warning: ${warning}`);
}

/**
 * The dynamic provider host prints `${error}: ${error.stack}` for failed checks, diffs, reads and
 * deletes: the error's own clear text is what users need, not JavaScript frames (kept with CLOUDTASKS_DEBUG=1).
 */
function clearError(error: unknown): unknown {
  if (error instanceof Error && !debugEnabled()) error.stack = "(set CLOUDTASKS_DEBUG=1 for a stack trace)";
  return error;
}

async function guarded<T>(values: Inputs, run: () => Promise<T>): Promise<T> {
  try {
    return await withOperation(contextOf(values), run);
  } catch (error) {
    throw clearError(error);
  }
}

/** A changed `credentialsProfile` is an in-place update: later operations (refresh, delete) must use the new one. */
function withProfileChange(result: DetailedDiffResult, olds: Inputs, news: Inputs): DetailedDiffResult {
  const unknown = containsUnknown(news[PROFILE_INPUT]);
  if (!unknown && (olds[PROFILE_INPUT] ?? "") === (news[PROFILE_INPUT] ?? "")) return result;
  const detailedDiff: DetailedDiff = { ...(result.detailedDiff ?? {}), [PROFILE_INPUT]: { kind: "update", inputDiff: true } };
  return { ...result, changes: true, detailedDiff };
}

/**
 * The diff as the dynamic provider host needs it. The host (3.248) forwards only `changes` and
 * `replaces`, so a plain "changes: true" names no property in `preview --diff` (and a preview's
 * update compares the old outputs with themselves). `changes: undefined` makes the engine diff the
 * old and new inputs itself and name every changed property, secrets as `[secret]`; the
 * `replaceOnChanges` option {@link taskResourceArgs} sets marks the replacing ones. A state written by
 * {@link initFailure} differs from its inputs on purpose, so there the answer stays `true`.
 * This relies on every other state's outputs echoing its inputs: a resource's `read` must return
 * `inputs` that match the `props` it returns (as `pickInputs(contract, props)` does), or the engine
 * could see no change where the resource's own diff sees one.
 */
function forEngine(result: DetailedDiffResult, olds: Inputs): DetailedDiffResult {
  if (result.changes !== true || olds[INCOMPLETE_KEY] === true) return result;
  return { ...result, changes: undefined };
}

/**
 * Whether the checked inputs can hold `key`: the program gives it (a value or an output), or check
 * fills it in. The option is stored with every resource and the engine only applies it to the
 * properties its own diff of the old and new inputs finds changed, so naming the replacing fields
 * the inputs cannot hold would only cost state (every one of ChaosExperiment's twelve was ~200 B per
 * resource). A replacing field the program stops giving still replaces, since the provider's
 * diff says so; only its kind in `preview --json` reads "delete" rather than "delete-replace".
 */
function mayBeStored(key: string, spec: FieldSpec, args: pulumi.Inputs): boolean {
  return args[key] !== undefined || spec.default !== undefined || spec.defaultFrom !== undefined;
}

/**
 * A resource's handlers made safe for the wire, with what every resource shares: each operation
 * runs knowing its Pulumi resource and credentials profile; `credentialsProfile` is checked and
 * carried here (the resource's own check never sees it); errors surface as their clear text.
 * `cloud` names whose credentials the resource uses, so a preview without any can warn.
 */
export function lifecycle(h: ResourceHandlers, options: { cloud?: Cloud } = {}): ResourceHandlers {
  return {
    check: (olds, news) =>
      guarded(news, async () => {
        const own = { ...news };
        const profile = own[PROFILE_INPUT];
        delete own[RESOURCE_KEY];
        delete own[PROFILE_INPUT];
        const r = await h.check(olds, own);
        const failures = [...(r.failures ?? [])];
        if (profile !== undefined && profile !== null && !containsUnknown(profile) && (typeof profile !== "string" || !PROFILE_NAME.test(profile))) {
          failures.push({ property: PROFILE_INPUT, reason: "credentialsProfile must be a profile name: 1 to 64 letters, digits, '.', '_' or '-'" });
        } else {
          warnIfNoCredentials(options.cloud, news);
        }
        return { ...r, failures, inputs: r.inputs === undefined ? undefined : withoutUndefined({ ...r.inputs, ...genericOf(news) }) };
      }),
    diff: (id, olds, news) => guarded(news, async () => withProfileChange(await h.diff(id, olds, news), olds, news)),
    engineDiff: (id, olds, news) => guarded(news, async () => forEngine(withProfileChange(await h.diff(id, olds, news), olds, news), olds)),
    create: (inputs) =>
      guarded(inputs, async () => {
        try {
          const r = await h.create(inputs);
          return { ...r, outs: withoutUndefined({ ...r.outs, ...genericOf(inputs) }) };
        } catch (error) {
          if (error instanceof Error && "properties" in error && typeof error.properties === "object" && error.properties !== null) {
            Object.assign(error.properties, genericOf(inputs));
          }
          throw error;
        }
      }),
    read: (id, props) =>
      guarded(props, async () => {
        const r = await h.read(id, props);
        if (!r.id) return {};
        const generic = genericOf(props);
        return { id: r.id, props: withoutUndefined({ ...r.props, ...generic }), inputs: r.inputs === undefined ? undefined : withoutUndefined({ ...r.inputs, ...generic }) };
      }),
    update: (id, olds, news) =>
      guarded(news, async () => {
        const r = await h.update(id, olds, news);
        return { ...r, outs: withoutUndefined({ ...r.outs, ...genericOf(news) }) };
      }),
    delete: (id, props) => guarded(props, () => h.delete(id, props)),
  };
}

export const configure = async (req: pulumi.dynamic.ConfigureRequest): Promise<void> => configureFromStack(req.config);

/** The provider methods, in the order Pulumi's dynamic-provider host may call them. */
const PROVIDER_METHODS = ["check", "diff", "create", "read", "update", "delete"] as const;

/** The run-time module path of a resource: frozen into every state that holds it, so keep it forever. */
export function resourceModulePath(resource: string): string {
  return `pulumi-cloudtasks/resources/${resource}`;
}

/**
 * The `__provider` text Pulumi stores (twice) with each resource. The dynamic provider host
 * evaluates it and calls `handler()`, which loads the installed package's resource module from
 * the program's directory: the implementation (and the SDKs, and the credentials it reads at call
 * time) never enters the state, `refresh`/`destroy` always run the installed code, and the text is
 * the same in every version. It is written here rather than made by Pulumi's closure serializer,
 * whose text for the same `require` is three times as long (~280 bytes, which was the largest part
 * of a resource's state after its own fields); the host's contract for it (`exports.handler`
 * returning the provider) is the one it keeps for every state ever written.
 *
 * States written before it hold the serializer's text: `require(path)` returned by `handler`
 * (installed copies), or a stub of closures calling `require(path).handlers` (linked copies). Both
 * still load the same module, which is why it stays the provider ({@link serveAsProvider}) and
 * keeps exporting `handlers` and `configure`.
 */
export function providerText(resource: string): string {
  return `exports.handler = () => require(${JSON.stringify(resourceModulePath(resource))});\n`;
}

/**
 * Makes a run-time resource module (`resources/<name>`) the provider the stored text returns:
 * `check`, `diff`, … forward to its `handlers` (the engine's diff is `engineDiff`, see
 * {@link lifecycle}). Each such module calls it on itself once its exports are complete. The
 * methods are not enumerable, so the module's public surface stays what its file exports.
 */
export function serveAsProvider(mod: { exports: Partial<ResourceModule> }): void {
  const exports = mod.exports;
  const handlers = exports.handlers;
  if (!handlers || typeof exports.configure !== "function") throw new Error("a resource module must export its handlers and configure before it serves them");
  const forwards: Record<(typeof PROVIDER_METHODS)[number], unknown> = {
    check: handlers.check,
    diff: handlers.engineDiff ?? handlers.diff,
    create: handlers.create,
    read: readForHost(handlers.read),
    update: handlers.update,
    delete: handlers.delete,
  };
  for (const method of PROVIDER_METHODS) Object.defineProperty(exports, method, { value: forwards[method], enumerable: false, configurable: true });
}

/**
 * A read as the dynamic provider host should answer it. The host sends a read's `inputs` as a
 * second struct beside its state (for 100 resources, ~45 ms of the provider's protobuf work in a
 * refresh). When the refreshed state is the one the engine sent, nothing drifted and the inputs
 * the read derives from it are the ones the engine holds, since every state's outputs echo its
 * inputs, so they are left out: the engine then keeps its own (pkg/resource/deploy/step.go,
 * RefreshStep). Drift, a new id, and an import (whose read is sent no state) still carry them;
 * so does a state {@link initFailure} wrote, whose stored inputs are the program's rather than
 * what was done: only the derived ones let the next up's engine diff see the work left.
 */
export function readForHost(read: ResourceHandlers["read"]): ResourceHandlers["read"] {
  return async (id, props) => {
    const result = await read(id, props);
    if (result.inputs === undefined || result.id !== id || props[INCOMPLETE_KEY] === true) return result;
    if (!isDeepStrictEqual(withoutHostKey(result.props ?? {}), withoutHostKey(props))) return result;
    return { id: result.id, props: result.props };
  };
}

function withoutHostKey(props: Inputs): Inputs {
  const state = { ...props };
  delete state[HOST_PROVIDER_KEY];
  return state;
}

/**
 * A failure after the cloud resource exists: Pulumi records the id, these outputs and the reason
 * (ErrorResourceInitFailed), and the next `up` continues with an update instead of creating a
 * second one. `__provider` must be copied, or a later destroy/refresh cannot load the provider.
 */
export function initFailure(id: string, outputs: Inputs, inputs: Inputs, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return Object.assign(new Error(reason), {
    id,
    properties: withoutUndefined({ ...outputs, [HOST_PROVIDER_KEY]: inputs[HOST_PROVIDER_KEY], [INCOMPLETE_KEY]: true }),
    reasons: [reason],
  });
}

/**
 * For the synchronous span of a resource's constructor, stops JavaScript capturing stack frames;
 * returns the function that restores the limit (call it in a `finally`). Pulumi's SDK stamps every
 * promise it makes with `new Error().stack` (four per declared property, for the leak report of
 * PULUMI_DEBUG_PROMISE_LEAKS), and the language host formats each through source-map-support: with
 * ~20 declared properties that cost ~7 ms of the program's CPU per resource, a third of a
 * no-change preview (issue 14). Pulumi's own trace of where the resource was declared sets its own
 * unlimited depth, so it is unchanged; with PULUMI_DEBUG_PROMISE_LEAKS set, stacks are captured as usual.
 */
export function leanStackTraces(): () => void {
  if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return () => undefined;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return () => {
    Error.stackTraceLimit = limit;
  };
}

/** What `pulumi.CustomResource`'s constructor takes, in order. */
export type TaskResourceConstructorArgs = [type: string, name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions | undefined];

/**
 * The constructor arguments of every cloudtasks resource. Each class extends
 * `pulumi.CustomResource` directly, as a provider SDK's classes do, with the type token and the
 * `__provider` input a `pulumi.dynamic.Resource` has (so the engine routes it to the Node.js
 * dynamic provider host). Pulumi's SDK records, as where a resource was declared, the caller of
 * the class directly below `CustomResource`: for a `dynamic.Resource` subclass that was our own
 * class, now it is the program's line (and the stack trace stored with it is one frame shorter).
 * - `args` as the program gave them; the contract's secret fields are made secrets (in the inputs
 *   and, through additionalSecretOutputs, in the outputs);
 * - every field of the contract and of `outputs` the args do not give is still declared (as
 *   computed), so each property the class declares is an Output even when its input is left out;
 * - `__provider`, the text {@link providerText} of the resource's run-time module `resource`;
 * - the hidden input naming the Pulumi resource (progress and debug lines name it);
 * - the contract's replace-on-change fields as `replaceOnChanges`, so `preview --diff` shows them
 *   replacing.
 */
export function taskResourceArgs(
  resource: string,
  name: string,
  args: pulumi.Inputs,
  opts: pulumi.CustomResourceOptions | undefined,
  type: string,
  contract: Readonly<Record<string, FieldSpec>>,
  outputs: OutputContract,
): TaskResourceConstructorArgs {
  const secrets = Object.entries(contract)
    .filter(([, spec]) => spec.secret)
    .map(([key]) => key);
  const declared = [...Object.keys(contract), ...Object.keys(outputs)];
  const props: pulumi.Inputs = { ...Object.fromEntries(declared.map((k) => [k, undefined])), ...args };
  for (const key of secrets) if (props[key] !== undefined) props[key] = pulumi.secret(props[key]);
  if (secrets.length > 0) opts = pulumi.mergeOptions(opts, { additionalSecretOutputs: secrets });
  // Not the adoption id: the engine applies this option to its own diff of the old and new inputs,
  // where an adoption id left out of the program (or dropped from the inputs by a refresh) shows
  // as a change and would replace the task. Whether a different id replaces is the provider's diff.
  const replaceOnChanges = Object.entries(contract)
    .filter(([key, spec]) => spec.replaceOnChange && !spec.adoption && mayBeStored(key, spec, args))
    .map(([key]) => key);
  if (replaceOnChanges.length > 0) opts = pulumi.mergeOptions(opts, { replaceOnChanges });
  return [`pulumi-nodejs:dynamic/cloudtasks:${type}`, name, { ...props, [HOST_PROVIDER_KEY]: providerText(resource), [RESOURCE_KEY]: `${type} "${name}"` }, opts];
}
