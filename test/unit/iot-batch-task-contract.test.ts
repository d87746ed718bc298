import { strict as assert } from "node:assert";
import { diffInputs } from "../../provider/contract/diff";
import { UNKNOWN } from "../../provider/contract/fields";
import { contract, handlers, MAX_DESIRED_BYTES, outputs, requestBody, scheduleProblem } from "../../provider/resources/iot-batch-task";

const shadow = {
  taskType: "UpdateShadow",
  productId: "ABCDE12345",
  deviceNameFilter: "^light-",
  tasks: { updateShadowTask: { desired: { color: "red" } } },
  region: "ap-guangzhou",
};
const message = {
  taskType: "PublishMessage",
  productId: "ABCDE12345",
  deviceNameFilter: "^sensor-",
  tasks: { publishMessageTask: { topic: "event", payload: "reboot" } },
  region: "ap-guangzhou",
};

const now = () => Math.floor(Date.now() / 1000);
const check = (inputs: Record<string, unknown>, olds: Record<string, unknown> = {}) => handlers.check(olds, inputs);
const failuresOf = async (inputs: Record<string, unknown>, olds: Record<string, unknown> = {}) => (await check(inputs, olds)).failures ?? [];

/** `desired` nested `levels` deep: `{a:{a:…{a:1}}}`. */
function nested(levels: number): Record<string, unknown> {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value as Record<string, unknown>;
}

describe("IotBatchTask contract", () => {
  describe("check", () => {
    it("accepts both task types, fills the defaults and stores desired as canonical JSON text", async () => {
      const result = await check({ ...shadow, tasks: { updateShadowTask: { desired: { size: 2, color: "red", nested: { b: 1, a: 2 } } } } });
      assert.deepEqual(result.failures, []);
      assert.equal(result.inputs?.scheduleTimeInSeconds, 0);
      assert.equal(result.inputs?.maxExecutionTimeInSeconds, 86_400);
      assert.equal(result.inputs?.waitForCompletion, false);
      assert.deepEqual(result.inputs?.tasks, { updateShadowTask: { desired: '{"color":"red","nested":{"a":2,"b":1},"size":2}' } });
      assert.deepEqual(await failuresOf(message), []);
    });

    it("gives the same stored desired for an object, a reordered object and JSON text", async () => {
      const forms = [{ b: 1, a: { y: 2, x: 1 } }, { a: { x: 1, y: 2 }, b: 1 }, ' { "b" : 1, "a": {"y":2,"x":1} } '];
      const stored = await Promise.all(forms.map(async (desired) => (await check({ ...shadow, tasks: { updateShadowTask: { desired } } })).inputs?.tasks));
      assert.deepEqual(stored[0], { updateShadowTask: { desired: '{"a":{"x":1,"y":2},"b":1}' } });
      assert.deepEqual(stored[1], stored[0]);
      assert.deepEqual(stored[2], stored[0]);
    });

    const deep = nested(7);
    const big = { blob: "x".repeat(MAX_DESIRED_BYTES) };
    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
      ["an unknown task type", { ...shadow, taskType: "Reboot" }, "taskType", /one of "UpdateShadow", "PublishMessage"/],
      ["a missing product", { ...shadow, productId: undefined }, "productId", /productId is required/],
      ["UpdateShadow with a message body", { ...shadow, tasks: message.tasks }, "tasks", /taskType UpdateShadow needs tasks.updateShadowTask/],
      ["PublishMessage with a shadow body", { ...message, tasks: shadow.tasks }, "tasks", /taskType PublishMessage needs tasks.publishMessageTask/],
      ["both bodies", { ...shadow, tasks: { ...shadow.tasks, ...message.tasks } }, "tasks", /only one of updateShadowTask and publishMessageTask/],
      ["no body", { ...shadow, tasks: {} }, "tasks", /must set updateShadowTask or publishMessageTask/],
      ["an unknown body key", { ...shadow, tasks: { ...shadow.tasks, firmware: {} } }, "tasks", /unknown key firmware/],
      ["desired as an array", { ...shadow, tasks: { updateShadowTask: { desired: [1, 2] } } }, "tasks", /desired must be a JSON object, not an array/],
      ["desired as a scalar string", { ...shadow, tasks: { updateShadowTask: { desired: '"red"' } } }, "tasks", /desired must be a JSON object, not a string/],
      ["desired that is not JSON", { ...shadow, tasks: { updateShadowTask: { desired: "{color: red}" } } }, "tasks", /not valid JSON/],
      ["desired nested 7 levels", { ...shadow, tasks: { updateShadowTask: { desired: deep } } }, "tasks", /nests 7 levels; the cloud allows at most 6/],
      ["desired over 64 KB", { ...shadow, tasks: { updateShadowTask: { desired: big } } }, "tasks", /bytes serialized; the cloud allows at most 65536/],
      ["a filter that does not compile", { ...shadow, deviceNameFilter: "light-(" }, "deviceNameFilter", /must be a valid regular expression/],
      ["a topic with the product prefix", { ...message, tasks: { publishMessageTask: { topic: "ABCDE12345/sensor-01/event", payload: "x" } } }, "tasks", /must not start with the product id: write "event"/],
      ["a topic with a wildcard", { ...message, tasks: { publishMessageTask: { topic: "event/#", payload: "x" } } }, "tasks", /topic without product and device/],
      ["a topic with a leading slash", { ...message, tasks: { publishMessageTask: { topic: "/event", payload: "x" } } }, "tasks", /topic without product and device/],
      ["a message without payload", { ...message, tasks: { publishMessageTask: { topic: "event" } } }, "tasks", /payload is required/],
      ["a negative schedule time", { ...shadow, scheduleTimeInSeconds: -1 }, "scheduleTimeInSeconds", /at least 0/],
      ["a schedule time in the past", { ...shadow, scheduleTimeInSeconds: now() - 3600 }, "scheduleTimeInSeconds", /is in the past .* use 0 for "as soon as created"/],
      ["a schedule time over a day ahead", { ...shadow, scheduleTimeInSeconds: now() + 86_400 + 600 }, "scheduleTimeInSeconds", /more than 86400 seconds ahead/],
      ["an execution time over a day", { ...shadow, maxExecutionTimeInSeconds: 86_401 }, "maxExecutionTimeInSeconds", /at most 86400/],
      ["a negative execution time", { ...shadow, maxExecutionTimeInSeconds: -1 }, "maxExecutionTimeInSeconds", /at least 0/],
      ["a wait bound without waiting", { ...shadow, waitTimeoutSeconds: 60 }, "waitTimeoutSeconds", /only used with waitForCompletion: true/],
    ];
    for (const [what, inputs, property, reason] of cases) {
      it(`rejects ${what}, naming ${property}`, async () => {
        const failures = await failuresOf(inputs);
        assert.equal(failures.length, 1, JSON.stringify(failures));
        assert.equal(failures[0].property, property);
        assert.match(failures[0].reason, reason);
      });
    }

    it("accepts a schedule time within the next day, and 6 levels of desired", async () => {
      assert.deepEqual(await failuresOf({ ...shadow, scheduleTimeInSeconds: now() + 3600, tasks: { updateShadowTask: { desired: nested(6) } } }), []);
    });

    it("does not fail an existing task whose unchanged schedule time is now in the past", async () => {
      const past = now() - 7200;
      assert.deepEqual(await failuresOf({ ...shadow, scheduleTimeInSeconds: past }, { ...shadow, scheduleTimeInSeconds: past }), []);
      assert.equal(scheduleProblem({ scheduleTimeInSeconds: past }, { scheduleTimeInSeconds: past + 1 }, now())?.includes("in the past"), true);
    });

    it("lets unknown values through at preview", async () => {
      assert.deepEqual(await failuresOf({ ...shadow, productId: UNKNOWN, deviceNameFilter: UNKNOWN, tasks: { updateShadowTask: { desired: UNKNOWN } } }), []);
      assert.deepEqual(await failuresOf({ ...shadow, taskType: UNKNOWN, scheduleTimeInSeconds: UNKNOWN }), []);
    });
  });

  describe("diff", () => {
    const stored = async (inputs: Record<string, unknown>) => (await check(inputs)).inputs ?? {};

    it("a reordered desired is no change", async () => {
      const olds = await stored({ ...shadow, tasks: { updateShadowTask: { desired: { color: "red", size: 2 } } } });
      const news = await stored({ ...shadow, tasks: { updateShadowTask: { desired: { size: 2, color: "red" } } } });
      assert.equal(diffInputs(contract, olds, news).changes, false);
    });

    for (const [field, value] of [
      ["tasks", { updateShadowTask: { desired: { color: "blue" } } }],
      ["deviceNameFilter", "^sensor-"],
      ["productId", "FGHIJ67890"],
      ["scheduleTimeInSeconds", 1_900_000_000],
      ["maxExecutionTimeInSeconds", 60],
      ["region", "ap-shanghai"],
    ] as const) {
      it(`a changed ${field} replaces the task`, async () => {
        const olds = await stored(shadow);
        const diff = diffInputs(contract, olds, { ...olds, [field]: field === "tasks" ? (await stored({ ...shadow, tasks: value })).tasks : value });
        assert.deepEqual(diff.replaces, [field]);
      });
    }

    it("waiting options change in place, never replace", async () => {
      const olds = await stored(shadow);
      const diff = diffInputs(contract, olds, await stored({ ...shadow, waitForCompletion: true, waitTimeoutSeconds: 30 }));
      assert.equal(diff.changes, true);
      assert.deepEqual(diff.replaces, []);
    });
  });

  describe("wire mapping", () => {
    it("sends the API's field names with Desired as canonical JSON text", async () => {
      const inputs = (await check({ ...shadow, tasks: { updateShadowTask: { desired: { b: 1, a: 2 } } } })).inputs ?? {};
      assert.deepEqual(requestBody(inputs), {
        TaskType: "UpdateShadow",
        ProductId: "ABCDE12345",
        DeviceNameFilter: "^light-",
        ScheduleTimeInSeconds: 0,
        Tasks: { UpdateShadowTask: { Desired: '{"a":2,"b":1}' } },
        MaxExecutionTimeInSeconds: 86_400,
      });
      const published = requestBody((await check(message)).inputs ?? {});
      assert.deepEqual(published.Tasks, { PublishMessageTask: { Topic: "event", Payload: "reboot" } });
    });

    it("documents every output", () => {
      for (const name of ["taskId", "status", "percent", "allDeviceCnt", "doneDeviceCnt", "retCode", "errMsg", "createTime", "updateTime", "doneTime", "scheduleTime"]) {
        assert.ok(outputs[name]?.doc, name);
      }
    });
  });
});
