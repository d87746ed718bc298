import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StateStore } from "../../emulator/state/store";
import { RateLimiter } from "../../emulator/state/rate-limit";
import { FaultInjector, parseFaultRule } from "../../emulator/state/faults";

describe("emulator state", () => {
  it("persists to a file a new store reads back", () => {
    const file = join(mkdtempSync(join(tmpdir(), "ct-state-")), "state.json");
    const a = new StateStore(file);
    a.bucket("bh", "100", "ap-guangzhou", () => ({ tasks: [1] }));
    assert.equal(a.nextId("bh/task"), 1);
    a.persist();
    const b = new StateStore(file);
    assert.deepEqual(b.bucket("bh", "100", "ap-guangzhou", () => ({ tasks: [] })), { tasks: [1] });
    assert.equal(b.nextId("bh/task"), 2);
  });

  it("writes a change shortly after it happened, not per change, and at once on persist", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "ct-state-")), "state.json");
    const s = new StateStore(file);
    s.nextId("x");
    s.changed();
    s.nextId("x");
    s.changed();
    assert.throws(() => readFileSync(file, "utf8"), /ENOENT/, "no write per change");
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal(new StateStore(file).nextId("x"), 3, "both changes written by one deferred write");
    s.nextId("x");
    s.changed();
    s.persist();
    assert.equal(new StateStore(file).nextId("x"), 4, "persist writes the pending change at once");
  });

  it("refuses a state file of another version", () => {
    const file = join(mkdtempSync(join(tmpdir(), "ct-state-")), "state.json");
    writeFileSync(file, JSON.stringify({ version: 99 }));
    assert.throws(() => new StateStore(file), /version 99/);
  });

  it("keeps accounts and regions apart", () => {
    const s = new StateStore();
    s.bucket<{ n: number }>("bh", "1", "r1", () => ({ n: 1 }));
    assert.deepEqual(s.bucket("bh", "2", "r1", () => ({ n: 2 })), { n: 2 });
    assert.deepEqual(s.bucket("bh", "1", "r2", () => ({ n: 3 })), { n: 3 });
  });

  it("writes atomically: the file is always whole JSON", () => {
    const file = join(mkdtempSync(join(tmpdir(), "ct-state-")), "state.json");
    const s = new StateStore(file);
    for (let i = 0; i < 50; i++) {
      s.nextId("x");
      s.persist();
      assert.doesNotThrow(() => JSON.parse(readFileSync(file, "utf8")));
    }
  });

  it("rate limits per key in a sliding one-second window", () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    const admitted = Array.from({ length: 25 }, () => limiter.admit("k", 20)).filter(Boolean).length;
    assert.equal(admitted, 20);
    assert.equal(limiter.admit("other", 20), true);
    now = 1000;
    assert.equal(limiter.admit("k", 20), true);
  });

  it("consumes injected faults in order, for the matching action only", () => {
    const faults = new FaultInjector();
    faults.add(parseFaultRule({ kind: "error", code: "InternalError", action: "A", times: 2 }));
    assert.equal(faults.take("bh", "B"), undefined);
    assert.equal(faults.take("bh", "A")?.code, "InternalError");
    assert.equal(faults.take("bh", "A")?.code, "InternalError");
    assert.equal(faults.take("bh", "A"), undefined);
    assert.throws(() => parseFaultRule({ kind: "error" }), /needs a code/);
  });
});
