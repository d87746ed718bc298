import * as pulumi from "@pulumi/pulumi";
import { leanStackTraces, taskResourceArgs, type TaskResourceArgs } from "../../dynamic";
import { contract, outputs, type ChaosConclusion, type ChaosExperimentArgs, type ChaosTag, type ChaosTaskAction, type ChaosTaskConfig } from "./contract";

export { configure } from "../../dynamic";
export { contract, rules, outputs, type ChaosExperimentArgs, type ChaosConclusion, type ChaosTaskConfig, type ChaosTaskGroupConfig, type ChaosTaskGroupActionConfig, type ChaosTaskAction, type ChaosTag } from "./contract";
export { handlers } from "./lifecycle";


/** One instance of an action, as the outputs report it. */
export interface ChaosInstanceState {
  taskGroupInstanceId: number;
  objectId: string;
  status: number;
  statusType: number;
}

/** One action of an action group, as the outputs report it. */
export interface ChaosActionState {
  taskGroupActionId: number;
  actionId: number;
  actionTitle: string;
  /** 1 fault, 2 recovery. */
  actionAttribute: number;
  order: number;
  /** 2001 not started, 2002 pending, 2003 executing, 2004 ended. */
  status: number;
  /** 0 none, 1 success, 2 failure, 3 terminated, 4 skipped. */
  statusType: number;
  instances: ChaosInstanceState[];
}

/** One action group, as the outputs report it. */
export interface ChaosGroupState {
  taskGroupId: number;
  taskGroupTitle: string;
  taskGroupOrder: number;
  taskGroupInstances: string[];
  actions: ChaosActionState[];
}

/**
 * A Tencent Cloud Fault Generator (CFG) experiment, created from a template, one action or several
 * actions; optionally started, waited for and ended with a conclusion. Destroying a running
 * experiment rolls back every injected fault, ends it, then deletes it.
 *
 * ```ts
 * new ChaosExperiment("packet-loss", { taskActionId: 462, taskInstances: ["ins-xxxxxxxx"],
 *   taskTitle: "Network Packet Loss", taskActionCustomConfiguration: { interfaces: "eth0" },
 *   execute: true, waitForCompletion: true,
 *   conclusion: { summary: "Traffic failed over within 5 s", isExpect: true } });
 * ```
 */
export class ChaosExperiment extends pulumi.CustomResource {
  /** Template id (template mode). */
  declare readonly templateId: pulumi.Output<number | undefined>;
  /** The template experiment's configuration, action configurations as canonical JSON strings. */
  declare readonly taskConfig: pulumi.Output<ChaosTaskConfig | undefined>;
  /** Action id (single-action mode). */
  declare readonly taskActionId: pulumi.Output<number | undefined>;
  /** Actions (several-action mode), configurations as canonical JSON strings. */
  declare readonly taskAction: pulumi.Output<ChaosTaskAction[] | undefined>;
  /** Objects of the action modes. */
  declare readonly taskInstances: pulumi.Output<string[] | undefined>;
  /** General parameters of the single action, canonical JSON. */
  declare readonly taskActionGeneralConfiguration: pulumi.Output<string | undefined>;
  /** Custom parameters of the single action, canonical JSON. */
  declare readonly taskActionCustomConfiguration: pulumi.Output<string | undefined>;
  /** Minutes a paused experiment waits (as set). */
  declare readonly taskPauseDuration: pulumi.Output<number | undefined>;
  /** Tags of the single-action mode. */
  declare readonly taskTags: pulumi.Output<ChaosTag[] | undefined>;
  /** The region. */
  declare readonly region: pulumi.Output<string>;
  /** Whether the experiment is to be started. */
  declare readonly execute: pulumi.Output<boolean>;
  /** Whether a start waits for every action to end. */
  declare readonly waitForCompletion: pulumi.Output<boolean>;
  /** Bound of that wait, in seconds. */
  declare readonly waitTimeoutSeconds: pulumi.Output<number | undefined>;
  /** The conclusion the experiment was ended with. */
  declare readonly conclusion: pulumi.Output<ChaosConclusion | undefined>;
  /** The adopted or created experiment's id (`TaskId`), also the resource id. */
  declare readonly taskId: pulumi.Output<number>;
  /** Title (action modes, as set). */
  declare readonly taskTitle: pulumi.Output<string | undefined>;
  /** Description (action modes, as set). */
  declare readonly taskDescription: pulumi.Output<string | undefined>;
  /** The title as the API reports it (the template's or action's name when none was set). */
  declare readonly experimentTitle: pulumi.Output<string>;
  /** 1001 not started, 1002 executing, 1003 paused, 1004 ended (when last read). */
  declare readonly taskStatus: pulumi.Output<number>;
  /** 0 not ended, 1 success, 2 failure, 3 terminated. */
  declare readonly taskStatusType: pulumi.Output<number>;
  /** 1 manual, 2 automatic. */
  declare readonly taskMode: pulumi.Output<number>;
  /** Action groups with their actions and instances: the ids ExecuteTaskInstance takes, and their statuses. */
  declare readonly taskGroups: pulumi.Output<ChaosGroupState[]>;
  /** Fault instances that ran and whose recovery has not succeeded (empty once everything is rolled back). */
  declare readonly faultsNotRolledBack: pulumi.Output<Array<{ taskGroupActionId: number; actionTitle: string; objectId: string }>>;
  /** When it started. */
  declare readonly taskStartTime: pulumi.Output<string | undefined>;
  /** When it ended. */
  declare readonly taskEndTime: pulumi.Output<string | undefined>;
  /** When it was created. */
  declare readonly taskCreateTime: pulumi.Output<string | undefined>;
  /** The recorded conclusion. */
  declare readonly taskSummary: pulumi.Output<string | undefined>;
  /** 1 met expectations, 2 did not. */
  declare readonly taskExpect: pulumi.Output<number | undefined>;
  /** The experiment report (`ReportInfo`), once there is one. */
  declare readonly reportInfo: pulumi.Output<Record<string, unknown> | undefined>;

  constructor(name: string, args: ChaosExperimentArgs & TaskResourceArgs, opts?: pulumi.CustomResourceOptions) {
    const restoreStackTraces = leanStackTraces();
    try {
      super(...taskResourceArgs("chaos-experiment", name, args, opts, "ChaosExperiment", contract, outputs));
    } finally {
      restoreStackTraces();
    }
  }
}
