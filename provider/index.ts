/**
 * pulumi-cloudtasks: Pulumi dynamic resources that own cloud task lifecycles.
 *
 * Configuration (stack config under `cloudtasks:`, or the environment): see `CONFIG_KEYS` and the README.
 */
export { OperationTask, type OperationTaskArgs } from "./resources/operation-task";
export { CatTask, CatVerificationError, type CatTaskArgs } from "./resources/cat-task";
export { PerfTestTask, type PerfTestTaskArgs } from "./resources/perf-test-task";
export { IotBatchTask, type IotBatchTaskArgs } from "./resources/iot-batch-task";
export { ProbeTask, type ProbeTaskArgs } from "./resources/probe-task";
export { ChaosExperiment, type ChaosExperimentArgs } from "./resources/chaos-experiment";
export { CloudError, type FailureKind } from "./errors";
export type { TaskResourceArgs } from "./dynamic";
export { CONFIG_KEYS } from "./settings";
