import type { StateStore } from "../state/store";
import { tencentErrors } from "./errors";
import { Params } from "./params";
import type { ActionContext, ActionHandler, ProductAction, TencentProduct } from "./product";

/**
 * Tencent Cloud Fault Generator (`cfg` 2021-08-20): experiments created from templates or actions,
 * their run state, action groups, actions and instances (reference §A, seed 002).
 *
 * The sources do not say which operation each status allows (§A.5); the choices here, each noted
 * beside its rule, are the conservative ones a console enforces:
 * - ExecuteTask starts a not-started experiment only;
 * - ExecuteTaskInstance works while the experiment is executing or paused (a pause stops only the
 *   automatic advance, so a rollback is always possible), never before it starts or after it ends;
 * - ModifyTaskRunStatus pauses (1003), resumes (1002) and ends (1004, with IsExpect and Summary);
 *   an ended experiment only takes a new conclusion;
 * - DeleteTask refuses an executing or paused experiment.
 * Ending an experiment does NOT roll its faults back (as the console warns): a fault whose recovery
 * action has not succeeded stays injected, and is listed in the bucket's `injectedFaults` (read it
 * through `GET /_emulator/state`) even after the experiment is deleted.
 *
 * Actions move forward on the emulator's clock: an instance executes for its action's
 * `executeSeconds`. In automatic mode (TaskMode 2) the next action starts when one ends; in manual
 * mode (TaskMode 1) it waits, pending (2002), for ExecuteTaskInstance.
 */

/** A field of an action's configuration form (DescribeActionFieldConfigList's ConfigDetail). */
export interface FieldConfig {
  Type: string;
  Lable: string;
  Field: string;
  DefaultValue: string;
  Config: string;
  Required: 0 | 1;
  Validate: string;
  Visible: string;
}

export interface ActionDefinition {
  id: number;
  title: string;
  description: string;
  /** 1 fault, 2 recovery. */
  attribute: 1 | 2;
  /** The fault's recovery action, or the recovery's fault action. */
  relationActionId?: number;
  objectTypeId: number;
  risk: string;
  /** Seconds one instance takes to execute, on the emulator's clock. */
  executeSeconds: number;
  custom: FieldConfig[];
}

export interface TemplateDefinition {
  id: number;
  title: string;
  description: string;
  mode: 1 | 2;
  pauseDuration: number;
  policyDealType: 1 | 2;
  groups: Array<{ title: string; description: string; mode: 1 | 2; objectTypeId: number; actions: Array<{ actionId: number; general: Record<string, unknown>; custom: Record<string, unknown> }> }>;
}

interface InstanceRecord {
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

interface ActionRecord {
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

interface GroupRecord {
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

interface CfgStore {
  templates: TemplateDefinition[];
  actions: ActionDefinition[];
  tasks: ExperimentRecord[];
  /** Faults left behind by deleted experiments. */
  orphanedFaults: InjectedFault[];
  /** Every fault injected right now (recomputed on each call and on `GET /_emulator/state`). */
  injectedFaults: InjectedFault[];
}

/** Documented per-action limits (requests per second, reference §A). */
const RATE_LIMITS: Record<string, number> = {
  CreateTaskFromTemplate: 10,
  CreateTaskFromAction: 20,
  CreateTaskFromMultiAction: 20,
  DeleteTask: 10,
  DescribeTask: 20,
  DescribeTaskList: 100,
  DescribeTaskExecuteLogs: 20,
  DescribeTemplate: 20,
  DescribeTemplateList: 100,
  ExecuteTask: 10,
  ExecuteTaskInstance: 10,
  ModifyTaskRunStatus: 10,
  TriggerPolicy: 20,
  DescribeTaskPolicyTriggerLog: 20,
  DescribeActionLibraryList: 100,
  DescribeActionFieldConfigList: 20,
  DescribeObjectTypeList: 20,
};

export const TASK_STATUS = { NOT_STARTED: 1001, EXECUTING: 1002, PAUSED: 1003, ENDED: 1004 } as const;
export const ACTION_STATUS = { NOT_STARTED: 2001, PENDING: 2002, EXECUTING: 2003, ENDED: 2004 } as const;
export const INSTANCE_STATUS = { NOT_STARTED: 3001, EXECUTING: 3002, ENDED: 3003, PREPARING: 3004 } as const;
/** TaskStatusType, TaskGroupActionStatusType and TaskGroupInstanceStatusType. */
export const RESULT = { NONE: 0, SUCCESS: 1, FAILURE: 2, TERMINATED: 3, SKIPPED: 4 } as const;

const OBJECT_TYPES = [
  { ObjectTypeId: 1, ObjectTypeTitle: "CVM", ObjectTypeLevelOne: "Compute" },
  { ObjectTypeId: 2, ObjectTypeTitle: "CDB for MySQL", ObjectTypeLevelOne: "Database" },
];

const number = (label: string, field: string, defaultValue: string, config: Record<string, unknown>, required: 0 | 1 = 0, visible = "{}"): FieldConfig => ({
  Type: "number",
  Lable: label,
  Field: field,
  DefaultValue: defaultValue,
  Config: JSON.stringify(config),
  Required: required,
  Validate: "{}",
  Visible: visible,
});
const input = (label: string, field: string, defaultValue: string, required: 0 | 1): FieldConfig => ({
  Type: "input",
  Lable: label,
  Field: field,
  DefaultValue: defaultValue,
  Config: "{}",
  Required: required,
  Validate: "{}",
  Visible: "{}",
});

/** The general (common) fields every action takes: seed 002, DescribeActionFieldConfigList's `Common`. */
const COMMON_FIELDS: FieldConfig[] = [
  input("Action Alias", "AliasTitle", "", 0),
  number("Pre-Wait Time (s)", "PreTimeWait", "0", { max: 86400, min: 0, tooltip: "Only for auto-advance mode" }),
  number("Post-Wait Time (s)", "AfterTimeWait", "0", { max: 86400, min: 0, tooltip: "Only for auto-advance mode" }),
  number("Action Timeout Period (s)", "ActionTimeout", "1800", { max: 86400, min: 0, tooltip: "Action timeout period" }, 0, JSON.stringify({ op: "<", type: "need_insert", value: 0, relatedField: "ActionTimeout" })),
];

/** The action library: seed 002's actions 462 and 466 (466 with the seed's fields), and the "Empty Operation" pair 12/13. */
function seedActions(): ActionDefinition[] {
  const recovery = (id: number, title: string, faultId: number, executeSeconds: number): ActionDefinition => ({
    id,
    title: `${title} (rollback)`,
    description: `Rolls back ${title}`,
    attribute: 2,
    relationActionId: faultId,
    objectTypeId: 1,
    risk: "Low risk",
    executeSeconds,
    custom: [],
  });
  return [
    { id: 12, title: "Empty Operation", description: "Does nothing: tests the experiment flow", attribute: 1, relationActionId: 13, objectTypeId: 1, risk: "Low risk", executeSeconds: 1, custom: [] },
    recovery(13, "Empty Operation", 12, 1),
    {
      id: 462,
      title: "Network Packet Loss",
      description: "Drops a share of the packets on a network interface",
      attribute: 1,
      relationActionId: 463,
      objectTypeId: 1,
      risk: "Medium risk",
      executeSeconds: 3,
      custom: [
        number("Duration (s)", "duration", "180", { max: 1800, min: 0 }, 1),
        input("Network Interface", "interfaces", "", 1),
        number("Packet Loss (%)", "percent", "50", { max: 100, min: 1 }, 1),
      ],
    },
    recovery(463, "Network Packet Loss", 462, 2),
    {
      id: 466,
      title: "DNS tampering",
      description: "Resolves a domain name to another IP",
      attribute: 1,
      relationActionId: 467,
      objectTypeId: 1,
      risk: "Medium risk",
      executeSeconds: 3,
      custom: [number("Duration (s)", "duration", "180", { max: 1800, min: 0 }, 1), input("Domain Name", "domain", "", 1), input("IP", "ip", "", 1)],
    },
    recovery(467, "DNS tampering", 466, 2),
  ];
}

/** Template 626 of seed 002: one action group, "Empty Operation" and its rollback. */
function seedTemplates(): TemplateDefinition[] {
  return [
    {
      id: 626,
      title: "Empty operation drill",
      description: "Test an empty operation action",
      mode: 1,
      pauseDuration: 60,
      policyDealType: 1,
      groups: [
        {
          title: "abc",
          description: "abc",
          mode: 1,
          objectTypeId: 1,
          actions: [
            { actionId: 12, general: { AliasTitle: "", PreTimeWait: 0, ActionTimeout: 1800, AfterTimeWait: 0 }, custom: {} },
            { actionId: 13, general: { PreTimeWait: 0, ActionTimeout: 1800, AfterTimeWait: 0 }, custom: {} },
          ],
        },
      ],
    },
    {
      id: 627,
      title: "Network and DNS drill",
      description: "Packet loss on the web tier, then DNS tampering on the app tier",
      mode: 2,
      pauseDuration: 60,
      policyDealType: 1,
      groups: [
        {
          title: "web tier",
          description: "packet loss",
          mode: 1,
          objectTypeId: 1,
          actions: [
            { actionId: 462, general: { ActionTimeout: 1800 }, custom: { duration: 60, interfaces: "eth0", percent: 30 } },
            { actionId: 463, general: { ActionTimeout: 1800 }, custom: {} },
          ],
        },
        {
          title: "app tier",
          description: "dns",
          mode: 1,
          objectTypeId: 1,
          actions: [
            { actionId: 466, general: { ActionTimeout: 1800 }, custom: { duration: 60, domain: "api.example.com", ip: "127.0.0.1" } },
            { actionId: 467, general: { ActionTimeout: 1800 }, custom: {} },
          ],
        },
      ],
    },
  ];
}

/**
 * Extra templates and library actions from the emulator config (`seeds.cfg`), in the shapes of
 * `TemplateDefinition` and `ActionDefinition`; one with a built-in id replaces it.
 */
export interface CfgSeeds {
  templates?: TemplateDefinition[];
  actions?: ActionDefinition[];
}

function withSeeds<T extends { id: number }>(builtIn: T[], extra: unknown, kind: string): T[] {
  if (extra === undefined) return builtIn;
  if (!Array.isArray(extra) || extra.some((e) => typeof e !== "object" || e === null || typeof (e as { id?: unknown }).id !== "number")) {
    throw new Error(`emulator config seeds.cfg.${kind} must be a list of objects with a numeric id`);
  }
  const ids = new Set((extra as T[]).map((e) => e.id));
  return [...builtIn.filter((b) => !ids.has(b.id)), ...(extra as T[])];
}

function bucket(ctx: { store: StateStore; account: string; region: string; seeds?: unknown }): CfgStore {
  const seeds = (ctx.seeds ?? {}) as CfgSeeds;
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

function findTask(store: CfgStore, id: number): ExperimentRecord {
  const task = store.tasks.find((t) => t.id === id);
  if (!task) throw tencentErrors.resourceNotFound(`The experiment ${id} does not exist.`);
  return task;
}

function actionDefinition(store: CfgStore, id: number): ActionDefinition {
  const action = store.actions.find((a) => a.id === id);
  if (!action) throw tencentErrors.invalidParameterValue(`The action ${id} does not exist in the action library.`);
  return action;
}

/** A JSON-object configuration string, or a clear InvalidParameterValue. */
function parseConfiguration(name: string, text: string | undefined): Record<string, unknown> {
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

function defaultsOf(fields: FieldConfig[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f.DefaultValue !== "") out[f.Field] = f.Type === "number" ? Number(f.DefaultValue) : f.DefaultValue;
  return out;
}

/** The action's custom configuration with defaults filled; a required field without a default must be given. */
function customConfiguration(action: ActionDefinition, given: Record<string, unknown>, name: string): Record<string, unknown> {
  const merged = { ...defaultsOf(action.custom), ...given };
  for (const f of action.custom) {
    const v = merged[f.Field];
    if (f.Required === 1 && (v === undefined || v === "")) {
      throw tencentErrors.invalidParameterValue(`${name} misses \`${f.Field}\`, required by action ${action.id} (${action.title}).`);
    }
  }
  return merged;
}

interface ActionSpec {
  actionId: number;
  general: Record<string, unknown>;
  custom: Record<string, unknown>;
}

/** A fault action followed by its recovery action, as the console adds them. */
function withRecovery(store: CfgStore, spec: ActionSpec, name: string): ActionSpec[] {
  const action = actionDefinition(store, spec.actionId);
  const custom = customConfiguration(action, spec.custom, name);
  const specs = [{ ...spec, custom }];
  if (action.attribute === 1 && action.relationActionId !== undefined) specs.push({ actionId: action.relationActionId, general: {}, custom: {} });
  return specs;
}

function buildGroup(ctx: ActionContext, store: CfgStore, order: number, source: { title: string; description: string; mode: number; objectTypeId: number }, instances: string[], specs: ActionSpec[]): GroupRecord {
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

function instancesOf(raw: Record<string, unknown>, name: string): string[] {
  const v = raw[name];
  if (v === undefined || v === null) throw tencentErrors.missingParameter(name);
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw tencentErrors.invalidParameter(`The parameter \`${name}\` must be an Array of String.`);
  if (v.length === 0) throw tencentErrors.invalidParameterValue(`${name} must not be empty.`);
  return v as string[];
}

function tagsOf(raw: unknown, name: string): Array<{ TagKey: string; TagValue: string }> {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw tencentErrors.invalidParameter(`The parameter \`${name}\` must be an Array of TagWithCreate.`);
  return raw.map((t, i) => {
    const tag = t as { TagKey?: unknown; TagValue?: unknown };
    if (typeof tag.TagKey !== "string" || typeof tag.TagValue !== "string") throw tencentErrors.invalidParameter(`${name}.${i} needs TagKey and TagValue strings.`);
    return { TagKey: tag.TagKey, TagValue: tag.TagValue };
  });
}

function newExperiment(ctx: ActionContext, fields: Omit<ExperimentRecord, "id" | "status" | "statusType" | "createTime" | "updateTime" | "logs" | "policyLogs">): ExperimentRecord {
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

const allActions = (task: ExperimentRecord): ActionRecord[] => task.groups.flatMap((g) => g.actions);

function startInstances(task: ExperimentRecord, action: ActionRecord, instances: InstanceRecord[], at: number): void {
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
function settleAction(task: ExperimentRecord, action: ActionRecord): void {
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
function advance(task: ExperimentRecord, now: number): void {
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
function injectedFaultsOf(task: ExperimentRecord): InjectedFault[] {
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
function settle(store: CfgStore, now: number): void {
  for (const task of store.tasks) advance(task, now);
  store.injectedFaults = [...store.orphanedFaults, ...store.tasks.flatMap(injectedFaultsOf)];
}

/** Ends the experiment: executing instances are cut off (terminated); faults are NOT rolled back. */
function endExperiment(task: ExperimentRecord, now: number): void {
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

function describeInstance(i: InstanceRecord) {
  return {
    TaskGroupInstanceId: i.id,
    TaskGroupInstanceObjectId: i.objectId,
    TaskGroupInstanceStatus: i.status,
    TaskGroupInstanceStatusType: i.statusType,
    TaskGroupInstanceExecuteLog: null,
    TaskGroupInstanceStartTime: formatTime(i.startTime),
    TaskGroupInstanceEndTime: formatTime(i.endTime),
    TaskGroupInstanceCreateTime: formatTime(i.createTime),
    TaskGroupInstanceUpdateTime: formatTime(i.updateTime),
    TaskGroupInstanceIsRedo: i.isRedo,
    TaskGroupInstanceExecuteTime: i.startTime !== undefined && i.endTime !== undefined ? Math.round((i.endTime - i.startTime) / 1000) : null,
  };
}

function describeAction(a: ActionRecord) {
  return {
    TaskGroupInstances: a.instances.map(describeInstance),
    TaskGroupActionId: a.id,
    ActionId: a.actionId,
    ActionTitle: a.title,
    ActionApiType: 1,
    ActionType: "Platform",
    ActionRisk: a.risk,
    ActionAttribute: a.attribute,
    TaskGroupActionOrder: a.order,
    TaskGroupActionGeneralConfiguration: a.general,
    TaskGroupActionCustomConfiguration: a.custom,
    TaskGroupActionStatus: a.status,
    TaskGroupActionStatusType: a.statusType,
    TaskGroupActionRandomId: a.randomId,
    TaskGroupActionRecoverId: a.recoverId ?? null,
    TaskGroupActionExecuteId: a.executeId ?? null,
    TaskGroupActionCreateTime: formatTime(a.createTime),
    TaskGroupActionUpdateTime: formatTime(a.updateTime),
    IsExecuteRedo: a.attribute === 1,
    TaskGroupActionExecuteTime: null,
    TaskGroupActionStartTime: formatTime(a.startTime),
  };
}

function describeTask(task: ExperimentRecord, account: string) {
  return {
    TaskId: task.id,
    TaskTitle: task.title,
    TaskDescription: task.description,
    TaskTag: "",
    TaskStatus: task.status,
    TaskStatusType: task.statusType,
    TaskProtectStrategy: null,
    TaskCreateTime: formatTime(task.createTime),
    TaskUpdateTime: formatTime(task.updateTime),
    TaskStartTime: formatTime(task.startTime),
    TaskEndTime: formatTime(task.endTime),
    TaskExpect: task.expect ?? null,
    TaskSummary: task.summary ?? null,
    TaskIssue: task.issue,
    TaskMode: task.mode,
    TaskRegionId: 1,
    TaskPauseDuration: task.pauseDuration,
    TaskOwnerUin: account,
    TaskPlanId: null,
    TaskPlanTitle: null,
    TaskGroups: task.groups.map((g) => ({
      TaskGroupActions: g.actions.map(describeAction),
      TaskGroupId: g.id,
      TaskGroupTitle: g.title,
      TaskGroupDescription: g.description,
      TaskGroupOrder: g.order,
      TaskGroupMode: g.mode,
      TaskGroupInstanceList: g.instances,
      ObjectTypeId: g.objectTypeId,
      TaskGroupCreateTime: formatTime(g.createTime),
      TaskGroupUpdateTime: formatTime(g.createTime),
      TaskGroupInstancesExecuteRule: [{ TaskGroupInstancesExecuteMode: 1 }],
      TaskGroupSelectedInstanceList: g.instances,
      TaskGroupDiscardInstanceList: [],
    })),
    TaskMonitors: [],
    TaskPolicy: null,
    Tags: task.tags,
    PolicyDealType: task.policyDealType,
  };
}

function describeTemplate(t: TemplateDefinition, store: CfgStore, account: string) {
  return {
    TemplateId: t.id,
    TemplateTitle: t.title,
    TemplateDescription: t.description,
    TemplateTag: "",
    TemplateIsUsed: 1,
    TemplateCreateTime: "2023-08-14 11:55:02",
    TemplateUpdateTime: "2023-08-14 11:55:02",
    TemplateMode: t.mode,
    TemplatePauseDuration: t.pauseDuration,
    TemplateOwnerUin: account,
    TemplateRegionId: 1,
    TemplateGroups: t.groups.map((g, gi) => ({
      TemplateGroupId: t.id * 100 + gi + 1,
      TemplateGroupActions: g.actions.map((a, ai) => {
        const def = actionDefinition(store, a.actionId);
        return {
          TemplateGroupActionId: t.id * 1000 + gi * 100 + ai + 1,
          ActionId: a.actionId,
          Order: ai + 1,
          GeneralConfiguration: JSON.stringify({ ...defaultsOf(COMMON_FIELDS), ...a.general }),
          CustomConfiguration: JSON.stringify(a.custom),
          CreateTime: "2023-08-14 11:55:02",
          UpdateTime: "2023-08-14 11:55:02",
          ActionTitle: def.title,
          RandomId: 0,
          RecoverId: 0,
          ExecuteId: 0,
          ActionApiType: 1,
          ActionAttribute: def.attribute,
          ActionType: "Platform",
          ActionRisk: def.risk,
        };
      }),
      Title: g.title,
      Description: g.description,
      Order: gi + 1,
      Mode: g.mode,
      ObjectTypeId: g.objectTypeId,
      CreateTime: "2023-08-14 11:55:02",
      UpdateTime: "2023-08-14 11:55:02",
    })),
    TemplateMonitors: [],
    TemplatePolicy: null,
    Tags: [],
    TemplateSource: 1,
    ApmServiceList: [],
    AlarmPolicy: [],
    PolicyDealType: t.policyDealType,
  };
}

function optionalObjectList(raw: unknown, name: string): Array<Record<string, unknown>> {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.some((x) => typeof x !== "object" || x === null || Array.isArray(x))) throw tencentErrors.invalidParameter(`The parameter \`${name}\` must be an Array of objects.`);
  return raw as Array<Record<string, unknown>>;
}

function optionalStringField(obj: Record<string, unknown>, name: string, path: string): string | undefined {
  const v = obj[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw tencentErrors.invalidParameter(`The parameter \`${path}\` must be a String.`);
  return v;
}

function createFromTemplate(ctx: ActionContext, raw: Record<string, unknown>): Record<string, unknown> {
  const store = bucket(ctx);
  const p = new Params(raw);
  const templateId = p.integer("TemplateId");
  const template = store.templates.find((t) => t.id === templateId);
  if (!template) throw tencentErrors.invalidParameterValue(`The template ${templateId} does not exist.`);
  if (raw.TaskConfig === undefined || raw.TaskConfig === null) throw tencentErrors.missingParameter("TaskConfig");
  if (typeof raw.TaskConfig !== "object" || Array.isArray(raw.TaskConfig)) throw tencentErrors.invalidParameter("The parameter `TaskConfig` must be a TaskConfig object.");
  const config = raw.TaskConfig as Record<string, unknown>;
  const cp = new Params(config);
  if (config.TaskGroupsConfig === undefined) throw tencentErrors.missingParameter("TaskConfig.TaskGroupsConfig");
  const groupsConfig = optionalObjectList(config.TaskGroupsConfig, "TaskConfig.TaskGroupsConfig");
  // The SDK's rule: one TaskGroupsConfig entry per action group of the template.
  if (groupsConfig.length !== template.groups.length) {
    throw tencentErrors.invalidParameterValue(`TaskConfig.TaskGroupsConfig has ${groupsConfig.length} entries; template ${templateId} has ${template.groups.length} action groups.`);
  }
  const mode = cp.optionalInteger("TaskMode") ?? template.mode;
  if (mode !== 1 && mode !== 2) throw tencentErrors.invalidParameterValue("TaskConfig.TaskMode must be 1 (manual) or 2 (automatic).");
  const policyDealType = cp.optionalInteger("PolicyDealType") ?? template.policyDealType;
  if (policyDealType !== 1 && policyDealType !== 2) throw tencentErrors.invalidParameterValue("TaskConfig.PolicyDealType must be 1 or 2.");
  const pauseDuration = cp.optionalInteger("TaskPauseDuration") ?? template.pauseDuration;
  const groups = template.groups.map((tg, gi) => {
    const gc = groupsConfig[gi];
    const path = `TaskConfig.TaskGroupsConfig.${gi}`;
    const instances = instancesOf(gc, "TaskGroupInstances");
    const overrides = optionalObjectList(gc.TaskGroupActionsConfig, `${path}.TaskGroupActionsConfig`);
    const specs: ActionSpec[] = tg.actions.map((ta, ai) => {
      // "a wrong TaskGroupActionOrder matches nothing" (SDK comment): such an entry changes no action.
      const o = overrides.find((x) => new Params(x).optionalInteger("TaskGroupActionOrder") === ai + 1);
      const general = { ...ta.general, ...parseConfiguration(`${path}.TaskGroupActionGeneralConfiguration`, o && optionalStringField(o, "TaskGroupActionGeneralConfiguration", path)) };
      const custom = { ...ta.custom, ...parseConfiguration(`${path}.TaskGroupActionCustomConfiguration`, o && optionalStringField(o, "TaskGroupActionCustomConfiguration", path)) };
      return { actionId: ta.actionId, general, custom: customConfiguration(actionDefinition(store, ta.actionId), custom, `${path}.TaskGroupActionCustomConfiguration`) };
    });
    const groupMode = new Params(gc).optionalInteger("TaskGroupMode") ?? tg.mode;
    return buildGroup(
      ctx,
      store,
      gi + 1,
      {
        title: optionalStringField(gc, "TaskGroupTitle", `${path}.TaskGroupTitle`) ?? tg.title,
        description: optionalStringField(gc, "TaskGroupDescription", `${path}.TaskGroupDescription`) ?? tg.description,
        mode: groupMode,
        objectTypeId: tg.objectTypeId,
      },
      instances,
      specs,
    );
  });
  const task = newExperiment(ctx, {
    title: cp.optionalString("TaskTitle") || template.title,
    description: cp.optionalString("TaskDescription") || template.description,
    mode,
    pauseDuration,
    policyDealType,
    tags: tagsOf(config.Tags, "TaskConfig.Tags"),
    groups,
  });
  store.tasks.push(task);
  return { TaskId: task.id };
}

function createFromAction(ctx: ActionContext, raw: Record<string, unknown>): Record<string, unknown> {
  const store = bucket(ctx);
  const p = new Params(raw);
  const actionId = p.integer("TaskActionId");
  const instances = instancesOf(raw, "TaskInstances");
  const action = actionDefinition(store, actionId);
  const specs = withRecovery(
    store,
    {
      actionId,
      general: parseConfiguration("TaskActionGeneralConfiguration", p.optionalString("TaskActionGeneralConfiguration")),
      custom: parseConfiguration("TaskActionCustomConfiguration", p.optionalString("TaskActionCustomConfiguration")),
    },
    "TaskActionCustomConfiguration",
  );
  const task = newExperiment(ctx, {
    title: p.optionalString("TaskTitle") || action.title,
    description: p.optionalString("TaskDescription") || action.description,
    mode: 1, // undocumented for experiments created from actions: manual, as the console creates them
    pauseDuration: p.optionalInteger("TaskPauseDuration") ?? 60,
    policyDealType: 1,
    tags: tagsOf(raw.TaskTags, "TaskTags"),
    groups: [],
  });
  task.groups = [buildGroup(ctx, store, 1, { title: action.title, description: action.description, mode: 1, objectTypeId: action.objectTypeId }, instances, specs)];
  store.tasks.push(task);
  return { TaskId: task.id };
}

function createFromMultiAction(ctx: ActionContext, raw: Record<string, unknown>): Record<string, unknown> {
  const store = bucket(ctx);
  const p = new Params(raw);
  const instances = instancesOf(raw, "TaskInstances");
  const list = optionalObjectList(raw.TaskAction, "TaskAction");
  // TaskAction is optional in the SDK; an experiment without any action cannot run, so one is required here.
  if (list.length === 0) throw tencentErrors.invalidParameterValue("TaskAction must name at least one action.");
  const specs = list.flatMap((item, i) => {
    const ip = new Params(item);
    const actionId = ip.optionalInteger("TaskActionId");
    if (actionId === undefined) throw tencentErrors.missingParameter(`TaskAction.${i}.TaskActionId`);
    return withRecovery(
      store,
      {
        actionId,
        general: parseConfiguration(`TaskAction.${i}.TaskActionGeneralConfiguration`, optionalStringField(item, "TaskActionGeneralConfiguration", `TaskAction.${i}`)),
        custom: parseConfiguration(`TaskAction.${i}.TaskActionCustomConfiguration`, optionalStringField(item, "TaskActionCustomConfiguration", `TaskAction.${i}`)),
      },
      `TaskAction.${i}.TaskActionCustomConfiguration`,
    );
  });
  const first = actionDefinition(store, specs[0].actionId);
  const task = newExperiment(ctx, {
    title: p.optionalString("TaskTitle") || first.title,
    description: p.optionalString("TaskDescription") || first.description,
    mode: 1,
    pauseDuration: p.optionalInteger("TaskPauseDuration") ?? 60,
    policyDealType: 1,
    tags: [],
    groups: [],
  });
  task.groups = [buildGroup(ctx, store, 1, { title: task.title, description: task.description, mode: 1, objectTypeId: first.objectTypeId }, instances, specs)];
  store.tasks.push(task);
  return { TaskId: task.id };
}

const ACTION_TYPES = { START: 1, EXECUTE: 2, SKIP: 3, RETRY: 5 } as const;

function executeTaskInstance(ctx: ActionContext, raw: Record<string, unknown>, task: ExperimentRecord): void {
  const p = new Params(raw);
  const actionId = p.integer("TaskActionId");
  const groupId = p.integer("TaskGroupId");
  const actionType = p.integer("ActionType");
  if (typeof raw.IsOperateAll !== "boolean") throw raw.IsOperateAll === undefined ? tencentErrors.missingParameter("IsOperateAll") : tencentErrors.invalidParameter("The parameter `IsOperateAll` must be a Boolean.");
  // Every field is required, but with IsOperateAll the ids "will be ignored" (seed 002's example sends placeholders).
  if (!Array.isArray(raw.TaskInstanceIds)) throw raw.TaskInstanceIds === undefined ? tencentErrors.missingParameter("TaskInstanceIds") : tencentErrors.invalidParameter("The parameter `TaskInstanceIds` must be an Array of Integer.");
  const ids = raw.IsOperateAll ? [] : p.integerArray("TaskInstanceIds");
  if (![1, 2, 3, 5].includes(actionType)) throw tencentErrors.invalidParameterValue("ActionType must be 1 (start), 2 (execute), 3 (skip) or 5 (retry).");
  // Assumption (§A.5 is silent): instances are driven while the experiment executes or is paused, never before or after.
  if (task.status === TASK_STATUS.NOT_STARTED) throw tencentErrors.custom("OperationDenied", `The experiment ${task.id} has not started: run ExecuteTask first.`);
  if (task.status === TASK_STATUS.ENDED) throw tencentErrors.custom("OperationDenied", `The experiment ${task.id} has ended.`);
  const group = task.groups.find((g) => g.id === groupId);
  if (!group) throw tencentErrors.resourceNotFound(`The action group ${groupId} does not exist in experiment ${task.id}.`);
  const action = group.actions.find((a) => a.id === actionId);
  if (!action) throw tencentErrors.resourceNotFound(`The action ${actionId} does not exist in action group ${groupId}.`);
  const chosen = raw.IsOperateAll ? action.instances : action.instances.filter((i) => ids.includes(i.id));
  if (!raw.IsOperateAll) {
    const unknown = ids.filter((id) => !action.instances.some((i) => i.id === id));
    if (unknown.length) throw tencentErrors.resourceNotFound(`The instances ${unknown.join(", ")} do not belong to action ${actionId}.`);
    if (chosen.length === 0) throw tencentErrors.invalidParameterValue("TaskInstanceIds must not be empty unless IsOperateAll is true.");
  }
  const now = ctx.now().getTime();
  const fault = action.attribute === 2 ? group.actions.find((a) => a.randomId === action.executeId) : undefined;
  // A recovery may run out of turn once its fault has run (a rollback); anything else waits for its turn.
  const rollback = fault !== undefined && fault.status === ACTION_STATUS.ENDED && fault.statusType !== RESULT.SKIPPED;
  if (fault?.status === ACTION_STATUS.EXECUTING) throw tencentErrors.custom("OperationDenied", `The fault action ${fault.id} is still executing; its recovery runs once it ends.`);
  if (actionType === ACTION_TYPES.RETRY) {
    const failed = chosen.filter((i) => i.status === INSTANCE_STATUS.ENDED && i.statusType === RESULT.FAILURE);
    if (failed.length === 0) throw tencentErrors.custom("OperationDenied", `Action ${actionId} has no failed instance to retry.`);
    for (const i of failed) i.isRedo = true;
    startInstances(task, action, failed, now);
    return;
  }
  if (action.status === ACTION_STATUS.ENDED) throw tencentErrors.custom("OperationDenied", `Action ${actionId} has already ended.`);
  if (action.status === ACTION_STATUS.NOT_STARTED && !rollback) throw tencentErrors.custom("OperationDenied", `Action ${actionId} is not pending: the actions before it have not ended.`);
  const waiting = chosen.filter((i) => i.status === INSTANCE_STATUS.NOT_STARTED);
  if (waiting.length === 0) throw tencentErrors.custom("OperationDenied", `The chosen instances of action ${actionId} are not waiting to run.`);
  if (actionType === ACTION_TYPES.SKIP) {
    for (const i of waiting) Object.assign(i, { status: INSTANCE_STATUS.ENDED, statusType: RESULT.SKIPPED, updateTime: now, endTime: now });
    task.logs.push(`${formatTime(now)} action ${action.id} (${action.title}) skipped on ${waiting.map((i) => i.objectId).join(", ")}`);
    settleAction(task, action);
    return;
  }
  startInstances(task, action, waiting, now);
}

function modifyRunStatus(ctx: ActionContext, raw: Record<string, unknown>, task: ExperimentRecord): void {
  const p = new Params(raw);
  const status = p.integer("Status");
  const now = ctx.now().getTime();
  if (![1001, 1002, 1003, 1004].includes(status)) throw tencentErrors.invalidParameterValue("Status must be 1001, 1002, 1003 or 1004.");
  if (status === TASK_STATUS.ENDED) {
    // "must be passed when the status being changed to is execution ended" (SDK comments).
    if (raw.IsExpect === undefined || raw.IsExpect === null) throw tencentErrors.missingParameter("IsExpect");
    if (typeof raw.IsExpect !== "boolean") throw tencentErrors.invalidParameter("The parameter `IsExpect` must be a Boolean.");
    const summary = p.optionalString("Summary");
    if (summary === undefined || summary.trim() === "") throw tencentErrors.missingParameter("Summary");
    if (task.status === TASK_STATUS.NOT_STARTED) throw tencentErrors.custom("FailedOperation", `The experiment ${task.id} has not started; there is nothing to end.`);
    if (task.status !== TASK_STATUS.ENDED) endExperiment(task, now);
    // An ended experiment takes a new conclusion (the console's "edit conclusion").
    task.summary = summary;
    task.expect = raw.IsExpect ? 1 : 2;
    task.issue = p.optionalString("Issue") ?? task.issue;
    task.record = p.optionalString("Record") ?? task.record;
    task.updateTime = now;
    return;
  }
  if (task.status === TASK_STATUS.ENDED) throw tencentErrors.custom("FailedOperation", `The experiment ${task.id} has ended; its run status cannot change.`);
  if (status === TASK_STATUS.NOT_STARTED || task.status === TASK_STATUS.NOT_STARTED) {
    throw tencentErrors.custom("UnsupportedOperation", `Experiment ${task.id} is ${task.status}; start it with ExecuteTask, pause it with 1003, resume it with 1002.`);
  }
  if (task.status !== status) task.logs.push(`${formatTime(now)} experiment ${status === TASK_STATUS.PAUSED ? "paused" : "resumed"}`);
  if (task.status === TASK_STATUS.PAUSED && status === TASK_STATUS.EXECUTING) task.resumedAt = now;
  task.status = status;
  task.updateTime = now;
}

function paged<T>(items: T[], p: Params, limitMax = 100): T[] {
  const offset = p.integer("Offset");
  const limit = p.integer("Limit");
  if (offset < 0) throw tencentErrors.invalidParameterValue("Offset must not be negative.");
  if (limit < 1 || limit > limitMax) throw tencentErrors.invalidParameterValue(`Limit must be between 1 and ${limitMax}.`);
  return items.slice(offset, offset + limit);
}

/** An action that first brings the bucket's experiments to the emulator's now, then answers. */
function cfgAction(name: string, mutates: boolean, run: (ctx: ActionContext, raw: Record<string, unknown>, store: CfgStore) => Record<string, unknown>): ProductAction {
  const handler: ActionHandler = (ctx, raw) => {
    const store = bucket(ctx);
    settle(store, ctx.now().getTime());
    const result = run(ctx, raw, store);
    settle(store, ctx.now().getTime());
    return result;
  };
  return { rateLimit: RATE_LIMITS[name], mutates, regionRequired: true, handler };
}

const taskOf = (store: CfgStore, raw: Record<string, unknown>) => findTask(store, new Params(raw).integer("TaskId"));

export const cfg: TencentProduct = {
  name: "cfg",
  version: "2021-08-20",
  settle(store, now) {
    for (const b of store.buckets("cfg")) settle(b.value as CfgStore, now.getTime());
  },
  actions: {
    CreateTaskFromTemplate: cfgAction("CreateTaskFromTemplate", true, (ctx, raw) => createFromTemplate(ctx, raw)),
    CreateTaskFromAction: cfgAction("CreateTaskFromAction", true, (ctx, raw) => createFromAction(ctx, raw)),
    CreateTaskFromMultiAction: cfgAction("CreateTaskFromMultiAction", true, (ctx, raw) => createFromMultiAction(ctx, raw)),
    DescribeTask: cfgAction("DescribeTask", false, (ctx, raw, store) => {
      const task = taskOf(store, raw);
      const ended = task.status === TASK_STATUS.ENDED;
      return {
        Task: describeTask(task, ctx.account),
        ReportInfo: ended ? { Stage: 0, CreateTime: formatTime(task.endTime), Expired: false, CosUrl: "", Log: "", ArchiveStage: 0 } : null,
      };
    }),
    DescribeTaskList: cfgAction("DescribeTaskList", false, (_ctx, raw, store) => {
      const p = new Params(raw);
      const title = p.optionalString("TaskTitle");
      const status = p.optionalInteger("TaskStatus");
      const ids = p.optionalIntegerArray("TaskId");
      const statuses = p.optionalIntegerArray("TaskStatusList");
      const matching = store.tasks
        .filter((t) => (title === undefined || t.title.includes(title)) && (status === undefined || t.status === status) && (!ids || ids.includes(t.id)) && (!statuses || statuses.includes(t.status)))
        .sort((a, b) => b.id - a.id);
      return {
        TaskList: paged(matching, p).map((t) => ({
          TaskId: t.id,
          TaskTitle: t.title,
          TaskDescription: t.description,
          TaskTag: "",
          TaskStatus: t.status,
          TaskCreateTime: formatTime(t.createTime),
          TaskUpdateTime: formatTime(t.updateTime),
          TaskPreCheckStatus: 0,
          TaskPreCheckSuccess: false,
          TaskExpect: t.expect ?? 0,
          ApplicationId: "",
          ApplicationName: "",
          VerifyId: 0,
          TaskStatusType: t.statusType,
          ArchId: "",
          ArchName: "",
          TaskSource: 0,
          Tags: t.tags,
        })),
        Total: matching.length,
      };
    }),
    DescribeTaskExecuteLogs: cfgAction("DescribeTaskExecuteLogs", false, (_ctx, raw, store) => {
      const task = taskOf(store, raw);
      const p = new Params(raw);
      return { LogMessage: task.logs.slice(p.integer("Offset"), p.integer("Offset") + p.integer("Limit")) };
    }),
    ExecuteTask: cfgAction("ExecuteTask", true, (ctx, raw, store) => {
      const task = taskOf(store, raw);
      // Assumption (§A.5 is silent): only a not-started experiment starts; a repeat is refused, not re-run.
      if (task.status !== TASK_STATUS.NOT_STARTED) throw tencentErrors.custom("FailedOperation", `The experiment ${task.id} has already been started (status ${task.status}).`);
      task.status = TASK_STATUS.EXECUTING;
      task.startTime = ctx.now().getTime();
      task.updateTime = task.startTime;
      task.logs.push(`${formatTime(task.startTime)} experiment started`);
      return {};
    }),
    ExecuteTaskInstance: cfgAction("ExecuteTaskInstance", true, (ctx, raw, store) => {
      executeTaskInstance(ctx, raw, taskOf(store, raw));
      return {};
    }),
    ModifyTaskRunStatus: cfgAction("ModifyTaskRunStatus", true, (ctx, raw, store) => {
      modifyRunStatus(ctx, raw, taskOf(store, raw));
      return {};
    }),
    DeleteTask: cfgAction("DeleteTask", true, (_ctx, raw, store) => {
      const task = taskOf(store, raw);
      if (task.status === TASK_STATUS.EXECUTING || task.status === TASK_STATUS.PAUSED) {
        throw tencentErrors.custom("FailedOperation", `The experiment ${task.id} is ${task.status === TASK_STATUS.EXECUTING ? "executing" : "paused"}; end it (ModifyTaskRunStatus 1004) before deleting it.`);
      }
      store.orphanedFaults.push(...injectedFaultsOf(task).map((f) => ({ ...f, experimentDeleted: true })));
      store.tasks = store.tasks.filter((t) => t !== task);
      return {};
    }),
    TriggerPolicy: cfgAction("TriggerPolicy", true, (ctx, raw, store) => {
      const task = taskOf(store, raw);
      const p = new Params(raw);
      const triggerType = p.integer("TriggerType");
      if (triggerType !== 0 && triggerType !== 1) throw tencentErrors.invalidParameterValue("TriggerType must be 0 (trigger) or 1 (recover).");
      task.policyLogs.push({ Name: p.string("Name"), Content: p.string("Content"), TriggerType: triggerType, CreatTime: formatTime(ctx.now().getTime()) ?? "" });
      if (triggerType === 0 && task.status === TASK_STATUS.EXECUTING && task.policyDealType === 2) task.status = TASK_STATUS.PAUSED;
      return { TaskId: task.id, Success: true };
    }),
    DescribeTaskPolicyTriggerLog: cfgAction("DescribeTaskPolicyTriggerLog", false, (_ctx, raw, store) => {
      const task = taskOf(store, raw);
      const p = new Params(raw);
      const page = p.integer("Page");
      const size = p.integer("PageSize");
      return { TriggerLogs: task.policyLogs.slice((page - 1) * size, page * size).map((l) => ({ TaskId: task.id, ...l })) };
    }),
    DescribeTemplate: cfgAction("DescribeTemplate", false, (ctx, raw, store) => {
      const id = new Params(raw).integer("TemplateId");
      const template = store.templates.find((t) => t.id === id);
      if (!template) throw tencentErrors.resourceNotFound(`The template ${id} does not exist.`);
      return { Template: describeTemplate(template, store, ctx.account) };
    }),
    DescribeTemplateList: cfgAction("DescribeTemplateList", false, (_ctx, raw, store) => {
      const p = new Params(raw);
      const title = p.optionalString("Title");
      const matching = store.templates.filter((t) => title === undefined || t.title.includes(title));
      return {
        TemplateList: paged(matching, p).map((t) => ({
          TemplateId: t.id,
          TemplateTitle: t.title,
          TemplateDescription: t.description,
          TemplateTag: "",
          TemplateIsUsed: 1,
          TemplateCreateTime: "2023-08-14 11:55:02",
          TemplateUpdateTime: "2023-08-14 11:55:02",
          TemplateUsedNum: store.tasks.length,
          TemplateSource: 1,
        })),
        Total: matching.length,
      };
    }),
    DescribeActionLibraryList: cfgAction("DescribeActionLibraryList", false, (_ctx, raw, store) => {
      const p = new Params(raw);
      const objectType = p.integer("ObjectType");
      const ids = p.optionalIntegerArray("ActionIds");
      const attributes = p.optionalIntegerArray("Attribute");
      const matching = store.actions.filter((a) => a.objectTypeId === objectType && (!ids || ids.includes(a.id)) && (!attributes || attributes.includes(a.attribute)));
      return {
        Results: paged(matching, p).map((a) => ({
          ActionName: a.title,
          Desc: a.description,
          ActionType: "Platform",
          CreateTime: "2023-08-14 11:55:02",
          Creator: "Tencent Cloud",
          UpdateTime: "2023-08-14 11:55:02",
          RiskDesc: a.risk,
          ActionId: a.id,
          AttributeId: a.attribute,
          RelationActionId: a.relationActionId ?? 0,
          ActionCommandType: 1,
          ResourceType: OBJECT_TYPES.find((o) => o.ObjectTypeId === a.objectTypeId)?.ObjectTypeTitle ?? "",
          IsAllowed: true,
          ObjectType: OBJECT_TYPES.find((o) => o.ObjectTypeId === a.objectTypeId)?.ObjectTypeTitle ?? "",
          MetricIdList: [],
          IsNewAction: false,
          ObjectTypeId: a.objectTypeId,
        })),
        Total: matching.length,
      };
    }),
    DescribeActionFieldConfigList: cfgAction("DescribeActionFieldConfigList", false, (_ctx, raw, store) => {
      const p = new Params(raw);
      const ids = p.integerArray("ActionIds");
      const objectTypeId = p.integer("ObjectTypeId");
      const actions = ids.map((id) => actionDefinition(store, id));
      const wrongType = actions.find((a) => a.objectTypeId !== objectTypeId);
      if (wrongType) throw tencentErrors.invalidParameterValue(`The action ${wrongType.id} does not belong to object type ${objectTypeId}.`);
      return {
        Common: actions.map((a) => ({ ActionId: a.id, ActionName: a.title, ConfigDetail: COMMON_FIELDS })),
        Results: actions.map((a) => ({ ActionId: a.id, ActionName: a.title, ConfigDetail: a.custom })),
        ResourceOffline: [],
      };
    }),
    DescribeObjectTypeList: cfgAction("DescribeObjectTypeList", false, () => ({ ObjectTypeList: OBJECT_TYPES })),
  },
};
