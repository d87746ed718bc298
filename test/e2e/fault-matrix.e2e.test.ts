import { strict as assert } from "node:assert";
import { formatMatrix, MATRIX_RESOURCES, runMatrix } from "../support/fault-matrix";

/**
 * Every resource × {create, update, delete, read} (and runs) × {server error, throttling,
 * connection reset, applied-then-lost answer, slow success past the client timeout}, plus same-name
 * resources racing under ambiguous failures, under the real CLI. Each cell: `up` converges (re-run
 * at most once), the emulator holds exactly the declared tasks (and each ran once per trigger),
 * and `refresh --expect-no-changes` passes. The resources run on their own stacks, in parallel.
 */
describe("the fault matrix under the real Pulumi CLI", function () {
  this.timeout(900_000);

  it("every cell converges, with no orphaned or duplicated task", async () => {
    // MATRIX_ONLY=IotBatchTask,ProbeTask runs those rows alone (while working on one resource).
    const only = process.env.MATRIX_ONLY?.split(",");
    const resources = MATRIX_RESOURCES.filter((r) => !only || only.includes(r.type));
    const results = (await Promise.all(resources.map((r) => runMatrix(r)))).flat();
    const text = formatMatrix(results);
    console.log(text);
    assert.ok(results.length >= resources.length * 20, `the matrix covers every resource × operation × fault (${results.length} cells)`);
    assert.equal(results.filter((c) => !c.converged).length, 0, text);
  });
});
