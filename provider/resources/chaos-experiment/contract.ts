import type * as pulumi from "@pulumi/pulumi";
import { isPlainObject } from "../../contract/check";
import { containsUnknown, type Contract, type CrossFieldRule, type Inputs, type OutputContract } from "../../contract/fields";
import { canonicalJsonObject } from "../../contract/json";
import { defaultRegion, REGION_MISSING } from "../../settings";

/** A tag set at creation (`TagWithCreate`). */
export interface ChaosTag {
  tagKey: pulumi.Input<string>;
  tagValue: pulumi.Input<string>;
}

/** An action configuration (a JSON document on the wire): an object, or a string holding one. */
export type ActionConfiguration = pulumi.Input<string | Record<string, unknown>>;

/** Overrides for one action of a template's action group (`TaskGroupActionConfig`). */
export interface ChaosTaskGroupActionConfig {
  /** The action's 1-based position in its group (`TaskGroupActionOrder`); a wrong value matches no action. */
  taskGroupActionOrder: pulumi.Input<number>;
  /** General parameters (`TaskGroupActionGeneralConfiguration`), e.g. `{ ActionTimeout: 1800 }`; default: the template's. */
  taskGroupActionGeneralConfiguration?: ActionConfiguration;
  /** The action's own parameters (`TaskGroupActionCustomConfiguration`); default: the template's. */
  taskGroupActionCustomConfiguration?: ActionConfiguration;
}

/** One action group of the template (`TaskGroupConfig`), in the template's group order. */
export interface ChaosTaskGroupConfig {
  /** The objects the group's actions run on (`TaskGroupInstances`): ids such as `ins-xxx`, or JSON for TKE nodes and pods. */
  taskGroupInstances: pulumi.Input<pulumi.Input<string>[]>;
  /** Group title (`TaskGroupTitle`). */
  taskGroupTitle?: pulumi.Input<string>;
  /** Group description (`TaskGroupDescription`). */
  taskGroupDescription?: pulumi.Input<string>;
  /** `TaskGroupMode`: 1 sequential, 2 staged. */
  taskGroupMode?: pulumi.Input<1 | 2>;
  /** Per-action overrides (`TaskGroupActionsConfig`). */
  taskGroupActionsConfig?: pulumi.Input<pulumi.Input<ChaosTaskGroupActionConfig>[]>;
}

/** The experiment built from a template (`TaskConfig`); every field but the groups defaults to the template's. */
export interface ChaosTaskConfig {
  /** One entry per action group of the template, in order (`TaskGroupsConfig`); the count must match the template's. */
  taskGroupsConfig: pulumi.Input<pulumi.Input<ChaosTaskGroupConfig>[]>;
  /** Experiment title (`TaskTitle`); default: the template's title. */
  taskTitle?: pulumi.Input<string>;
  /** Experiment description (`TaskDescription`). */
  taskDescription?: pulumi.Input<string>;
  /** `TaskMode`: 1 manual (each action waits for an operator), 2 automatic (actions follow one another). */
  taskMode?: pulumi.Input<1 | 2>;
  /** Minutes a paused experiment waits (`TaskPauseDuration`). */
  taskPauseDuration?: pulumi.Input<number>;
  /** Tags (`Tags`). */
  tags?: pulumi.Input<pulumi.Input<ChaosTag>[]>;
  /** What a triggered guardrail does (`PolicyDealType`): 1 roll back in order, 2 pause the experiment. */
  policyDealType?: pulumi.Input<1 | 2>;
}

/** One action of a several-action experiment (`TaskGroupForAction`). */
export interface ChaosTaskAction {
  /** The action library id (`TaskActionId`). */
  taskActionId: pulumi.Input<number>;
  /** General parameters (`TaskActionGeneralConfiguration`), e.g. `{ ActionTimeout: 1800 }`. */
  taskActionGeneralConfiguration?: ActionConfiguration;
  /** The action's own parameters (`TaskActionCustomConfiguration`), e.g. `{ ip: "0.0.0.0" }`. */
  taskActionCustomConfiguration?: ActionConfiguration;
}

/** The conclusion that ends the experiment (ModifyTaskRunStatus 1004). */
export interface ChaosConclusion {
  /** The conclusion (`Summary`). */
  summary: pulumi.Input<string>;
  /** Whether the system behaved as expected (`IsExpect`). */
  isExpect: pulumi.Input<boolean>;
  /** Problems found and improvements (`Issue`). */
  issue?: pulumi.Input<string>;
  /** The experiment record (`Record`). */
  record?: pulumi.Input<string>;
}

/**
 * The inputs of a {@link ChaosExperiment}. Set exactly one creation mode:
 * `templateId` + `taskConfig` (CreateTaskFromTemplate), `taskActionId` + `taskInstances`
 * (CreateTaskFromAction), or `taskInstances` + `taskAction` (CreateTaskFromMultiAction).
 * No API edits an experiment, so every definition input replaces it when it changes; the run
 * intent (`execute`, `waitForCompletion`, `waitTimeoutSeconds`) and `conclusion` act in place.
 */
export interface ChaosExperimentArgs {
  /** Template ("experience") to create from (`TemplateId`). Template mode. */
  templateId?: pulumi.Input<number>;
  /** The experiment built from the template (`TaskConfig`). Template mode. */
  taskConfig?: pulumi.Input<ChaosTaskConfig>;
  /** The single action to run (`TaskActionId`). Single-action mode. */
  taskActionId?: pulumi.Input<number>;
  /** The actions to run, in order (`TaskAction`). Several-action mode. */
  taskAction?: pulumi.Input<pulumi.Input<ChaosTaskAction>[]>;
  /** The objects the actions run on (`TaskInstances`), e.g. `ins-xxxxxxxx`. Action modes. */
  taskInstances?: pulumi.Input<pulumi.Input<string>[]>;
  /** Experiment title (`TaskTitle`); default: the (first) action's name. Action modes. */
  taskTitle?: pulumi.Input<string>;
  /** Experiment description (`TaskDescription`). Action modes. */
  taskDescription?: pulumi.Input<string>;
  /** General parameters of the single action (`TaskActionGeneralConfiguration`). Single-action mode. */
  taskActionGeneralConfiguration?: ActionConfiguration;
  /** The single action's own parameters (`TaskActionCustomConfiguration`), e.g. `{ interfaces: "eth0" }`. Single-action mode. */
  taskActionCustomConfiguration?: ActionConfiguration;
  /** Minutes a paused experiment waits (`TaskPauseDuration`, default 60). Action modes. */
  taskPauseDuration?: pulumi.Input<number>;
  /** Tags (`TaskTags`). Single-action mode (CreateTaskFromMultiAction takes none). */
  taskTags?: pulumi.Input<pulumi.Input<ChaosTag>[]>;
  /** Region; defaults to the stack config `cloudtasks:region` or `TENCENTCLOUD_REGION`. Changing it replaces the experiment. */
  region?: pulumi.Input<string>;
  /** Start the experiment (ExecuteTask) when it is created, or when this turns true. Default false. */
  execute?: pulumi.Input<boolean>;
  /**
   * After starting, wait until every action has ended, logging each change of an action or
   * instance. In manual mode the provider executes each action when its turn comes, as an operator
   * pressing "execute" would. Needs `execute`.
   */
  waitForCompletion?: pulumi.Input<boolean>;
  /** Bound of that wait, in seconds (default 1800). Only with `waitForCompletion`. */
  waitTimeoutSeconds?: pulumi.Input<number>;
  /**
   * Ends the experiment with this conclusion (ModifyTaskRunStatus 1004), after rolling back every
   * fault still injected. Changing it records the new conclusion in place. Needs `execute`.
   */
  conclusion?: pulumi.Input<ChaosConclusion>;
  /**
   * Adopt an existing experiment (`TaskId`) instead of creating one. No API edits a definition, so
   * the declared one must match what DescribeTask reports (unset optional inputs are not compared;
   * a template is matched by its actions), else create fails naming the fields that differ. The run
   * intent and conclusion then act as an update would: a not-started experiment is started if
   * `execute` says so, and a conclusion other than the recorded one ends it. Leaving it out later
   * keeps the experiment; a different one replaces the resource.
   */
  taskId?: pulumi.Input<number>;
}

/** What the nested validation knows about one key of a nested object. */
interface Shape {
  kind: "string" | "integer" | "boolean" | "stringList" | "json" | "object" | "objectList";
  required?: boolean;
  oneOf?: readonly number[];
  min?: number;
  max?: number;
  minItems?: number;
  nonBlank?: boolean;
  fields?: Readonly<Record<string, Shape>>;
}

const TAG: Record<string, Shape> = {
  tagKey: { kind: "string", required: true, nonBlank: true },
  tagValue: { kind: "string", required: true },
};

const GROUP_ACTION: Record<string, Shape> = {
  taskGroupActionOrder: { kind: "integer", required: true, min: 1 },
  taskGroupActionGeneralConfiguration: { kind: "json" },
  taskGroupActionCustomConfiguration: { kind: "json" },
};

const GROUP: Record<string, Shape> = {
  taskGroupInstances: { kind: "stringList", required: true, minItems: 1 },
  taskGroupTitle: { kind: "string" },
  taskGroupDescription: { kind: "string" },
  taskGroupMode: { kind: "integer", oneOf: [1, 2] },
  taskGroupActionsConfig: { kind: "objectList", fields: GROUP_ACTION },
};

export const TASK_CONFIG: Record<string, Shape> = {
  taskGroupsConfig: { kind: "objectList", required: true, minItems: 1, fields: GROUP },
  taskTitle: { kind: "string" },
  taskDescription: { kind: "string" },
  taskMode: { kind: "integer", oneOf: [1, 2] },
  taskPauseDuration: { kind: "integer", min: 0 },
  tags: { kind: "objectList", fields: TAG },
  policyDealType: { kind: "integer", oneOf: [1, 2] },
};

const TASK_ACTION: Record<string, Shape> = {
  taskActionId: { kind: "integer", required: true, min: 1 },
  taskActionGeneralConfiguration: { kind: "json" },
  taskActionCustomConfiguration: { kind: "json" },
};

const CONCLUSION: Record<string, Shape> = {
  summary: { kind: "string", required: true, nonBlank: true },
  isExpect: { kind: "boolean", required: true },
  issue: { kind: "string" },
  record: { kind: "string" },
};

/** Documented general parameters with a documented range (reference §A.1): seconds, 0..86400. */
const GENERAL_RANGES = ["PreTimeWait", "AfterTimeWait", "ActionTimeout"];

/** Problems of a general configuration's documented keys. */
function generalProblem(path: string, value: Record<string, unknown>): string | undefined {
  for (const key of GENERAL_RANGES) {
    const v = value[key];
    if (v === undefined) continue;
    const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 86_400) return `${path}.${key} must be a whole number of seconds from 0 to 86400`;
  }
  return undefined;
}

/** Why a nested value breaks its shape (first problem, named by its full path), or undefined. */
export function shapeProblem(path: string, shape: Shape, value: unknown): string | undefined {
  if (containsUnknown(value)) return undefined;
  switch (shape.kind) {
    case "string":
      if (typeof value !== "string") return `${path} must be a string`;
      if (shape.nonBlank && value.trim() === "") return `${path} must not be blank`;
      return undefined;
    case "boolean":
      return typeof value === "boolean" ? undefined : `${path} must be a boolean`;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) return `${path} must be an integer`;
      if (shape.oneOf && !shape.oneOf.includes(value)) return `${path} must be one of ${shape.oneOf.join(", ")}`;
      if (shape.min !== undefined && value < shape.min) return `${path} must be at least ${shape.min}`;
      if (shape.max !== undefined && value > shape.max) return `${path} must be at most ${shape.max}`;
      return undefined;
    case "stringList":
      if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) return `${path} must be a list of strings`;
      if (shape.minItems !== undefined && value.length < shape.minItems) return `${path} must have at least ${shape.minItems} item${shape.minItems === 1 ? "" : "s"}`;
      if (value.some((v) => (v as string).trim() === "")) return `${path} items must not be blank`;
      if (new Set(value).size !== value.length) return `${path} must not repeat items`;
      return undefined;
    case "json": {
      const parsed = canonicalJsonObject(path, value);
      if (!parsed.ok) return parsed.problem;
      return /General/.test(path) ? generalProblem(path, parsed.value) : undefined;
    }
    case "object":
      return objectProblem(path, shape.fields ?? {}, value);
    case "objectList": {
      if (!Array.isArray(value)) return `${path} must be a list of objects`;
      if (shape.minItems !== undefined && value.length < shape.minItems) return `${path} must have at least ${shape.minItems} item${shape.minItems === 1 ? "" : "s"}`;
      for (const [i, item] of value.entries()) {
        const problem = objectProblem(`${path}[${i}]`, shape.fields ?? {}, item);
        if (problem) return problem;
      }
      return undefined;
    }
  }
}

export function objectProblem(path: string, fields: Readonly<Record<string, Shape>>, value: unknown): string | undefined {
  if (containsUnknown(value)) return undefined;
  if (!isPlainObject(value)) return `${path} must be an object`;
  const unknownKey = Object.keys(value).find((k) => !(k in fields) && value[k] !== undefined);
  if (unknownKey) return `${path}.${unknownKey} is not a field of ${path} (fields: ${Object.keys(fields).join(", ")})`;
  for (const [key, shape] of Object.entries(fields)) {
    const v = value[key];
    if (v === undefined || v === null) {
      if (shape.required) return `${path}.${key} is required`;
      continue;
    }
    const problem = shapeProblem(`${path}.${key}`, shape, v);
    if (problem) return problem;
  }
  return undefined;
}

const jsonField = (doc: string) => ({
  type: "string" as const,
  replaceOnChange: true,
  writeOnly: true,
  validate: (v: unknown) => shapeProblem(doc, { kind: "json" }, v),
  doc,
});

/** The field contract: drives check, diff and the API mapping. */
export const contract: Contract<ChaosExperimentArgs> = {
  templateId: { type: "integer", apiName: "TemplateId", min: 1, replaceOnChange: true, doc: "Template id" },
  taskConfig: { type: "object", apiName: "TaskConfig", replaceOnChange: true, writeOnly: true, validate: (v) => objectProblem("taskConfig", TASK_CONFIG, v), doc: "Template experiment" },
  taskActionId: { type: "integer", apiName: "TaskActionId", min: 1, replaceOnChange: true, doc: "Action id" },
  taskAction: {
    type: "objectList",
    apiName: "TaskAction",
    minItems: 1,
    replaceOnChange: true,
    writeOnly: true,
    validate: (v) => shapeProblem("taskAction", { kind: "objectList", fields: TASK_ACTION }, v),
    doc: "Actions",
  },
  taskInstances: {
    type: "stringList",
    apiName: "TaskInstances",
    minItems: 1,
    uniqueItems: true,
    replaceOnChange: true,
    writeOnly: true,
    pattern: { regex: /\S/, rule: "must not be blank" },
    doc: "Objects",
  },
  taskTitle: { type: "string", apiName: "TaskTitle", replaceOnChange: true, writeOnly: true, doc: "Title" },
  taskDescription: { type: "string", apiName: "TaskDescription", replaceOnChange: true, writeOnly: true, doc: "Description" },
  taskActionGeneralConfiguration: { ...jsonField("taskActionGeneralConfiguration"), apiName: "TaskActionGeneralConfiguration" },
  taskActionCustomConfiguration: { ...jsonField("taskActionCustomConfiguration"), apiName: "TaskActionCustomConfiguration" },
  taskPauseDuration: { type: "integer", apiName: "TaskPauseDuration", min: 0, replaceOnChange: true, writeOnly: true, doc: "Pause minutes" },
  taskTags: { type: "objectList", apiName: "TaskTags", replaceOnChange: true, writeOnly: true, validate: (v) => shapeProblem("taskTags", { kind: "objectList", fields: TAG }, v), doc: "Tags" },
  region: { type: "string", required: true, replaceOnChange: true, defaultFrom: defaultRegion, missing: REGION_MISSING, doc: "Region" },
  execute: { type: "boolean", default: false, doc: "Start the experiment" },
  waitForCompletion: { type: "boolean", default: false, doc: "Wait for every action to end" },
  waitTimeoutSeconds: { type: "integer", min: 1, max: 86_400, doc: "Wait bound" },
  conclusion: { type: "object", validate: (v) => objectProblem("conclusion", CONCLUSION, v), doc: "Conclusion that ends the experiment" },
  // No apiName: it is the id every call addresses.
  taskId: {
    type: "integer",
    min: 1,
    replaceOnChange: true,
    adoption: true,
    doc: "Adopt this existing experiment (its definition must match); as an output, the adopted or created experiment's id (`TaskId`), also the resource id",
  },
};

export type CreationMode = "template" | "action" | "multiAction";

/** The creation mode the inputs choose, from the field that only that mode has; several or none: undefined. */
export function modesOf(inputs: Inputs): CreationMode[] {
  const modes: CreationMode[] = [];
  if (inputs.templateId !== undefined || inputs.taskConfig !== undefined) modes.push("template");
  if (inputs.taskActionId !== undefined) modes.push("action");
  if (inputs.taskAction !== undefined) modes.push("multiAction");
  return modes;
}

const MODE_FIELDS: Record<CreationMode, readonly string[]> = {
  template: ["templateId", "taskConfig"],
  action: ["taskActionId", "taskInstances", "taskTitle", "taskDescription", "taskActionGeneralConfiguration", "taskActionCustomConfiguration", "taskPauseDuration", "taskTags"],
  multiAction: ["taskAction", "taskInstances", "taskTitle", "taskDescription", "taskPauseDuration"],
};

const MODE_NAMES: Record<CreationMode, string> = {
  template: "templateId + taskConfig (CreateTaskFromTemplate)",
  action: "taskActionId + taskInstances (CreateTaskFromAction)",
  multiAction: "taskInstances + taskAction (CreateTaskFromMultiAction)",
};

const DEFINITION_FIELDS = ["templateId", "taskConfig", "taskActionId", "taskAction", "taskInstances", "taskTitle", "taskDescription", "taskActionGeneralConfiguration", "taskActionCustomConfiguration", "taskPauseDuration", "taskTags"];

/** Field rules per mode, one rule per field that the mode forbids or requires. */
function modeRules(): CrossFieldRule[] {
  const rules: CrossFieldRule[] = [
    {
      property: "templateId",
      reads: ["templateId", "taskConfig", "taskActionId", "taskAction"],
      check: (i) => {
        const modes = modesOf(i);
        if (modes.length === 0) return `set exactly one creation mode: ${Object.values(MODE_NAMES).join("; or ")}`;
        if (modes.length > 1) return `set exactly one creation mode, not ${modes.map((m) => MODE_NAMES[m]).join(" and ")}`;
        return undefined;
      },
    },
    { property: "templateId", reads: ["templateId", "taskConfig"], check: (i) => (i.taskConfig !== undefined && i.templateId === undefined ? "templateId is required with taskConfig (template mode)" : undefined) },
    { property: "taskConfig", reads: ["templateId", "taskConfig"], check: (i) => (i.templateId !== undefined && i.taskConfig === undefined ? "taskConfig is required with templateId (template mode)" : undefined) },
  ];
  for (const mode of ["action", "multiAction"] as const) {
    rules.push({
      property: "taskInstances",
      reads: ["taskInstances", "templateId", "taskConfig", "taskActionId", "taskAction"],
      check: (i) => (modesOf(i).length === 1 && modesOf(i)[0] === mode && i.taskInstances === undefined ? `taskInstances is required with ${MODE_NAMES[mode]}` : undefined),
    });
  }
  for (const field of DEFINITION_FIELDS) {
    rules.push({
      property: field,
      reads: [field, "templateId", "taskConfig", "taskActionId", "taskAction"],
      check: (i) => {
        const modes = modesOf(i);
        if (modes.length !== 1 || i[field] === undefined || MODE_FIELDS[modes[0]].includes(field)) return undefined;
        const where = modes[0] === "template" && ["taskTitle", "taskDescription", "taskPauseDuration", "taskTags"].includes(field) ? ` (set it inside taskConfig${field === "taskTags" ? " as tags" : ""})` : "";
        return `${field} is not used by ${MODE_NAMES[modes[0]]}${where}`;
      },
    });
  }
  return rules;
}

export const rules: readonly CrossFieldRule[] = [
  ...modeRules(),
  { property: "waitForCompletion", reads: ["waitForCompletion", "execute"], check: (i) => (i.waitForCompletion === true && i.execute !== true ? "waitForCompletion needs execute: true" : undefined) },
  { property: "waitTimeoutSeconds", reads: ["waitTimeoutSeconds", "waitForCompletion"], check: (i) => (i.waitTimeoutSeconds !== undefined && i.waitForCompletion !== true ? "waitTimeoutSeconds is only used with waitForCompletion: true" : undefined) },
  { property: "conclusion", reads: ["conclusion", "execute"], check: (i) => (i.conclusion !== undefined && i.execute !== true ? "conclusion ends a started experiment: it needs execute: true" : undefined) },
];

/** Replaces every action configuration (object or JSON string) with its canonical JSON text; leaves invalid ones for the check to name. */
export function canonicalConfigurations(inputs: Inputs): Inputs {
  const canon = (v: unknown) => {
    if (v === undefined || containsUnknown(v)) return v;
    const parsed = canonicalJsonObject("", v);
    return parsed.ok ? parsed.text : v;
  };
  const out: Inputs = { ...inputs };
  for (const k of ["taskActionGeneralConfiguration", "taskActionCustomConfiguration"]) if (out[k] !== undefined) out[k] = canon(out[k]);
  if (Array.isArray(out.taskAction)) {
    out.taskAction = out.taskAction.map((a: unknown) =>
      isPlainObject(a) ? withCanonical(a, ["taskActionGeneralConfiguration", "taskActionCustomConfiguration"], canon) : a,
    );
  }
  if (isPlainObject(out.taskConfig) && Array.isArray(out.taskConfig.taskGroupsConfig)) {
    out.taskConfig = {
      ...out.taskConfig,
      taskGroupsConfig: out.taskConfig.taskGroupsConfig.map((g: unknown) =>
        isPlainObject(g) && Array.isArray(g.taskGroupActionsConfig)
          ? {
              ...g,
              taskGroupActionsConfig: g.taskGroupActionsConfig.map((a: unknown) =>
                isPlainObject(a) ? withCanonical(a, ["taskGroupActionGeneralConfiguration", "taskGroupActionCustomConfiguration"], canon) : a,
              ),
            }
          : g,
      ),
    };
  }
  return out;
}

function withCanonical(obj: Record<string, unknown>, keys: string[], canon: (v: unknown) => unknown): Record<string, unknown> {
  const out = { ...obj };
  for (const k of keys) if (out[k] !== undefined) out[k] = canon(out[k]);
  return out;
}

/** The outputs beyond the echoed inputs: what DescribeTask reports (`taskId` is also an input: the experiment to adopt). */
export const outputs: OutputContract = {
  taskId: { type: "integer", doc: "The experiment id (`TaskId`), also the resource id" },
  experimentTitle: { type: "string", doc: "The experiment's title as the API reports it (the template's or action's name when none was set)" },
  taskStatus: { type: "integer", doc: "1001 not started, 1002 executing, 1003 paused, 1004 ended" },
  taskStatusType: { type: "integer", doc: "How it ended: 0 not ended, 1 success, 2 failure, 3 terminated" },
  taskMode: { type: "integer", doc: "1 manual, 2 automatic" },
  taskGroups: {
    type: "objectList",
    doc: "Action groups: taskGroupId, title, order and actions (taskGroupActionId, actionId, actionTitle, actionAttribute 1 fault / 2 recovery, order, status, statusType, instances with taskGroupInstanceId, objectId, status, statusType): everything ExecuteTaskInstance needs",
  },
  faultsNotRolledBack: { type: "objectList", doc: "Fault instances that ran and whose recovery has not succeeded yet (taskGroupActionId, actionTitle, objectId)" },
  taskStartTime: { type: "string", doc: "When the experiment started (`TaskStartTime`)" },
  taskEndTime: { type: "string", doc: "When it ended (`TaskEndTime`)" },
  taskCreateTime: { type: "string", doc: "When it was created" },
  taskSummary: { type: "string", doc: "The recorded conclusion (`TaskSummary`)" },
  taskExpect: { type: "integer", doc: "1 met expectations, 2 did not (`TaskExpect`)" },
  reportInfo: { type: "object", doc: "The report (`ReportInfo`): stage, createTime, expirationTime, expired, cosUrl, archiveStage, archiveTime" },
};
