// ProbeTask: synthetic monitoring (云拨测) on CAT's current API 3.0, the one today's Tencent Cloud
// accounts can use. Run against the emulator: CLOUDTASKS_ENDPOINT=http://127.0.0.1:4599 (see the README).
import * as pulumi from "@pulumi/pulumi";
import { ProbeTask } from "pulumi-cloudtasks";

const config = new pulumi.Config();
// Node codes come from DescribeNodes (the emulator seeds 10001–10005, 20001, 30001, 40001, 50001).
const nodes = config.getObject<string[]>("nodes") ?? ["10001", "10002", "10003"];

// Page performance of the homepage every 5 minutes from three nodes. `parameters` is written as an
// object and stored as canonical JSON text, so key order never shows up as a diff.
const homepage = new ProbeTask("homepage", {
  name: "homepage",
  targetAddress: "https://www.example.com",
  taskType: 1, // 1 page performance, 2 upload, 3 download, 4 port, 5 network quality, 6 audio/video, 7 whois
  nodes,
  interval: 5, // 1, 5, 10, 15, 30, 60, 120 or 240 minutes
  parameters: { ipType: 0, grabBag: 0 },
  tags: { team: "web" },
  // `pulumi config set maintenance true && pulumi up` suspends it; false resumes it.
  suspended: config.getBoolean("maintenance") ?? false,
});

// Network quality (ping) of the API host, only during office hours (China time).
const apiPing = new ProbeTask("api-ping", {
  name: "api-ping",
  targetAddress: "api.example.com",
  taskType: 5,
  nodes: ["10001", "20001", "30001"],
  interval: 1,
  parameters: JSON.stringify({ netIcmpOn: 1, netIcmpNum: 20, netIcmpSize: 32, netIcmpTimeout: 20 }),
  cron: "* 9-18 * * 1-5",
  nodeIpType: 1,
});

export const homepageTaskId = homepage.taskId;
export const homepageStatus = homepage.status; // 2 running, 6 paused (see the README for every status)
export const apiPingTaskId = apiPing.taskId;
export const apiPingStatus = apiPing.status; // 10 outside its schedule, 2 inside it
