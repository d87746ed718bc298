import type { Task, TaskGroup, TaskGroupAction } from "tencentcloud-sdk-nodejs/tencentcloud/services/cfg/v20210820/cfg_models";
import { isPlainObject } from "../../contract/check";
import type { Inputs } from "../../contract/fields";
import { modesOf } from "./contract";

/*
 * Adoption by taskId: no API edits an experiment's definition, so an existing experiment is adopted
 * only when the declared definition matches what DescribeTask reports, as far as it reports it.
 * Optional inputs left unset are the cloud's defaults and are not compared; configurations match
 * when every declared key has the reported value (the cloud fills in defaults for the rest).
 */

const shown = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : Array.isArray(v) ? `[${v.map(shown).join(", ")}]` : String(v));

/** `field (declared …, the experiment's …)`: how a mismatch is named. */
const mismatch = (field: string, declared: unknown, reported: unknown): string => `${field} (declared ${shown(declared)}, the experiment's ${shown(reported)})`;

const byOrder = <T>(items: readonly T[] | undefined, order: (t: T) => number | undefined): T[] => [...(items ?? [])].sort((a, b) => (order(a) ?? 0) - (order(b) ?? 0));
const groupsOf = (task: Task): TaskGroup[] => byOrder(task.TaskGroups, (g) => g.TaskGroupOrder);
const actionsOf = (group: TaskGroup): TaskGroupAction[] => byOrder(group.TaskGroupActions, (a) => a.TaskGroupActionOrder);

/** The actions a user names in the action modes: all but the recovery actions the cloud adds after each fault. */
function namedActions(group: TaskGroup): TaskGroupAction[] {
  const actions = actionsOf(group);
  const recoveries = new Set(actions.map((a) => a.TaskGroupActionRecoverId).filter((id) => typeof id === "number" && id !== 0));
  return actions.filter((a) => !recoveries.has(a.TaskGroupActionRandomId));
}

const sameScalar = (a: unknown, b: unknown): boolean => (isPlainObject(a) || Array.isArray(a) || isPlainObject(b) || Array.isArray(b) ? JSON.stringify(a) === JSON.stringify(b) : String(a) === String(b));

function parsedObject(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== "string" || text === "") return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The declared configuration's keys whose reported value differs (nothing when it is not reported). */
function configurationMismatch(field: string, declared: unknown, reported: unknown): string[] {
  const want = parsedObject(declared);
  const have = parsedObject(reported);
  if (!want || !have) return [];
  const keys = Object.keys(want).filter((k) => !sameScalar(want[k], have[k]));
  return keys.length ? [`${field} (${keys.map((k) => `${k}: declared ${shown(want[k])}, the experiment's ${shown(have[k])}`).join("; ")})`] : [];
}

const sortedStrings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String).sort() : []);

function optionalMismatch(field: string, declared: unknown, reported: unknown): string[] {
  if (declared === undefined || declared === null || reported === undefined || reported === null) return [];
  return sameScalar(declared, reported) ? [] : [mismatch(field, declared, reported)];
}

function tagsMismatch(field: string, declared: unknown, reported: Task["Tags"]): string[] {
  if (!Array.isArray(declared) || !Array.isArray(reported)) return [];
  const want = declared.map((t: Inputs) => `${t.tagKey}=${t.tagValue}`).sort();
  const have = reported.map((t) => `${t.TagKey}=${t.TagValue}`).sort();
  return sameScalar(want, have) ? [] : [mismatch(field, want, have)];
}

function instancesMismatch(field: string, declared: unknown, group: TaskGroup): string[] {
  const want = sortedStrings(declared);
  const have = sortedStrings(group.TaskGroupInstanceList);
  return sameScalar(want, have) ? [] : [mismatch(field, want, have)];
}

/** The action modes: one group, the named actions in order with their configurations, the objects, title, description, pause, tags. */
function actionModeMismatches(inputs: Inputs, task: Task, multi: boolean): string[] {
  const groups = groupsOf(task);
  const idField = multi ? "taskAction" : "taskActionId";
  if (groups.length !== 1) return [`${idField} (the experiment has ${groups.length} action groups; one made from actions has 1)`];
  const [group] = groups;
  const declaredActions: Inputs[] = multi ? ((inputs.taskAction as Inputs[]) ?? []) : [{ taskActionId: inputs.taskActionId, taskActionGeneralConfiguration: inputs.taskActionGeneralConfiguration, taskActionCustomConfiguration: inputs.taskActionCustomConfiguration }];
  const named = namedActions(group);
  const out: string[] = [];
  const wantIds = declaredActions.map((a) => Number(a.taskActionId));
  const haveIds = named.map((a) => a.ActionId);
  if (!sameScalar(wantIds, haveIds)) out.push(mismatch(idField, multi ? wantIds : wantIds[0], multi ? haveIds : haveIds.length === 1 ? haveIds[0] : haveIds));
  else {
    declaredActions.forEach((a, i) => {
      const path = multi ? `taskAction[${i}].` : "";
      out.push(...configurationMismatch(`${path}taskActionGeneralConfiguration`, a.taskActionGeneralConfiguration, named[i].TaskGroupActionGeneralConfiguration));
      out.push(...configurationMismatch(`${path}taskActionCustomConfiguration`, a.taskActionCustomConfiguration, named[i].TaskGroupActionCustomConfiguration));
    });
  }
  out.push(...instancesMismatch("taskInstances", inputs.taskInstances, group));
  out.push(...optionalMismatch("taskTitle", inputs.taskTitle, task.TaskTitle));
  out.push(...optionalMismatch("taskDescription", inputs.taskDescription, task.TaskDescription));
  out.push(...optionalMismatch("taskPauseDuration", inputs.taskPauseDuration, task.TaskPauseDuration));
  out.push(...tagsMismatch("taskTags", inputs.taskTags, task.Tags));
  return out;
}

/**
 * The template mode. DescribeTask does not name the template, so `templateId` matches when the
 * experiment's groups hold the template's actions (`templateActions`, from DescribeTemplate) in order.
 */
function templateModeMismatches(inputs: Inputs, task: Task, templateActions: number[][] | undefined): string[] {
  const groups = groupsOf(task);
  const out: string[] = [];
  const haveActions = groups.map((g) => actionsOf(g).map((a) => a.ActionId));
  if (templateActions && !sameScalar(templateActions, haveActions)) {
    const perGroup = (groups: number[][]) => `[${groups.map((ids) => `[${ids.join(", ")}]`).join(", ")}]`;
    out.push(`templateId (template ${inputs.templateId} has the actions ${perGroup(templateActions)} per group, the experiment ${perGroup(haveActions)})`);
  }
  const config = isPlainObject(inputs.taskConfig) ? inputs.taskConfig : {};
  const declaredGroups = Array.isArray(config.taskGroupsConfig) ? (config.taskGroupsConfig as Inputs[]) : [];
  if (declaredGroups.length !== groups.length) out.push(mismatch("taskConfig.taskGroupsConfig (action groups)", declaredGroups.length, groups.length));
  else {
    declaredGroups.forEach((g, i) => {
      const path = `taskConfig.taskGroupsConfig[${i}]`;
      const group = groups[i];
      out.push(...instancesMismatch(`${path}.taskGroupInstances`, g.taskGroupInstances, group));
      out.push(...optionalMismatch(`${path}.taskGroupTitle`, g.taskGroupTitle, group.TaskGroupTitle));
      out.push(...optionalMismatch(`${path}.taskGroupDescription`, g.taskGroupDescription, group.TaskGroupDescription));
      out.push(...optionalMismatch(`${path}.taskGroupMode`, g.taskGroupMode, group.TaskGroupMode));
      const actions = Array.isArray(g.taskGroupActionsConfig) ? (g.taskGroupActionsConfig as Inputs[]) : [];
      actions.forEach((a, j) => {
        const actionPath = `${path}.taskGroupActionsConfig[${j}]`;
        const action = actionsOf(group).find((x) => x.TaskGroupActionOrder === a.taskGroupActionOrder);
        if (!action) return;
        out.push(...configurationMismatch(`${actionPath}.taskGroupActionGeneralConfiguration`, a.taskGroupActionGeneralConfiguration, action.TaskGroupActionGeneralConfiguration));
        out.push(...configurationMismatch(`${actionPath}.taskGroupActionCustomConfiguration`, a.taskGroupActionCustomConfiguration, action.TaskGroupActionCustomConfiguration));
      });
    });
  }
  out.push(...optionalMismatch("taskConfig.taskTitle", config.taskTitle, task.TaskTitle));
  out.push(...optionalMismatch("taskConfig.taskDescription", config.taskDescription, task.TaskDescription));
  out.push(...optionalMismatch("taskConfig.taskMode", config.taskMode, task.TaskMode));
  out.push(...optionalMismatch("taskConfig.taskPauseDuration", config.taskPauseDuration, task.TaskPauseDuration));
  out.push(...optionalMismatch("taskConfig.policyDealType", config.policyDealType, task.PolicyDealType));
  out.push(...tagsMismatch("taskConfig.tags", config.tags, task.Tags));
  return out;
}

/**
 * Every declared definition field that differs from the experiment DescribeTask reports, named with
 * both values; empty when the experiment can be adopted. `templateActions` are the template's action
 * ids per group (template mode; undefined when the template is unknown).
 */
export function definitionMismatches(inputs: Inputs, task: Task, templateActions?: number[][]): string[] {
  const [mode] = modesOf(inputs);
  if (mode === "template") return templateModeMismatches(inputs, task, templateActions);
  return actionModeMismatches(inputs, task, mode === "multiAction");
}
