import { tencentErrors } from "../errors";
import { Params } from "../params";
import type { ActionContext, ActionHandler, ProductAction, TencentProduct } from "../product";
import { actionDefinition, bucket, findTask, formatTime, injectedFaultsOf, settle, TASK_STATUS, type CfgStore } from "./model";
import { createFromAction, createFromMultiAction, createFromTemplate, executeTaskInstance, modifyRunStatus } from "./operations";
import { COMMON_FIELDS, OBJECT_TYPES } from "./seeds";
import { describeTask, describeTemplate, templateSummary } from "./views";

export type { CfgSeeds, ActionDefinition, TemplateDefinition, FieldConfig } from "./seeds";
export type { ExperimentRecord, InjectedFault } from "./model";

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
 * Ending an experiment does NOT roll its faults back (the dangerous case, modelled): a fault whose recovery
 * action has not succeeded stays injected, and is listed in the bucket's `injectedFaults` (read it
 * through `GET /_emulator/state`) even after the experiment is deleted.
 *
 * Actions move forward on the emulator's clock: an instance executes for its action's
 * `executeSeconds`. In automatic mode (TaskMode 2) the next action starts when one ends; in manual
 * mode (TaskMode 1) it waits, pending (2002), for ExecuteTaskInstance.
 */

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
  control: {
    settle(ctx) {
      for (const b of ctx.store.buckets("cfg")) settle(b.value as CfgStore, ctx.now().getTime());
    },
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
        TemplateList: paged(matching, p).map((t) => ({ ...templateSummary(t), TemplateUsedNum: store.tasks.length })),
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
