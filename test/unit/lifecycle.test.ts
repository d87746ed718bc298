import { strict as assert } from "node:assert";
import { currentOperation } from "../../provider/context";
import { detailedDiffOf, diffInputs } from "../../provider/contract/diff";
import { refreshedState, UNKNOWN, type Contract, type Inputs } from "../../provider/contract/fields";
import { INCOMPLETE_KEY, initFailure, lifecycle, readForHost, type ResourceHandlers } from "../../provider/dynamic";
import { CloudError } from "../../provider/errors";
import { forResource, progress } from "../../provider/progress";
import { debugLine, traceCall } from "../../provider/transport/debug";

interface Args {
  name: string;
  script: string;
  region: string;
}
const contract: Contract<Args> = {
  name: { type: "string", required: true, doc: "" },
  script: { type: "string", secret: true, doc: "" },
  region: { type: "string", replaceOnChange: true, doc: "" },
};

/** A resource whose handlers record what they saw; the real lifecycle wraps them. */
function recordingResource() {
  const seen: { checked?: Inputs; contexts: Array<ReturnType<typeof currentOperation>> } = { contexts: [] };
  const inner: ResourceHandlers = {
    async check(_olds, news) {
      seen.checked = news;
      seen.contexts.push(currentOperation());
      return { inputs: { ...news }, failures: [] };
    },
    diff: async (_id, olds, news) => diffInputs(contract, olds, news),
    async create(inputs) {
      seen.contexts.push(currentOperation());
      progress.write("cloudtasks: task 7: waiting");
      return { id: "7", outs: { name: inputs.name, region: inputs.region } };
    },
    async read(id, props) {
      return { id, props: { name: props.name }, inputs: { name: props.name } };
    },
    async update(_id, _olds, news) {
      return { outs: { name: news.name } };
    },
    async delete() {
      throw new CloudError({ cloud: "tencent", service: "bh", action: "DeleteOperationTasks", kind: "auth", code: "AuthFailure", message: "no" });
    },
  };
  return { seen, handlers: lifecycle(inner, { cloud: "tencent" }) };
}

describe("lifecycle: what every resource shares", () => {
  const write = progress.write;
  let lines: string[];
  beforeEach(() => {
    lines = [];
    progress.write = (line) => void lines.push(forResource(line));
  });
  afterEach(() => {
    progress.write = write;
    delete process.env.CLOUDTASKS_DEBUG;
  });

  it("check: the resource's own check never sees the generic inputs; they come back in the checked inputs", async () => {
    const { seen, handlers } = recordingResource();
    const r = await handlers.check({}, { name: "a", __resource: 'OperationTask "a"', credentialsProfile: "prod" });
    assert.deepEqual(seen.checked, { name: "a" });
    assert.deepEqual(seen.contexts[0], { resource: 'OperationTask "a"', profile: "prod" });
    assert.deepEqual(r.inputs, { name: "a", __resource: 'OperationTask "a"', credentialsProfile: "prod" });
  });

  it("check: a malformed credentialsProfile fails naming the property; an unknown one passes", async () => {
    const { handlers } = recordingResource();
    const bad = await handlers.check({}, { name: "a", credentialsProfile: "no spaces please" });
    assert.deepEqual(bad.failures?.map((f) => f.property), ["credentialsProfile"]);
    const unknown = await handlers.check({}, { name: "a", credentialsProfile: UNKNOWN });
    assert.deepEqual(unknown.failures, []);
  });

  it("check: warns once per process when a resource's credentials are nowhere", async () => {
    const profile = `nowhere-${process.pid}-${Date.now()}`;
    const { handlers } = recordingResource();
    await handlers.check({}, { name: "a", __resource: 'OperationTask "a"', credentialsProfile: profile });
    await handlers.check({}, { name: "b", __resource: 'OperationTask "b"', credentialsProfile: profile });
    const warnings = lines.filter((l) => l.includes(`warning: credentialsProfile "${profile}" has no Tencent Cloud credentials`));
    assert.equal(warnings.length, 1, lines.join("\n"));
    assert.match(warnings[0], /^cloudtasks: OperationTask "a": warning: /);
  });

  it("create: progress lines name the Pulumi resource; outputs keep the generic inputs", async () => {
    const { handlers } = recordingResource();
    const r = await handlers.create({ name: "a", region: "r", __resource: 'CatTask "homepage"', credentialsProfile: "prod" });
    assert.deepEqual(lines, ['cloudtasks: CatTask "homepage": task 7: waiting']);
    assert.deepEqual(r.outs, { name: "a", region: "r", __resource: 'CatTask "homepage"', credentialsProfile: "prod" });
  });

  it("read keeps the generic inputs in props and inputs; a gone resource stays gone", async () => {
    const { handlers } = recordingResource();
    const r = await handlers.read("7", { name: "a", __resource: 'X "a"', credentialsProfile: "p" });
    assert.deepEqual(r.props, { name: "a", __resource: 'X "a"', credentialsProfile: "p" });
    assert.deepEqual(r.inputs, { name: "a", __resource: 'X "a"', credentialsProfile: "p" });
  });

  it("errors keep their clear message and lose the JavaScript frames (kept with CLOUDTASKS_DEBUG)", async () => {
    const { handlers } = recordingResource();
    const error = (await handlers.delete("7", {}).catch((e: unknown) => e)) as Error;
    assert.match(error.message, /^bh:DeleteOperationTasks failed: no \(AuthFailure\)$/);
    assert.ok(!/\n\s+at /.test(error.stack ?? ""), error.stack);
    process.env.CLOUDTASKS_DEBUG = "1";
    const debugged = (await handlers.delete("7", {}).catch((e: unknown) => e)) as Error;
    assert.match(debugged.stack ?? "", /\n\s+at /);
  });

  describe("diff", () => {
    const olds = { name: "a", script: "old", region: "r1" };

    it("names each changed property with update or replace, secrets included (kinds only, never values)", () => {
      assert.deepEqual(detailedDiffOf(contract, olds, { name: "a", script: "new", region: "r2" }, ["script", "region"]), {
        script: { kind: "update", inputDiff: true },
        region: { kind: "update-replace", inputDiff: true },
      });
      assert.deepEqual(detailedDiffOf(contract, { name: "a" }, { name: "a", script: "s" }, ["script"]), { script: { kind: "add", inputDiff: true } });
      assert.deepEqual(detailedDiffOf(contract, olds, { name: "a", region: "r1" }, ["script"]), { script: { kind: "delete", inputDiff: true } });
    });

    it("handlers.diff answers changes: true with the detailed diff; engineDiff leaves naming the properties to the engine", async () => {
      const { handlers } = recordingResource();
      const news = { name: "a", script: "new", region: "r1" };
      const plain = await handlers.diff("7", olds, news);
      assert.equal(plain.changes, true);
      assert.deepEqual((plain as { detailedDiff?: unknown }).detailedDiff, { script: { kind: "update", inputDiff: true } });
      const forEngine = await handlers.engineDiff?.("7", olds, news);
      assert.equal(forEngine?.changes, undefined, "DIFF_UNKNOWN: the engine diffs the inputs and names each property");
      assert.deepEqual(forEngine?.replaces, []);
      assert.deepEqual((await handlers.engineDiff?.("7", olds, { ...news, region: "r2" }))?.replaces, ["region"]);
    });

    it("engineDiff: no change stays no change, and a state left by initFailure stays an explicit change", async () => {
      const { handlers } = recordingResource();
      assert.equal((await handlers.engineDiff?.("7", olds, olds))?.changes, false);
      const failed = initFailure("7", olds, { __provider: "p" }, new Error("run failed"));
      const incomplete = (failed as unknown as { properties: Inputs }).properties;
      assert.equal(incomplete[INCOMPLETE_KEY], true);
      assert.equal((await handlers.engineDiff?.("7", incomplete, { ...olds, script: "new" }))?.changes, true);
    });

    it("a changed credentialsProfile is an update, even when nothing else changed", async () => {
      const { handlers } = recordingResource();
      const r = await handlers.diff("7", { ...olds, credentialsProfile: "a" }, { ...olds, credentialsProfile: "b" });
      assert.equal(r.changes, true);
      assert.deepEqual(r.replaces, []);
      assert.deepEqual((r as { detailedDiff?: unknown }).detailedDiff, { credentialsProfile: { kind: "update", inputDiff: true } });
    });
  });

  describe("CLOUDTASKS_DEBUG", () => {
    it("logs one line per call with action, region, outcome, request id and duration — nothing else", async () => {
      process.env.CLOUDTASKS_DEBUG = "1";
      const result = await traceCall("bh:CreateOperationTask", "ap-guangzhou", async (seen) => {
        seen.requestId = "req-1";
        return { Script: "secret-script-text" };
      });
      assert.deepEqual(result, { Script: "secret-script-text" });
      assert.equal(lines.length, 1);
      assert.match(lines[0], /^cloudtasks: debug: bh:CreateOperationTask region=ap-guangzhou ok requestId=req-1 \d+ms$/);
      const failure = new CloudError({ cloud: "tencent", service: "bh", action: "X", kind: "client", code: "InvalidParameter", message: "m", requestId: "req-2" });
      assert.match(debugLine("bh:X", "r", 5, { error: failure }), /failed InvalidParameter requestId=req-2 5ms$/);
    });

    it("is off unless set", async () => {
      await traceCall("bh:X", "r", async () => 1);
      assert.deepEqual(lines, []);
    });
  });

  describe("a read as the dynamic provider host gets it (readForHost)", () => {
    const reading = (answer: (props: Inputs) => Awaited<ReturnType<ResourceHandlers["read"]>>) => readForHost(async (_id, props) => answer(props));
    const echo = reading((props) => refreshedState(contract, "7", { ...props }));
    const sent = { name: "n", region: "ap-guangzhou", status: 2, __provider: "exports.handler = () => ({});\n" };

    it("leaves the inputs out when nothing drifted: the engine keeps the ones it holds", async () => {
      const r = await echo("7", sent);
      assert.equal(r.inputs, undefined);
      assert.deepEqual(r.props, { name: "n", region: "ap-guangzhou", status: 2, __provider: sent.__provider });
      // Whether or not the read echoes the host's provider text.
      const r2 = await reading((props) => refreshedState(contract, "7", { name: props.name, region: props.region, status: props.status }))("7", sent);
      assert.equal(r2.inputs, undefined);
    });

    it("carries them when the state drifted or the id changed", async () => {
      const drifted = await reading((props) => refreshedState(contract, "7", { ...props, name: "renamed" }))("7", sent);
      assert.deepEqual(drifted.inputs, { name: "renamed", region: "ap-guangzhou" });
      const moved = await reading((props) => refreshedState(contract, "8", { ...props }))("7", sent);
      assert.deepEqual(moved.inputs, { name: "n", region: "ap-guangzhou" });
    });

    it("carries them for a state a partial create wrote, even unchanged: its stored inputs are the program's", async () => {
      const r = await echo("7", { ...sent, [INCOMPLETE_KEY]: true });
      assert.deepEqual(r.inputs, { name: "n", region: "ap-guangzhou" });
    });

    it("passes a gone resource through", async () => {
      assert.deepEqual(await reading(() => ({}))("7", sent), {});
    });
  });

  describe("refresh's answer (refreshedState)", () => {
    const adopting = { ...contract, taskId: { type: "integer", adoption: true, doc: "" } } as const;

    it("always carries the inputs the refreshed state describes, even when nothing drifted", () => {
      // The engine keeps the stored inputs when a read returns none. After a partial create
      // (initFailure) those are the program's, not what was done, and the next up's engine diff
      // of old and new inputs would then see no change and never finish the job.
      const state = { name: "n", script: "s", region: "ap-guangzhou", taskId: 7, status: 2 };
      assert.deepEqual(refreshedState(adopting, "7", state), { id: "7", props: state, inputs: { name: "n", script: "s", region: "ap-guangzhou" } });
    });

    it("leaves the adoption id out of the inputs: adopting is a create-time choice", () => {
      assert.equal(refreshedState(adopting, "7", { name: "n", taskId: 7 }).inputs.taskId, undefined);
    });
  });
});
