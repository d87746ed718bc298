import { strict as assert } from "node:assert";
import { fieldProblem } from "../../provider/contract/check";
import { canonicalJson, canonicalJsonObject, jsonDepth } from "../../provider/contract/json";

describe("canonical JSON documents", () => {
  it("sorts keys at every level, so key order never differs", () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: "x" } }), '{"a":{"c":"x","d":[{"y":2,"z":1}]},"b":1}');
    assert.equal(canonicalJson({ b: 1, a: 2 }), canonicalJson({ a: 2, b: 1 }));
  });

  it("accepts an object or a JSON string holding one, and names the property otherwise", () => {
    const fromString = canonicalJsonObject("desired", ' { "b": 1, "a": 2 } ');
    assert.deepEqual(fromString, { ok: true, text: '{"a":2,"b":1}', value: { b: 1, a: 2 } });
    assert.deepEqual(canonicalJsonObject("desired", { a: 2, b: 1 }), fromString);
    assert.deepEqual(canonicalJsonObject("desired", "[1]"), { ok: false, problem: "desired must be a JSON object, not an array" });
    assert.deepEqual(canonicalJsonObject("desired", "{nope"), { ok: false, problem: "desired must be a JSON object (the string is not valid JSON)" });
    assert.deepEqual(canonicalJsonObject("desired", 3), { ok: false, problem: "desired must be a JSON object, not a number" });
  });

  it("measures nesting depth", () => {
    assert.equal(jsonDepth(1), 0);
    assert.equal(jsonDepth({}), 1);
    assert.equal(jsonDepth({ a: { b: [1] } }), 3);
  });

  it("object fields type-check and then run their own validation", () => {
    const spec = { type: "object" as const, doc: "x", validate: (v: unknown) => ("a" in (v as object) ? undefined : "tasks needs a") };
    assert.equal(fieldProblem("tasks", spec, [1]), "tasks must be an object");
    assert.equal(fieldProblem("tasks", spec, {}), "tasks needs a");
    assert.equal(fieldProblem("tasks", spec, { a: 1 }), undefined);
    assert.equal(fieldProblem("list", { type: "objectList", doc: "x" }, [{}, 1]), "list must be a list of objects");
  });
});
