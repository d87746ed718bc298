import { COMMON_FIELDS, type TemplateDefinition } from "./seeds";
import { actionDefinition, defaultsOf, formatTime, type ActionRecord, type CfgStore, type ExperimentRecord, type InstanceRecord } from "./model";

/** The API's views of the records: DescribeTask's Task and DescribeTemplate's Template. */

export function describeInstance(i: InstanceRecord) {
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

export function describeAction(a: ActionRecord) {
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

export function describeTask(task: ExperimentRecord, account: string) {
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

const SEEDED_AT = "2023-08-14 11:55:02";

/** The fields a template shows in DescribeTemplateList, and first in DescribeTemplate. */
export function templateSummary(t: TemplateDefinition) {
  return {
    TemplateId: t.id,
    TemplateTitle: t.title,
    TemplateDescription: t.description,
    TemplateTag: "",
    TemplateIsUsed: 1,
    TemplateCreateTime: SEEDED_AT,
    TemplateUpdateTime: SEEDED_AT,
    TemplateSource: 1,
  };
}

export function describeTemplate(t: TemplateDefinition, store: CfgStore, account: string) {
  return {
    ...templateSummary(t),
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
          CreateTime: SEEDED_AT,
          UpdateTime: SEEDED_AT,
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
      CreateTime: SEEDED_AT,
      UpdateTime: SEEDED_AT,
    })),
    TemplateMonitors: [],
    TemplatePolicy: null,
    Tags: [],
    ApmServiceList: [],
    AlarmPolicy: [],
    PolicyDealType: t.policyDealType,
  };
}

