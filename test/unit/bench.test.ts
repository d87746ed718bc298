import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HUAWEI_APIG_PRODUCTS } from "../../emulator/protocols";
import { markdownTable, type Report, type Row } from "../../bench/results";
import { quoteInReadme } from "../../bench/run";
import { operationMarks } from "../../bench/engine";
import { apiFloorMs, callRows, callTarget, ENGINE_PARALLEL, pacedSpanMs, physicalFloorMs, slug, tasksCarried, waitFloorMs } from "../../bench/scenarios";
import { replayCalls } from "../../bench/sdk-floor";
import { BENCH_TYPES, selectTypes } from "../../bench/types";
import { resourceSources } from "../support/resources";

const shape = (path: string) => path.replace(/\{[^}]+\}/g, "{}");

/** The actions a resource file's `@API` lines name, as the emulator's request log names them. */
function declaredActions(source: string): string[] {
  const routes = HUAWEI_APIG_PRODUCTS.flatMap((p) => p.routes);
  return [...source.matchAll(/@API (\S+) (\S+)(?: +(\S+))?/g)].map(([, , first, second]) => {
    if (!/^(GET|POST|PUT|DELETE)$/.test(first)) return first;
    return routes.find((r) => r.method === first && shape(r.path) === shape(second ?? ""))?.action ?? `${first} ${second}`;
  });
}

/** The benchmark's own logic, without the CLI (the e2e smoke run covers that). */
describe("the benchmark", () => {
  it("has one entry per resource type, listing a documented limit for every action the type declares", () => {
    let checked = 0;
    for (const { name, text } of resourceSources()) {
      const type = BENCH_TYPES.find((t) => slug(t.className) === name);
      assert.ok(type, `provider/resources/${name} has no entry in bench/types.ts: add one (how to declare instance i, the documented limits of its actions)`);
      for (const action of declaredActions(text)) {
        assert.ok(type.limits[action] > 0, `${type.className}: no limit for ${action}`);
        checked++;
      }
    }
    assert.ok(checked >= 40, `only ${checked} @API lines found: the scan misses resources`);
    assert.throws(() => selectTypes(["Nope"]), /unknown resource type\(s\) Nope/);
  });

  it("takes the floor a command's calls force from its busiest action", () => {
    assert.deepEqual(apiFloorMs({ A: 40, B: 30 }, { A: 20, B: 10 }), { ms: 3000, action: "B" });
    assert.deepEqual(apiFloorMs({}, {}), { ms: 0 });
    assert.throws(() => apiFloorMs({ C: 1 }, { A: 20 }), /no documented limit listed for C/);
  });

  it("takes the physical floor's span from the busiest action: a limit's worth at once, then a window per limit's worth", () => {
    assert.deepEqual(pacedSpanMs({ A: 100, B: 10 }, { A: 20, B: 100 }), { ms: 4000, action: "A" });
    assert.deepEqual(pacedSpanMs({ A: 20 }, { A: 20 }), { ms: 0 });
    assert.deepEqual(pacedSpanMs({ A: 21 }, { A: 20 }), { ms: 1000, action: "A" });
  });

  it("starts row 1b's paced span at the later of the engine's fixed cost and the no-op's first operation at this N", () => {
    assert.equal(physicalFloorMs({ noopMs: 3000, fixedMs: 1600, leadMs: 2300, spanMs: 4000, waitMs: 0 }), 6300);
    assert.equal(physicalFloorMs({ noopMs: 3000, fixedMs: 1600, leadMs: 900, spanMs: 1000, waitMs: 0 }), 3000);
    assert.equal(physicalFloorMs({ noopMs: 3000, fixedMs: 1600, spanMs: 4000, waitMs: 0 }), 5600);
    assert.equal(physicalFloorMs({ noopMs: 3000, fixedMs: 1600, leadMs: 2000, spanMs: 4000, waitMs: 26000 }), 28000);
  });

  it("reads the no-op's first create and first delete, the latest process's of each kind", () => {
    assert.deepEqual(operationMarks("create 100\ndelete 250\ncreate 300\n\nbogus\n"), { create: 300, delete: 250 });
    assert.deepEqual(operationMarks(""), {});
  });

  it("bounds documented waits by the engine's parallelism", () => {
    assert.equal(waitFloorMs(ENGINE_PARALLEL, 2000), 2000);
    assert.equal(waitFloorMs(ENGINE_PARALLEL + 1, 2000), 4000);
  });

  it("lets up read once per process (the create snapshot, a type's catalogue) on top of the create and one read", () => {
    const op = BENCH_TYPES.find((t) => t.className === "OperationTask");
    const chaos = BENCH_TYPES.find((t) => t.className === "ChaosExperiment");
    assert.ok(op && chaos);
    assert.equal(callTarget(op, "up", 100).max, 2.01);
    assert.equal(callTarget(op, "refresh", 100).max, 1);
    assert.ok(Math.abs(callTarget(chaos, "up", 100).max - 2.04) < 1e-9, "plus the action catalogue, once");
    assert.equal(callTarget(chaos, "destroy", 100).max, 2, "the status read that keeps a fault from being left in");
  });

  it("passes call counts that are flat in N and within the target, and says why otherwise", () => {
    const op = BENCH_TYPES.find((t) => t.className === "OperationTask");
    const perf = BENCH_TYPES.find((t) => t.className === "PerfTestTask");
    assert.ok(op && perf);
    const calls = (up: number, refresh: number) => ({ up, preview: 0, refresh, destroy: 1 });
    const rows = callRows(perf, [
      { n: 200, calls: calls(3, 1.5) },
      { n: 50, calls: calls(3, 1) },
    ]);
    const byCommand = Object.fromEntries(rows.map((r) => [r.command, r]));
    assert.equal(byCommand.preview.pass, true);
    assert.equal(byCommand.destroy.pass, true);
    assert.equal(byCommand.up.pass, false);
    assert.match(byCommand.up.note ?? "", /over the target of 2/);
    assert.equal(byCommand.refresh.pass, false);
    assert.match(byCommand.refresh.note ?? "", /grows with N: 1.000 at 50, 1.500 at 200/);
    assert.equal(byCommand.up.n, "50 / 200");
    const cat = BENCH_TYPES.find((t) => t.className === "CatTask");
    assert.ok(cat);
    assert.equal(callRows(cat, [{ n: 10, calls: calls(7, 1) }]).find((r) => r.command === "up")?.pass, true, "CAT's documented create protocol");
    const falling = callRows(op, [
      { n: 25, calls: calls(2.04, 1) },
      { n: 200, calls: calls(2.005, 1) },
    ]).find((r) => r.command === "up");
    assert.equal(falling?.pass, true, "a once-per-process read spread over more resources is not growth");
    const batched = callRows(op, [
      { n: 25, calls: calls(2, 0.3) },
      { n: 200, calls: calls(2, 0.5) },
    ]).find((r) => r.command === "refresh");
    assert.equal(batched?.pass, true, "reads sharing passes serve fewer resources per call when fewer are in flight together");
    assert.match(batched?.target ?? "", /batched \(the reads share passes over DescribeOperationTask\): within the target at every N/);
    const over = callRows(op, [{ n: 25, calls: calls(2, 1.2) }]).find((r) => r.command === "refresh");
    assert.equal(over?.pass, false, "batched calls are still held to the target");
  });

  it("counts a batch call's throughput in the tasks its IdSet carries", () => {
    assert.equal(tasksCarried({ params: { IdSet: [1, 2, 3] } }), 3);
    assert.equal(tasksCarried({ params: { Id: 1 } }), 1);
    assert.equal(tasksCarried({ params: undefined }), 1);
  });

  it("quotes the latest table in the README between its markers, and nothing else", () => {
    const row: Row = { measure: "m", command: "up", n: "100", baseline: "x", ours: "y", ratio: 1, target: "≤ 1.10", pass: true };
    const report = { command: "npm run bench", startedAt: "2026-11-27T16:20:00Z", durationMs: 1, machine: {} as Report["machine"], sizes: "N=100", rows: [row], notes: [] };
    const readme = "# x\n<!-- bench:results -->\nold\n<!-- /bench:results -->\ntail\n";
    const quoted = quoteInReadme(readme, report);
    assert.match(quoted, /^# x\n<!-- bench:results -->\nLatest run \(`npm run bench`, 2026-11-27; N=100;/);
    assert.match(quoted, /\| m \| up \| 100 \| x \| y \| 1.00 \| ≤ 1.10 \| pass \|\n<!-- \/bench:results -->\ntail\n$/);
    assert.ok(!quoted.includes("old"));
    const actual = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
    assert.notEqual(quoteInReadme(actual, report), actual, "the project README has the markers");
  });

  it("renders one escaped table row per figure", () => {
    const row: Row = { measure: "m", command: "a|b", n: "1", baseline: "x", ours: "y", ratio: 1.234, target: "≤ 1.10", pass: false };
    const table = markdownTable([row, { ...row, pass: undefined, ratio: NaN }]).split("\n");
    assert.equal(table.length, 4);
    assert.equal(table[2], "| m | a\\|b | 1 | x | y | 1.23 | ≤ 1.10 | **MISS** |");
    assert.equal(table[3], "| m | a\\|b | 1 | x | y | — | ≤ 1.10 | info |");
  });

  it("replays a command's logged calls as the official SDKs send them (row 1c), or not at all for a protocol with no SDK", () => {
    const entry = (protocol: string, product: string, action: string, params: unknown) => ({ seq: 1, at: "", protocol, product, action, region: "ap-guangzhou", keyId: "AKID", params, outcome: "ok", requestId: "r" });
    assert.deepEqual(
      replayCalls([entry("tc3", "iotcloud", "DescribeTask", { Id: "t-1" }), entry("apig", "cpts", "ShowTask", { path: { task_id: "12 3" } }), entry("tc3", "iotcloud", "DescribeTask", { Id: "t-2" })].map((e, i) => ({ ...e, seq: i }))),
      [
        { protocol: "tc3", product: "iotcloud", action: "DescribeTask", region: "ap-guangzhou", params: { Id: "t-1" } },
        { protocol: "apig", action: "ShowTask", method: "GET", path: "/v1/{project_id}/tasks/12%203", query: undefined, body: undefined },
        { protocol: "tc3", product: "iotcloud", action: "DescribeTask", region: "ap-guangzhou", params: { Id: "t-2" } },
      ],
    );
    assert.equal(replayCalls([entry("tc2", "cat", "DescribeCatTaskList", {})]), undefined, "CAT API 2.0 has no official SDK");
    assert.deepEqual(replayCalls([{ ...entry("tc3", "iotcloud", "DescribeTask", {}), outcome: "throttled" }]), [], "a throttled request was not a call");
  });
});
