import { strict as assert } from "node:assert";
import { UNKNOWN } from "../../provider/contract/fields";
import { canonicalConfigurations, contract, outputs } from "../../provider/resources/chaos-experiment/contract";
import { createRequest, toApiShape } from "../../provider/resources/chaos-experiment/api";
import { handlers } from "../../provider/resources/chaos-experiment";

/**
 * The offline half of check: every rule here runs with no API call (no endpoint or credentials
 * are configured in unit tests, so a call would fail the test).
 */
describe("ChaosExperiment contract", () => {
  const region = { region: "ap-guangzhou" };
  const fromAction = { ...region, taskActionId: 462, taskInstances: ["ins-1"], taskActionCustomConfiguration: { interfaces: "eth0" } };
  const fromTemplate = { ...region, templateId: 626, taskConfig: { taskGroupsConfig: [{ taskGroupInstances: ["ins-1"] }] } };
  const fromActions = { ...region, taskInstances: ["ins-1"], taskAction: [{ taskActionId: 12 }] };

  /** check with the cloud rules out of reach: inputs with an unknown region skip them. */
  async function failures(inputs: Record<string, unknown>) {
    const result = await handlers.check({}, { ...inputs, region: inputs.region === undefined ? UNKNOWN : inputs.region });
    return (result.failures ?? []).map((f) => `${f.property}: ${f.reason}`);
  }
  const offline = (inputs: Record<string, unknown>) => failures({ ...inputs, region: UNKNOWN });

  describe("exactly one creation mode", () => {
    it("accepts each mode alone", async () => {
      for (const inputs of [fromAction, fromTemplate, fromActions]) assert.deepEqual(await offline(inputs), []);
    });

    it("refuses none", async () => {
      assert.deepEqual(await offline({ taskInstances: ["ins-1"] }), [
        "templateId: set exactly one creation mode: templateId + taskConfig (CreateTaskFromTemplate); or taskActionId + taskInstances (CreateTaskFromAction); or taskInstances + taskAction (CreateTaskFromMultiAction)",
      ]);
    });

    it("refuses two, naming both", async () => {
      const found = await offline({ ...fromAction, ...fromTemplate });
      assert.ok(found.includes("templateId: set exactly one creation mode, not templateId + taskConfig (CreateTaskFromTemplate) and taskActionId + taskInstances (CreateTaskFromAction)"), found.join("\n"));
      assert.ok((await offline({ ...fromAction, taskAction: [{ taskActionId: 12 }] })).some((f) => /not taskActionId \+ taskInstances .* and taskInstances \+ taskAction/.test(f)));
    });

    it("requires each mode's partner field", async () => {
      assert.deepEqual(await offline({ templateId: 626 }), ["taskConfig: taskConfig is required with templateId (template mode)"]);
      assert.deepEqual(await offline({ taskConfig: fromTemplate.taskConfig }), ["templateId: templateId is required with taskConfig (template mode)"]);
      assert.deepEqual(await offline({ taskActionId: 462 }), ["taskInstances: taskInstances is required with taskActionId + taskInstances (CreateTaskFromAction)"]);
      assert.deepEqual(await offline({ taskAction: [{ taskActionId: 12 }] }), ["taskInstances: taskInstances is required with taskInstances + taskAction (CreateTaskFromMultiAction)"]);
    });

    it("refuses another mode's fields, saying where they go", async () => {
      assert.deepEqual(await offline({ ...fromTemplate, taskTitle: "x" }), ["taskTitle: taskTitle is not used by templateId + taskConfig (CreateTaskFromTemplate) (set it inside taskConfig)"]);
      assert.deepEqual(await offline({ ...fromActions, taskTags: [{ tagKey: "a", tagValue: "b" }] }), ["taskTags: taskTags is not used by taskInstances + taskAction (CreateTaskFromMultiAction)"]);
      assert.deepEqual(await offline({ ...fromActions, taskActionCustomConfiguration: "{}" }), [
        "taskActionCustomConfiguration: taskActionCustomConfiguration is not used by taskInstances + taskAction (CreateTaskFromMultiAction)",
      ]);
    });
  });

  describe("nested fields", () => {
    it("name the inner path of a problem", async () => {
      assert.deepEqual(await offline({ ...fromTemplate, taskConfig: { taskGroupsConfig: [] } }), ["taskConfig: taskConfig.taskGroupsConfig must have at least 1 item"]);
      assert.deepEqual(await offline({ ...fromTemplate, taskConfig: { taskGroupsConfig: [{ taskGroupInstances: [] }] } }), ["taskConfig: taskConfig.taskGroupsConfig[0].taskGroupInstances must have at least 1 item"]);
      assert.deepEqual(await offline({ ...fromTemplate, taskConfig: { taskMode: 3, taskGroupsConfig: [{ taskGroupInstances: ["i"] }] } }), ["taskConfig: taskConfig.taskMode must be one of 1, 2"]);
      assert.deepEqual(await offline({ ...fromTemplate, taskConfig: { taskGroupsConfig: [{ taskGroupInstance: ["i"] }] } }), [
        "taskConfig: taskConfig.taskGroupsConfig[0].taskGroupInstance is not a field of taskConfig.taskGroupsConfig[0] (fields: taskGroupInstances, taskGroupTitle, taskGroupDescription, taskGroupMode, taskGroupActionsConfig)",
      ]);
      assert.deepEqual(await offline({ ...fromActions, taskAction: [{ taskActionId: 12 }, {}] }), ["taskAction: taskAction[1].taskActionId is required"]);
      assert.deepEqual(await offline({ ...fromAction, taskTags: [{ tagKey: "team" }] }), ["taskTags: taskTags[0].tagValue is required"]);
    });

    it("check configurations are JSON objects, and documented general keys in range", async () => {
      assert.deepEqual(await offline({ ...fromAction, taskActionCustomConfiguration: "{nope" }), ["taskActionCustomConfiguration: taskActionCustomConfiguration must be a JSON object (the string is not valid JSON)"]);
      assert.deepEqual(await offline({ ...fromAction, taskActionCustomConfiguration: "[1]" }), ["taskActionCustomConfiguration: taskActionCustomConfiguration must be a JSON object, not an array"]);
      assert.deepEqual(await offline({ ...fromAction, taskActionGeneralConfiguration: { ActionTimeout: 90000 } }), [
        "taskActionGeneralConfiguration: taskActionGeneralConfiguration.ActionTimeout must be a whole number of seconds from 0 to 86400",
      ]);
      const nested = { ...fromTemplate, taskConfig: { taskGroupsConfig: [{ taskGroupInstances: ["i"], taskGroupActionsConfig: [{ taskGroupActionOrder: 1, taskGroupActionCustomConfiguration: "3" }] }] } };
      assert.deepEqual(await offline(nested), ["taskConfig: taskConfig.taskGroupsConfig[0].taskGroupActionsConfig[0].taskGroupActionCustomConfiguration must be a JSON object, not a number"]);
    });
  });

  describe("run intent", () => {
    it("waitForCompletion and conclusion need execute; a bound needs the wait", async () => {
      assert.deepEqual(await offline({ ...fromAction, waitForCompletion: true }), ["waitForCompletion: waitForCompletion needs execute: true"]);
      assert.deepEqual(await offline({ ...fromAction, execute: true, waitTimeoutSeconds: 60 }), ["waitTimeoutSeconds: waitTimeoutSeconds is only used with waitForCompletion: true"]);
      assert.deepEqual(await offline({ ...fromAction, conclusion: { summary: "ok", isExpect: true } }), ["conclusion: conclusion ends a started experiment: it needs execute: true"]);
      assert.deepEqual(await offline({ ...fromAction, execute: true, conclusion: { summary: " ", isExpect: true } }), ["conclusion: conclusion.summary must not be blank"]);
      assert.deepEqual(await offline({ ...fromAction, execute: true, conclusion: { summary: "ok" } }), ["conclusion: conclusion.isExpect is required"]);
    });

    it("defaults execute and waitForCompletion to false", async () => {
      const result = await handlers.check({}, { ...fromAction, region: UNKNOWN });
      assert.equal(result.inputs?.execute, false);
      assert.equal(result.inputs?.waitForCompletion, false);
    });
  });

  describe("canonical configurations", () => {
    it("objects and JSON strings become one canonical text, at every level, so key order never diffs", async () => {
      const a = canonicalConfigurations({ taskActionCustomConfiguration: { b: 1, a: { d: 2, c: 3 } } });
      const b = canonicalConfigurations({ taskActionCustomConfiguration: ' {"a": {"c": 3, "d": 2}, "b": 1}' });
      assert.equal(a.taskActionCustomConfiguration, '{"a":{"c":3,"d":2},"b":1}');
      assert.deepEqual(a, b);
      const multi = canonicalConfigurations({ taskAction: [{ taskActionId: 1, taskActionGeneralConfiguration: { z: 1, y: 2 } }] });
      assert.deepEqual(multi.taskAction, [{ taskActionId: 1, taskActionGeneralConfiguration: '{"y":2,"z":1}' }]);
      const template = canonicalConfigurations({ taskConfig: { taskGroupsConfig: [{ taskGroupInstances: ["i"], taskGroupActionsConfig: [{ taskGroupActionOrder: 1, taskGroupActionCustomConfiguration: '{"b":1, "a":2}' }] }] } });
      assert.equal((template.taskConfig as { taskGroupsConfig: Array<{ taskGroupActionsConfig: Array<Record<string, unknown>> }> }).taskGroupsConfig[0].taskGroupActionsConfig[0].taskGroupActionCustomConfiguration, '{"a":2,"b":1}');
    });

    it("a reordered configuration is no change", async () => {
      const olds = (await handlers.check({}, { ...fromAction, region: UNKNOWN, taskActionCustomConfiguration: { percent: 30, interfaces: "eth0" } })).inputs ?? {};
      const news = (await handlers.check({}, { ...fromAction, region: UNKNOWN, taskActionCustomConfiguration: '{"interfaces":"eth0","percent":30}' })).inputs ?? {};
      const diff = await handlers.diff("1", { ...olds, region: "ap-guangzhou" }, { ...news, region: "ap-guangzhou" });
      assert.equal(diff.changes, false);
    });
  });

  describe("diff", () => {
    it("definition fields replace; the run intent and conclusion update in place", async () => {
      const base = { ...fromAction, taskActionCustomConfiguration: '{"interfaces":"eth0"}', execute: true, waitForCompletion: false };
      assert.deepEqual((await handlers.diff("1", base, { ...base, taskInstances: ["ins-2"] })).replaces, ["taskInstances"]);
      assert.deepEqual((await handlers.diff("1", base, { ...base, taskActionCustomConfiguration: '{"interfaces":"eth1"}' })).replaces, ["taskActionCustomConfiguration"]);
      const conclusion = await handlers.diff("1", base, { ...base, conclusion: { summary: "ok", isExpect: true } });
      assert.equal(conclusion.changes, true);
      assert.deepEqual(conclusion.replaces, []);
      assert.deepEqual((await handlers.diff("1", base, { ...base, waitForCompletion: true })).replaces, []);
    });

    it("every definition input is replace-on-change (no API edits an experiment)", () => {
      const inPlace = Object.entries(contract).filter(([, spec]) => !spec.replaceOnChange).map(([k]) => k);
      assert.deepEqual(inPlace.sort(), ["conclusion", "execute", "waitForCompletion", "waitTimeoutSeconds"]);
    });
  });

  it("maps inputs onto the API's request bodies, nested keys in PascalCase", () => {
    const template = createRequest({
      templateId: 626,
      taskConfig: { taskTitle: "t", tags: [{ tagKey: "k", tagValue: "v" }], taskGroupsConfig: [{ taskGroupInstances: ["i"], taskGroupActionsConfig: [{ taskGroupActionOrder: 1, taskGroupActionCustomConfiguration: "{}" }] }] },
      execute: true,
    });
    assert.deepEqual(template, {
      action: "CreateTaskFromTemplate",
      body: { TemplateId: 626, TaskConfig: { TaskTitle: "t", Tags: [{ TagKey: "k", TagValue: "v" }], TaskGroupsConfig: [{ TaskGroupInstances: ["i"], TaskGroupActionsConfig: [{ TaskGroupActionOrder: 1, TaskGroupActionCustomConfiguration: "{}" }] }] } },
    });
    assert.deepEqual(createRequest({ taskInstances: ["i"], taskAction: [{ taskActionId: 12 }], taskTitle: "x", region: "r" }), {
      action: "CreateTaskFromMultiAction",
      body: { TaskInstances: ["i"], TaskTitle: "x", TaskAction: [{ TaskActionId: 12 }] },
    });
    assert.deepEqual(toApiShape({ a: undefined, bC: [{ dE: null, f: 1 }] }), { BC: [{ F: 1 }] });
  });

  it("declares its outputs with docs", () => {
    for (const key of ["taskId", "taskStatus", "taskStatusType", "taskGroups", "taskStartTime", "taskEndTime", "reportInfo"]) assert.ok(outputs[key]?.doc, key);
    // Only the adoption id is both: the experiment to adopt, and the adopted or created one's id.
    for (const key of Object.keys(outputs)) assert.ok(!(key in contract) || contract[key as keyof typeof contract].adoption === true, `output ${key} does not shadow an input`);
  });
});
