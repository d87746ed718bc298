import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ResourceProvider } from "@pulumi/pulumi/dynamic";
import { providerText, resourceModulePath } from "../../provider/dynamic";
import { RESOURCES } from "../../provider/registry";
import * as operationTask from "../../provider/resources/operation-task";

const storedTexts = JSON.parse(readFileSync(join(__dirname, "..", "support", "stored-provider-texts.json"), "utf8")) as { installed: string; linkedStub: string };

/**
 * What the dynamic provider host does with a stored `__provider` text (`require-from-string`, then
 * `handler()`), with the package's module path answered by the repository's own module.
 */
function hostLoad(text: string): ResourceProvider {
  const mod: { exports: { handler?: () => ResourceProvider } } = { exports: {} };
  const requireFromProgram = (path: string): unknown => {
    assert.equal(path, resourceModulePath("operation-task"), "the text loads the resource's run-time module");
    return operationTask;
  };
  new Function("exports", "require", "module", text)(mod.exports, requireFromProgram, mod);
  assert.equal(typeof mod.exports.handler, "function");
  return (mod.exports.handler as () => ResourceProvider)();
}

const valid = { name: "disk-report", type: 1, account: "root", timeout: 30, script: "df -h", deviceIdSet: [34, 56], region: "ap-guangzhou" };
const state = { ...valid, encoding: 1, taskId: 7, operationId: "ops-1" };

describe("the stored provider (__provider)", () => {
  // A check with no credentials anywhere warns (once per process); these checks are about the wiring.
  const saved = { id: process.env.TENCENTCLOUD_SECRET_ID, key: process.env.TENCENTCLOUD_SECRET_KEY };
  before(() => {
    process.env.TENCENTCLOUD_SECRET_ID ??= "AKIDunit";
    process.env.TENCENTCLOUD_SECRET_KEY ??= "unit-key";
  });
  after(() => {
    if (saved.id === undefined) delete process.env.TENCENTCLOUD_SECRET_ID;
    if (saved.key === undefined) delete process.env.TENCENTCLOUD_SECRET_KEY;
  });

  it("is the same short text in every version: a require of the resource's run-time module", () => {
    assert.equal(providerText("operation-task"), 'exports.handler = () => require("pulumi-cloudtasks/resources/operation-task");\n');
    assert.ok(providerText("operation-task").length < storedTexts.installed.length / 3, "a third of the serializer's text");
  });

  it("names, for every resource, a module the package exports", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { exports: Record<string, unknown> };
    assert.equal(pkg.exports["./resources/*"], "./dist/provider/resources/*.js");
    for (const { module } of RESOURCES) {
      assert.match(providerText(module), new RegExp(`require\\("pulumi-cloudtasks/resources/${module}"\\)`));
      assert.ok(existsSync(join(__dirname, "..", "..", "provider", "resources", `${module}.ts`)), `${module} is a run-time module`);
    }
  });

  const texts: Array<[string, string]> = [
    ["the text written now", providerText("operation-task")],
    ["an installed copy's earlier text", storedTexts.installed],
    ["a linked copy's earlier stub", storedTexts.linkedStub],
  ];
  for (const [what, text] of texts) {
    it(`runs the resource's own handlers from ${what}`, async () => {
      const provider = hostLoad(text);
      for (const method of ["configure", "check", "diff", "create", "read", "update", "delete"] as const) {
        assert.equal(typeof provider[method], "function", method);
      }
      const checked = await provider.check?.({}, { ...valid, timeout: 0 });
      assert.deepEqual(checked?.failures, [{ property: "timeout", reason: "timeout must be at least 1" }]);
      // The engine's diff: a real change is left for the engine to name (changes undefined), no change is false.
      assert.deepEqual(await provider.diff?.("7", state, { ...valid, encoding: 1 }), await operationTask.handlers.engineDiff?.("7", state, { ...valid, encoding: 1 }));
      assert.equal((await provider.diff?.("7", state, { ...valid, encoding: 1 }))?.changes, false);
      assert.equal((await provider.diff?.("7", state, { ...valid, encoding: 1, timeout: 9 }))?.changes, undefined);
    });
  }

  it("keeps the module's public surface what its file exports", () => {
    assert.ok(!Object.keys(operationTask).includes("check"), "the provider methods are not enumerable");
    assert.ok(Object.keys(operationTask).includes("handlers"));
  });
});
