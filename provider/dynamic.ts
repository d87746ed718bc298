import type * as pulumi from "@pulumi/pulumi";
import type { CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult } from "@pulumi/pulumi/dynamic";
import type { Inputs } from "./contract/fields";
import { configureFromStack } from "./settings";

/** One resource's lifecycle, as its file implements it; the serialized provider only forwards to it. */
export interface ResourceHandlers {
  check(olds: Inputs, news: Inputs): Promise<CheckResult<Inputs>>;
  diff(id: string, olds: Inputs, news: Inputs): Promise<DiffResult>;
  create(inputs: Inputs): Promise<CreateResult<Inputs>>;
  read(id: string, props: Inputs): Promise<ReadResult<Inputs>>;
  update(id: string, olds: Inputs, news: Inputs): Promise<UpdateResult<Inputs>>;
  delete(id: string, props: Inputs): Promise<void>;
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

const clean = (values: Inputs | undefined) => (values === undefined ? undefined : withoutUndefined(values));

/** A resource's handlers with every result made safe for the wire. */
export function lifecycle(h: ResourceHandlers): ResourceHandlers {
  return {
    check: async (olds, news) => {
      const r = await h.check(olds, news);
      return { ...r, inputs: clean(r.inputs) };
    },
    diff: (id, olds, news) => h.diff(id, olds, news),
    create: async (inputs) => {
      const r = await h.create(inputs);
      return { ...r, outs: clean(r.outs) };
    },
    read: async (id, props) => {
      const r = await h.read(id, props);
      return r.id ? { id: r.id, props: clean(r.props), inputs: clean(r.inputs) } : {};
    },
    update: async (id, olds, news) => {
      const r = await h.update(id, olds, news);
      return { ...r, outs: clean(r.outs) };
    },
    delete: (id, props) => h.delete(id, props),
  };
}

export const configure = async (req: pulumi.dynamic.ConfigureRequest): Promise<void> => configureFromStack(req.config);

/**
 * The provider object Pulumi serializes into state. Its methods capture nothing but a module path
 * and `require` it when they run, in the provider process: the implementation (and the SDKs, and
 * the credentials it reads at call time) never enters the state, `__provider` stays ~1 KB and
 * byte-identical across versions, and `refresh`/`destroy` always run the installed code.
 * The path `pulumi-cloudtasks/resources/<name>` is frozen into existing state: keep it forever.
 */
export function dynamicProvider(resource: string): pulumi.dynamic.ResourceProvider {
  const modulePath = `pulumi-cloudtasks/resources/${resource}`;
  /* eslint-disable @typescript-eslint/no-require-imports -- resolved at run time by design (see above) */
  const load = (): ResourceModule => require(modulePath) as ResourceModule;
  return {
    configure: (req) => load().configure(req),
    check: (olds, news) => load().handlers.check(olds, news),
    diff: (id, olds, news) => load().handlers.diff(id, olds, news),
    create: (inputs) => load().handlers.create(inputs),
    read: (id, props) => load().handlers.read(id, props),
    update: (id, olds, news) => load().handlers.update(id, olds, news),
    delete: (id, props) => load().handlers.delete(id, props),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
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
    properties: withoutUndefined({ ...outputs, __provider: inputs.__provider }),
    reasons: [reason],
  });
}
