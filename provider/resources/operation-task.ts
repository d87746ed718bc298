import * as pulumi from "@pulumi/pulumi";
import type { Client as BhClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/bh/v20230418/bh_client";
import type {
  CreateOperationTaskRequest,
  OperationTask as ApiOperationTask,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/bh/v20230418/bh_models";
import { checkInputs } from "../contract/check";
import { changedFields, diffInputs, sameValue } from "../contract/diff";
import { isoTimestampProblem } from "../contract/time";
import { pickInputs, refreshedState, toApiFields, type Contract, type CrossFieldRule, type Inputs, type OutputContract } from "../contract/fields";
import { initFailure, lifecycle, leanStackTraces, serveAsProvider, taskResourceArgs, type TaskResourceArgs } from "../dynamic";
import { isNotFound, type CloudError } from "../errors";
import { defaultRegion, REGION_MISSING } from "../settings";
import { deleteInBatch } from "../transport/batched";
import { createOnce, lookUntil, settleWindowMs } from "../transport/create-once";
import { findListed, listingOf, listLengthFrom, type ListingSpec } from "../transport/listing";
import { callTencent, type TencentApi, type TencentCallOptions } from "../transport/tencent";
import { tencentAccount } from "../credentials";

export { configure } from "../dynamic";

/*
 * OperationTask: a Tencent Bastion Host operation task (bh 2023-04-18).
 * @API bh CreateOperationTask    create
 * @API bh ModifyOperationTask    update in place (a full replace of the task's fields), and adoption by taskId
 * @API bh DeleteOperationTasks   delete, the deletes of a destroy batched in one call (unknown ids are ignored)
 * @API bh DescribeOperationTask  read (no id filter: paged, concurrent reads sharing one pass; a lone read narrowed by Name)
 * @API bh RunOperationTask       run on create and whenever runTriggers change
 * @API bh SearchTaskResult       the runs' records: a run whose answer was lost is confirmed here, never repeated blindly
 */

/** The inputs of an {@link OperationTask}. Names are the API's own, in lowerCamelCase. */
export interface OperationTaskArgs {
  /** Task name (`Name`). */
  name: pulumi.Input<string>;
  /** `Type`: 1 runs when triggered, 2 runs periodically. */
  type: pulumi.Input<1 | 2>;
  /** The host account the script runs as (`Account`); it must be added to every host in `deviceIdSet`. */
  account: pulumi.Input<string>;
  /** Run time limit in seconds (`Timeout`). */
  timeout: pulumi.Input<number>;
  /** The script's plain text (`Script`). Always stored as a Pulumi secret. */
  script: pulumi.Input<string>;
  /** Ids of the Linux hosts to run on (`DeviceIdSet`): at least one, no repeats. */
  deviceIdSet: pulumi.Input<pulumi.Input<number>[]>;
  /** Days between runs (`Period`); periodic tasks (type 2) only, and required for them. */
  period?: pulumi.Input<number>;
  /** First run, ISO 8601 with offset, e.g. `2025-03-25T08:00:01+08:00` (`FirstTime`); periodic tasks only. */
  firstTime?: pulumi.Input<string>;
  /** `Encoding`: 1 (default) sends the script base64-encoded on the wire, 0 sends it as is. */
  encoding?: pulumi.Input<0 | 1>;
  /** Region; defaults to the stack config `cloudtasks:region` or `TENCENTCLOUD_REGION`. Changing it replaces the task. */
  region?: pulumi.Input<string>;
  /** Runs the task (RunOperationTask) on create and whenever this list changes. */
  runTriggers?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Adopt an existing task instead of creating one: create modifies the task with this id in place
   * (ModifyOperationTask) to the declared fields. Changing it later points the resource at another task (a replace).
   */
  taskId?: pulumi.Input<number>;
}

/** The field contract: drives check, diff, refresh and the API mapping. */
export const contract: Contract<OperationTaskArgs> = {
  name: { type: "string", apiName: "Name", required: true, pattern: { regex: /\S/, rule: "must not be blank" }, doc: "Task name" },
  type: { type: "integer", apiName: "Type", required: true, oneOf: [1, 2], doc: "1 manual, 2 periodic" },
  account: { type: "string", apiName: "Account", required: true, pattern: { regex: /\S/, rule: "must not be blank" }, doc: "Run-as account" },
  timeout: { type: "integer", apiName: "Timeout", required: true, min: 1, doc: "Seconds" },
  script: { type: "string", apiName: "Script", required: true, secret: true, writeOnly: true, pattern: { regex: /\S/, rule: "must not be blank" }, doc: "Script text" },
  deviceIdSet: { type: "integerList", apiName: "DeviceIdSet", required: true, min: 1, minItems: 1, uniqueItems: true, writeOnly: true, doc: "Host ids" },
  period: { type: "integer", apiName: "Period", min: 1, doc: "Days between runs" },
  firstTime: { type: "string", apiName: "FirstTime", validate: (v) => isoTimestampProblem("firstTime", v), doc: "First run" },
  encoding: { type: "integer", apiName: "Encoding", oneOf: [0, 1], default: 1, writeOnly: true, doc: "1 = base64 on the wire" },
  region: { type: "string", required: true, replaceOnChange: true, defaultFrom: defaultRegion, missing: REGION_MISSING, doc: "Region" },
  runTriggers: { type: "stringList", doc: "Changes run the task" },
  // No apiName: it is the id ModifyOperationTask addresses, never a field of the create body.
  taskId: { type: "integer", min: 1, replaceOnChange: true, adoption: true, doc: "Adopt this existing task; as an output, the adopted or created task's id (`Id` / `TaskId`), also the resource id" },
};

/** What the outputs add to the echoed inputs (`taskId` is both: the adopted or created task's id). */
export const outputs: OutputContract = {
  operationId: { type: "string", doc: "The bastion's operation id, e.g. `ops-xzfr5yeg`" },
  userName: { type: "string", doc: "The user that created the task" },
  nextTime: { type: "string", doc: "Next scheduled run of a periodic task" },
  lastRunSubTaskId: { type: "string", doc: "SubTaskId of the last run this stack started" },
};

const isPeriodic = (inputs: Inputs) => inputs.type === 2;

export const rules: readonly CrossFieldRule[] = [
  { property: "period", reads: ["type", "period"], check: (i) => (!isPeriodic(i) && i.period !== undefined ? "period is only for periodic tasks (type 2)" : undefined) },
  { property: "firstTime", reads: ["type", "firstTime"], check: (i) => (!isPeriodic(i) && i.firstTime !== undefined ? "firstTime is only for periodic tasks (type 2)" : undefined) },
  { property: "period", reads: ["type", "period"], check: (i) => (isPeriodic(i) && i.period === undefined ? "period is required when type is 2 (periodic)" : undefined) },
];

const bhApi: TencentApi<BhClient> = { service: "bh", version: "2023-04-18", loadClient: async () => (await import("tencentcloud-sdk-nodejs/tencentcloud/services/bh/v20230418/bh_client")).Client };
const RATE_LIMIT = 20;
/** The documented FirstTime a periodic task gets when none is given. */
const DEFAULT_FIRST_TIME = "1970-01-01T08:00:01+08:00";
const PAGE_SIZE = 100;

function bh<T>(action: string, region: string, send: (client: BhClient) => Promise<T>, options: Omit<TencentCallOptions<T>, "rateLimit">): Promise<T> {
  return callTencent(bhApi, action, region, send, { rateLimit: RATE_LIMIT, ...options });
}

function requestBody(inputs: Inputs): CreateOperationTaskRequest {
  const body = toApiFields(contract, inputs) as unknown as CreateOperationTaskRequest;
  if (inputs.encoding === 1) body.Script = Buffer.from(String(inputs.script), "utf8").toString("base64");
  return body;
}

/** The tasks whose name contains `name` (all tasks without one), page by page until `enough` holds. */
async function listTasks(region: string, name?: string, enough: (tasks: ApiOperationTask[]) => boolean = () => false): Promise<ApiOperationTask[]> {
  const tasks: ApiOperationTask[] = [];
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const page = await bh("DescribeOperationTask", region, (c) => c.DescribeOperationTask({ Name: name, Offset: offset, Limit: PAGE_SIZE }), { idempotent: true });
    tasks.push(...(page.OperationTasks ?? []));
    if ((page.OperationTasks ?? []).length < PAGE_SIZE || tasks.length >= (page.TotalCount ?? 0) || enough(tasks)) return tasks;
  }
}

/** Tasks are listed per region and account. */
async function accountScope(region: string): Promise<string> {
  return `bh/${region}/${await tencentAccount()}`;
}

/** Each task's last known name, per scope and id: a lookup of that task alone narrows the list with it. */
const knownNames = new Map<string, string>();

/**
 * Reads through DescribeOperationTask, which has no id filter (see transport/listing.ts). A task
 * looked for alone is searched under its last known name first; the name filter matches by
 * *contains* (`bench-1` finds `bench-10…199` too), so those pages stop at the one holding it.
 */
async function listingSpec(region: string): Promise<ListingSpec<ApiOperationTask>> {
  const scope = await accountScope(region);
  return {
    key: scope,
    pageSize: PAGE_SIZE,
    page: async (offset, limit) => {
      const page = await bh("DescribeOperationTask", region, (c) => c.DescribeOperationTask({ Offset: offset, Limit: limit }), { idempotent: true });
      const items = page.OperationTasks ?? [];
      return { items, total: listLengthFrom(page.TotalCount, offset, items.length, limit) };
    },
    idOf: (t) => String(t.Id),
    lookUpAlone: async (id) => {
      const name = knownNames.get(`${scope}/${id}`);
      if (name === undefined) return undefined;
      const find = (tasks: ApiOperationTask[]) => tasks.find((t) => String(t.Id) === id);
      return find(await listTasks(region, name, (tasks) => find(tasks) !== undefined));
    },
  };
}

/** The task with this id, or undefined (`recentListing`: see findListed). */
async function findTask(region: string, id: number, knownName?: string, options: { recentListing?: boolean } = {}): Promise<ApiOperationTask | undefined> {
  const spec = await listingSpec(region);
  if (knownName !== undefined) knownNames.set(`${spec.key}/${id}`, knownName);
  return findListed(spec, String(id), options);
}

/** Runs a call that changes these tasks (see Listing.changing). */
async function changing<T>(region: string, ids: readonly number[], run: () => Promise<T>): Promise<T> {
  return listingOf<ApiOperationTask>(await accountScope(region)).changing(ids, run);
}

/** The most ids one DeleteOperationTasks call carries (no maximum is documented). */
const DELETE_BATCH = 100;

/** Deletes the task, in one call with the deletes of other tasks asked for at the same moment (see deleteInBatch). */
async function deleteTask(region: string, id: number): Promise<void> {
  await deleteInBatch(
    {
      key: await accountScope(region),
      maxIds: DELETE_BATCH,
      perSecond: RATE_LIMIT,
      deleteIds: (ids) => {
        const idSet = ids.map(Number);
        return changing(region, idSet, () => bh("DeleteOperationTasks", region, (c) => c.DeleteOperationTasks({ IdSet: idSet }), { idempotent: true }));
      },
    },
    String(id),
  );
}

/** Whether the reported FirstTime is the instant sent, or the documented default when none was. */
function sameFirstTime(reported: string | undefined, sent: unknown): boolean {
  const expected = typeof sent === "string" ? sent : DEFAULT_FIRST_TIME;
  return typeof reported === "string" && reported !== "" && Date.parse(reported) === Date.parse(expected);
}

/**
 * Whether a listed task carries every field DescribeOperationTask returns as `inputs` sent them
 * (what a manual task reports for the period fields it was never sent is not ours to judge).
 */
export function matchesInputs(task: ApiOperationTask, inputs: Inputs): boolean {
  if (task.Name !== inputs.name || task.Type !== inputs.type) return false;
  if (inputs.type !== 2) return true;
  return task.Period === inputs.period && sameFirstTime(task.FirstTime, inputs.firstTime);
}

/**
 * CreateOperationTask is not idempotent and takes no client token; names need not be unique.
 * After an ambiguous failure the task this create made is found by {@link createOnce}: the one new
 * task of this name (same-name creates in this process run one at a time) whose reported fields
 * all match the request.
 */
async function createTask(region: string, inputs: Inputs): Promise<number> {
  const name = String(inputs.name);
  const body = requestBody(inputs);
  return createOnce<ApiOperationTask>({
    what: `operation task ${JSON.stringify(name)} in ${region}`,
    scope: await accountScope(region),
    name,
    listScope: () => listTasks(region),
    listCandidates: () => listTasks(region, name),
    idOf: (t) => t.Id ?? 0,
    nameOf: (t) => t.Name ?? "",
    matches: (t) => matchesInputs(t, inputs),
    create: (reconcile) =>
      bh(
        "CreateOperationTask",
        region,
        async (c) => {
          const res = await c.CreateOperationTask(body);
          if (res.TaskId === undefined) throw new Error("bh:CreateOperationTask answered without a TaskId");
          return res.TaskId;
        },
        { idempotent: false, reconcile },
      ),
  });
}

/** How many runs the cloud has recorded for the task, and the newest one's id. */
async function runRecords(region: string, operationId: string): Promise<{ count: number; newest?: string }> {
  const res = await bh("SearchTaskResult", region, (c) => c.SearchTaskResult({ OperationId: operationId, Offset: 0, Limit: 200 }), { idempotent: true });
  const newest = [...(res.TaskResult ?? [])].filter((r) => r.OperationId === operationId).sort((a, b) => String(b.StartTime).localeCompare(String(a.StartTime)))[0];
  return { count: res.TotalCount ?? 0, newest: newest?.Id };
}

/**
 * Runs the task once. RunOperationTask is not idempotent (a repeat runs the script twice), so an
 * ambiguous failure is settled against the cloud's own record of runs (SearchTaskResult): a run
 * recorded since the call is this one; a failure nobody answered is looked up for the settle
 * window before the call is tried again.
 */
async function runTask(region: string, id: number, operationId: string | undefined): Promise<string> {
  const opId = operationId ?? (await findTask(region, id))?.OperationId;
  if (!opId) throw new Error(`operation task ${id} no longer exists in ${region}; run \`pulumi refresh\`, then \`pulumi up\``);
  const before = (await runRecords(region, opId)).count;
  const reconcile = (failure: CloudError): Promise<{ SubTaskId: string } | undefined> =>
    lookUntil(async () => {
      const now = await runRecords(region, opId);
      return now.count > before ? { SubTaskId: now.newest ?? "" } : undefined;
    }, Date.now() + (failure.answered ? 0 : settleWindowMs()));
  const res = await changing(region, [id], () => bh("RunOperationTask", region, (c): Promise<{ SubTaskId?: string }> => c.RunOperationTask({ Id: id }), { idempotent: false, reconcile }));
  return res.SubTaskId ?? "";
}

/** The outputs: the inputs echoed (so diff sees them) plus what the API reports. */
function outputsFrom(inputs: Inputs, id: number, task: ApiOperationTask | undefined, lastRunSubTaskId: unknown): Inputs {
  return {
    ...pickInputs(contract, inputs),
    taskId: id,
    operationId: task?.OperationId,
    userName: task?.UserName,
    nextTime: task?.NextTime || undefined,
    lastRunSubTaskId,
  };
}

const wantsRun = (inputs: Inputs) => Array.isArray(inputs.runTriggers) && inputs.runTriggers.length > 0;

/** Folds what the API reports into the state; fields it does not return keep their state value. */
function applyDrift(state: Inputs, task: ApiOperationTask): Inputs {
  const next: Inputs = { ...state, name: task.Name, type: task.Type, operationId: task.OperationId, userName: task.UserName, nextTime: task.NextTime || undefined };
  const periodic = task.Type === 2;
  next.period = periodic ? task.Period : undefined;
  const reported = periodic ? task.FirstTime || undefined : undefined;
  const sameInstant = typeof reported === "string" && typeof state.firstTime === "string" && Date.parse(reported) === Date.parse(state.firstTime);
  // Keep the user's spelling of the same instant, and the documented default they never wrote.
  next.firstTime = sameInstant || (state.firstTime === undefined && reported === DEFAULT_FIRST_TIME) ? state.firstTime : reported;
  return next;
}

const taskId = (id: string) => Number(id);

async function modifyTask(region: string, id: number, inputs: Inputs): Promise<void> {
  await changing(region, [id], () => bh("ModifyOperationTask", region, (c) => c.ModifyOperationTask({ Id: id, ...requestBody(inputs) }), { idempotent: true }));
}

/** Adoption: the task must exist; it is then modified to the declared fields (ModifyOperationTask is a full replace). */
async function adoptTask(region: string, id: number, inputs: Inputs): Promise<number> {
  if (!(await findTask(region, id, String(inputs.name)))) {
    throw new Error(`operation task ${id} (taskId) does not exist in ${region}: remove taskId to create a new task`);
  }
  await modifyTask(region, id, inputs);
  return id;
}

export const handlers = lifecycle({
  async check(_olds, news) {
    return checkInputs(contract, rules, news);
  },

  async diff(_id, olds, news) {
    return diffInputs(contract, olds, news);
  },

  async create(inputs) {
    const region = String(inputs.region);
    const id = inputs.taskId === undefined ? await createTask(region, inputs) : await adoptTask(region, Number(inputs.taskId), inputs);
    let outputs = outputsFrom(inputs, id, undefined, undefined);
    try {
      outputs = outputsFrom(inputs, id, await findTask(region, id, String(inputs.name)), undefined);
      if (wantsRun(inputs)) outputs.lastRunSubTaskId = await runTask(region, id, typeof outputs.operationId === "string" ? outputs.operationId : undefined);
    } catch (error) {
      // The task exists: keep it in state, minus the triggers not yet applied, so the next up runs it.
      throw initFailure(String(id), { ...outputs, runTriggers: undefined }, inputs, error);
    }
    return { id: String(id), outs: outputs };
  },

  async read(id, props) {
    const task = await findTask(String(props.region), taskId(id), typeof props.name === "string" ? props.name : undefined, { recentListing: true });
    if (!task) return {};
    const state = applyDrift(props, task);
    return refreshedState(contract, id, state);
  },

  async update(id, olds, news) {
    const region = String(news.region);
    const changed = changedFields(contract, olds, news);
    if (changed.some((k) => contract[k as keyof OperationTaskArgs].apiName)) {
      try {
        await modifyTask(region, taskId(id), news);
      } catch (error) {
        if (isNotFound(error)) {
          throw new Error(`operation task ${id} no longer exists in ${region}; run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` to recreate it`);
        }
        throw error;
      }
    }
    const run = wantsRun(news) && !sameValue(olds.runTriggers, news.runTriggers);
    const lastRunSubTaskId = run ? await runTask(region, taskId(id), typeof olds.operationId === "string" ? olds.operationId : undefined) : olds.lastRunSubTaskId;
    return { outs: outputsFrom(news, taskId(id), await findTask(region, taskId(id), String(news.name)), lastRunSubTaskId) };
  },

  async delete(id, props) {
    await deleteTask(String(props.region), taskId(id));
  },
}, { cloud: "tencent" });

// The provider the stored text loads is this module itself (its exports are complete here).
serveAsProvider(module);

/**
 * A Tencent Cloud Bastion Host operation task: a script run as `account` on the hosts in
 * `deviceIdSet`, by hand (type 1, run through `runTriggers`) or every `period` days (type 2).
 *
 * ```ts
 * new OperationTask("disk-report", { name: "disk-report", type: 1, account: "root", timeout: 60,
 *   script: "df -h", deviceIdSet: [34, 56], runTriggers: ["v1"] });
 * ```
 */
export class OperationTask extends pulumi.CustomResource {
  /** Task name, as the API reports it. */
  declare readonly name: pulumi.Output<string>;
  /** 1 manual, 2 periodic. */
  declare readonly type: pulumi.Output<1 | 2>;
  /** The host account the script runs as. */
  declare readonly account: pulumi.Output<string>;
  /** Run time limit in seconds. */
  declare readonly timeout: pulumi.Output<number>;
  /** The script's plain text (a secret). */
  declare readonly script: pulumi.Output<string>;
  /** Ids of the hosts the task runs on. */
  declare readonly deviceIdSet: pulumi.Output<number[]>;
  /** Days between runs of a periodic task. */
  declare readonly period: pulumi.Output<number | undefined>;
  /** First run of a periodic task. */
  declare readonly firstTime: pulumi.Output<string | undefined>;
  /** 1 when the script travels base64-encoded. */
  declare readonly encoding: pulumi.Output<0 | 1>;
  /** The task's region. */
  declare readonly region: pulumi.Output<string>;
  /** The triggers of the last run this stack started. */
  declare readonly runTriggers: pulumi.Output<string[] | undefined>;
  /** The task id (`Id` / `TaskId`), also the resource id. */
  declare readonly taskId: pulumi.Output<number>;
  /** The bastion's operation id, e.g. `ops-xzfr5yeg`. */
  declare readonly operationId: pulumi.Output<string>;
  /** The user that created the task. */
  declare readonly userName: pulumi.Output<string>;
  /** Next scheduled run of a periodic task. */
  declare readonly nextTime: pulumi.Output<string | undefined>;
  /** SubTaskId of the last run this stack started. */
  declare readonly lastRunSubTaskId: pulumi.Output<string | undefined>;

  constructor(name: string, args: OperationTaskArgs & TaskResourceArgs, opts?: pulumi.CustomResourceOptions) {
    const restoreStackTraces = leanStackTraces();
    try {
      super(...taskResourceArgs("operation-task", name, args, opts, "OperationTask", contract, outputs));
    } finally {
      restoreStackTraces();
    }
  }
}
