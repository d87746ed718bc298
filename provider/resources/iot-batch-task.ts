import * as pulumi from "@pulumi/pulumi";
import type { Client as IotcloudClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/iotcloud/v20180614/iotcloud_client";
import type {
  CreateTaskRequest,
  DescribeTaskResponse,
  TaskInfo,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/iotcloud/v20180614/iotcloud_models";
import { checkInputs, isPlainObject } from "../contract/check";
import { diffInputs } from "../contract/diff";
import { containsUnknown, pickInputs, type Contract, type CrossFieldRule, type Inputs, type OutputContract } from "../contract/fields";
import { canonicalJsonObject, jsonDepth } from "../contract/json";
import { dynamicProvider, initFailure, lifecycle, TaskResource, type TaskResourceArgs } from "../dynamic";
import { CloudError, isNotFound } from "../errors";
import { progress } from "../progress";
import { defaultRegion, REGION_MISSING, tencentCredentials } from "../settings";
import { createOnce } from "../transport/create-once";
import { sleep } from "../transport/rate-limit";
import { callTencent, type TencentApi, type TencentCallOptions } from "../transport/tencent";

export { configure } from "../dynamic";

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

const bodyOf = (i: Inputs): Inputs => (isPlainObject(i.tasks) ? i.tasks : {});

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
function canonicalTasks(tasks: unknown): unknown {
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

/** The status codes (DescribeTask `Status`). */
export const STATUS_TEXT: Readonly<Record<number, string>> = { 1: "waiting", 2: "scheduled or processing", 3: "done", 4: "failed", 5: "cancelled" };
const WAITING = 1;
const DONE = 3;
const FINAL = new Set([3, 4, 5]);

const iotcloudApi: TencentApi<IotcloudClient> = { service: "iotcloud", version: "2018-06-14", loadClient: async () => (await import("tencentcloud-sdk-nodejs/tencentcloud/services/iotcloud/v20180614/iotcloud_client")).Client };
/** Documented for CreateTask and DescribeTask; CancelTask and DescribeTasks have no figure, so they are paced lower. */
const DOCUMENTED_RATE_LIMIT = 100;
const UNDOCUMENTED_RATE_LIMIT = 20;
const PAGE_SIZE = 250;
const DEFAULT_WAIT_SECONDS = 600;
/** How long a create waits out `LimitExceeded.PengingOrProcessingTasksExceedLimit` before giving up. */
const PENDING_LIMIT_WAIT_SECONDS = 120;
const PROGRESS_EVERY_MS = 30_000;
const PENDING_LIMIT = "LimitExceeded.PengingOrProcessingTasksExceedLimit";
const PRODUCT_NOT_EXIST = "ResourceNotFound.ProductNotExist";
const ALREADY_STARTED = "FailedOperation.AsyncTaskAlreadyStarted";

function iotcloud<T>(action: string, region: string, send: (client: IotcloudClient) => Promise<T>, options: TencentCallOptions<T>): Promise<T> {
  const documented = action === "CreateTask" || action === "DescribeTask";
  return callTencent(iotcloudApi, action, region, send, { rateLimit: documented ? DOCUMENTED_RATE_LIMIT : UNDOCUMENTED_RATE_LIMIT, ...options });
}

const report = (message: string): void => progress.write(message);
const statusText = (status: number | undefined) => (status === undefined ? "unknown" : (STATUS_TEXT[status] ?? `status ${status}`));
const hasCode = (error: unknown, code: string) => error instanceof CloudError && error.code === code;

/** The CreateTask body: the wire form of `tasks` (PascalCase, `Desired` as canonical JSON text). */
export function requestBody(inputs: Inputs): CreateTaskRequest {
  const tasks = bodyOf(inputs);
  const shadow = tasks.updateShadowTask as Inputs | undefined;
  const message = tasks.publishMessageTask as Inputs | undefined;
  const desired = shadow ? canonicalDesired(shadow.desired) : undefined;
  if (desired && !desired.ok) throw new Error(desired.problem);
  return {
    TaskType: String(inputs.taskType),
    ProductId: String(inputs.productId),
    DeviceNameFilter: String(inputs.deviceNameFilter),
    ScheduleTimeInSeconds: Number(inputs.scheduleTimeInSeconds ?? 0),
    Tasks: desired?.ok
      ? { UpdateShadowTask: { Desired: desired.text } }
      : { PublishMessageTask: { Topic: String(message?.topic), Payload: String(message?.payload) } },
    MaxExecutionTimeInSeconds: Number(inputs.maxExecutionTimeInSeconds ?? 86_400),
  };
}

async function describeTask(region: string, id: string): Promise<DescribeTaskResponse> {
  return iotcloud("DescribeTask", region, (c) => c.DescribeTask({ Id: id }), { idempotent: true });
}

/** Every task the account created in the last month (the API's only list: no filters), all pages. */
async function listTasks(region: string): Promise<TaskInfo[]> {
  const tasks: TaskInfo[] = [];
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const page = await iotcloud("DescribeTasks", region, (c) => c.DescribeTasks({ Offset: offset, Limit: PAGE_SIZE }), { idempotent: true });
    tasks.push(...(page.Tasks ?? []));
    if ((page.Tasks ?? []).length < PAGE_SIZE || tasks.length >= (page.TotalCount ?? 0)) return tasks;
  }
}

/**
 * CreateTask is not idempotent, has no client token, and the task carries no name: its only
 * handles are its type and product (DescribeTasks lists every task of the month with them) and,
 * through DescribeTask, its schedule. {@link createOnce} runs the creates of one type and product
 * one at a time in this process, so after an ambiguous failure a task of that type and product
 * new since the snapshot (with the scheduled time sent, when one was) is this create's; a failure
 * nobody answered is looked up for the settle window before CreateTask is tried again, and several
 * candidates fail naming them. Nothing is created blindly.
 */
async function createTask(region: string, inputs: Inputs): Promise<string> {
  const body = requestBody(inputs);
  const kind = `${body.TaskType}/${body.ProductId}`;
  const matches = async (task: TaskInfo): Promise<boolean> =>
    !body.ScheduleTimeInSeconds || (await describeTask(region, task.Id)).ScheduleTime === body.ScheduleTimeInSeconds;
  const send = (reconcile: (failure: CloudError) => Promise<string | undefined>) =>
    iotcloud(
      "CreateTask",
      region,
      async (c) => {
        const res = await c.CreateTask(body);
        if (!res.TaskId) throw new Error("iotcloud:CreateTask answered without a TaskId");
        return res.TaskId;
      },
      { idempotent: false, reconcile },
    );
  const started = Date.now();
  for (let delayMs = 5_000; ; delayMs = Math.min(delayMs * 2, 30_000)) {
    try {
      return await createOnce<TaskInfo, string>({
        what: `iot batch task (${body.TaskType} on product ${body.ProductId}) in ${region}`,
        scope: `iotcloud/${region}/${tencentCredentials().secretId}`,
        name: kind,
        listScope: () => listTasks(region),
        idOf: (t) => t.Id,
        nameOf: (t) => `${t.Type}/${t.ProductId}`,
        matches,
        create: send,
      });
    } catch (error) {
      if (hasCode(error, PRODUCT_NOT_EXIST)) {
        throw new Error(`product ${body.ProductId} does not exist in IoT Hub (region ${region}): ${(error as Error).message}`);
      }
      const waited = Math.round((Date.now() - started) / 1000);
      if (!hasCode(error, PENDING_LIMIT)) throw error;
      if (waited + delayMs / 1000 > PENDING_LIMIT_WAIT_SECONDS) {
        throw new Error(
          `product ${body.ProductId} has too many waiting or processing batch tasks (${PENDING_LIMIT}); waited ${waited}s for some to finish. ` +
            `Let them finish or cancel some, then run \`pulumi up\` again. ${(error as Error).message}`,
        );
      }
      report(`iot batch task for product ${body.ProductId}: too many waiting or processing tasks; retrying in ${delayMs / 1000}s (${waited}s of at most ${PENDING_LIMIT_WAIT_SECONDS}s)`);
      await sleep(delayMs);
    }
  }
}

/** The outputs: the inputs echoed (so diff sees them) plus what DescribeTask reports. */
function outputsFrom(inputs: Inputs, id: string, task: DescribeTaskResponse | undefined): Inputs {
  return {
    ...pickInputs(contract, inputs),
    taskId: id,
    status: task?.Status,
    percent: task?.Percent,
    allDeviceCnt: task?.AllDeviceCnt,
    doneDeviceCnt: task?.DoneDeviceCnt,
    retCode: task?.RetCode,
    errMsg: task?.ErrMsg,
    createTime: task?.CreateTime,
    updateTime: task?.UpdateTime,
    doneTime: task?.DoneTime,
    scheduleTime: task?.ScheduleTime,
  };
}

/**
 * Polls DescribeTask until the task is done, failed or cancelled, at most `waitTimeoutSeconds`,
 * logging each change of status or progress and a heartbeat every 30 s. Done returns the task;
 * failed, cancelled or out of time throws.
 */
async function waitForCompletion(region: string, id: string, inputs: Inputs): Promise<DescribeTaskResponse> {
  const timeoutSeconds = typeof inputs.waitTimeoutSeconds === "number" ? inputs.waitTimeoutSeconds : DEFAULT_WAIT_SECONDS;
  const started = Date.now();
  let delayMs = 500;
  let last = "";
  let lastLog = started;
  for (;;) {
    const task = await describeTask(region, id);
    const elapsed = Math.round((Date.now() - started) / 1000);
    const state = `status ${task.Status} (${statusText(task.Status)}), ${task.DoneDeviceCnt ?? 0} of ${task.AllDeviceCnt ?? 0} devices, ${task.Percent ?? 0}%`;
    if (task.Status === DONE) {
      report(`iot batch task ${id}: done: ${state} after ${elapsed}s`);
      return task;
    }
    if (FINAL.has(task.Status ?? -1)) {
      const detail = task.ErrMsg ? `: ${task.ErrMsg} (RetCode ${task.RetCode})` : "";
      throw new Error(`iot batch task ${id} ${statusText(task.Status)} (status ${task.Status})${detail}; change its definition or run \`pulumi up --replace\` to run it again`);
    }
    if (state !== last || Date.now() - lastLog >= PROGRESS_EVERY_MS) {
      report(`iot batch task ${id}: waiting for completion, ${state}, ${elapsed}s of at most ${timeoutSeconds}s`);
      last = state;
      lastLog = Date.now();
    }
    const left = started + timeoutSeconds * 1000 - Date.now();
    if (left <= 0) throw new Error(`iot batch task ${id}: gave up waiting for completion after ${timeoutSeconds}s (${state}); the task goes on in the cloud`);
    await sleep(Math.min(delayMs, left));
    delayMs = Math.min(delayMs * 2, 10_000);
  }
}

/** Folds what DescribeTask reports into the state: type and product (drift there replaces), status and progress. */
function applyDrift(state: Inputs, id: string, task: DescribeTaskResponse): Inputs {
  return {
    ...outputsFrom(state, id, task),
    taskType: task.Type ?? state.taskType,
    productId: task.ProductId ?? state.productId,
  };
}

/**
 * The declared definition fields that differ from what DescribeTask reports (type, product,
 * schedule time), each with both values. `0` ("as soon as created") matches a task scheduled at its
 * creation. The filter, body and maximum execution time are not reported, so they cannot differ here.
 */
export function definitionMismatches(inputs: Inputs, task: DescribeTaskResponse): string[] {
  const out: string[] = [];
  if (task.Type !== undefined && task.Type !== inputs.taskType) out.push(`taskType (declared ${inputs.taskType}, the task's ${task.Type})`);
  if (task.ProductId !== undefined && task.ProductId !== inputs.productId) out.push(`productId (declared ${inputs.productId}, the task's ${task.ProductId})`);
  const declared = Number(inputs.scheduleTimeInSeconds ?? 0);
  if (task.ScheduleTime !== undefined) {
    const matches = declared === 0 ? task.CreateTime === undefined || task.ScheduleTime <= task.CreateTime : declared === task.ScheduleTime;
    if (!matches) out.push(`scheduleTimeInSeconds (declared ${declared}, the task's ${task.ScheduleTime}${declared === 0 ? `, created ${task.CreateTime}` : ""})`);
  }
  return out;
}

/**
 * Adoption: the batch task must exist with the declared definition as far as DescribeTask reports it;
 * the API has no modify, so a difference is refused (naming the fields) rather than replaced. Nothing
 * is sent but the read: create then waits or reads, as for a task it made.
 */
async function adoptTask(region: string, id: string, inputs: Inputs): Promise<string> {
  let task: DescribeTaskResponse;
  try {
    task = await describeTask(region, id);
  } catch (error) {
    if (isNotFound(error)) throw new Error(`iot batch task ${id} (taskId) does not exist in ${region}: remove taskId to create a new task`);
    throw error;
  }
  const differing = definitionMismatches(inputs, task);
  if (differing.length > 0) {
    throw new Error(
      `iot batch task ${id} (taskId) differs in ${differing.join(", ")}; a batch task cannot be modified: declare the task's own values, or remove taskId to create a new task`,
    );
  }
  report(`iot batch task ${id}: adopted (${statusText(task.Status)}); DescribeTask does not report its device filter, body or maximum execution time, so those are taken as declared`);
  return id;
}

export const handlers = lifecycle({
  async check(olds, news) {
    const result = checkInputs(contract, rules, news);
    const inputs = result.inputs ?? {};
    const failures = [...(result.failures ?? [])];
    if (!failures.some((f) => f.property === "tasks") && !containsUnknown(inputs.tasks)) inputs.tasks = canonicalTasks(inputs.tasks);
    // An adopted task is not created: its (possibly past) schedule time is compared with the cloud's instead.
    if (inputs.taskId === undefined && !failures.some((f) => f.property === "scheduleTimeInSeconds") && !containsUnknown(inputs.scheduleTimeInSeconds)) {
      const problem = scheduleProblem(olds, inputs, Math.floor(Date.now() / 1000));
      if (problem) failures.push({ property: "scheduleTimeInSeconds", reason: problem });
    }
    return { inputs, failures };
  },

  async diff(_id, olds, news) {
    return diffInputs(contract, olds, news);
  },

  async create(inputs) {
    const region = String(inputs.region);
    const id = inputs.taskId === undefined ? await createTask(region, inputs) : await adoptTask(region, String(inputs.taskId), inputs);
    try {
      const task = inputs.waitForCompletion === true ? await waitForCompletion(region, id, inputs) : await describeTask(region, id);
      return { id, outs: outputsFrom(inputs, id, task) };
    } catch (error) {
      // The task exists: keep it in state, so the next up waits again instead of creating another.
      throw initFailure(id, outputsFrom(inputs, id, undefined), inputs, error);
    }
  },

  async read(id, props) {
    let task: DescribeTaskResponse;
    try {
      task = await describeTask(String(props.region), id);
    } catch (error) {
      if (isNotFound(error)) return {};
      throw error;
    }
    const state = applyDrift(props, id, task);
    // Adoption is a create-time choice: the refreshed inputs describe the task, not how it was found.
    const inputs = pickInputs(contract, state);
    delete inputs.taskId;
    return { id, props: state, inputs };
  },

  /** Only provider-side options change in place (every cloud field replaces): nothing is sent but reads. */
  async update(id, _olds, news) {
    const region = String(news.region);
    try {
      const task = news.waitForCompletion === true ? await waitForCompletion(region, id, news) : await describeTask(region, id);
      return { outs: outputsFrom(news, id, task) };
    } catch (error) {
      if (isNotFound(error)) throw new Error(`iot batch task ${id} no longer exists in ${region}; run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` to recreate it`);
      throw initFailure(id, outputsFrom(news, id, undefined), news, error);
    }
  },

  /**
   * A waiting task is cancelled; one that ran, failed or was cancelled is only forgotten (the API
   * has no delete; the cloud drops it after a month). Losing a race to the scheduler is success.
   */
  async delete(id, props) {
    const region = String(props.region);
    let task: DescribeTaskResponse;
    try {
      task = await describeTask(region, id);
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    if (task.Status !== WAITING) {
      report(`iot batch task ${id}: ${statusText(task.Status)} (status ${task.Status}); nothing to cancel, forgetting it`);
      return;
    }
    try {
      await iotcloud("CancelTask", region, (c) => c.CancelTask({ Id: id }), { idempotent: true });
    } catch (error) {
      if (isNotFound(error)) return;
      if (hasCode(error, ALREADY_STARTED)) {
        report(`iot batch task ${id}: started before it could be cancelled; forgetting it`);
        return;
      }
      throw error;
    }
  },
}, { cloud: "tencent" });

const provider = dynamicProvider("iot-batch-task");

/**
 * A Tencent IoT Hub batch task: one shadow update (`UpdateShadow`) or one message
 * (`PublishMessage`) for every device of `productId` whose name matches `deviceNameFilter`, at
 * `scheduleTimeInSeconds` (0: as soon as it is created). A one-shot job: any change to its
 * definition replaces it; destroy cancels it while it still waits.
 *
 * ```ts
 * new IotBatchTask("lights-red", { taskType: "UpdateShadow", productId: "ABCDE12345",
 *   deviceNameFilter: "^light-", tasks: { updateShadowTask: { desired: { color: "red" } } } });
 * ```
 */
export class IotBatchTask extends TaskResource {
  /** `UpdateShadow` or `PublishMessage`. */
  declare readonly taskType: pulumi.Output<"UpdateShadow" | "PublishMessage">;
  /** The product whose devices the task runs on. */
  declare readonly productId: pulumi.Output<string>;
  /** The regular expression over device names. */
  declare readonly deviceNameFilter: pulumi.Output<string>;
  /** The declared start, Unix seconds; 0 means "as soon as created" (see `scheduleTime` for the cloud's). */
  declare readonly scheduleTimeInSeconds: pulumi.Output<number>;
  /** The task body; `updateShadowTask.desired` as canonical JSON text. */
  declare readonly tasks: pulumi.Output<{ updateShadowTask?: { desired: string }; publishMessageTask?: { topic: string; payload: string } }>;
  /** Seconds after scheduling before the task counts as failed. */
  declare readonly maxExecutionTimeInSeconds: pulumi.Output<number>;
  /** The task's region. */
  declare readonly region: pulumi.Output<string>;
  /** Whether create waits for completion. */
  declare readonly waitForCompletion: pulumi.Output<boolean>;
  /** Bound of that wait, in seconds. */
  declare readonly waitTimeoutSeconds: pulumi.Output<number | undefined>;
  /** The adopted or created task's id (`TaskId`), also the resource id. */
  declare readonly taskId: pulumi.Output<string>;
  /** When last read: 1 waiting, 2 scheduled or processing, 3 done, 4 failed, 5 cancelled. */
  declare readonly status: pulumi.Output<number>;
  /** Share of matched devices done, in percent. */
  declare readonly percent: pulumi.Output<number>;
  /** Devices the filter matched. */
  declare readonly allDeviceCnt: pulumi.Output<number>;
  /** Devices done. */
  declare readonly doneDeviceCnt: pulumi.Output<number>;
  /** The task's result code. */
  declare readonly retCode: pulumi.Output<number>;
  /** The task's error message (empty on success). */
  declare readonly errMsg: pulumi.Output<string>;
  /** Created, Unix seconds. */
  declare readonly createTime: pulumi.Output<number>;
  /** Last updated, Unix seconds. */
  declare readonly updateTime: pulumi.Output<number>;
  /** Finished, Unix seconds (0 until then). */
  declare readonly doneTime: pulumi.Output<number>;
  /** When the cloud schedules (or scheduled) the task, Unix seconds. */
  declare readonly scheduleTime: pulumi.Output<number>;

  constructor(name: string, args: IotBatchTaskArgs & TaskResourceArgs, opts?: pulumi.CustomResourceOptions) {
    const computed = Object.fromEntries(Object.keys(outputs).map((k) => [k, undefined]));
    // The declared inputs win over the computed placeholders: `taskId` is both (adoption).
    super(provider, name, { ...computed, ...args }, opts, "IotBatchTask", contract);
  }
}
