import type { Client as CfgClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/cfg/v20210820/cfg_client";
import type {
  CreateTaskFromActionRequest,
  CreateTaskFromMultiActionRequest,
  CreateTaskFromTemplateRequest,
  ModifyTaskRunStatusRequest, Task, TaskGroupAction, TaskReportInfo 
} from "tencentcloud-sdk-nodejs/tencentcloud/services/cfg/v20210820/cfg_models";
import { isPlainObject } from "../../contract/check";
import type { Inputs } from "../../contract/fields";
import { progress } from "../../progress";
import { callTencent, type TencentApi, type TencentCallOptions } from "../../transport/tencent";
import { sleep } from "../../transport/rate-limit";
import { createOnce, lookUntil, settleWindowMs } from "../../transport/create-once";
import type { CloudError } from "../../errors";
import { modesOf, type CreationMode } from "./contract";
import { tencentAccount } from "../../credentials";

/*
 * ChaosExperiment: a Tencent Cloud Fault Generator experiment (cfg 2021-08-20).
 * @API cfg CreateTaskFromTemplate         create, template mode
 * @API cfg CreateTaskFromAction           create, single-action mode
 * @API cfg CreateTaskFromMultiAction      create, several-action mode
 * @API cfg DescribeTaskList               after an ambiguous create, find what it made
 * @API cfg DescribeTask                   read, every wait, and adoption by taskId
 * @API cfg ExecuteTask                    execute
 * @API cfg ExecuteTaskInstance            drive actions: manual-mode waits, and rollbacks before ending
 * @API cfg ModifyTaskRunStatus            pause before a rollback (1003), end with a conclusion (1004)
 * @API cfg DeleteTask                     delete (after ending safely)
 * @API cfg DescribeTemplate               check: the template's action-group count; adoption: its actions
 * @API cfg DescribeObjectTypeList         check: the object types, to look actions up
 * @API cfg DescribeActionLibraryList      check: each action's object type
 * @API cfg DescribeActionFieldConfigList  check: each action's required custom fields
 */

const cfgApi: TencentApi<CfgClient> = { service: "cfg", version: "2021-08-20", loadClient: async () => (await import("tencentcloud-sdk-nodejs/tencentcloud/services/cfg/v20210820/cfg_client")).Client };

/** Documented requests per second (reference §A). */
const RATE_LIMITS: Record<string, number> = {
  CreateTaskFromTemplate: 10,
  CreateTaskFromAction: 20,
  CreateTaskFromMultiAction: 20,
  DeleteTask: 10,
  DescribeTask: 20,
  DescribeTaskList: 100,
  DescribeTemplate: 20,
  ExecuteTask: 10,
  ExecuteTaskInstance: 10,
  ModifyTaskRunStatus: 10,
  DescribeActionLibraryList: 100,
  DescribeActionFieldConfigList: 20,
  DescribeObjectTypeList: 20,
};

export const TASK_STATUS = { NOT_STARTED: 1001, EXECUTING: 1002, PAUSED: 1003, ENDED: 1004 } as const;
const ACTION_STATUS = { NOT_STARTED: 2001, PENDING: 2002, EXECUTING: 2003, ENDED: 2004 } as const;
const INSTANCE_STATUS = { EXECUTING: 3002, ENDED: 3003 } as const;
const RESULT = { SUCCESS: 1, FAILURE: 2, SKIPPED: 4 } as const;
const ACTION_TYPE = { EXECUTE: 2, RETRY: 5 } as const;
const PAGE_SIZE = 100;
const PROGRESS_EVERY_MS = 30_000;

const TASK_STATUS_TEXT: Readonly<Record<number, string>> = { 1001: "not started", 1002: "executing", 1003: "paused", 1004: "ended" };
const ACTION_STATUS_TEXT: Readonly<Record<number, string>> = { 2001: "not started", 2002: "pending", 2003: "executing", 2004: "ended" };
const INSTANCE_STATUS_TEXT: Readonly<Record<number, string>> = { 3001: "not started", 3002: "executing", 3003: "ended", 3004: "preparing" };
const RESULT_TEXT: Readonly<Record<number, string>> = { 0: "", 1: "success", 2: "failure", 3: "terminated", 4: "skipped" };

export function cfg<T>(action: string, region: string, send: (client: CfgClient) => Promise<T>, options: Omit<TencentCallOptions<T>, "rateLimit">): Promise<T> {
  return callTencent(cfgApi, action, region, send, { rateLimit: RATE_LIMITS[action], ...options });
}

const report = (line: string): void => progress.write(line);

/** lowerCamelCase input keys to the API's PascalCase, at every level (configurations are strings by now). */
export function toApiShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toApiShape);
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), toApiShape(v)]));
  }
  return value;
}

const CREATE_ACTION: Record<CreationMode, string> = { template: "CreateTaskFromTemplate", action: "CreateTaskFromAction", multiAction: "CreateTaskFromMultiAction" };

const API_FIELDS: Record<CreationMode, readonly string[]> = {
  template: ["templateId", "taskConfig"],
  action: ["taskActionId", "taskInstances", "taskTitle", "taskDescription", "taskActionGeneralConfiguration", "taskActionCustomConfiguration", "taskPauseDuration", "taskTags"],
  multiAction: ["taskInstances", "taskTitle", "taskDescription", "taskPauseDuration", "taskAction"],
};

export function creationModeOf(inputs: Inputs): CreationMode {
  const [mode] = modesOf(inputs);
  if (!mode) throw new Error("chaos experiment: no creation mode (check should have refused these inputs)");
  return mode;
}

/** The create call and its body, field for field as the API names them. */
export function createRequest(inputs: Inputs): { action: string; body: Record<string, unknown> } {
  const mode = creationModeOf(inputs);
  return { action: CREATE_ACTION[mode], body: toApiShape(Object.fromEntries(API_FIELDS[mode].map((k) => [k, inputs[k]]))) as Record<string, unknown> };
}

export interface Described {
  task: Task;
  reportInfo?: TaskReportInfo | null;
}

export async function describeTask(region: string, id: number): Promise<Described> {
  return cfg(
    "DescribeTask",
    region,
    async (c) => {
      const res = await c.DescribeTask({ TaskId: id });
      if (!res.Task) throw new Error(`cfg:DescribeTask answered without a Task for experiment ${id}`);
      return { task: res.Task, reportInfo: res.ReportInfo };
    },
    { idempotent: true },
  );
}

async function listTaskIds(region: string, title: string | undefined): Promise<Array<{ id: number; title: string }>> {
  const out: Array<{ id: number; title: string }> = [];
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const page = await cfg("DescribeTaskList", region, (c) => c.DescribeTaskList({ Limit: PAGE_SIZE, Offset: offset, TaskTitle: title }), { idempotent: true });
    const items = page.TaskList ?? [];
    for (const t of items) if (t.TaskId !== undefined) out.push({ id: t.TaskId, title: t.TaskTitle ?? "" });
    if (items.length < PAGE_SIZE || out.length >= (page.Total ?? 0)) return out;
  }
}

function expectedTitle(inputs: Inputs): string | undefined {
  const title = creationModeOf(inputs) === "template" ? (inputs.taskConfig as Inputs | undefined)?.taskTitle : inputs.taskTitle;
  return typeof title === "string" && title !== "" ? title : undefined;
}

/** What tells this create's experiment apart: the objects of each group, the fault actions (action modes) and the description. */
interface Fingerprint {
  instances: string[][];
  faultActionIds?: number[];
  description?: string;
}

function fingerprintOf(inputs: Inputs): Fingerprint {
  const mode = creationModeOf(inputs);
  const description = mode === "template" ? (inputs.taskConfig as Inputs).taskDescription : inputs.taskDescription;
  const faultActionIds = mode === "action" ? [Number(inputs.taskActionId)] : mode === "multiAction" ? ((inputs.taskAction as Inputs[]) ?? []).map((a) => Number(a.taskActionId)) : undefined;
  return { instances: expectedInstances(inputs), faultActionIds, description: typeof description === "string" && description !== "" ? description : undefined };
}

function matchesFingerprint(task: Task, expected: Fingerprint): boolean {
  const objects = (task.TaskGroups ?? []).map((g) => [...(g.TaskGroupInstanceList ?? [])].sort());
  if (JSON.stringify(objects) !== JSON.stringify(expected.instances)) return false;
  if (expected.description !== undefined && task.TaskDescription !== expected.description) return false;
  if (expected.faultActionIds === undefined) return true;
  // The action modes add each fault's recovery action after it: compare the actions the user named.
  const named = new Set(expected.faultActionIds);
  const actions = actionsOf(task).map((l) => l.action.ActionId);
  return expected.faultActionIds.every((id) => actions.includes(id)) && actions.filter((id) => named.has(id)).length === expected.faultActionIds.length;
}

function expectedInstances(inputs: Inputs): string[][] {
  if (creationModeOf(inputs) !== "template") return [[...((inputs.taskInstances as string[]) ?? [])].sort()];
  const groups = ((inputs.taskConfig as Inputs).taskGroupsConfig as Inputs[]) ?? [];
  return groups.map((g) => [...((g.taskGroupInstances as string[]) ?? [])].sort());
}

/**
 * Creating an experiment is not idempotent and takes no client token; titles need not be unique.
 * After an ambiguous failure the experiment this create made is found by {@link createOnce}:
 * creates of one title run one at a time in this process, and the one new experiment of that
 * title whose objects, fault actions and description match what was sent is adopted; a failure
 * nobody answered is looked up for the settle window before the create is tried again, and several
 * candidates fail naming them. Nothing is created blindly.
 */
export async function createExperiment(region: string, inputs: Inputs): Promise<number> {
  const title = expectedTitle(inputs);
  const expected = fingerprintOf(inputs);
  const { action, body } = createRequest(inputs);
  const account = await tencentAccount();
  return createOnce<{ id: number; title: string }>({
    what: `chaos experiment ${JSON.stringify(title ?? "(untitled)")} in ${region}`,
    scope: `cfg/${region}/${account}`,
    // Untitled: every new experiment is a candidate, told apart by its fingerprint alone.
    name: title ?? "",
    listScope: () => listTaskIds(region, undefined),
    listCandidates: () => listTaskIds(region, title),
    idOf: (t) => t.id,
    nameOf: (t) => (title === undefined ? "" : t.title),
    matches: async (t) => matchesFingerprint((await describeTask(region, t.id)).task, expected),
    create: (reconcile) =>
      cfg(
        action,
        region,
        async (c) => {
          const res = await sendCreate(c, action, body);
          if (res.TaskId === undefined) throw new Error(`cfg:${action} answered without a TaskId`);
          return res.TaskId;
        },
        { idempotent: false, reconcile },
      ),
  });
}

function sendCreate(c: CfgClient, action: string, body: Record<string, unknown>): Promise<{ TaskId?: number }> {
  if (action === "CreateTaskFromTemplate") return c.CreateTaskFromTemplate(body as unknown as CreateTaskFromTemplateRequest);
  if (action === "CreateTaskFromAction") return c.CreateTaskFromAction(body as unknown as CreateTaskFromActionRequest);
  return c.CreateTaskFromMultiAction(body as unknown as CreateTaskFromMultiActionRequest);
}

/** Starts a not-started experiment; one already started (out of band, or by a lost answer) is left as it is. */
export async function executeExperiment(region: string, id: number): Promise<void> {
  const { task } = await describeTask(region, id);
  if (task.TaskStatus !== TASK_STATUS.NOT_STARTED) return;
  // At most once: after an ambiguous failure the experiment's own status (DescribeTask) says
  // whether it started; a failure nobody answered is looked up for the settle window first.
  const reconcile = (failure: CloudError) =>
    lookUntil(
      async () => ((await describeTask(region, id)).task.TaskStatus !== TASK_STATUS.NOT_STARTED ? true : undefined),
      Date.now() + (failure.answered ? 0 : settleWindowMs()),
    );
  await cfg("ExecuteTask", region, (c) => c.ExecuteTask({ TaskId: id }).then(() => true), { idempotent: false, reconcile });
  report(`chaos experiment ${id}: started (ExecuteTask)`);
}

interface Located {
  groupId: number;
  action: TaskGroupAction;
}

const actionsOf = (task: Task): Located[] => (task.TaskGroups ?? []).flatMap((g) => (g.TaskGroupActions ?? []).map((action) => ({ groupId: g.TaskGroupId, action })));

/** Runs every instance of an action (ExecuteTaskInstance, IsOperateAll); a lost answer is reconciled against the action's status. */
async function operateAction(region: string, id: number, target: Located, actionType: number, what: string): Promise<void> {
  const before = target.action.TaskGroupActionStatus;
  const reconcile = async () => {
    const now = actionsOf((await describeTask(region, id)).task).find((l) => l.action.TaskGroupActionId === target.action.TaskGroupActionId);
    return now && (now.action.TaskGroupActionStatus !== before || actionType === ACTION_TYPE.RETRY) && now.action.TaskGroupActionStatus !== ACTION_STATUS.PENDING ? true : undefined;
  };
  await cfg(
    "ExecuteTaskInstance",
    region,
    (c) =>
      c
        .ExecuteTaskInstance({
          TaskId: id,
          TaskActionId: target.action.TaskGroupActionId,
          TaskInstanceIds: (target.action.TaskGroupInstances ?? []).map((i) => i.TaskGroupInstanceId),
          IsOperateAll: true,
          ActionType: actionType,
          TaskGroupId: target.groupId,
        })
        .then(() => true),
    { idempotent: false, reconcile },
  );
  report(`chaos experiment ${id}: ${what} action ${target.action.TaskGroupActionId} (${target.action.ActionTitle})`);
}

/** One line per action (with its instances), and one for the experiment, keyed, to log what changed between two reads. */
function states(task: Task): Map<string, string> {
  const out = new Map<string, string>([["experiment", `experiment ${statusText(TASK_STATUS_TEXT, task.TaskStatus, task.TaskStatusType)}`]]);
  for (const { action } of actionsOf(task)) {
    const instances = (action.TaskGroupInstances ?? []).map((i) => `${i.TaskGroupInstanceObjectId} ${statusText(INSTANCE_STATUS_TEXT, i.TaskGroupInstanceStatus, i.TaskGroupInstanceStatusType)}`);
    out.set(
      String(action.TaskGroupActionId),
      `action ${action.TaskGroupActionId} (${action.ActionTitle}): ${statusText(ACTION_STATUS_TEXT, action.TaskGroupActionStatus, action.TaskGroupActionStatusType)}; instances: ${instances.join(", ")}`,
    );
  }
  return out;
}

/** Where the experiment stands, in one line. */
function summaryOf(task: Task): string {
  const actions = actionsOf(task);
  const ended = actions.filter((l) => l.action.TaskGroupActionStatus === ACTION_STATUS.ENDED).length;
  return `experiment ${statusText(TASK_STATUS_TEXT, task.TaskStatus, task.TaskStatusType)}, ${ended} of ${actions.length} actions ended`;
}

function statusText(texts: Readonly<Record<number, string>>, status: number, type: number | undefined): string {
  const result = RESULT_TEXT[type ?? 0];
  return `${status} ${texts[status] ?? ""}${result ? `, ${result}` : ""}`.trim();
}

/** Fault instances that ran and whose linked recovery has not succeeded on the same object. */
export function faultsNotRolledBack(task: Task): Array<{ taskGroupActionId: number; actionTitle: string; objectId: string }> {
  const out: Array<{ taskGroupActionId: number; actionTitle: string; objectId: string }> = [];
  for (const g of task.TaskGroups ?? []) {
    for (const fault of (g.TaskGroupActions ?? []).filter((a) => a.ActionAttribute === 1)) {
      const recovery = (g.TaskGroupActions ?? []).find((a) => a.TaskGroupActionRandomId === fault.TaskGroupActionRecoverId);
      for (const i of fault.TaskGroupInstances ?? []) {
        const applied = i.TaskGroupInstanceStatus === INSTANCE_STATUS.EXECUTING || (i.TaskGroupInstanceStatus === INSTANCE_STATUS.ENDED && i.TaskGroupInstanceStatusType !== RESULT.SKIPPED);
        const rolledBack = recovery?.TaskGroupInstances?.some(
          (r) => r.TaskGroupInstanceObjectId === i.TaskGroupInstanceObjectId && r.TaskGroupInstanceStatus === INSTANCE_STATUS.ENDED && r.TaskGroupInstanceStatusType === RESULT.SUCCESS,
        );
        if (applied && !rolledBack) out.push({ taskGroupActionId: fault.TaskGroupActionId, actionTitle: fault.ActionTitle, objectId: i.TaskGroupInstanceObjectId });
      }
    }
  }
  return out;
}

export class WaitTimeout extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WaitTimeout";
  }
}

/**
 * Polls DescribeTask until `step` says done (returns true), logging every change of the
 * experiment, an action or an instance, and a heartbeat every 30 s; at most `timeoutSeconds`.
 * `step` may act (drive an action) and returns false to keep polling.
 */
async function pollUntil(region: string, id: number, timeoutSeconds: number, what: string, step: (task: Task) => Promise<boolean>): Promise<Task> {
  const started = Date.now();
  let seen: Map<string, string> | undefined;
  let lastLog = started;
  let delayMs = 500;
  for (;;) {
    const { task } = await describeTask(region, id);
    const now = states(task);
    const elapsed = Math.round((Date.now() - started) / 1000);
    const changed = seen ? [...now].filter(([k, v]) => seen?.get(k) !== v) : [];
    if (!seen) report(`chaos experiment ${id}: ${what}: ${summaryOf(task)}`);
    for (const [, line] of changed) report(`chaos experiment ${id}: ${line} (${elapsed}s)`);
    if (changed.length === 0 && Date.now() - lastLog >= PROGRESS_EVERY_MS) {
      report(`chaos experiment ${id}: ${what}, ${elapsed}s of at most ${timeoutSeconds}s`);
      lastLog = Date.now();
    }
    if (changed.length) lastLog = Date.now();
    seen = now;
    if (await step(task)) return task;
    const left = started + timeoutSeconds * 1000 - Date.now();
    if (left <= 0) throw new WaitTimeout(`chaos experiment ${id}: gave up ${what} after ${timeoutSeconds}s (status ${statusText(TASK_STATUS_TEXT, task.TaskStatus, task.TaskStatusType)})`);
    await sleep(Math.min(delayMs, left));
    delayMs = changed.length ? 500 : Math.min(delayMs * 2, 5_000);
  }
}

/** The first action that has not ended, in group and action order. */
const currentAction = (task: Task): Located | undefined => actionsOf(task).find((l) => l.action.TaskGroupActionStatus !== ACTION_STATUS.ENDED);

/**
 * Waits until every action has ended (or the experiment has). In manual mode the provider plays
 * the operator: each action is executed when it becomes pending.
 */
export async function waitForCompletion(region: string, id: number, timeoutSeconds: number): Promise<Task> {
  return pollUntil(region, id, timeoutSeconds, "waiting for every action to end", async (task) => {
    if (task.TaskStatus === TASK_STATUS.ENDED) return true;
    const current = currentAction(task);
    if (!current) return true;
    if (task.TaskMode === 1 && task.TaskStatus === TASK_STATUS.EXECUTING && current.action.TaskGroupActionStatus === ACTION_STATUS.PENDING) {
      await operateAction(region, id, current, ACTION_TYPE.EXECUTE, "executing");
    }
    return false;
  });
}

export interface Conclusion {
  summary: string;
  isExpect: boolean;
  issue?: string;
  record?: string;
}

/** A recovery may be retried this many times before ending gives up (and leaves the experiment running). */
const RECOVERY_RETRIES = 2;

/**
 * Ends the experiment without leaving a fault injected: pauses it (so no new fault starts), waits
 * for executing faults to finish, runs the recovery action of every fault that ran, retrying a
 * failed recovery, and only then ends it with ModifyTaskRunStatus 1004 and the conclusion.
 * A recovery that keeps failing stops here with an error naming the objects: the experiment stays
 * running (an ended experiment takes no recovery), for a person to look at, rather than ended
 * with a fault in place.
 */
export async function endSafely(region: string, id: number, conclusion: Conclusion, timeoutSeconds: number): Promise<void> {
  let { task } = await describeTask(region, id);
  if (task.TaskStatus === TASK_STATUS.NOT_STARTED) return;
  // Pause a flow that could still start a fault; one whose actions have all ended has nothing left to start.
  if (task.TaskStatus === TASK_STATUS.EXECUTING && currentAction(task) !== undefined) {
    await cfg("ModifyTaskRunStatus", region, (c) => c.ModifyTaskRunStatus({ TaskId: id, Status: TASK_STATUS.PAUSED }), { idempotent: true });
    report(`chaos experiment ${id}: paused, so that no further fault starts`);
  }
  if (task.TaskStatus !== TASK_STATUS.ENDED) {
    const retries = new Map<number, number>();
    task = await pollUntil(region, id, timeoutSeconds, "rolling back injected faults", async (now) => {
      const pending = faultsNotRolledBack(now);
      if (pending.length === 0) return true;
      const located = actionsOf(now);
      for (const faultId of new Set(pending.map((f) => f.taskGroupActionId))) {
        const fault = located.find((l) => l.action.TaskGroupActionId === faultId);
        if (!fault || fault.action.TaskGroupActionStatus === ACTION_STATUS.EXECUTING) continue; // a fault still being applied: recover once it has been
        const recovery = located.find((l) => l.action.TaskGroupActionRandomId === fault.action.TaskGroupActionRecoverId);
        if (!recovery) throw new Error(`chaos experiment ${id}: fault action ${faultId} (${fault.action.ActionTitle}) has no recovery action; roll it back by hand before ending the experiment`);
        const status = recovery.action.TaskGroupActionStatus;
        if (status === ACTION_STATUS.NOT_STARTED || status === ACTION_STATUS.PENDING) {
          await operateAction(region, id, recovery, ACTION_TYPE.EXECUTE, "rolling back with");
        } else if (status === ACTION_STATUS.ENDED) {
          const tries = retries.get(recovery.action.TaskGroupActionId) ?? 0;
          if (tries >= RECOVERY_RETRIES) {
            const objects = pending.filter((f) => f.taskGroupActionId === faultId).map((f) => f.objectId);
            throw new Error(
              `chaos experiment ${id}: recovery action ${recovery.action.TaskGroupActionId} (${recovery.action.ActionTitle}) failed ${tries + 1} times; the fault "${fault.action.ActionTitle}" may still be injected on ${objects.join(", ")}. The experiment was left running (not ended), so its recovery can still run: roll the fault back in the console, then run destroy again`,
            );
          }
          retries.set(recovery.action.TaskGroupActionId, tries + 1);
          await operateAction(region, id, recovery, ACTION_TYPE.RETRY, "retrying");
        }
      }
      return false;
    });
  }
  const body: ModifyTaskRunStatusRequest = { TaskId: id, Status: TASK_STATUS.ENDED, IsExpect: conclusion.isExpect, Summary: conclusion.summary, Issue: conclusion.issue, Record: conclusion.record };
  await cfg("ModifyTaskRunStatus", region, (c) => c.ModifyTaskRunStatus(body), { idempotent: true });
  report(`chaos experiment ${id}: ended (status 1004) with its conclusion`);
}

export async function deleteExperiment(region: string, id: number): Promise<void> {
  await cfg("DeleteTask", region, (c) => c.DeleteTask({ TaskId: id }), { idempotent: true });
  report(`chaos experiment ${id}: deleted`);
}

/** The template's action ids, per action group in order (undefined for a template the cloud does not know). */
export async function templateActionIds(region: string, templateId: number): Promise<number[][] | undefined> {
  const res = await cfg("DescribeTemplate", region, (c) => c.DescribeTemplate({ TemplateId: templateId }), { idempotent: true });
  if (!res.Template) return undefined;
  const groups = [...(res.Template.TemplateGroups ?? [])].sort((x, y) => (x.Order ?? 0) - (y.Order ?? 0));
  return groups.map((g) => [...(g.TemplateGroupActions ?? [])].sort((x, y) => (x.Order ?? 0) - (y.Order ?? 0)).map((a) => a.ActionId));
}

/** The template's number of action groups. */
export async function templateGroupCount(region: string, templateId: number): Promise<number | undefined> {
  return (await templateActionIds(region, templateId))?.length;
}

/** Each action's object type: DescribeActionLibraryList needs one, so every object type is asked until all actions are found. */
async function objectTypesOf(region: string, actionIds: number[]): Promise<Map<number, number>> {
  const found = new Map<number, number>();
  const types = (await cfg("DescribeObjectTypeList", region, (c) => c.DescribeObjectTypeList({}), { idempotent: true })).ObjectTypeList ?? [];
  for (const type of types) {
    if (type.ObjectTypeId === undefined) continue;
    const missing = actionIds.filter((a) => !found.has(a));
    if (missing.length === 0) break;
    const page = await cfg("DescribeActionLibraryList", region, (c) => c.DescribeActionLibraryList({ Limit: 100, Offset: 0, ObjectType: type.ObjectTypeId as number, ActionIds: missing }), { idempotent: true });
    for (const a of page.Results ?? []) if (a.ActionId !== undefined) found.set(a.ActionId, type.ObjectTypeId);
  }
  return found;
}

/**
 * Each action's required custom fields that have no default (DescribeActionFieldConfigList):
 * those must be in the action's custom configuration. Actions the library does not know map to
 * undefined.
 */
export async function requiredCustomFields(region: string, actionIds: number[]): Promise<Map<number, string[] | undefined>> {
  const account = `${region}/${await tencentAccount()}`;
  const unknown = [...new Set(actionIds)].filter((a) => !fieldCatalog.has(`${account}/${a}`));
  if (unknown.length) {
    const fetched = fetchRequiredCustomFields(region, unknown);
    for (const a of unknown) {
      const key = `${account}/${a}`;
      const one = fetched.then((all) => all.get(a));
      // A failed read is not kept: the next check asks again.
      one.catch(() => fieldCatalog.delete(key));
      fieldCatalog.set(key, one);
    }
  }
  const entries = await Promise.all(actionIds.map(async (a) => [a, await fieldCatalog.get(`${account}/${a}`)] as const));
  return new Map(entries);
}

/**
 * The action library is the cloud's catalogue, the same for every experiment of a stack: it is
 * read once per provider process, region, account and action, so checking N experiments of one
 * action costs the three catalogue reads once rather than N times.
 */
const fieldCatalog = new Map<string, Promise<string[] | undefined>>();

async function fetchRequiredCustomFields(region: string, actionIds: number[]): Promise<Map<number, string[] | undefined>> {
  const types = await objectTypesOf(region, actionIds);
  const out = new Map<number, string[] | undefined>(actionIds.map((a) => [a, undefined]));
  const byType = new Map<number, number[]>();
  for (const [action, type] of types) byType.set(type, [...(byType.get(type) ?? []), action]);
  for (const [type, ids] of byType) {
    const res = await cfg("DescribeActionFieldConfigList", region, (c) => c.DescribeActionFieldConfigList({ ActionIds: ids, ObjectTypeId: type }), { idempotent: true });
    for (const result of res.Results ?? []) {
      out.set(
        result.ActionId,
        (result.ConfigDetail ?? []).filter((f) => f.Required === 1 && (f.DefaultValue ?? "") === "" && f.Field).map((f) => f.Field as string),
      );
    }
  }
  return out;
}
