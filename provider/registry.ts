/**
 * Every resource the package serves, listed once. The provider plugin, the package schema, the
 * schema test and the plugin's end-to-end suite all read this list: adding a resource is one line
 * here (plus its `outputs` table in its own file).
 */
import type { ResourceHandlers } from "./dynamic";
import type { CrossFieldRule, FieldSpec, OutputContract } from "./contract/fields";

export interface RegisteredResource {
  /** The type name: the plugin serves it as `cloudtasks:index:<type>`. */
  readonly type: string;
  /** The file under provider/resources/ (also the dynamic provider's `pulumi-cloudtasks/resources/<module>`). */
  readonly module: string;
  /** One sentence for the schema and generated SDKs. */
  readonly description: string;
}

export const RESOURCES: readonly RegisteredResource[] = [
  { type: "OperationTask", module: "operation-task", description: "A Tencent Cloud Bastion Host operation task (bh 2023-04-18): a script run as an account on Linux hosts, on demand or periodically." },
  { type: "CatTask", module: "cat-task", description: "A Tencent Cloud CAT synthetic-monitoring task (legacy API 2.0): a url probed every few minutes by an agent group." },
  { type: "PerfTestTask", module: "perf-test-task", description: "A Huawei Cloud CodeArts PerfTest (CPTS) task, with its run started and stopped declaratively." },
  { type: "IotBatchTask", module: "iot-batch-task", description: "A Tencent Cloud IoT Hub batch task: a shadow update or a message to every device of a product matching a name filter, now or at a set time." },
  { type: "ProbeTask", module: "probe-task", description: "A Tencent Cloud CAT synthetic-monitoring probe task on the current API 3.0 (cat 2018-04-09)." },
  { type: "ChaosExperiment", module: "chaos-experiment", description: "A Tencent Cloud Fault Generator (cfg) chaos experiment: faults injected by action groups, each followed by its recovery." },
];

/** The Pulumi package name, the first part of every type token and the `cloudtasks:` config namespace. */
export const PACKAGE_NAME = "cloudtasks";

export const typeToken = (type: string): string => `${PACKAGE_NAME}:index:${type}`;

/** A contract table without its compile-time `Args` link (how generic code sees every resource's table). */
export type AnyContract = Readonly<Record<string, FieldSpec>>;

/** What every resource module exports, as the plugin and the schema use it. */
export interface ResourceDefinition {
  contract: AnyContract;
  rules: readonly CrossFieldRule[];
  outputs: OutputContract;
  handlers: ResourceHandlers;
}

/** A registered resource's module, loaded on first use (the plugin only loads the SDKs it serves). */
export function loadResource(entry: RegisteredResource): ResourceDefinition {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the registry names modules by path, by design
  return require(`./resources/${entry.module}`) as ResourceDefinition;
}

/** The registered resource behind a type token, or undefined. */
export function resourceForToken(token: string): RegisteredResource | undefined {
  return RESOURCES.find((r) => typeToken(r.type) === token);
}
