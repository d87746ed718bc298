import { strict as assert } from "node:assert";
import { Client as IotcloudClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/iotcloud/v20180614/iotcloud_client";
import { DEMO_TENCENT_CREDENTIAL } from "../../emulator/config";
import type { IotDevice, IotProduct } from "../../emulator/tencent/iotcloud";
import { emulatorControl } from "../../scripts/lib/harness";
import { E2eStack } from "../support/e2e";

const TYPE = "pulumi-nodejs:dynamic/cloudtasks:IotBatchTask";
type Snapshot = { products: { iotcloud?: Record<string, Record<string, { products: IotProduct[] }>> } };
interface ExportedResource {
  urn: string;
  type: string;
  id?: string;
  outputs?: Record<string, unknown>;
}

/** The real `pulumi` CLI, the packed package, the emulator as its own process. */
describe("IotBatchTask under the real Pulumi CLI", function () {
  this.timeout(600_000);
  let stack: E2eStack;

  before(async () => {
    stack = await E2eStack.create(
      "iot-batch-task",
      `const lights = new ct.IotBatchTask("lights", {
        taskType: "UpdateShadow",
        productId: "ABCDE12345",
        deviceNameFilter: "^light-0[12]$",
        tasks: { updateShadowTask: { desired: JSON.parse(config.require("desired")) } },
        waitForCompletion: true,
      });
      const notify = new ct.IotBatchTask("notify", {
        taskType: "PublishMessage",
        productId: "ABCDE12345",
        deviceNameFilter: "^sensor-",
        tasks: { publishMessageTask: { topic: "event", payload: "hello" } },
        waitForCompletion: true,
      });
      const laterAt = config.getNumber("laterAt");
      if (laterAt !== undefined) {
        new ct.IotBatchTask("later", {
          taskType: "UpdateShadow",
          productId: "ABCDE12345",
          deviceNameFilter: "^light-03$",
          scheduleTimeInSeconds: laterAt,
          tasks: { updateShadowTask: { desired: { mode: "night" } } },
        });
      }
      exports.lightsTaskId = lights.taskId;
      exports.lightsStatus = lights.status;
      exports.lightsDevices = lights.allDeviceCnt;
      exports.notifyTaskId = notify.taskId;`,
    );
    await stack.config({ desired: '{"color":"red","brightness":80}' });
  });
  after(async () => stack?.dispose());

  const iot = () =>
    new IotcloudClient({
      credential: { secretId: DEMO_TENCENT_CREDENTIAL.secretId, secretKey: DEMO_TENCENT_CREDENTIAL.secretKey },
      region: "ap-guangzhou",
      profile: { httpProfile: { endpoint: new URL(stack.emulator.url).host, protocol: "http://" } },
    });
  const devices = async (): Promise<Map<string, IotDevice>> => {
    const state = await emulatorControl<Snapshot>(stack.emulator.url, "state");
    const products = state.products.iotcloud?.[DEMO_TENCENT_CREDENTIAL.account]?.["ap-guangzhou"]?.products ?? [];
    return new Map((products.find((p) => p.productId === "ABCDE12345")?.devices ?? []).map((d) => [d.deviceName, d]));
  };
  const exported = async (name: string): Promise<ExportedResource | undefined> => {
    const state = JSON.parse(await stack.exportText()) as { deployment: { resources?: ExportedResource[] } };
    return (state.deployment.resources ?? []).find((r) => r.type === TYPE && r.urn.endsWith(`::${name}`));
  };
  const errorsSince = async (since: number) => (await stack.requests(since)).filter((r) => r.outcome !== "ok");

  it("preview shows the creates and calls no mutating API", async () => {
    const preview = await stack.ok("preview", "--diff");
    assert.match(preview.stdout, /\+ pulumi-nodejs:dynamic\/cloudtasks:IotBatchTask: \(create\)/);
    assert.deepEqual(await stack.writes(), []);
  });

  it("up runs UpdateShadow on exactly the matching devices and PublishMessage once per matched device", async () => {
    await stack.up();
    assert.deepEqual(await stack.writeActions(), ["CreateTask", "CreateTask"]);
    const outputs = await stack.outputs();
    assert.equal(outputs.lightsStatus, 3, "waitForCompletion: the shadows are updated when up returns");
    assert.equal(outputs.lightsDevices, 2);
    const all = await devices();
    for (const name of ["light-01", "light-02"]) assert.deepEqual(all.get(name)?.shadow.state.desired, { brightness: 80, color: "red" }, name);
    for (const name of ["light-03", "sensor-01", "sensor-02"]) assert.deepEqual(all.get(name)?.shadow.state.desired, {}, name);
    for (const name of ["sensor-01", "sensor-02"]) {
      assert.deepEqual(all.get(name)?.messages.map((m) => [m.taskId, m.topic, m.payload]), [[outputs.notifyTaskId, `ABCDE12345/${name}/event`, "hello"]], name);
    }
    for (const name of ["light-01", "light-02", "light-03"]) assert.deepEqual(all.get(name)?.messages, [], name);
  });

  it("reordering the keys of desired is no change, and refresh finds no drift", async () => {
    await stack.config({ desired: '{"brightness":80,"color":"red"}' });
    await stack.ok("preview", "--expect-no-changes");
    await stack.ok("refresh", "--yes", "--skip-preview", "--expect-no-changes");
  });

  it("changing desired replaces the task; the finished old one is forgotten with no API error", async () => {
    const since = await stack.lastSeq();
    const { lightsTaskId } = await stack.outputs();
    await stack.config({ desired: '{"brightness":80,"color":"blue"}' });
    const preview = await stack.ok("preview", "--diff");
    assert.match(preview.stdout, /\+-pulumi-nodejs:dynamic\/cloudtasks:IotBatchTask: \(replace\)/);
    await stack.up();
    assert.deepEqual(await stack.writeActions(since), ["CreateTask"], "no cancel: the old task had already run");
    assert.deepEqual(await errorsSince(since), []);
    const outputs = await stack.outputs();
    assert.notEqual(outputs.lightsTaskId, lightsTaskId);
    assert.equal((await iot().DescribeTask({ Id: String(lightsTaskId) })).Status, 3, "the cloud keeps the old task's record");
    assert.deepEqual((await devices()).get("light-01")?.shadow.state.desired, { brightness: 80, color: "blue" });
  });

  it("removing a task scheduled for later cancels it (status 5 in the emulator)", async () => {
    await stack.config({ laterAt: String(Math.floor(Date.now() / 1000) + 3600) });
    await stack.up();
    const later = await exported("later");
    assert.equal(later?.outputs?.status, 1);
    const since = await stack.lastSeq();
    await stack.ok("config", "rm", "e2e:laterAt");
    await stack.up();
    assert.deepEqual(await stack.writeActions(since), ["CancelTask"]);
    assert.equal((await iot().DescribeTask({ Id: String(later?.id) })).Status, 5);
    assert.deepEqual((await devices()).get("light-03")?.shadow.state.desired, {});
  });

  it("refresh after an out-of-band cancel shows status 5", async () => {
    await stack.config({ laterAt: String(Math.floor(Date.now() / 1000) + 7200) });
    await stack.up();
    const later = await exported("later");
    assert.equal(later?.outputs?.status, 1);
    await iot().CancelTask({ Id: String(later?.id) });
    await stack.ok("refresh", "--yes", "--skip-preview");
    assert.equal((await exported("later"))?.outputs?.status, 5);
    await stack.ok("preview", "--expect-no-changes");
  });

  it("the state holds no secret key, and the provider is the small module reference", async () => {
    const text = await stack.exportText();
    assert.ok(!text.includes(DEMO_TENCENT_CREDENTIAL.secretKey));
    const provider = /"__provider": "((?:[^"\\]|\\.)*)"/.exec(text)?.[1] ?? "";
    assert.match(provider, /pulumi-cloudtasks\/resources\/iot-batch-task/);
    assert.ok(provider.length < 4096, `__provider stays small (${provider.length} bytes)`);
  });

  it("bad input fails at preview, naming the property, with no API call", async () => {
    const since = await stack.lastSeq();
    await stack.config({ desired: "[1,2]" });
    const preview = await stack.run("preview");
    assert.notEqual(preview.code, 0);
    assert.match(preview.stdout + preview.stderr, /property tasks value .* has a problem: tasks\.updateShadowTask\.desired must be a JSON object, not an array/);
    assert.deepEqual(await stack.requests(since), []);
    await stack.config({ desired: '{"brightness":80,"color":"blue"}' });
  });

  it("destroy of finished and cancelled tasks succeeds with no API error and no cancel", async () => {
    const since = await stack.lastSeq();
    await stack.ok("destroy", "--yes", "--skip-preview");
    assert.deepEqual(await stack.writeActions(since), []);
    assert.deepEqual(await errorsSince(since), []);
    assert.ok(!(await stack.resourceTypes()).includes(TYPE));
  });
});

/** Adoption by taskId under the real CLI: a batch task made with the official SDK, taken over without a second one. */
describe("IotBatchTask adoption (taskId) under the real Pulumi CLI", function () {
  this.timeout(600_000);
  let stack: E2eStack;
  let client: IotcloudClient;
  const body = { TaskType: "UpdateShadow", DeviceNameFilter: "^light-", ScheduleTimeInSeconds: 0, Tasks: { UpdateShadowTask: { Desired: '{"color":"blue"}' } }, MaxExecutionTimeInSeconds: 86_400 };

  before(async () => {
    stack = await E2eStack.create(
      "iot-adoption",
      `const adopt = config.get("adopt");
      const adopted = new ct.IotBatchTask("adopted", {
        taskType: "UpdateShadow",
        productId: config.require("product"),
        deviceNameFilter: "^light-",
        tasks: { updateShadowTask: { desired: { color: "blue" } } },
        waitForCompletion: config.getBoolean("wait") || false,
        ...(adopt ? { taskId: adopt } : {}),
      });
      exports.adoptedId = adopted.taskId;
      exports.adoptedStatus = adopted.status;`,
    );
    client = new IotcloudClient({
      credential: { secretId: DEMO_TENCENT_CREDENTIAL.secretId, secretKey: DEMO_TENCENT_CREDENTIAL.secretKey },
      region: "ap-guangzhou",
      profile: { httpProfile: { endpoint: new URL(stack.emulator.url).host, protocol: "http://" } },
    });
  });
  after(async () => stack?.dispose());

  it("a task of another product fails the up naming productId, and nothing is created", async () => {
    const other = (await client.CreateTask({ ...body, ProductId: "FGHIJ67890" })).TaskId as string;
    await stack.config({ adopt: other, product: "ABCDE12345" });
    const since = await stack.lastSeq();
    const failed = await stack.run("up", "--yes", "--skip-preview");
    assert.notEqual(failed.code, 0);
    assert.match(failed.stdout + failed.stderr, new RegExp(`iot batch task ${other} \\(taskId\\) differs in productId \\(declared ABCDE12345, the task's FGHIJ67890\\)`));
    assert.deepEqual(await stack.writeActions(since), []);
  });

  it("up adopts a matching task: no CreateTask, the same id", async () => {
    const existing = (await client.CreateTask({ ...body, ProductId: "ABCDE12345" })).TaskId as string;
    await stack.config({ adopt: existing });
    const since = await stack.lastSeq();
    await stack.up();
    assert.deepEqual(await stack.writeActions(since), []);
    assert.equal((await stack.outputs()).adoptedId, existing);
  });

  it("after a refresh, an in-place change with taskId still declared is an update, and leaving taskId out is no change", async () => {
    const { adoptedId } = await stack.outputs();
    await stack.ok("refresh", "--yes", "--skip-preview");
    await stack.config({ wait: "true" });
    const preview = await stack.ok("preview", "--diff");
    assert.match(preview.stdout, new RegExp(`~ ${TYPE}: \\(update\\)`));
    assert.doesNotMatch(preview.stdout, /replace/);
    await stack.up();
    const outputs = await stack.outputs();
    assert.equal(outputs.adoptedId, adoptedId);
    assert.equal(outputs.adoptedStatus, 3, "waited until done");
    await stack.config({ adopt: "" });
    await stack.ok("preview", "--expect-no-changes");
  });
});
