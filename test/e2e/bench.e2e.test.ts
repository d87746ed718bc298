import { strict as assert } from "node:assert";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FULL, runBench, type BenchOutcome } from "../../bench/run";
import { slug } from "../../bench/scenarios";
import { BENCH_TYPES } from "../../bench/types";

/**
 * A smoke run of `npm run bench`'s own code (the real CLI, the packed package, the emulator) at a
 * tiny size, so the benchmark cannot rot. It checks the table is well formed, never the targets:
 * timings at N=1 mean nothing.
 */
describe("the benchmark (smoke run at N=1)", function () {
  this.timeout(1_800_000);
  let outcome: BenchOutcome;

  before(async () => {
    outcome = await runBench(
      {
        ...FULL,
        n: 1,
        rounds: 1,
        repeats: 1,
        callsN: [2],
        throughputN: 2,
        emulatorTasks: [5, 20],
        emulatorMutations: 10,
        emulatorThroughputMs: 200,
        out: join(mkdtempSync(join(tmpdir(), "ct-bench-smoke-")), "RESULTS.md"),
        log: () => undefined,
      },
      "smoke",
    );
  });

  it("writes a table of command, N, baseline, ours, ratio, target and pass for every row", () => {
    const lines = outcome.markdown.split("\n").filter((l) => l.startsWith("| "));
    assert.equal(lines[0], "| Measure | Command | N | Baseline | Ours | Ratio | Target | Pass |");
    assert.equal(lines.length - 1, outcome.report.rows.length);
    for (const line of lines.slice(1)) {
      const cells = line.split(/(?<!\\)\|/).slice(1, -1);
      assert.equal(cells.length, 8, line);
      assert.match(cells[7].trim(), /^(pass|\*\*MISS\*\*|info)$/, line);
    }
    assert.match(outcome.markdown, /Machine: .+ cores/);
  });

  it("measures every resource type of bench/types.ts on every command", () => {
    const rows = outcome.report.rows;
    for (const type of BENCH_TYPES) {
      for (const command of ["up", "preview", "refresh", "destroy"]) {
        const floor = rows.find((r) => r.measure === `1. engine floor ${type.className}` && r.command === command);
        assert.ok(floor && Number.isFinite(floor.ratio) && floor.ratio > 0, `${type.className} ${command} floor`);
        const calls = rows.find((r) => r.measure === `2. API calls/resource ${type.className}` && r.command === command);
        assert.equal(calls?.n, "1 / 2", `${type.className} ${command} calls at both N`);
      }
      for (const measure of ["3. state bytes/resource", "5. provider peak RSS", "6. cold start"]) {
        const row = rows.find((r) => r.measure === `${measure} ${type.className}`);
        assert.ok(row && Number.isFinite(row.ratio) && row.ratio > 0, `${measure} ${type.className}: ${JSON.stringify(row)}`);
      }
    }
    for (const [command, operation] of [["up", "create"], ["destroy", "delete"]]) {
      const row = rows.find((r) => r.measure === `1b. physical floor OperationTask` && r.command === command);
      assert.match(row?.baseline ?? "", new RegExp(`the no-op's first ${operation} at [\\d.]+ m?s\\)`), `the no-op's own start at this N: ${JSON.stringify(row)}`);
    }
    assert.equal(rows.filter((r) => r.measure.startsWith("4. rate-limited throughput")).length, 2);
    assert.equal(rows.filter((r) => r.measure.startsWith("7. emulator")).length, 3);
  });

  it("replays the calls of unpaced commands through the official SDKs alone (row 1c), where the type has one", () => {
    const rows = outcome.report.rows;
    for (const className of ["IotBatchTask", "PerfTestTask"]) {
      const row = rows.find((r) => r.measure === `1c. official-SDK floor ${className}` && r.command === "refresh");
      assert.match(row?.baseline ?? "", /\+ the SDK alone [\d.]+ m?s \(the same 1 calls/, `${className}: ${JSON.stringify(row)}`);
      assert.equal(row?.note, undefined, "no replayed call throttled");
    }
    assert.ok(!rows.some((r) => r.measure === "1c. official-SDK floor CatTask"), "CAT API 2.0 has no official SDK to replay with");
  });

  it("finds the installed package's resources stored as the one-line module reference, shorter than the serializer's", () => {
    for (const type of BENCH_TYPES) {
      const { ours, noop } = outcome.providers[type.className];
      assert.equal(ours, `exports.handler = () => require("pulumi-cloudtasks/resources/${slug(type.className)}");\n`);
      assert.match(noop, /require\("cloudtasks-bench-noop\/provider"\)/, "the no-op's text, made by Pulumi's closure serializer");
      assert.ok(ours.length < noop.length / 2, `${ours.length} vs ${noop.length} bytes`);
    }
  });
});
