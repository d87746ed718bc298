import type { Client as IotcloudClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/iotcloud/v20180614/iotcloud_client";
import type {
  CreateTaskRequest,
  DescribeTaskResponse,
  TaskInfo,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/iotcloud/v20180614/iotcloud_models";
import { pickInputs, type Inputs } from "../../contract/fields";
import { CloudError, isNotFound } from "../../errors";
import { progress } from "../../progress";
import { createOnce } from "../../transport/create-once";
import { sleep } from "../../transport/rate-limit";
import { callTencent, type TencentApi, type TencentCallOptions } from "../../transport/tencent";
import { bodyOf, canonicalDesired, contract } from "./contract";
import { tencentAccount } from "../../credentials";

/** The status codes (DescribeTask `Status`). */
export const STATUS_TEXT: Readonly<Record<number, string>> = { 1: "waiting", 2: "scheduled or processing", 3: "done", 4: "failed", 5: "cancelled" };
export const WAITING = 1;
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
export const ALREADY_STARTED = "FailedOperation.AsyncTaskAlreadyStarted";

export function iotcloud<T>(action: string, region: string, send: (client: IotcloudClient) => Promise<T>, options: TencentCallOptions<T>): Promise<T> {
  const documented = action === "CreateTask" || action === "DescribeTask";
  return callTencent(iotcloudApi, action, region, send, { rateLimit: documented ? DOCUMENTED_RATE_LIMIT : UNDOCUMENTED_RATE_LIMIT, ...options });
}

export const report = (message: string): void => progress.write(message);
export const statusText = (status: number | undefined) => (status === undefined ? "unknown" : (STATUS_TEXT[status] ?? `status ${status}`));
export const hasCode = (error: unknown, code: string) => error instanceof CloudError && error.code === code;

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

export async function describeTask(region: string, id: string): Promise<DescribeTaskResponse> {
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
export async function createTask(region: string, inputs: Inputs): Promise<string> {
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
  const account = await tencentAccount();
  const started = Date.now();
  for (let delayMs = 5_000; ; delayMs = Math.min(delayMs * 2, 30_000)) {
    try {
      return await createOnce<TaskInfo, string>({
        what: `iot batch task (${body.TaskType} on product ${body.ProductId}) in ${region}`,
        scope: `iotcloud/${region}/${account}`,
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
export function outputsFrom(inputs: Inputs, id: string, task: DescribeTaskResponse | undefined): Inputs {
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
export async function waitForCompletion(region: string, id: string, inputs: Inputs): Promise<DescribeTaskResponse> {
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
export function applyDrift(state: Inputs, id: string, task: DescribeTaskResponse): Inputs {
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
export async function adoptTask(region: string, id: string, inputs: Inputs): Promise<string> {
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
