import type { CheckFailure } from "@pulumi/pulumi/dynamic";
import type { CreateResult, UpdateResult } from "@pulumi/pulumi/dynamic";
import type { Task, TaskReportInfo } from "tencentcloud-sdk-nodejs/tencentcloud/services/cfg/v20210820/cfg_models";
import { checkInputs, isPlainObject } from "../../contract/check";
import { diffInputs, sameValue } from "../../contract/diff";
import { containsUnknown, pickInputs, refreshedState, type Inputs } from "../../contract/fields";
import { initFailure, lifecycle } from "../../dynamic";
import { CloudError, deleteIgnoringGone, isNotFound } from "../../errors";
import { progress } from "../../progress";
import {
  createExperiment,
  creationModeOf,
  deleteExperiment,
  describeTask,
  endSafely,
  executeExperiment,
  faultsNotRolledBack,
  requiredCustomFields,
  TASK_STATUS,
  templateActionIds,
  templateGroupCount,
  waitForCompletion,
  type Conclusion,
  type Described,
} from "./api";
import { definitionMismatches } from "./adoption";
import { canonicalConfigurations, contract, modesOf, rules } from "./contract";

const DEFAULT_WAIT_SECONDS = 1800;
/** How long destroy (and ending with a conclusion) waits for faults to finish and recoveries to run. */
const ROLLBACK_WAIT_SECONDS = 900;

const taskId = (id: string) => Number(id);
const isInteger = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

/** Drops undefined values at every level (the wire format rejects them). */
function deepClean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(deepClean);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, deepClean(v)]));
  return value;
}

function taskGroupsOutput(task: Task): unknown[] {
  return (task.TaskGroups ?? []).map((g) => ({
    taskGroupId: g.TaskGroupId,
    taskGroupTitle: g.TaskGroupTitle,
    taskGroupOrder: g.TaskGroupOrder,
    taskGroupInstances: g.TaskGroupInstanceList ?? [],
    actions: (g.TaskGroupActions ?? []).map((a) => ({
      taskGroupActionId: a.TaskGroupActionId,
      actionId: a.ActionId,
      actionTitle: a.ActionTitle,
      actionAttribute: a.ActionAttribute,
      order: a.TaskGroupActionOrder,
      status: a.TaskGroupActionStatus,
      statusType: a.TaskGroupActionStatusType,
      instances: (a.TaskGroupInstances ?? []).map((i) => ({
        taskGroupInstanceId: i.TaskGroupInstanceId,
        objectId: i.TaskGroupInstanceObjectId,
        status: i.TaskGroupInstanceStatus,
        statusType: i.TaskGroupInstanceStatusType,
      })),
    })),
  }));
}

function reportInfoOutput(info: TaskReportInfo | null | undefined): unknown {
  if (!info) return undefined;
  return {
    stage: info.Stage,
    createTime: info.CreateTime ?? undefined,
    expirationTime: info.ExpirationTime ?? undefined,
    expired: info.Expired,
    cosUrl: info.CosUrl || undefined,
    archiveStage: info.ArchiveStage,
    archiveTime: info.ArchiveTime ?? undefined,
  };
}

/** The outputs: the inputs echoed (so diff sees them) plus what DescribeTask reports. */
export function outputsFrom(inputs: Inputs, id: number, described: Described | undefined): Inputs {
  const task = described?.task;
  return deepClean({
    ...pickInputs(contract, inputs),
    taskId: id,
    experimentTitle: task?.TaskTitle,
    taskStatus: task?.TaskStatus,
    taskStatusType: task?.TaskStatusType,
    taskMode: task?.TaskMode,
    taskGroups: task ? taskGroupsOutput(task) : undefined,
    faultsNotRolledBack: task ? faultsNotRolledBack(task) : undefined,
    taskStartTime: task?.TaskStartTime ?? undefined,
    taskEndTime: task?.TaskEndTime ?? undefined,
    taskCreateTime: task?.TaskCreateTime ?? undefined,
    taskSummary: task?.TaskSummary ?? undefined,
    taskExpect: task?.TaskExpect ?? undefined,
    reportInfo: reportInfoOutput(described?.reportInfo),
  }) as Inputs;
}

const DEFINITION = Object.entries(contract)
  .filter(([, spec]) => spec.replaceOnChange && !spec.adoption)
  .map(([k]) => k);

/** The inputs that define the experiment (everything but the run intent), for "did the definition change". */
const definitionOf = (inputs: Inputs) => Object.fromEntries(DEFINITION.map((k) => [k, inputs[k]]));

/** The action ids and custom configurations the action modes send, with where each sits. */
function actionConfigurations(inputs: Inputs): Array<{ property: string; path: string; actionId: unknown; custom: unknown }> {
  const mode = creationModeOf(inputs);
  if (mode === "action") return [{ property: "taskActionCustomConfiguration", path: "taskActionCustomConfiguration", actionId: inputs.taskActionId, custom: inputs.taskActionCustomConfiguration }];
  if (mode === "multiAction") {
    return ((inputs.taskAction as Inputs[]) ?? []).map((a, i) => ({ property: "taskAction", path: `taskAction[${i}].taskActionCustomConfiguration`, actionId: a.taskActionId, custom: a.taskActionCustomConfiguration }));
  }
  return [];
}

/**
 * The rules that need the cloud, with read-only calls: the template's group count, and each
 * action's required custom fields. Skipped while a value they read is unknown.
 */
async function cloudFailures(inputs: Inputs): Promise<CheckFailure[]> {
  const region = String(inputs.region);
  const failures: CheckFailure[] = [];
  const mode = creationModeOf(inputs);
  if (mode === "template") {
    const groups = (inputs.taskConfig as Inputs).taskGroupsConfig;
    if (containsUnknown(inputs.templateId) || containsUnknown(groups) || !Array.isArray(groups)) return failures;
    let count: number | undefined;
    try {
      count = await templateGroupCount(region, Number(inputs.templateId));
    } catch (error) {
      if (!(error instanceof CloudError) || (error.kind !== "notFound" && error.kind !== "client")) throw error;
    }
    if (count === undefined) failures.push({ property: "templateId", reason: `template ${inputs.templateId} does not exist in ${region} (DescribeTemplate)` });
    else if (count !== groups.length) {
      failures.push({
        property: "taskConfig",
        reason: `taskConfig.taskGroupsConfig has ${groups.length} entr${groups.length === 1 ? "y" : "ies"}, but template ${inputs.templateId} has ${count} action group${count === 1 ? "" : "s"}: give one entry per group, in the template's order`,
      });
    }
    return failures;
  }
  const configs = actionConfigurations(inputs);
  if (configs.some((c) => containsUnknown(c.actionId) || containsUnknown(c.custom))) return failures;
  const required = await requiredCustomFields(region, [...new Set(configs.map((c) => Number(c.actionId)))]);
  for (const c of configs) {
    const fields = required.get(Number(c.actionId));
    if (fields === undefined) {
      failures.push({ property: mode === "action" ? "taskActionId" : "taskAction", reason: `action ${c.actionId} is not in the action library of ${region} (DescribeActionLibraryList)` });
      continue;
    }
    const given = typeof c.custom === "string" ? (JSON.parse(c.custom) as Inputs) : {};
    const missing = fields.filter((f) => given[f] === undefined || given[f] === "");
    if (missing.length) failures.push({ property: c.property, reason: `${c.path} misses ${missing.join(", ")}, required by action ${c.actionId} (DescribeActionFieldConfigList)` });
  }
  return failures;
}

function conclusionOf(value: unknown): Conclusion | undefined {
  if (!isPlainObject(value)) return undefined;
  return { summary: String(value.summary), isExpect: value.isExpect === true, issue: value.issue as string | undefined, record: value.record as string | undefined };
}

const waitSeconds = (inputs: Inputs) => (isInteger(inputs.waitTimeoutSeconds) ? inputs.waitTimeoutSeconds : DEFAULT_WAIT_SECONDS);

/** The conclusion destroy records when it has to end a running experiment. */
function destroyConclusion(now: Date): Conclusion {
  return {
    summary: `Ended by pulumi-cloudtasks on destroy at ${now.toISOString()}: every injected fault was rolled back before the experiment ended.`,
    isExpect: false,
    issue: "The experiment was ended early by `pulumi destroy`; its outcome was not assessed.",
  };
}

/** Applies the run intent: start, wait, end with the conclusion. Returns which steps took effect. */
async function applyRunIntent(region: string, id: number, olds: Inputs, news: Inputs, done: { executed: boolean; concluded: boolean }): Promise<void> {
  const starting = news.execute === true && olds.execute !== true;
  if (starting) await executeExperiment(region, id);
  done.executed = news.execute === true;
  if (news.waitForCompletion === true && (starting || olds.waitForCompletion !== true)) await waitForCompletion(region, id, waitSeconds(news));
  const conclusion = conclusionOf(news.conclusion);
  if (conclusion && !sameValue(olds.conclusion, news.conclusion)) await endSafely(region, id, conclusion, ROLLBACK_WAIT_SECONDS);
  done.concluded = conclusion !== undefined;
}

/** Start, wait and conclude as `news` says, from the run state `olds` records; an update's work. */
async function converge(id: string, olds: Inputs, news: Inputs): Promise<UpdateResult<Inputs>> {
  const region = String(news.region);
  const tid = taskId(id);
  const done = { executed: olds.execute === true, concluded: olds.conclusion !== undefined };
  try {
    await applyRunIntent(region, tid, olds, news, done);
    return { outs: outputsFrom(news, tid, await describeTask(region, tid)) };
  } catch (error) {
    if (isNotFound(error)) {
      throw new Error(`chaos experiment ${id} no longer exists in ${region}; run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` to recreate it`);
    }
    throw initFailure(id, outputsFrom({ ...news, execute: done.executed, conclusion: done.concluded ? news.conclusion : olds.conclusion }, tid, undefined), news, error);
  }
}

/** The run state an existing experiment is in, as the inputs of its last update would say it. */
export function runStateOf(news: Inputs, task: Task): Inputs {
  const ended = task.TaskStatus === TASK_STATUS.ENDED;
  const declared = conclusionOf(news.conclusion);
  // A conclusion is recorded once the experiment has ended; the same one declared is not recorded again.
  const recorded = ended && task.TaskSummary ? { summary: task.TaskSummary, isExpect: task.TaskExpect === 1 } : undefined;
  const same = recorded && declared && declared.summary === recorded.summary && declared.isExpect === recorded.isExpect && (declared.issue === undefined || declared.issue === (task.TaskIssue ?? undefined));
  return { ...news, execute: task.TaskStatus !== TASK_STATUS.NOT_STARTED, waitForCompletion: false, waitTimeoutSeconds: undefined, conclusion: same ? news.conclusion : recorded };
}

/**
 * Adoption: the experiment must exist with the declared definition, as far as DescribeTask reports
 * it (no API edits one, so a difference is refused, naming the fields); then the run intent and
 * conclusion act as an update from the experiment's actual run state would.
 */
async function adoptExperiment(inputs: Inputs): Promise<CreateResult<Inputs>> {
  const region = String(inputs.region);
  const id = Number(inputs.taskId);
  let described: Described;
  try {
    described = await describeTask(region, id);
  } catch (error) {
    if (isNotFound(error)) throw new Error(`chaos experiment ${id} (taskId) does not exist in ${region}: remove taskId to create a new experiment`);
    throw error;
  }
  const templateActions = modesOf(inputs)[0] === "template" ? await templateActionIds(region, Number(inputs.templateId)) : undefined;
  const differing = definitionMismatches(inputs, described.task, templateActions);
  if (differing.length > 0) {
    throw new Error(
      `chaos experiment ${id} (taskId) differs in ${differing.join(", ")}; no API edits an experiment's definition: declare the experiment's own values, or remove taskId to create a new experiment`,
    );
  }
  progress.write(`chaos experiment ${id}: adopted (status ${described.task.TaskStatus})`);
  const { outs } = await converge(String(id), runStateOf(inputs, described.task), inputs);
  return { id: String(id), outs };
}

export const handlers = lifecycle({
  async check(olds, news) {
    const result = checkInputs(contract, rules, canonicalConfigurations(news));
    const inputs = result.inputs as Inputs;
    if ((result.failures ?? []).length > 0 || modesOf(inputs).length !== 1 || containsUnknown(inputs.region)) return result;
    // Cloud rules only for a new or changed definition: an existing experiment is not re-judged on every preview.
    if (Object.keys(olds).length > 0 && sameValue(definitionOf(olds), definitionOf(inputs))) return result;
    return { inputs, failures: await cloudFailures(inputs) };
  },

  async diff(_id, olds, news) {
    return diffInputs(contract, olds, news);
  },

  async create(inputs) {
    if (inputs.taskId !== undefined) return adoptExperiment(inputs);
    const region = String(inputs.region);
    const id = await createExperiment(region, inputs);
    const done = { executed: false, concluded: false };
    try {
      await applyRunIntent(region, id, {}, inputs, done);
      return { id: String(id), outs: outputsFrom(inputs, id, await describeTask(region, id)) };
    } catch (error) {
      // The experiment exists: keep it, with only the steps that took effect, so the next up finishes the job.
      const kept: Inputs = { ...inputs, execute: done.executed, waitForCompletion: done.executed ? inputs.waitForCompletion : false, conclusion: done.concluded ? inputs.conclusion : undefined };
      if (!done.executed) kept.waitTimeoutSeconds = undefined;
      throw initFailure(String(id), outputsFrom(kept, id, undefined), inputs, error);
    }
  },

  async read(id, props) {
    let described: Described;
    try {
      described = await describeTask(String(props.region), taskId(id));
    } catch (error) {
      if (isNotFound(error)) return {};
      throw error;
    }
    // No API edits an experiment's definition, so only its run state can change behind Pulumi's back.
    const state = outputsFrom(props, taskId(id), described);
    return refreshedState(contract, id, state);
  },

  async update(id, olds, news) {
    return converge(id, olds, news);
  },

  async delete(id, props) {
    const region = String(props.region);
    const tid = taskId(id);
    await deleteIgnoringGone(async () => {
      const { task } = await describeTask(region, tid);
      if (task.TaskStatus === TASK_STATUS.EXECUTING || task.TaskStatus === TASK_STATUS.PAUSED) {
        progress.write(`chaos experiment ${tid}: still running (status ${task.TaskStatus}); rolling back its faults and ending it before deleting it`);
        await endSafely(region, tid, destroyConclusion(new Date()), ROLLBACK_WAIT_SECONDS);
      } else {
        const left = faultsNotRolledBack(task);
        if (left.length) {
          progress.write(`chaos experiment ${tid}: warning: it ended with faults not rolled back (${left.map((f) => `${f.actionTitle} on ${f.objectId}`).join("; ")}); an ended experiment takes no recovery, so check those objects`);
        }
      }
      await deleteExperiment(region, tid);
    });
  },
}, { cloud: "tencent" });
