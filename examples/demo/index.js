// The demo stack: what a platform team would declare. `npm run demo` runs it against the emulator.
const { CatTask, ChaosExperiment, IotBatchTask, OperationTask, PerfTestTask, ProbeTask } = require("pulumi-cloudtasks");

// Every night at 02:00 (UTC+8), report disk usage on two hosts.
const diskReport = new OperationTask("nightly-disk-report", {
  name: "nightly-disk-report",
  type: 2,
  period: 1,
  firstTime: "2026-12-01T02:00:00+08:00",
  account: "root",
  timeout: 300,
  script: "df -h\nfind /var/log -name '*.gz' -mtime +30 | wc -l",
  deviceIdSet: [34, 56],
});

// Run by hand: bump the trigger to run it again on the next `pulumi up`.
const rotateLogs = new OperationTask("rotate-logs", {
  name: "rotate-logs",
  type: 1,
  account: "root",
  timeout: 120,
  script: "logrotate -f /etc/logrotate.conf",
  deviceIdSet: [34],
  runTriggers: ["2026-11-23"],
});

// Probe the homepage every 5 minutes from the account's default agent group (1510 in the emulator).
const homepageProbe = new CatTask("homepage-probe", {
  taskName: "homepage-probe",
  catTypeName: "https",
  url: "www.example.com",
  agentGroupId: 1510,
  period: 5,
  checkType: "1",
  checkStr: "Example Domain",
  cookie: "probe=1",
});

// The same kind of probe on CAT's current API 3.0: page performance every 5 minutes from three nodes.
const checkoutProbe = new ProbeTask("checkout-probe", {
  name: "checkout-probe",
  targetAddress: "https://www.example.com/checkout",
  taskType: 1,
  nodes: ["10001", "10002", "10003"],
  interval: 5,
  parameters: { ipType: 0, grabBag: 0 },
});

// A checkout load test on Huawei Cloud CodeArts PerfTest, started on create.
const checkoutLoad = new PerfTestTask("checkout-load", {
  name: "checkout-load",
  projectId: 393862, // the CPTS test project (seeded in the emulator)
  caseIdList: [449269, 449270],
  run: "started",
});

// Turn every smart light of IoT Hub product ABCDE12345 (seeded in the emulator) red, as soon as
// the task is created; up waits until every matched device's shadow is updated.
const lightsRed = new IotBatchTask("lights-red", {
  taskType: "UpdateShadow",
  productId: "ABCDE12345",
  deviceNameFilter: "^light-",
  tasks: { updateShadowTask: { desired: { color: "red", brightness: 80 } } },
  waitForCompletion: true,
});

// A chaos drill from template 626 (seeded in the emulator): started, stepped through to its end,
// then concluded. Destroying a running experiment rolls its faults back before deleting it.
const failoverDrill = new ChaosExperiment("failover-drill", {
  templateId: 626,
  taskConfig: { taskTitle: "failover-drill", taskGroupsConfig: [{ taskGroupInstances: ["ins-bfydnvta", "ins-ehxmry76"] }] },
  execute: true,
  waitForCompletion: true,
  conclusion: { summary: "Traffic stayed on the healthy hosts", isExpect: true },
});

exports.diskReportTaskId = diskReport.taskId;
exports.diskReportNextRun = diskReport.nextTime;
exports.rotateLogsTaskId = rotateLogs.taskId;
exports.rotateLogsLastRun = rotateLogs.lastRunSubTaskId;
exports.homepageProbeTaskId = homepageProbe.taskId;
exports.homepageProbeStatus = homepageProbe.status;
exports.checkoutLoadTaskId = checkoutLoad.taskId;
exports.checkoutLoadRunStatus = checkoutLoad.runStatus;
exports.lightsRedTaskId = lightsRed.taskId;
exports.lightsRedStatus = lightsRed.status;
exports.lightsRedDevices = lightsRed.doneDeviceCnt;
exports.checkoutProbeTaskId = checkoutProbe.taskId;
exports.checkoutProbeStatus = checkoutProbe.status;
exports.failoverDrillTaskId = failoverDrill.taskId;
exports.failoverDrillStatus = failoverDrill.taskStatus;
