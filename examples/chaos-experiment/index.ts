// ChaosExperiment: a template drill run to its end, and a packet-loss experiment ready to start.
// Run against the emulator: CLOUDTASKS_ENDPOINT=http://127.0.0.1:4599 (see the README).
import * as pulumi from "@pulumi/pulumi";
import { ChaosExperiment } from "pulumi-cloudtasks";

const config = new pulumi.Config();
const webServers = config.getObject<string[]>("webServers") ?? ["ins-bfydnvta", "ins-ehxmry76"];

// Template 626 has one action group, so taskGroupsConfig has one entry. The experiment starts on
// create, the provider steps through its (manual) actions, then records the conclusion.
const drill = new ChaosExperiment("quarterly-drill", {
  templateId: 626,
  taskConfig: {
    taskTitle: "Quarterly drill",
    taskGroupsConfig: [{ taskGroupInstances: webServers }],
  },
  execute: true,
  waitForCompletion: true,
  waitTimeoutSeconds: 600,
  conclusion: { summary: config.get("drillConclusion") ?? "Traffic stayed on the healthy hosts", isExpect: true },
});

// One action: 10% packet loss on eth0 of one server. Created but not started:
// `pulumi config set startPacketLoss true && pulumi up` starts it; `pulumi destroy` rolls the
// fault back, ends the experiment and deletes it.
const packetLoss = new ChaosExperiment("packet-loss", {
  taskActionId: 462,
  taskInstances: [webServers[0]],
  taskTitle: "Network Packet Loss",
  taskDescription: "This experiment was created from the openapi",
  taskActionGeneralConfiguration: { ActionTimeout: 1800 },
  taskActionCustomConfiguration: { interfaces: "eth0", percent: 10, duration: 120 },
  taskTags: [{ tagKey: "team", tagValue: "sre" }],
  execute: config.getBoolean("startPacketLoss") ?? false,
});

export const drillTaskId = drill.taskId;
export const drillStatus = drill.taskStatus;
export const drillSummary = drill.taskSummary;
export const packetLossTaskId = packetLoss.taskId;
export const packetLossGroups = packetLoss.taskGroups;
