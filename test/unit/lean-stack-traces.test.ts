import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import * as cloudtasks from "../../provider";
import { RESOURCES } from "../../provider/registry";
import { restoreEnv } from "../support/env";

type ResourceClass = new (name: string, args: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

interface StampedPromise extends Promise<unknown> {
  _debugCtx: string;
  _debugStackTrace: string;
}

/** Pulumi's own promise-leak tracker: the promises made since its last call, each with the stack it was stamped with. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- internal to the SDK: its typings omit it
const { leakedPromises } = require("@pulumi/pulumi/runtime/debuggable") as { leakedPromises(): [Set<StampedPromise>, string] };

/** The stacks the SDK stamped on the promises of the output properties `construct` declared. */
function propertyStacks(construct: () => unknown): string[] {
  leakedPromises();
  construct();
  const [made] = leakedPromises();
  const stacks = [...made].filter((p) => p._debugCtx.startsWith("transferProperty(")).map((p) => p._debugStackTrace);
  assert.ok(stacks.length > 0, "the SDK stamps each property's promises");
  return stacks;
}

const FRAME = /\n\s+at /;

/**
 * Issue 14: Pulumi's SDK captures a stack for every promise a constructor makes (four per declared
 * property), which a no-change preview paid for per resource. Each resource's constructor turns
 * that capture off for its synchronous span only.
 */
describe("resource constructors and stack traces", () => {
  before(async () => {
    await pulumi.runtime.setMocks(
      { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) },
      "lean-stacks",
      "test",
      true,
    );
  });

  for (const { type } of RESOURCES) {
    const Resource = (cloudtasks as unknown as Record<string, ResourceClass>)[type];

    it(`${type}: its properties carry no captured frames, and the global limit is restored`, () => {
      const limit = Error.stackTraceLimit;
      for (const stack of propertyStacks(() => new Resource(`lean-${type}`, {}))) assert.doesNotMatch(stack, FRAME, "no frame captured inside the constructor");
      assert.equal(Error.stackTraceLimit, limit);
      assert.match(new Error("after").stack ?? "", FRAME, "frames are captured again after it");
    });

    it(`${type}: the limit is restored when the constructor throws`, () => {
      const limit = Error.stackTraceLimit;
      assert.throws(() => new Resource(undefined as unknown as string, {}), /name/i);
      assert.equal(Error.stackTraceLimit, limit);
    });
  }

  it("keeps the SDK's stacks when PULUMI_DEBUG_PROMISE_LEAKS asks for them", () => {
    const saved = { ...process.env };
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "true";
    try {
      for (const stack of propertyStacks(() => new cloudtasks.OperationTask("lean-debug", {} as cloudtasks.OperationTaskArgs))) assert.match(stack, FRAME);
    } finally {
      restoreEnv(saved);
    }
  });
});
