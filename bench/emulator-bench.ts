/**
 * Item 7, the emulator as a product: requests per second with signature verification on, the
 * cost of a mutating request in an account of 100 vs 10,000 tasks, and its memory at 10,000 tasks.
 * The emulator runs as users run it (its own process, a state file), driven by the official SDK.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { Client as BhClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/bh/v20230418/bh_client";
import { DEMO_TENCENT_CREDENTIAL } from "../emulator/config";
import { emulatorControl, type EmulatorProcess } from "../scripts/lib/harness";
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

interface Account {
  emulator: EmulatorProcess;
  client: BhClient;
  /** A task to modify. */
  taskId: number;
  tasks: number;
  rssKb: number;
  stateBytes: number;
}

/** An emulator process whose one account holds `tasks` operation tasks (state file included). */
async function accountWith(root: string, tasks: number): Promise<Account> {
  const dir = join(root, "emulators", `emulator-bench-${tasks}`);
  // Limits scaled out of the way: this measures the emulator's own cost, not the cloud's limits.
  const emulator = await startBenchEmulator(dir, 100_000);
  const client = new BhClient({
    credential: { secretId: DEMO_TENCENT_CREDENTIAL.secretId, secretKey: DEMO_TENCENT_CREDENTIAL.secretKey },
    region: "ap-guangzhou",
    profile: { httpProfile: { endpoint: new URL(emulator.url).host, protocol: "http://" } },
  });
  let next = 0;
  let taskId = 0;
  const worker = async () => {
    while (next < tasks) {
      const i = next++;
      const { TaskId } = await client.CreateOperationTask({ ...TASK, Name: `t${i}` });
      if (i === 0) taskId = TaskId ?? 0;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  await emulatorControl(emulator.url, "state"); // written at once: the file below is complete
  return { emulator, client, taskId, tasks, rssKb: statusKb(emulator.process.pid ?? 0, "VmRSS") ?? NaN, stateBytes: statSync(join(dir, "emulator-state.json")).size };
}

/** Mean ms of a ModifyOperationTask (a full rewrite of one task), sent one after another. */
async function mutationMs(account: Account, count: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) await account.client.ModifyOperationTask({ ...TASK, Id: account.taskId, Name: "t0", Timeout: 5 + (i % 7) });
  return (performance.now() - started) / count;
}

export async function measureEmulator(root: string, o: EmulatorBenchOptions): Promise<Row[]> {
  const accounts: Account[] = [];
  try {
    const small = await accountWith(root, o.smallTasks);
    accounts.push(small);
    const large = await accountWith(root, o.largeTasks);
    accounts.push(large);
    const smallMs: number[] = [];
    const largeMs: number[] = [];
    // Warm both paths up (JIT, sockets) before timing them.
    await mutationMs(small, Math.ceil(o.mutations / 5));
    await mutationMs(large, Math.ceil(o.mutations / 5));
    for (let round = 0; round < o.rounds; round++) {
      smallMs.push(await mutationMs(small, o.mutations));
      largeMs.push(await mutationMs(large, o.mutations));
    }

    // Requests per second: 16 requests in flight, signed reads of one task page.
    let served = 0;
    const deadline = performance.now() + o.throughputMs;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (performance.now() < deadline) {
          await small.client.DescribeOperationTask({ Limit: 1 });
          served++;
        }
      }),
    );
    const rps = served / ((performance.now() - started) / 1000);
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
        n: `${o.smallTasks} vs ${o.largeTasks} tasks`,
        baseline: fmt.mb(small.rssKb),
        ours: fmt.mb(large.rssKb),
        ratio: large.rssKb / small.rssKb,
        target: "—",
        pass: undefined,
        note: `state file ${fmt.bytes(large.stateBytes)} at ${o.largeTasks} tasks (${fmt.num(large.stateBytes / o.largeTasks, 0)} B per task, request log included)`,
      },
    ];
  } finally {
    for (const a of accounts) await a.emulator.stop();
  }
}
