import { tencentErrors } from "../errors";
import { Params } from "../params";
import type { ActionContext } from "../product";
import {
  ACTION_STATUS,
  actionDefinition,
  bucket,
  buildGroup,
  customConfiguration,
  endExperiment,
  formatTime,
  INSTANCE_STATUS,
  instancesOf,
  newExperiment,
  parseConfiguration,
  RESULT,
  settleAction,
  startInstances,
  tagsOf,
  TASK_STATUS,
  withRecovery,
  type ActionSpec,
  type ExperimentRecord,
} from "./model";

/** The actions that create experiments and change their run state. */

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

export function createFromTemplate(ctx: ActionContext, raw: Record<string, unknown>): Record<string, unknown> {
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

export function createFromAction(ctx: ActionContext, raw: Record<string, unknown>): Record<string, unknown> {
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

export function createFromMultiAction(ctx: ActionContext, raw: Record<string, unknown>): Record<string, unknown> {
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

export function executeTaskInstance(ctx: ActionContext, raw: Record<string, unknown>, task: ExperimentRecord): void {
  const p = new Params(raw);
  const actionId = p.integer("TaskActionId");
  const groupId = p.integer("TaskGroupId");
  const actionType = p.integer("ActionType");
  // `true`, or "true" as a GET query or form body carries it.
  const operateAll = p.boolean("IsOperateAll");
  // Every field is required, but with IsOperateAll the ids "will be ignored" (seed 002's example sends placeholders);
  // an empty list cannot travel in a query or form body (the SDKs send nothing for it), so there it may be absent.
  if (raw.TaskInstanceIds !== undefined && !Array.isArray(raw.TaskInstanceIds)) throw tencentErrors.invalidParameter("The parameter `TaskInstanceIds` must be an Array of Integer.");
  if (raw.TaskInstanceIds === undefined && !operateAll) throw tencentErrors.missingParameter("TaskInstanceIds");
  const ids = operateAll ? [] : p.integerArray("TaskInstanceIds");
  if (![1, 2, 3, 5].includes(actionType)) throw tencentErrors.invalidParameterValue("ActionType must be 1 (start), 2 (execute), 3 (skip) or 5 (retry).");
  // Assumption (§A.5 is silent): instances are driven while the experiment executes or is paused, never before or after.
  if (task.status === TASK_STATUS.NOT_STARTED) throw tencentErrors.custom("OperationDenied", `The experiment ${task.id} has not started: run ExecuteTask first.`);
  if (task.status === TASK_STATUS.ENDED) throw tencentErrors.custom("OperationDenied", `The experiment ${task.id} has ended.`);
  const group = task.groups.find((g) => g.id === groupId);
  if (!group) throw tencentErrors.resourceNotFound(`The action group ${groupId} does not exist in experiment ${task.id}.`);
  const action = group.actions.find((a) => a.id === actionId);
  if (!action) throw tencentErrors.resourceNotFound(`The action ${actionId} does not exist in action group ${groupId}.`);
  const chosen = operateAll ? action.instances : action.instances.filter((i) => ids.includes(i.id));
  if (!operateAll) {
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

export function modifyRunStatus(ctx: ActionContext, raw: Record<string, unknown>, task: ExperimentRecord): void {
  const p = new Params(raw);
  const status = p.integer("Status");
  const now = ctx.now().getTime();
  if (![1001, 1002, 1003, 1004].includes(status)) throw tencentErrors.invalidParameterValue("Status must be 1001, 1002, 1003 or 1004.");
  if (status === TASK_STATUS.ENDED) {
    // "must be passed when the status being changed to is execution ended" (SDK comments).
    // `true`, or "true" as a GET query or form body carries it.
    const isExpect = p.boolean("IsExpect");
    const summary = p.optionalString("Summary");
    if (summary === undefined || summary.trim() === "") throw tencentErrors.missingParameter("Summary");
    if (task.status === TASK_STATUS.NOT_STARTED) throw tencentErrors.custom("FailedOperation", `The experiment ${task.id} has not started; there is nothing to end.`);
    if (task.status !== TASK_STATUS.ENDED) endExperiment(task, now);
    // An ended experiment takes a new conclusion (the console's "edit conclusion").
    task.summary = summary;
    task.expect = isExpect ? 1 : 2;
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

