import { strict as assert } from "node:assert";
import type * as pulumi from "@pulumi/pulumi";
import { BENCH_TYPES } from "../../bench/types";
import { UNKNOWN, type FieldSpec } from "../../provider/contract/fields";
import { taskResourceArgs } from "../../provider/dynamic";
import { loadResource, RESOURCES } from "../../provider/registry";

/** The `replaceOnChanges` option a resource registers with, for these program arguments. */
function replaceOnChangesFor(entry: (typeof RESOURCES)[number], args: pulumi.Inputs): string[] {
  const { contract, outputs } = loadResource(entry);
  const [, , , opts] = taskResourceArgs(entry.module, "r0", args, undefined, entry.type, contract, outputs);
  return [...((opts?.replaceOnChanges as string[] | undefined) ?? [])];
}

const sampleArgs = (type: string): pulumi.Inputs => {
  const bench = BENCH_TYPES.find((t) => t.className === type);
  assert.ok(bench, `bench/types.ts has an entry for ${type}`);
  return new Function("i", `return (${bench.args});`)(0) as pulumi.Inputs;
};

describe("the replaceOnChanges option (stored with every resource)", () => {
  const chaos = RESOURCES.find((r) => r.type === "ChaosExperiment");
  assert.ok(chaos);

  it("names the replacing fields the program gives and those check fills in, not every replacing field of the contract", () => {
    assert.deepEqual(replaceOnChangesFor(chaos, { taskActionId: 12, taskInstances: ["ins-1"], taskTitle: "t" }).sort(), ["region", "taskActionId", "taskInstances", "taskTitle"]);
    assert.deepEqual(replaceOnChangesFor(chaos, { templateId: 626, taskConfig: { taskGroupsConfig: [] } }).sort(), ["region", "taskConfig", "templateId"]);
  });

  it("counts an output given for a field (its value is not known yet) as given", () => {
    const unresolved = { apply: () => undefined } as unknown as pulumi.Output<string>;
    assert.ok(replaceOnChangesFor(chaos, { taskTitle: unresolved }).includes("taskTitle"));
  });

  it("never names an adoption id (left out of the program, the engine's diff would see a change and replace)", () => {
    for (const entry of RESOURCES) {
      const { contract } = loadResource(entry);
      const every = Object.fromEntries(Object.keys(contract).map((k) => [k, "x"]));
      const named = replaceOnChangesFor(entry, every);
      for (const [key, spec] of Object.entries(contract) as Array<[string, FieldSpec]>) {
        assert.equal(named.includes(key), spec.replaceOnChange === true && spec.adoption !== true, `${entry.type}.${key}`);
      }
    }
  });

  for (const entry of RESOURCES) {
    it(`${entry.type}: every replacing field its check leaves in the inputs is named`, async () => {
      const { contract, handlers } = loadResource(entry);
      const args = sampleArgs(entry.type);
      // An unknown region keeps the checks that read the cloud (ChaosExperiment's action catalogue) out of it.
      const checked = await handlers.check({}, { ...args, region: UNKNOWN });
      assert.deepEqual(checked.failures ?? [], [], "the bench's arguments are valid");
      const named = replaceOnChangesFor(entry, args);
      const replacing = Object.keys(checked.inputs ?? {}).filter((k) => (contract[k] as FieldSpec | undefined)?.replaceOnChange && !contract[k].adoption);
      assert.ok(replacing.length > 0);
      for (const key of replacing) assert.ok(named.includes(key), `${key} is in the checked inputs but not in ${JSON.stringify(named)}`);
    });
  }
});
