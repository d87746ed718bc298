/**
 * Item 7, the emulator as a product: requests per second with signature verification on, the
 * cost of a mutating request in an account of 100 vs 10,000 tasks, and its memory at 10,000 tasks.
 * The emulator runs as users run it (its own process, a state file), driven by the official SDK.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { Client as BhClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/bh/v20230418/bh_client";
import { DEMO_TENCENT_CREDENTIAL } from "../emulator/config";
import { startBenchEmulator } from "./engine";
import { median, statusKb } from "./measure";
import { fmt, type Row } from "./results";

export interface EmulatorBenchOptions {
  /** Tasks in the small and the large account. */
  smallTasks: number;
  largeTasks: number;
  /** Mutating requests timed per region and round. */
  mutations: number;
  rounds: number;
  /** How long the requests/second figure is measured. */
  throughputMs: number;
}

const TASK = { Type: 1, Account: "root", Timeout: 5, Script: "bHM=", DeviceIdSet: [34] };

export async function measureEmulator(root: string, o: EmulatorBenchOptions): Promise<Row[]> {
  // Limits scaled out of the way: this measures the emulator's own cost, not the cloud's limits.
  const emulator = await startBenchEmulator(join(root, "emulators", "emulator-bench"), 100_000);
  const pid = emulator.process.pid ?? 0;
  try {
    const client = (region: string) =>
      new BhClient({
        credential: { secretId: DEMO_TENCENT_CREDENTIAL.secretId, secretKey: DEMO_TENCENT_CREDENTIAL.secretKey },
        region,
        profile: { httpProfile: { endpoint: new URL(emulator.url).host, protocol: "http://" } },
      });
    const rssEmptyKb = statusKb(pid, "VmRSS") ?? NaN;
    const fill = async (region: string, count: number): Promise<number> => {
      const c = client(region);
      let next = 0;
      let firstId = 0;
      const worker = async () => {
        while (next < count) {
          const i = next++;
          const { TaskId } = await c.CreateOperationTask({ ...TASK, Name: `t${i}` });
          if (i === 0) firstId = TaskId ?? 0;
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      return firstId;
    };
    const small = { region: "ap-small", id: await fill("ap-small", o.smallTasks) };
    const large = { region: "ap-large", id: await fill("ap-large", o.largeTasks) };
    const rssLargeKb = statusKb(pid, "VmRSS") ?? NaN;

    /** Mean ms of a ModifyOperationTask (a full rewrite of one task) in the region, sequentially. */
    const mutationMs = async (target: { region: string; id: number }) => {
      const c = client(target.region);
      const started = performance.now();
      for (let i = 0; i < o.mutations; i++) await c.ModifyOperationTask({ ...TASK, Id: target.id, Name: "t0", Timeout: 5 + (i % 7) });
      return (performance.now() - started) / o.mutations;
    };
    const smallMs: number[] = [];
    const largeMs: number[] = [];
    for (let round = 0; round < o.rounds; round++) {
      smallMs.push(await mutationMs(small));
      largeMs.push(await mutationMs(large));
    }

    // Requests per second: 16 SDK clients in flight, signed reads of one task page.
    const c = client(small.region);
    let served = 0;
    const deadline = performance.now() + o.throughputMs;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (performance.now() < deadline) {
          await c.DescribeOperationTask({ Limit: 1 });
          served++;
        }
      }),
    );
    const rps = served / ((performance.now() - started) / 1000);
    const stateBytes = (await emulator.stop(), statSync(join(root, "emulators", "emulator-bench", "emulator-state.json")).size);

    const ratio = median(largeMs) / median(smallMs);
    return [
      {
        measure: "7. emulator requests/s (TC3 signatures verified)",
        command: "DescribeOperationTask ×16 in flight",
        n: String(served),
        baseline: "—",
        ours: `${fmt.num(rps, 0)}/s`,
        ratio: NaN,
        target: "—",
        pass: undefined,
        note: "the load generator (the official SDK, signing every request) shares the machine's cores with the emulator",
      },
      {
        measure: "7. emulator mutating request",
        command: `ModifyOperationTask ×${o.mutations}`,
        n: `${o.smallTasks} vs ${o.largeTasks} tasks`,
        baseline: `${fmt.num(median(smallMs), 2)} ms`,
        ours: `${fmt.num(median(largeMs), 2)} ms`,
        ratio,
        target: "≤ 1.50",
        pass: ratio <= 1.5,
        note: ratio > 1.5 ? `rounds: ${smallMs.map((x) => x.toFixed(2)).join(", ")} vs ${largeMs.map((x) => x.toFixed(2)).join(", ")} ms` : undefined,
      },
      {
        measure: "7. emulator memory",
        command: "RSS",
        n: `${o.smallTasks + o.largeTasks} tasks`,
        baseline: `${fmt.mb(rssEmptyKb)} empty`,
        ours: fmt.mb(rssLargeKb),
        ratio: rssLargeKb / rssEmptyKb,
        target: "—",
        pass: undefined,
        note: `state file ${fmt.bytes(stateBytes)} (${fmt.num(stateBytes / (o.smallTasks + o.largeTasks), 0)} B per task, request log included)`,
      },
    ];
  } finally {
    await emulator.stop();
  }
}
