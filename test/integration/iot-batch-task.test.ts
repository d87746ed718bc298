import { strict as assert } from "node:assert";
import type { IotDevice, IotProduct } from "../../emulator/tencent/iotcloud";
import { progress } from "../../provider/progress";
import { handlers } from "../../provider/resources/iot-batch-task";
import { rejection } from "../support/errors";
import { TestCloud, withShortRequestTimeout } from "../support/emulator";

type Snapshot = { products: { iotcloud?: Record<string, Record<string, { products: IotProduct[] }>> } };

/** Provider → official SDK → HTTP → emulator, with nothing stubbed. */
describe("IotBatchTask against the emulator", function () {
  this.timeout(60_000);
  let cloud: TestCloud;
  before(async () => {
    cloud = await TestCloud.start({ seeds: { iotcloud: { products: [{ productId: "SEEDED0001", productName: "from-config", deviceNames: ["pump-a", "pump-b", "valve-a"] }] } } });
  });
  after(async () => cloud.stop());
  beforeEach(() => cloud.reset());

  const shadowArgs = {
    taskType: "UpdateShadow",
    productId: "ABCDE12345",
    deviceNameFilter: "^light-",
    tasks: { updateShadowTask: { desired: { color: "red", brightness: 80 } } },
  };
  const messageArgs = {
    taskType: "PublishMessage",
    productId: "ABCDE12345",
    deviceNameFilter: "^sensor-",
    tasks: { publishMessageTask: { topic: "control", payload: '{"cmd":"reboot"}' } },
  };

  async function checked(inputs: Record<string, unknown>) {
    const result = await handlers.check({}, inputs);
    assert.deepEqual(result.failures, []);
    return result.inputs as Record<string, unknown>;
  }

  /** The seeded devices of a product, as `GET /_emulator/state` shows them (the clock caught up first). */
  async function devices(productId = "ABCDE12345"): Promise<Map<string, IotDevice>> {
    const state = await cloud.control<Snapshot>("state");
    const products = state.products.iotcloud?.["100000000001"]?.["ap-guangzhou"]?.products ?? [];
    return new Map((products.find((p) => p.productId === productId)?.devices ?? []).map((d) => [d.deviceName, d]));
  }

  const advance = (seconds: number) => cloud.control("clock", "POST", { advanceMs: seconds * 1000 });
  const describeTask = (id: string) => cloud.iotcloudClient().DescribeTask({ Id: id });
  const tasksInCloud = async () => (await cloud.iotcloudClient().DescribeTasks({ Offset: 0, Limit: 250 })).Tasks ?? [];
  const calls = (action: string) => cloud.requests().filter((r) => r.action === action);

  it("sends the seed's example request field for field (ScheduleTimeInSeconds 0, an empty filter, Desired as JSON text)", async () => {
    const inputs = await checked({
      taskType: "UpdateShadow",
      productId: "ABCDE12345",
      deviceNameFilter: "",
      scheduleTimeInSeconds: 0,
      tasks: { updateShadowTask: { desired: '{"color":"red"}' } },
    });
    const { id } = await handlers.create(inputs);
    const [create] = calls("CreateTask");
    assert.deepEqual(create.params, {
      TaskType: "UpdateShadow",
      ProductId: "ABCDE12345",
      DeviceNameFilter: "",
      ScheduleTimeInSeconds: 0,
      Tasks: { UpdateShadowTask: { Desired: '{"color":"red"}' } },
      MaxExecutionTimeInSeconds: 86_400, // empty in the example: the documented default, made explicit
    });
    assert.equal(create.outcome, "ok");
    assert.match(id, /^[0-9a-f]{24}$/);
    await advance(5);
    const task = await describeTask(id);
    assert.equal(task.Status, 3);
    assert.equal(task.AllDeviceCnt, 5, "an empty filter matches every device of the product");
  });

  it("UpdateShadow with waitForCompletion merges desired into exactly the matching devices' shadows", async () => {
    const lines: string[] = [];
    const write = progress.write;
    progress.write = (line) => void lines.push(line);
    try {
      const { id, outs } = await handlers.create(await checked({ ...shadowArgs, waitForCompletion: true, waitTimeoutSeconds: 30 }));
      assert.equal(outs?.status, 3);
      assert.equal(outs?.allDeviceCnt, 3);
      assert.equal(outs?.doneDeviceCnt, 3);
      assert.equal(outs?.percent, 100);
      assert.equal(outs?.taskId, id);
      assert.ok(Number(outs?.doneTime) >= Number(outs?.scheduleTime));
      assert.ok(lines.some((l) => l.includes(`iot batch task ${id}: waiting for completion, status 2`)), lines.join("\n"));
      assert.ok(lines.some((l) => l.includes(`iot batch task ${id}: done`)), lines.join("\n"));
      assert.ok(lines.every((l) => !l.includes("brightness")), "progress never echoes input values");
    } finally {
      progress.write = write;
    }
    const shadows = await devices();
    for (const name of ["light-01", "light-02", "light-03"]) {
      assert.deepEqual(shadows.get(name)?.shadow.state.desired, { brightness: 80, color: "red" }, name);
      assert.equal(shadows.get(name)?.shadow.version, 1);
    }
    for (const name of ["sensor-01", "sensor-02"]) assert.deepEqual(shadows.get(name)?.shadow.state.desired, {}, name);
  });

  it("a second UpdateShadow merges into the shadow: keys kept, replaced, and removed by null", async () => {
    await handlers.create(await checked({ ...shadowArgs, deviceNameFilter: "^light-01$", waitForCompletion: true }));
    await handlers.create(await checked({ ...shadowArgs, deviceNameFilter: "^light-01$", tasks: { updateShadowTask: { desired: { color: "blue", brightness: null } } }, waitForCompletion: true }));
    const light = (await devices()).get("light-01");
    assert.deepEqual(light?.shadow.state.desired, { color: "blue" });
    assert.equal(light?.shadow.version, 2);
  });

  it("PublishMessage records one message per matched device once the clock passes the schedule", async () => {
    const { id, outs } = await handlers.create(await checked(messageArgs));
    assert.ok(outs?.status === 1 || outs?.status === 2, `just created: ${String(outs?.status)}`);
    await advance(5);
    const read = await handlers.read(id, outs ?? {});
    assert.equal(read.props?.status, 3);
    assert.equal(read.props?.allDeviceCnt, 2);
    const all = await devices();
    for (const name of ["sensor-01", "sensor-02"]) {
      assert.deepEqual(
        all.get(name)?.messages.map((m) => [m.taskId, m.topic, m.payload]),
        [[id, `ABCDE12345/${name}/control`, '{"cmd":"reboot"}']],
        name,
      );
    }
    for (const name of ["light-01", "light-02", "light-03"]) assert.deepEqual(all.get(name)?.messages, [], name);
  });

  it("a task scheduled for later waits (status 1) and destroy cancels it (status 5)", async () => {
    const later = Math.floor(Date.now() / 1000) + 3600;
    const { id, outs } = await handlers.create(await checked({ ...shadowArgs, scheduleTimeInSeconds: later }));
    assert.equal(outs?.status, 1);
    assert.equal(outs?.scheduleTime, later);
    await handlers.delete(id, outs ?? {});
    assert.equal((await describeTask(id)).Status, 5);
    assert.deepEqual(calls("CancelTask").map((r) => r.outcome), ["ok"]);
    await advance(7200);
    assert.deepEqual((await devices()).get("light-01")?.shadow.state.desired, {}, "a cancelled task never runs");
    await advance(-7200); // signatures carry the real time: the emulator's clock must be within 5 minutes of it
    await handlers.delete(id, outs ?? {});
    assert.equal(calls("CancelTask").length, 1, "a cancelled task is only forgotten");
  });

  it("destroying a task last read as finished calls nothing (no status leads back to waiting); one last read as waiting is read first", async () => {
    const { id, outs } = await handlers.create(await checked({ ...shadowArgs, waitForCompletion: true }));
    assert.equal(outs?.status, 3);
    let since = cloud.requests().length;
    await handlers.delete(id, outs ?? {});
    assert.deepEqual(cloud.requests().slice(since), []);
    since = cloud.requests().length;
    await handlers.delete(id, { ...outs, status: 1 });
    assert.deepEqual(cloud.requests().slice(since).map((r) => [r.action, r.outcome]), [["DescribeTask", "ok"]], "read, found done, not cancelled");
  });

  it("losing the cancel race to the scheduler (AsyncTaskAlreadyStarted) counts as success", async () => {
    const { id, outs } = await handlers.create(await checked({ ...shadowArgs, scheduleTimeInSeconds: Math.floor(Date.now() / 1000) + 600 }));
    cloud.inject({ kind: "error", action: "CancelTask", code: "FailedOperation.AsyncTaskAlreadyStarted" });
    await handlers.delete(id, outs ?? {});
    assert.deepEqual(calls("CancelTask").map((r) => r.outcome), ["FailedOperation.AsyncTaskAlreadyStarted"]);
  });

  it("refresh after an out-of-band cancel shows status 5; a task past the month's retention reads as gone", async () => {
    const { id, outs } = await handlers.create(await checked({ ...shadowArgs, scheduleTimeInSeconds: Math.floor(Date.now() / 1000) + 600 }));
    await cloud.iotcloudClient().CancelTask({ Id: id });
    const read = await handlers.read(id, outs ?? {});
    assert.equal(read.id, id);
    assert.equal(read.props?.status, 5);
    assert.deepEqual(read.inputs?.tasks, outs?.tasks);
    assert.equal(read.inputs?.status, undefined, "inputs carry contract fields only");
    await advance(31 * 86_400); // the month passes: the clock settles, dropping the task
    await advance(-31 * 86_400);
    assert.deepEqual(await handlers.read(id, outs ?? {}), {});
  });

  it("waiting options change in place with reads only", async () => {
    const { id, outs } = await handlers.create(await checked(shadowArgs));
    const since = cloud.requests().length;
    const { outs: updated } = await handlers.update(id, outs ?? {}, await checked({ ...shadowArgs, waitForCompletion: true }));
    assert.equal(updated?.status, 3);
    assert.ok(cloud.requests().slice(since).every((r) => r.action === "DescribeTask"));
  });

  it("a task that fails (status 4) fails a waiting create but stays in state", async () => {
    const error = await rejection(handlers.create(await checked({ ...shadowArgs, maxExecutionTimeInSeconds: 1, waitForCompletion: true })));
    assert.match(error.message, /iot batch task [0-9a-f]{24} failed \(status 4\).*MaxExecutionTimeInSeconds/);
    assert.match(String(error.id), /^[0-9a-f]{24}$/);
    assert.equal((await describeTask(String(error.id))).Status, 4);
  });

  it("a product that does not exist is a clear error naming it, with nothing created", async () => {
    const error = await rejection(handlers.create(await checked({ ...shadowArgs, productId: "NOSUCHPROD" })));
    assert.match(error.message, /product NOSUCHPROD does not exist in IoT Hub \(region ap-guangzhou\).*ResourceNotFound\.ProductNotExist/);
    assert.deepEqual(await tasksInCloud(), []);
  });

  describe("emulator", () => {
    it("seeds products from the config file and devices through POST /_emulator/iotcloud/devices", async () => {
      assert.deepEqual([...(await devices("SEEDED0001")).keys()], ["pump-a", "pump-b", "valve-a"]);
      const seeded = await cloud.control<{ deviceNames: string[] }>("iotcloud/devices", "POST", { productId: "NEWPROD001", deviceNames: ["door-1", "door-2", "window-1"] });
      assert.deepEqual(seeded.deviceNames, ["door-1", "door-2", "window-1"]);
      const { outs } = await handlers.create(await checked({ ...shadowArgs, productId: "NEWPROD001", deviceNameFilter: "^door-", waitForCompletion: true }));
      assert.equal(outs?.allDeviceCnt, 2);
      assert.deepEqual((await devices("NEWPROD001")).get("door-2")?.shadow.state.desired, { brightness: 80, color: "red" });
    });

    it("answers the product's documented codes for what the provider's check stops earlier", async () => {
      const client = cloud.iotcloudClient();
      const base = { TaskType: "UpdateShadow", ProductId: "ABCDE12345", DeviceNameFilter: ".*", ScheduleTimeInSeconds: 0 };
      const codeOf = async (p: Promise<unknown>) => String((await rejection(p)).code);
      let deep: unknown = 1;
      for (let i = 0; i < 7; i++) deep = { a: deep };
      assert.equal(await codeOf(client.CreateTask({ ...base, Tasks: { UpdateShadowTask: { Desired: JSON.stringify(deep) } } })), "InvalidParameterValue.JSONLevelExceedLimit");
      assert.equal(await codeOf(client.CreateTask({ ...base, Tasks: { UpdateShadowTask: { Desired: "[1]" } } })), "InvalidParameterValue.JSONHasInvalidNode");
      assert.equal(await codeOf(client.CreateTask({ ...base, Tasks: { UpdateShadowTask: { Desired: JSON.stringify({ x: "y".repeat(70_000) }) } } })), "InvalidParameterValue.JSONSizeExceedLimit");
      assert.equal(
        await codeOf(client.CreateTask({ ...base, TaskType: "PublishMessage", Tasks: { PublishMessageTask: { Topic: "ABCDE12345/light-01/event", Payload: "x" } } })),
        "FailedOperation.InvalidTopicName",
      );
      assert.equal(await codeOf(client.CreateTask({ ...base, Tasks: { PublishMessageTask: { Topic: "event", Payload: "x" } } })), "InvalidParameterValue");
      assert.equal(await codeOf(client.CreateTask({ ...base, ScheduleTimeInSeconds: 1_000, Tasks: { UpdateShadowTask: { Desired: "{}" } } })), "InvalidParameterValue");
      assert.equal(await codeOf(client.DescribeTask({ Id: "000000000000000000000000" })), "ResourceNotFound.TaskNotExist");
      assert.deepEqual(await tasksInCloud(), []);
    });

    it("clamps a schedule beyond a day ahead, and refuses a cancel once the task is scheduled", async () => {
      const client = cloud.iotcloudClient();
      const now = Math.floor(Date.now() / 1000);
      const { TaskId } = await client.CreateTask({ TaskType: "UpdateShadow", ProductId: "ABCDE12345", DeviceNameFilter: ".", ScheduleTimeInSeconds: now + 200_000, Tasks: { UpdateShadowTask: { Desired: "{}" } } });
      const task = await client.DescribeTask({ Id: String(TaskId) });
      assert.ok(Number(task.ScheduleTime) <= now + 86_400 + 5 && Number(task.ScheduleTime) >= now + 86_400 - 5);
      const started = await client.CreateTask({ TaskType: "UpdateShadow", ProductId: "ABCDE12345", DeviceNameFilter: ".", ScheduleTimeInSeconds: 0, Tasks: { UpdateShadowTask: { Desired: "{}" } } });
      assert.equal((await rejection(client.CancelTask({ Id: String(started.TaskId) }))).code, "FailedOperation.AsyncTaskAlreadyStarted");
    });

    it("refuses new tasks over the pending limit, and frees the slot once tasks finish", async () => {
      const limited = await TestCloud.start({ seeds: { iotcloud: { pendingTaskLimit: 2 } } });
      try {
        const client = limited.iotcloudClient();
        const create = () => client.CreateTask({ TaskType: "UpdateShadow", ProductId: "ABCDE12345", DeviceNameFilter: ".", ScheduleTimeInSeconds: 0, Tasks: { UpdateShadowTask: { Desired: "{}" } } });
        await create();
        await create();
        assert.equal((await rejection(create())).code, "LimitExceeded.PengingOrProcessingTasksExceedLimit");
        await limited.control("clock", "POST", { advanceMs: 5000 });
        await create();
      } finally {
        await limited.stop(); // restores the environment, which points at the outer cloud again
      }
    });

    it("throttles CreateTask and DescribeTask at the documented 100 per second (scaled down here)", async () => {
      const slow = await TestCloud.start({ rateLimitScale: 0.02 }); // 100/s × 0.02 = 2/s
      try {
        const client = slow.iotcloudClient();
        const results = await Promise.allSettled([1, 2, 3].map(() => client.DescribeTask({ Id: "x" })));
        const codes = results.map((r) => (r.status === "rejected" ? String((r.reason as { code?: string }).code) : "ok"));
        assert.deepEqual(codes.sort(), ["RequestLimitExceeded", "ResourceNotFound.TaskNotExist", "ResourceNotFound.TaskNotExist"]);
      } finally {
        await slow.stop();
      }
    });
  });

  describe("faults", () => {
    it("a create whose answer is lost is adopted through DescribeTasks, not duplicated", async () => {
      await cloud.iotcloudClient().CreateTask({ TaskType: "UpdateShadow", ProductId: "ABCDE12345", DeviceNameFilter: "x", ScheduleTimeInSeconds: 0, Tasks: { UpdateShadowTask: { Desired: "{}" } } });
      cloud.inject({ kind: "drop-after-commit", action: "CreateTask" });
      const { id } = await handlers.create(await checked(shadowArgs));
      const tasks = await tasksInCloud();
      assert.equal(tasks.length, 2, "the earlier task and exactly one new one");
      assert.equal(tasks[1].Id, id);
      assert.equal(calls("CreateTask").length, 2, "the provider sent CreateTask once (the other is the earlier out-of-band task)");
    });

    it("two resources creating on the same product at once each get their own task, even when one answer is lost", async () => {
      cloud.inject({ kind: "drop-after-commit", action: "CreateTask" });
      const [a, b] = await Promise.all([handlers.create(await checked(shadowArgs)), handlers.create(await checked(messageArgs))]);
      assert.notEqual(a.id, b.id);
      const tasks = await tasksInCloud();
      assert.equal(tasks.length, 2);
      assert.deepEqual(new Set(tasks.map((t) => t.Id)), new Set([a.id, b.id]));
    });

    /** Runs `body` with requests timing out after a second (so settle windows are two seconds). */
    it("a lost answer with a stranger's identical task appearing meanwhile fails naming both ids, not guessed or retried", () =>
      withShortRequestTimeout(async () => {
        cloud.inject({ kind: "delay", action: "DescribeTasks", delayMs: 0 }); // the list taken before the call
        cloud.inject({ kind: "drop-after-commit", action: "CreateTask" });
        cloud.inject({ kind: "delay", action: "DescribeTasks", delayMs: 1500 }); // the reconcile's list, held while the stranger creates
        const creating = rejection(handlers.create(await checked(shadowArgs)));
        while (calls("CreateTask").length === 0) await new Promise((r) => setTimeout(r, 20));
        const stranger = await cloud.iotcloudClient().CreateTask({ TaskType: "UpdateShadow", ProductId: "ABCDE12345", DeviceNameFilter: "x", ScheduleTimeInSeconds: 0, Tasks: { UpdateShadowTask: { Desired: "{}" } } });
        const error = await creating;
        const ids = (await tasksInCloud()).map((t) => String(t.Id));
        assert.equal(ids.length, 2);
        assert.ok(ids.includes(String(stranger.TaskId)));
        assert.match(error.message, /left 2 tasks that match this resource exactly \(ids [0-9a-f]+, [0-9a-f]+\)/);
        for (const id of ids) assert.ok(error.message.includes(id), error.message);
        assert.equal(calls("CreateTask").length, 2, "one CreateTask from the provider, one from the stranger");
      }));

    it("a create applied after the request timed out is found within the settle window, not duplicated", () =>
      withShortRequestTimeout(async () => {
        cloud.inject({ kind: "delay", action: "CreateTask", delayMs: 1800 });
        const { id } = await handlers.create(await checked(shadowArgs));
        assert.deepEqual((await tasksInCloud()).map((t) => t.Id), [id]);
        assert.equal(calls("CreateTask").length, 1);
      }));

    it("a stranger's task of the same kind but another schedule is not taken for this create's", () =>
      withShortRequestTimeout(async () => {
        const at = Math.floor(Date.now() / 1000) + 3600;
        const inputs = await checked({ ...shadowArgs, scheduleTimeInSeconds: at });
        cloud.inject({ kind: "delay", action: "DescribeTasks", delayMs: 0 }); // the list taken before the call
        cloud.inject({ kind: "error", action: "CreateTask", code: "InternalError" }); // answered: refused, nothing made
        cloud.inject({ kind: "delay", action: "DescribeTasks", delayMs: 1000 }); // the reconcile's list, held while the stranger creates
        const creating = handlers.create(inputs);
        while (calls("CreateTask").length === 0) await new Promise((r) => setTimeout(r, 20));
        const stranger = await cloud.iotcloudClient().CreateTask({ TaskType: "UpdateShadow", ProductId: "ABCDE12345", DeviceNameFilter: "x", ScheduleTimeInSeconds: at + 60, Tasks: { UpdateShadowTask: { Desired: "{}" } } });
        const { id } = await creating;
        assert.notEqual(id, stranger.TaskId);
        assert.equal((await tasksInCloud()).length, 2, "the stranger's task and this create's own");
      }));

    it("a create refused with InternalError before it ran is retried and leaves one task", async () => {
      cloud.inject({ kind: "error", action: "CreateTask", code: "InternalError" });
      const { id } = await handlers.create(await checked(shadowArgs));
      assert.deepEqual((await tasksInCloud()).map((t) => t.Id), [id]);
    });

    it("the pending-task limit is waited out (bounded, with a progress message), then the create goes through", async () => {
      const lines: string[] = [];
      const write = progress.write;
      progress.write = (line) => void lines.push(line);
      try {
        cloud.inject({ kind: "error", action: "CreateTask", code: "LimitExceeded.PengingOrProcessingTasksExceedLimit" });
        const { id } = await handlers.create(await checked(shadowArgs));
        assert.deepEqual((await tasksInCloud()).map((t) => t.Id), [id]);
        assert.ok(lines.some((l) => /product ABCDE12345: too many waiting or processing tasks; retrying in 5s/.test(l)), lines.join("\n"));
      } finally {
        progress.write = write;
      }
    });

    it("throttling is retried; a read of an unknown id is gone", async () => {
      cloud.inject({ kind: "error", action: "DescribeTask", code: "RequestLimitExceeded" });
      const { id, outs } = await handlers.create(await checked(shadowArgs));
      assert.equal(outs?.taskId, id);
      assert.deepEqual(await handlers.read("000000000000000000000000", outs ?? {}), {});
    });
  });
});
