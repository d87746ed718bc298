import type * as pulumi from "@pulumi/pulumi";
import { isPlainObject } from "../../contract/check";
import { containsUnknown, type Contract, type CrossFieldRule, type Inputs, type OutputContract } from "../../contract/fields";
import { canonicalJsonObject, jsonDepth } from "../../contract/json";
import { defaultRegion, REGION_MISSING } from "../../settings";

/*
 * IotBatchTask: a Tencent IoT Hub batch task (iotcloud 2018-06-14): one shadow update or one
 * message, applied at a scheduled time to every device of a product whose name matches a regex.
 * @API iotcloud CreateTask      create (not idempotent; reconciled through DescribeTasks)
 * @API iotcloud DescribeTask    read, the wait for completion, and adoption by taskId
 * @API iotcloud DescribeTasks   create reconciliation only (no filters: all of the account's tasks of the last month)
 * @API iotcloud CancelTask      delete, while the task still waits (status 1)
 */

/** `Tasks.UpdateShadowTask`: the desired state merged into each matched device's shadow. */
export interface UpdateShadowTaskArgs {
  /**
   * `Desired`: a JSON object, written as an object or as JSON text. Stored and sent as canonical
   * JSON text (keys sorted, no whitespace), so key order never shows as a change.
   */
  desired: pulumi.Input<Record<string, unknown> | string>;
}

/** `Tasks.PublishMessageTask`: one message published to each matched device. */
export interface PublishMessageTaskArgs {
  /** `Topic`: the topic permission without product id and device name, e.g. `"event"` or `"control"`. */
  topic: pulumi.Input<string>;
  /** `Payload`: the message text. */
  payload: pulumi.Input<string>;
}

/** `Tasks`: exactly one of the two, matching `taskType`. */
export interface IotBatchTaskBodyArgs {
  /** Required when `taskType` is `UpdateShadow`, and only then. */
  updateShadowTask?: pulumi.Input<UpdateShadowTaskArgs>;
  /** Required when `taskType` is `PublishMessage`, and only then. */
  publishMessageTask?: pulumi.Input<PublishMessageTaskArgs>;
}

/** The inputs of an {@link IotBatchTask}. Names are the API's own, in lowerCamelCase. */
export interface IotBatchTaskArgs {
  /** `TaskType`: `UpdateShadow` (merge `desired` into each device's shadow) or `PublishMessage`. */
  taskType: pulumi.Input<"UpdateShadow" | "PublishMessage">;
  /** `ProductId`: the IoT Hub product whose devices the task runs on. */
  productId: pulumi.Input<string>;
  /** `DeviceNameFilter`: a regular expression over device names; `""` matches every device. */
  deviceNameFilter: pulumi.Input<string>;
  /**
   * `ScheduleTimeInSeconds`: when the task starts, Unix seconds. `0` (the default) means "as soon as
   * it is created" and stays `0` in the stack, so it never shows as a change; the time the cloud
   * picked is the `scheduleTime` output. A fixed time must lie between now and now + 86400 when it
   * is set or changed (an unchanged past time is fine: the task exists). Write a literal, not
   * `Date.now()`, or every `up` replaces the task.
   */
  scheduleTimeInSeconds?: pulumi.Input<number>;
  /** `Tasks`: the body, `updateShadowTask` or `publishMessageTask` as `taskType` says. */
  tasks: pulumi.Input<IotBatchTaskBodyArgs>;
  /** `MaxExecutionTimeInSeconds`: 0–86400 (default 86400); a task with no result this long after it was scheduled fails. */
  maxExecutionTimeInSeconds?: pulumi.Input<number>;
  /** Region (sent as `X-TC-Region`); defaults to `cloudtasks:region` or `TENCENTCLOUD_REGION`. Changing it replaces the task. */
  region?: pulumi.Input<string>;
  /** Wait on create until the task is done (status 3), logging progress; fails if it fails or is cancelled. Default false. */
  waitForCompletion?: pulumi.Input<boolean>;
  /** Bound of that wait in seconds (default 600, at most 172800). Only with `waitForCompletion`. */
  waitTimeoutSeconds?: pulumi.Input<number>;
  /**
   * Adopt an existing batch task (DescribeTask's `Id`) instead of creating one. The API has no modify,
   * so nothing is changed: its type, product and schedule time must be the declared ones (the schedule
   * `0` matches a task scheduled at its creation), else create fails naming the fields that differ.
   * DescribeTask does not report the filter, body or maximum execution time: those are taken as
   * declared. Leaving it out later keeps the task; a different one replaces the resource.
   */
  taskId?: pulumi.Input<string>;
}

const TASK_TYPES = ["UpdateShadow", "PublishMessage"] as const;
/** `InvalidParameterValue.JSONLevelExceedLimit` ("max 6 levels") and `JSONSizeExceedLimit` ("max 64k"). */
export const MAX_DESIRED_DEPTH = 6;
export const MAX_DESIRED_BYTES = 64 * 1024;
const MAX_SCHEDULE_AHEAD_SECONDS = 86_400;
const MAX_WAIT_SECONDS = 2 * 86_400;
/** A topic suffix: segments of letters, digits, `_` and `-`, no wildcard, no leading or trailing `/`. */
const TOPIC_SUFFIX = /^[\w-]+(\/[\w-]+)*$/;

/** Why `filter` is not a usable regular expression, or undefined. */
export function regexProblem(filter: string): string | undefined {
  try {
    new RegExp(filter);
    return undefined;
  } catch (error) {
    return `deviceNameFilter must be a valid regular expression (${(error as Error).message})`;
  }
}

/** The canonical `desired` text, or why it cannot be one: a JSON object, ≤ 6 levels, ≤ 64 KB. */
export function canonicalDesired(value: unknown): { ok: true; text: string } | { ok: false; problem: string } {
  const name = "tasks.updateShadowTask.desired";
  const parsed = canonicalJsonObject(name, value);
  if (!parsed.ok) return parsed;
  const depth = jsonDepth(parsed.value);
  if (depth > MAX_DESIRED_DEPTH) return { ok: false, problem: `${name} nests ${depth} levels; the cloud allows at most ${MAX_DESIRED_DEPTH}` };
  const bytes = Buffer.byteLength(parsed.text, "utf8");
  if (bytes > MAX_DESIRED_BYTES) return { ok: false, problem: `${name} is ${bytes} bytes serialized; the cloud allows at most ${MAX_DESIRED_BYTES} (64 KB)` };
  return { ok: true, text: parsed.text };
}

/** The rules inside `tasks` that need no other field: shape, `desired`, topic and payload. */
export function tasksProblem(value: unknown): string | undefined {
  if (!isPlainObject(value)) return "tasks must be an object";
  const extra = Object.keys(value).filter((k) => value[k] !== undefined && k !== "updateShadowTask" && k !== "publishMessageTask");
  if (extra.length) return `tasks has unknown key ${extra[0]}: use updateShadowTask or publishMessageTask`;
  const { updateShadowTask: shadow, publishMessageTask: message } = value;
  if (shadow !== undefined && message !== undefined) return "tasks must set only one of updateShadowTask and publishMessageTask";
  if (shadow === undefined && message === undefined) return "tasks must set updateShadowTask or publishMessageTask";
  if (shadow !== undefined) {
    if (!isPlainObject(shadow)) return "tasks.updateShadowTask must be an object with desired";
    if (shadow.desired === undefined) return "tasks.updateShadowTask.desired is required";
    if (containsUnknown(shadow.desired)) return undefined;
    const desired = canonicalDesired(shadow.desired);
    return desired.ok ? undefined : desired.problem;
  }
  if (!isPlainObject(message)) return "tasks.publishMessageTask must be an object with topic and payload";
  if (typeof message.topic !== "string") return "tasks.publishMessageTask.topic is required (a string)";
  if (typeof message.payload !== "string") return "tasks.publishMessageTask.payload is required (a string)";
  if (!containsUnknown(message.topic) && !TOPIC_SUFFIX.test(message.topic)) {
    return `tasks.publishMessageTask.topic must be the topic without product and device, such as "event" or "custom/data" (letters, digits, _ and - in /-separated segments, no wildcards)`;
  }
  return undefined;
}

/** The field contract: drives check, diff, refresh and the API mapping. Every cloud field replaces: the API has no modify. */
export const contract: Contract<IotBatchTaskArgs> = {
  taskType: { type: "string", apiName: "TaskType", required: true, replaceOnChange: true, oneOf: TASK_TYPES, doc: "UpdateShadow or PublishMessage" },
  productId: { type: "string", apiName: "ProductId", required: true, replaceOnChange: true, pattern: { regex: /^\S+$/, rule: "must be a product id without spaces" }, doc: "Product id" },
  deviceNameFilter: {
    allowEmpty: true,
    type: "string",
    apiName: "DeviceNameFilter",
    required: true,
    replaceOnChange: true,
    validate: (v) => regexProblem(String(v)),
    doc: "Regular expression over device names",
  },
  scheduleTimeInSeconds: { type: "integer", apiName: "ScheduleTimeInSeconds", default: 0, min: 0, replaceOnChange: true, doc: "Unix seconds; 0 = as soon as created" },
  tasks: { type: "object", apiName: "Tasks", required: true, replaceOnChange: true, validate: tasksProblem, doc: "updateShadowTask or publishMessageTask" },
  maxExecutionTimeInSeconds: {
    type: "integer",
    apiName: "MaxExecutionTimeInSeconds",
    default: 86_400,
    min: 0,
    max: 86_400,
    replaceOnChange: true,
    doc: "Seconds after scheduling before the task counts as failed",
  },
  region: { type: "string", required: true, replaceOnChange: true, defaultFrom: defaultRegion, missing: REGION_MISSING, doc: "Region" },
  waitForCompletion: { type: "boolean", default: false, writeOnly: true, doc: "Wait on create until the task is done" },
  waitTimeoutSeconds: { type: "integer", min: 1, max: MAX_WAIT_SECONDS, writeOnly: true, doc: "Wait bound" },
  // No apiName: it is the id every call addresses.
  taskId: {
    type: "string",
    pattern: { regex: /^\S+$/, rule: "must be a batch task id (CreateTask's TaskId) without spaces" },
    replaceOnChange: true,
    adoption: true,
    doc: "Adopt this existing batch task (its definition must match); as an output, the adopted or created task's id (`TaskId` / `Id`), also the resource id",
  },
};

export const bodyOf = (i: Inputs): Inputs => (isPlainObject(i.tasks) ? i.tasks : {});

export const rules: readonly CrossFieldRule[] = [
  {
    property: "tasks",
    reads: ["taskType", "tasks"],
    check: (i) => {
      const body = bodyOf(i);
      if (i.taskType === "UpdateShadow" && body.updateShadowTask === undefined) return "taskType UpdateShadow needs tasks.updateShadowTask (and no publishMessageTask)";
      if (i.taskType === "PublishMessage" && body.publishMessageTask === undefined) return "taskType PublishMessage needs tasks.publishMessageTask (and no updateShadowTask)";
      return undefined;
    },
  },
  {
    property: "tasks",
    reads: ["productId", "tasks"],
    check: (i) => {
      const message = bodyOf(i).publishMessageTask;
      const topic = isPlainObject(message) ? message.topic : undefined;
      return typeof topic === "string" && typeof i.productId === "string" && (topic === i.productId || topic.startsWith(`${i.productId}/`))
        ? `tasks.publishMessageTask.topic must not start with the product id: write "${topic.split("/").slice(2).join("/") || "event"}", the cloud adds ${i.productId}/<device>/`
        : undefined;
    },
  },
  {
    property: "waitTimeoutSeconds",
    reads: ["waitTimeoutSeconds", "waitForCompletion"],
    check: (i) => (i.waitTimeoutSeconds !== undefined && i.waitForCompletion !== true ? "waitTimeoutSeconds is only used with waitForCompletion: true" : undefined),
  },
];

/**
 * The time-relative rule of `scheduleTimeInSeconds`, checked only when the value is new or
 * changed: an existing task keeps its (now past) start time without failing every preview.
 */
export function scheduleProblem(olds: Inputs, news: Inputs, nowSeconds: number): string | undefined {
  const value = news.scheduleTimeInSeconds;
  if (typeof value !== "number" || value === 0 || value === olds.scheduleTimeInSeconds) return undefined;
  if (value < nowSeconds) return `scheduleTimeInSeconds ${value} is in the past (now is ${nowSeconds}); use 0 for "as soon as created"`;
  if (value > nowSeconds + MAX_SCHEDULE_AHEAD_SECONDS) {
    return `scheduleTimeInSeconds ${value} is more than ${MAX_SCHEDULE_AHEAD_SECONDS} seconds ahead (now is ${nowSeconds}); the cloud accepts at most now + 86400`;
  }
  return undefined;
}

/** `tasks` with `desired` in its canonical text form (the stored and sent form). */
export function canonicalTasks(tasks: unknown): unknown {
  if (!isPlainObject(tasks) || !isPlainObject(tasks.updateShadowTask) || containsUnknown(tasks.updateShadowTask.desired)) return tasks;
  const desired = canonicalDesired(tasks.updateShadowTask.desired);
  return desired.ok ? { ...tasks, updateShadowTask: { ...tasks.updateShadowTask, desired: desired.text } } : tasks;
}

/** What the cloud reports beyond the echoed inputs (`taskId` is also an input: the task to adopt). */
export const outputs: OutputContract = {
  taskId: { type: "string", doc: "The task id (`TaskId` / `Id`), also the resource id" },
  status: { type: "integer", doc: "1 waiting, 2 scheduled or processing, 3 done, 4 failed, 5 cancelled" },
  percent: { type: "integer", doc: "Share of matched devices done, in percent" },
  allDeviceCnt: { type: "integer", doc: "Devices the filter matched" },
  doneDeviceCnt: { type: "integer", doc: "Devices done" },
  retCode: { type: "integer", doc: "The task's result code" },
  errMsg: { type: "string", doc: "The task's error message, empty on success" },
  createTime: { type: "integer", doc: "Created, Unix seconds" },
  updateTime: { type: "integer", doc: "Last updated, Unix seconds" },
  doneTime: { type: "integer", doc: "Finished, Unix seconds (0 until then)" },
  scheduleTime: { type: "integer", doc: "When the cloud schedules (or scheduled) it, Unix seconds" },
};

