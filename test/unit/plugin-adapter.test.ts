import { strict as assert } from "node:assert";
import { UNKNOWN } from "../../provider/contract/fields";
import { CloudtasksProvider, containsSecret, parseImportId, reveal, secret, urnType } from "../../provider/plugin/adapter";
import { settingsFromVariables } from "../../provider/plugin/server";
import { configureFromStack, resetSettings } from "../../provider/settings";

const urn = (type: string, name = "r") => `urn:pulumi:dev::proj::cloudtasks:index:${type}::${name}`;
const provider = new CloudtasksProvider("0.0.0", () => "{}");

const operationTask = {
  name: "disk-report",
  type: 1,
  account: "root",
  timeout: 30,
  script: secret("df -h"),
  deviceIdSet: [34, 56],
  region: "ap-guangzhou",
};

/**
 * The plugin's adapter over the resources' own handlers: check and diff run the real contract code
 * (no API call), so these exercise the wire differences only — secrets, unknowns, type routing,
 * detailed diffs, import ids.
 */
describe("the provider plugin's adapter", () => {
  afterEach(() => resetSettings());

  it("reads the type from URNs, parent types included", () => {
    assert.equal(urnType(urn("OperationTask")), "cloudtasks:index:OperationTask");
    assert.equal(urnType("urn:pulumi:dev::proj::my:comp:Parent$cloudtasks:index:CatTask::x"), "cloudtasks:index:CatTask");
  });

  it("unwraps secrets for the handlers, deep inside values too", () => {
    const wire = { a: secret("x"), b: [1, secret(2)], c: { d: secret({ e: "f" }) }, plain: "p" };
    assert.deepEqual(reveal(wire), { a: "x", b: [1, 2], c: { d: { e: "f" } }, plain: "p" });
    assert.ok(containsSecret(wire.b) && containsSecret(wire.c) && !containsSecret(wire.plain));
  });

  it("check runs the resource's contract and returns secret inputs secret again", async () => {
    const result = await provider.check(urn("OperationTask"), {}, { ...operationTask, account: secret("root") });
    assert.deepEqual(result.failures, []);
    assert.deepEqual(result.inputs.script, secret("df -h"), "a contract secret stays secret");
    assert.deepEqual(result.inputs.account, secret("root"), "a value the program made secret stays secret");
    assert.equal(result.inputs.encoding, 1, "defaults applied");
    assert.equal(result.inputs.name, "disk-report");
  });

  it("check reports failures per property, and never names a secret one", async () => {
    const result = await provider.check(urn("OperationTask"), {}, { ...operationTask, timeout: 0, script: secret(" ") });
    assert.deepEqual(
      result.failures?.map((f) => f.property),
      ["timeout", ""],
    );
    assert.match(result.failures?.[0].reason ?? "", /timeout must be at least 1/);
  });

  it("check lets unknowns through at preview, unwrapped", async () => {
    const result = await provider.check(urn("OperationTask"), {}, { ...operationTask, timeout: UNKNOWN, deviceIdSet: UNKNOWN });
    assert.deepEqual(result.failures, []);
    assert.equal(result.inputs.timeout, UNKNOWN);
  });

  it("check takes the region from the provider configuration, as the dynamic provider does", async () => {
    configureFromStack({ get: (k) => settingsFromVariables([["cloudtasks:config:region", "ap-shanghai"]]).get(k) });
    const result = await provider.check(urn("OperationTask"), {}, { ...operationTask, region: undefined });
    assert.equal(result.inputs.region, "ap-shanghai");
  });

  it("diff sends the changed keys and a detailed diff: update in place, or replace", async () => {
    const state = { ...operationTask, encoding: 1, taskId: 7 };
    const inPlace = await provider.diff("7", urn("OperationTask"), state, { ...operationTask, encoding: 1, timeout: 60 });
    assert.equal(inPlace.changes, true);
    assert.deepEqual(inPlace.diffs, ["timeout"]);
    assert.deepEqual(inPlace.detailedDiff, { timeout: { kind: 4, inputDiff: true } });
    assert.deepEqual(inPlace.replaces, []);

    const moved = await provider.diff("7", urn("OperationTask"), state, { ...operationTask, encoding: 1, region: "ap-beijing", period: undefined, runTriggers: ["x"] });
    assert.deepEqual(moved.replaces, ["region"]);
    assert.deepEqual(moved.detailedDiff, { region: { kind: 5, inputDiff: true }, runTriggers: { kind: 0, inputDiff: true } });

    const same = await provider.diff("7", urn("OperationTask"), state, { ...operationTask, encoding: 1 });
    assert.equal(same.changes, false);
    assert.deepEqual(same.diffs, []);
  });

  it("diff ignores a secret marker: the same plain value is no change", async () => {
    const state = { ...operationTask, script: "df -h", encoding: 1 };
    assert.equal((await provider.diff("7", urn("OperationTask"), state, { ...operationTask, encoding: 1 })).changes, false);
  });

  it("diff follows the resource's own rules (CatTask keeps its adopted id when the program leaves it out)", async () => {
    const cat = { taskName: "t", catTypeName: "ping", url: "example.com", agentGroupId: 1510, period: 5, paused: false, region: "ap-guangzhou" };
    const result = await provider.diff("9", urn("CatTask"), { ...cat, taskId: 9 }, { ...cat, period: 15 });
    assert.deepEqual(result.diffs, ["period"]);
  });

  it("import ids: <region>/<id>, or a bare id", () => {
    assert.deepEqual(parseImportId("ap-guangzhou/42"), { region: "ap-guangzhou", id: "42" });
    assert.deepEqual(parseImportId("42"), { id: "42" });
  });

  it("an import without a region anywhere says how to give one, before any API call", async () => {
    await assert.rejects(provider.read("42", urn("OperationTask"), {}), /give the id as <region>\/42, or set the provider's region/);
  });

  it("refuses a type it does not serve, naming the ones it does", async () => {
    await assert.rejects(provider.check(urn("Nope"), {}, {}), /unknown resource type cloudtasks:index:Nope: this provider serves cloudtasks:index:OperationTask/);
  });

  it("maps the engine's legacy config keys onto the cloudtasks: settings", () => {
    const settings = settingsFromVariables([
      ["cloudtasks:config:region", "ap-guangzhou"],
      ["cloudtasks:config:tencentSecretKey", "k"],
    ]);
    assert.deepEqual([...settings.entries()], [
      ["cloudtasks:region", "ap-guangzhou"],
      ["cloudtasks:tencentSecretKey", "k"],
    ]);
  });
});
