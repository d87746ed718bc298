import type { StateStore } from "../../state/store";
import { tencentErrors } from "../errors";
import type { ActionContext } from "../product";
import { COMMON_FIELDS, seedActions, seedTemplates, withSeeds, type ActionDefinition, type CfgSeeds, type FieldConfig, type TemplateDefinition } from "./seeds";

/** The experiments' records and status model: how actions and instances move on the emulator's clock, and which faults are injected. */

export interface InstanceRecord {
  id: number;
  objectId: string;
  status: number;
  statusType: number;
  createTime: number;
  updateTime: number;
  startTime?: number;
  endTime?: number;
  isRedo: boolean;
}

export interface ActionRecord {
  id: number;
  actionId: number;
  title: string;
  attribute: 1 | 2;
  order: number;
  general: string;
  custom: string;
  status: number;
  statusType: number;
  randomId: number;
  recoverId?: number;
  executeId?: number;
  executeSeconds: number;
  risk: string;
  createTime: number;
  updateTime: number;
  startTime?: number;
  instances: InstanceRecord[];
}

export interface GroupRecord {
  id: number;
  title: string;
  description: string;
  order: number;
  mode: number;
  objectTypeId: number;
  instances: string[];
  createTime: number;
  actions: ActionRecord[];
}

export interface ExperimentRecord {
  id: number;
  title: string;
  description: string;
  status: number;
  statusType: number;
  mode: number;
  pauseDuration: number;
  policyDealType: number;
  tags: Array<{ TagKey: string; TagValue: string }>;
  createTime: number;
  updateTime: number;
  startTime?: number;
  endTime?: number;
  /** When a pause last ended: a pending action of an automatic experiment starts no earlier. */
  resumedAt?: number;
  summary?: string;
  expect?: number;
  issue?: string;
  record?: string;
  groups: GroupRecord[];
  logs: string[];
  policyLogs: Array<{ Name: string; Content: string; TriggerType: number; CreatTime: string }>;
}

/** A fault applied to an object and not (yet) rolled back. */
export interface InjectedFault {
  taskId: number;
  taskGroupActionId: number;
  actionId: number;
  actionTitle: string;
  objectId: string;
  since: string;
  /** The experiment was deleted while this fault was still injected. */
  experimentDeleted?: boolean;
}

export interface CfgStore {
  templates: TemplateDefinition[];
  actions: ActionDefinition[];
  tasks: ExperimentRecord[];
  /** Faults left behind by deleted experiments. */
  orphanedFaults: InjectedFault[];
  /** Every fault injected right now (recomputed on each call and on `GET /_emulator/state`). */
  injectedFaults: InjectedFault[];
}

export const TASK_STATUS = { NOT_STARTED: 1001, EXECUTING: 1002, PAUSED: 1003, ENDED: 1004 } as const;
export const ACTION_STATUS = { NOT_STARTED: 2001, PENDING: 2002, EXECUTING: 2003, ENDED: 2004 } as const;
export const INSTANCE_STATUS = { NOT_STARTED: 3001, EXECUTING: 3002, ENDED: 3003, PREPARING: 3004 } as const;
/** TaskStatusType, TaskGroupActionStatusType and TaskGroupInstanceStatusType. */
export const RESULT = { NONE: 0, SUCCESS: 1, FAILURE: 2, TERMINATED: 3, SKIPPED: 4 } as const;

export function bucket(ctx: { store: StateStore; account: string; region: string; seed?: unknown }): CfgStore {
  const seeds = (ctx.seed ?? {}) as CfgSeeds;
  return ctx.store.bucket<CfgStore>("cfg", ctx.account, ctx.region, () => ({
    templates: withSeeds(seedTemplates(), seeds.templates, "templates"),
    actions: withSeeds(seedActions(), seeds.actions, "actions"),
    tasks: [],
    orphanedFaults: [],
    injectedFaults: [],
  }));
}

/** Times as the API writes them: `YYYY-MM-DD HH:mm:ss`, Beijing time. */
export function formatTime(ms: number | undefined): string | null {
  if (ms === undefined) return null;
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
}

export function findTask(store: CfgStore, id: number): ExperimentRecord {
  const task = store.tasks.find((t) => t.id === id);
  if (!task) throw tencentErrors.resourceNotFound(`The experiment ${id} does not exist.`);
  return task;
}

export function actionDefinition(store: CfgStore, id: number): ActionDefinition {
  const action = store.actions.find((a) => a.id === id);
  if (!action) throw tencentErrors.invalidParameterValue(`The action ${id} does not exist in the action library.`);
  return action;
}

/** A JSON-object configuration string, or a clear InvalidParameterValue. */
export function parseConfiguration(name: string, text: string | undefined): Record<string, unknown> {
  if (text === undefined || text === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw tencentErrors.invalidParameterValue(`${name} must be a JSON-serialized object.`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw tencentErrors.invalidParameterValue(`${name} must be a JSON-serialized object.`);
  return value as Record<string, unknown>;
}

export function defaultsOf(fields: FieldConfig[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f.DefaultValue !== "") out[f.Field] = f.Type === "number" ? Number(f.DefaultValue) : f.DefaultValue;
  return out;
}

/** The action's custom configuration with defaults filled; a required field without a default must be given. */
export function customConfiguration(action: ActionDefinition, given: Record<string, unknown>, name: string): Record<string, unknown> {
  const merged = { ...defaultsOf(action.custom), ...given };
  for (const f of action.custom) {
    const v = merged[f.Field];
    if (f.Required === 1 && (v === undefined || v === "")) {
      throw tencentErrors.invalidParameterValue(`${name} misses \`${f.Field}\`, required by action ${action.id} (${action.title}).`);
    }
  }
  return merged;
}

export interface ActionSpec {
  actionId: number;
  general: Record<string, unknown>;
  custom: Record<string, unknown>;
}

/** A fault action followed by its recovery action, as the console adds them. */
export function withRecovery(store: CfgStore, spec: ActionSpec, name: string): ActionSpec[] {
  const action = actionDefinition(store, spec.actionId);
  const custom = customConfiguration(action, spec.custom, name);
  const specs = [{ ...spec, custom }];
  if (action.attribute === 1 && action.relationActionId !== undefined) specs.push({ actionId: action.relationActionId, general: {}, custom: {} });
  return specs;
}

export function buildGroup(ctx: ActionContext, store: CfgStore, order: number, source: { title: string; description: string; mode: number; objectTypeId: number }, instances: string[], specs: ActionSpec[]): GroupRecord {
  const now = ctx.now().getTime();
  const actions: ActionRecord[] = specs.map((spec, i) => {
    const def = actionDefinition(store, spec.actionId);
    return {
      id: ctx.store.nextId("cfg/task-group-action", 11395),
      actionId: def.id,
      title: def.title,
      attribute: def.attribute,
      order: i + 1,
      general: JSON.stringify({ ...defaultsOf(COMMON_FIELDS), ...spec.general }),
      custom: JSON.stringify(spec.custom),
      status: ACTION_STATUS.NOT_STARTED,
      statusType: RESULT.NONE,
      randomId: ctx.store.nextId("cfg/random", 156878),
      executeSeconds: def.executeSeconds,
      risk: def.risk,
      createTime: now,
      updateTime: now,
      instances: instances.map((objectId) => ({
        id: ctx.store.nextId("cfg/task-group-instance", 24375),
        objectId,
        status: INSTANCE_STATUS.NOT_STARTED,
        statusType: RESULT.NONE,
        createTime: now,
        updateTime: now,
        isRedo: false,
      })),
    };
  });
  // Link each fault to the recovery action that follows it (TaskGroupActionRecoverId / ExecuteId).
  for (const fault of actions.filter((a) => a.attribute === 1)) {
    const recoveryId = actionDefinition(store, fault.actionId).relationActionId;
    const recovery = actions.find((a) => a.attribute === 2 && a.actionId === recoveryId && a.executeId === undefined && a.order > fault.order);
    if (recovery) {
      fault.recoverId = recovery.randomId;
      recovery.executeId = fault.randomId;
    }
  }
  return { id: ctx.store.nextId("cfg/task-group", 4684), title: source.title, description: source.description, order, mode: source.mode, objectTypeId: source.objectTypeId, instances, createTime: now, actions };
}

export function instancesOf(raw: Record<string, unknown>, name: string): string[] {
  const v = raw[name];
  if (v === undefined || v === null) throw tencentErrors.missingParameter(name);
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw tencentErrors.invalidParameter(`The parameter \`${name}\` must be an Array of String.`);
  if (v.length === 0) throw tencentErrors.invalidParameterValue(`${name} must not be empty.`);
  return v as string[];
}

export function tagsOf(raw: unknown, name: string): Array<{ TagKey: string; TagValue: string }> {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw tencentErrors.invalidParameter(`The parameter \`${name}\` must be an Array of TagWithCreate.`);
  return raw.map((t, i) => {
    const tag = t as { TagKey?: unknown; TagValue?: unknown };
    if (typeof tag.TagKey !== "string" || typeof tag.TagValue !== "string") throw tencentErrors.invalidParameter(`${name}.${i} needs TagKey and TagValue strings.`);
    return { TagKey: tag.TagKey, TagValue: tag.TagValue };
  });
}

export function newExperiment(ctx: ActionContext, fields: Omit<ExperimentRecord, "id" | "status" | "statusType" | "createTime" | "updateTime" | "logs" | "policyLogs">): ExperimentRecord {
  const now = ctx.now().getTime();
  const task: ExperimentRecord = {
    id: ctx.store.nextId("cfg/task", 3256),
    status: TASK_STATUS.NOT_STARTED,
    statusType: RESULT.NONE,
    createTime: now,
    updateTime: now,
    logs: [],
    policyLogs: [],
    ...fields,
  };
  task.logs.push(`${formatTime(now)} experiment created`);
  return task;
}

export const allActions = (task: ExperimentRecord): ActionRecord[] => task.groups.flatMap((g) => g.actions);

export function startInstances(task: ExperimentRecord, action: ActionRecord, instances: InstanceRecord[], at: number): void {
  for (const instance of instances) {
    instance.status = INSTANCE_STATUS.EXECUTING;
    instance.statusType = RESULT.NONE;
    instance.startTime = at;
    instance.endTime = undefined;
    instance.updateTime = at;
  }
  if (action.status !== ACTION_STATUS.EXECUTING) {
    action.status = ACTION_STATUS.EXECUTING;
    action.statusType = RESULT.NONE;
    action.startTime ??= at;
    action.updateTime = at;
  }
  task.updateTime = at;
  task.logs.push(`${formatTime(at)} action ${action.id} (${action.title}) executing on ${instances.map((i) => i.objectId).join(", ")}`);
}

/** Ends an action once none of its instances is left to run; its result is the worst of theirs. */
export function settleAction(task: ExperimentRecord, action: ActionRecord): void {
  if (action.status === ACTION_STATUS.ENDED || action.instances.some((i) => i.status !== INSTANCE_STATUS.ENDED)) return;
  const types = action.instances.map((i) => i.statusType);
  action.statusType = types.includes(RESULT.FAILURE) ? RESULT.FAILURE : types.every((t) => t === RESULT.SKIPPED) ? RESULT.SKIPPED : RESULT.SUCCESS;
  action.status = ACTION_STATUS.ENDED;
  action.updateTime = Math.max(...action.instances.map((i) => i.endTime ?? i.updateTime));
  task.logs.push(`${formatTime(action.updateTime)} action ${action.id} (${action.title}) ended: ${["none", "success", "failure", "terminated", "skipped"][action.statusType]}`);
}

/** Objects whose id starts with this fail every action: lets tests see failures and retries. */
const FAILING_OBJECT = /^ins-fail/;

/**
 * Moves the experiment forward to `now`: executing instances finish after their action's
 * `executeSeconds`; when an action ends the next one becomes pending, and starts at once in
 * automatic mode while the experiment is executing.
 */
export function advance(task: ExperimentRecord, now: number): void {
  if (task.status !== TASK_STATUS.EXECUTING && task.status !== TASK_STATUS.PAUSED) return;
  for (let guard = 0; guard < 10_000; guard++) {
    let moved = false;
    for (const action of allActions(task)) {
      for (const instance of action.instances) {
        const due = (instance.startTime ?? now) + action.executeSeconds * 1000;
        if (instance.status === INSTANCE_STATUS.EXECUTING && due <= now) {
          instance.status = INSTANCE_STATUS.ENDED;
          instance.statusType = FAILING_OBJECT.test(instance.objectId) ? RESULT.FAILURE : RESULT.SUCCESS;
          instance.endTime = due;
          instance.updateTime = due;
          moved = true;
        }
      }
      const before = action.status;
      settleAction(task, action);
      if (before !== action.status) moved = true;
    }
    const current = allActions(task).find((a) => a.status !== ACTION_STATUS.ENDED);
    if (current && current.status === ACTION_STATUS.NOT_STARTED) {
      const previous = allActions(task).filter((a) => a.status === ACTION_STATUS.ENDED);
      const at = Math.max(task.startTime ?? now, ...previous.map((a) => a.updateTime));
      current.status = ACTION_STATUS.PENDING;
      current.updateTime = at;
      moved = true;
    }
    if (current && current.status === ACTION_STATUS.PENDING && task.mode === 2 && task.status === TASK_STATUS.EXECUTING) {
      startInstances(task, current, current.instances, Math.max(current.updateTime, task.resumedAt ?? 0));
      moved = true;
    }
    if (!moved) return;
  }
}

/** Faults applied and not rolled back: a fault instance that ran (or was cut off) without a successful recovery on its object. */
export function injectedFaultsOf(task: ExperimentRecord): InjectedFault[] {
  const out: InjectedFault[] = [];
  for (const group of task.groups) {
    for (const fault of group.actions.filter((a) => a.attribute === 1)) {
      const recovery = group.actions.find((a) => a.randomId === fault.recoverId);
      for (const instance of fault.instances) {
        const applied = instance.status === INSTANCE_STATUS.EXECUTING || (instance.status === INSTANCE_STATUS.ENDED && instance.statusType !== RESULT.SKIPPED);
        if (!applied) continue;
        const rolledBack = recovery?.instances.some((r) => r.objectId === instance.objectId && r.status === INSTANCE_STATUS.ENDED && r.statusType === RESULT.SUCCESS && (r.endTime ?? 0) >= (instance.startTime ?? 0));
        if (!rolledBack) {
          out.push({ taskId: task.id, taskGroupActionId: fault.id, actionId: fault.actionId, actionTitle: fault.title, objectId: instance.objectId, since: formatTime(instance.startTime) ?? "" });
        }
      }
    }
  }
  return out;
}

/** Brings every experiment of the bucket to `now` and recomputes the injected faults. */
export function settle(store: CfgStore, now: number): void {
  for (const task of store.tasks) advance(task, now);
  store.injectedFaults = [...store.orphanedFaults, ...store.tasks.flatMap(injectedFaultsOf)];
}

/** Ends the experiment: executing instances are cut off (terminated); faults are NOT rolled back. */
export function endExperiment(task: ExperimentRecord, now: number): void {
  for (const action of allActions(task)) {
    if (action.status !== ACTION_STATUS.EXECUTING) continue;
    for (const instance of action.instances.filter((i) => i.status === INSTANCE_STATUS.EXECUTING)) {
      instance.status = INSTANCE_STATUS.ENDED;
      instance.statusType = RESULT.TERMINATED;
      instance.endTime = now;
      instance.updateTime = now;
    }
    for (const instance of action.instances.filter((i) => i.status === INSTANCE_STATUS.NOT_STARTED)) {
      instance.status = INSTANCE_STATUS.ENDED;
      instance.statusType = RESULT.TERMINATED;
      instance.updateTime = now;
    }
    action.status = ACTION_STATUS.ENDED;
    action.statusType = RESULT.TERMINATED;
    action.updateTime = now;
  }
  const results = allActions(task).map((a) => (a.status === ACTION_STATUS.ENDED ? a.statusType : RESULT.TERMINATED));
  task.statusType = results.includes(RESULT.TERMINATED) ? RESULT.TERMINATED : results.includes(RESULT.FAILURE) ? RESULT.FAILURE : RESULT.SUCCESS;
  task.status = TASK_STATUS.ENDED;
  task.endTime = now;
  task.updateTime = now;
  task.logs.push(`${formatTime(now)} experiment ended`);
}

