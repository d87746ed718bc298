import { createRequire } from "node:module";
import { join, relative, sep } from "node:path";
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

/** The provider methods, in the order Pulumi's dynamic-provider host may call them. */
const PROVIDER_METHODS = ["check", "diff", "create", "read", "update", "delete"] as const;

/**
 * The provider object Pulumi serializes into state as `__provider`. It captures nothing but the
 * module path `pulumi-cloudtasks/resources/<name>`, which the provider process `require`s: the
 * implementation (and the SDKs, and the credentials it reads at call time) never enters the state,
 * the text is byte-identical across versions, and `refresh`/`destroy` always run the installed
 * code. The path is frozen into existing state: keep it forever.
 *
 * Run from an installed copy of the package (`node_modules/pulumi-cloudtasks`), the provider is
 * the resource module's own exports, given the provider methods: Pulumi's closure serializer
 * stores a module of `node_modules` as `require("<its exported path>")`, so `__provider` is a
 * ~300-byte reference, stored twice per resource. Anywhere else (a linked or in-repo copy, whose
 * module Pulumi would serialize by value) it is a stub of closures that `require` the same path.
 */
export function dynamicProvider(resource: string): pulumi.dynamic.ResourceProvider {
  const modulePath = `pulumi-cloudtasks/resources/${resource}`;
  return installedModuleProvider(resource, modulePath) ?? lazyStub(modulePath);
}

const decorated = new WeakSet<object>();

/** The resource module's exports as the provider, when Pulumi will store it as `require(modulePath)`. */
function installedModuleProvider(resource: string, modulePath: string): pulumi.dynamic.ResourceProvider | undefined {
  let file: string;
  try {
    file = require.resolve(modulePath);
  } catch {
    return undefined;
  }
  const exports = require.cache[file]?.exports as Partial<ResourceModule> | undefined;
  if (!exports?.handlers || typeof exports.configure !== "function" || !isInstalledPath(file, resource) || !pulumiSeesThisPackage()) return undefined;
  if (decorated.has(exports)) return exports as unknown as pulumi.dynamic.ResourceProvider;
  if (PROVIDER_METHODS.some((method) => method in exports)) return undefined;
  decorated.add(exports);
  for (const method of PROVIDER_METHODS) {
    const forward = (...args: unknown[]) => (exports.handlers as unknown as Record<string, (...a: unknown[]) => unknown>)[method](...args);
    // Not enumerable: the module's public surface stays what its file exports.
    Object.defineProperty(exports, method, { value: forward, enumerable: false });
  }
  return exports as unknown as pulumi.dynamic.ResourceProvider;
}

/**
 * True when Pulumi's serializer names `file` `pulumi-cloudtasks/…` (the path relative to the
 * program, after its first `node_modules`, is our package's module), and not a linked copy it
 * would serialize by value or a nested store (`.pnpm/…`) it would misname.
 */
export function isInstalledPath(file: string, resource: string, cwd = process.cwd()): boolean {
  const parts = relative(cwd, file).split(sep);
  const at = parts.indexOf("node_modules");
  return at >= 0 && parts.slice(at + 1).join("/") === `pulumi-cloudtasks/dist/provider/resources/${resource}.js`;
}

/**
 * The serializer maps the file to its exported path through the package.json it resolves from
 * `@pulumi/pulumi`'s own directory: true when that is this package (a peer install), so the
 * stored name is `pulumi-cloudtasks/resources/<name>`, never an unexported `dist/…` path.
 */
function pulumiSeesThisPackage(): boolean {
  try {
    return createRequire(require.resolve("@pulumi/pulumi")).resolve("pulumi-cloudtasks") === join(__dirname, "index.js");
  } catch {
    return false;
  }
}

function lazyStub(modulePath: string): pulumi.dynamic.ResourceProvider {
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
