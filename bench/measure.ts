/**
 * What the benchmark reads off the machine while a command runs: the dynamic-provider processes
 * (start time, peak RSS, from /proc) and the emulator's request log.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import type { RequestLogEntry } from "../emulator/protocols/types";
import { emulatorControl } from "../scripts/lib/harness";

export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function readOr(file: string, fallback = ""): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return fallback;
  }
}

let clockTicks: number | undefined;
/** Wall-clock ms at which process `pid` started (from its start time in clock ticks since boot). */
export function processStartMs(pid: number): number | undefined {
  clockTicks ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  const stat = readOr(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const startTicks = Number(fields[19]);
  const uptimeSeconds = Number(readOr("/proc/uptime").split(" ")[0]);
  const bootMs = Date.now() - uptimeSeconds * 1000;
  return bootMs + (startTicks / clockTicks) * 1000;
}

/** CPU ms process `pid` has used so far (user + system), or undefined once it is gone. */
export function processCpuMs(pid: number): number | undefined {
  clockTicks ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  const stat = readOr(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) / clockTicks) * 1000;
}

/** Kilobytes of a `/proc/<pid>/status` field (VmRSS, VmHWM). */
export function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number | undefined {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readOr(`/proc/${pid}/status`));
  return m ? Number(m[1]) : undefined;
}

export interface ProviderProcess {
  pid: number;
  /** When its launcher (the `pulumi-resource-pulumi-nodejs` shell script) started, wall-clock ms. */
  startMs: number;
  /** The last VmHWM seen (the kernel's peak RSS, monotonic): kB. */
  peakRssKb: number;
  /** The last CPU ms seen (sampled with the RSS, so the process's last moments may be missed). */
  cpuMs: number;
}

/**
 * Watches for Pulumi's dynamic-provider processes (`node …/cmd/dynamic-provider`) started with
 * `marker` in their environment, so other stacks on a shared machine are never counted.
 */
export class ProviderWatch {
  private readonly seen = new Map<number, ProviderProcess>();
  private readonly ignored = new Set<number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly marker: string) {}

  start(intervalMs = 150): void {
    this.timer = setInterval(() => this.poll(), intervalMs);
    this.poll();
  }

  stop(): ProviderProcess[] {
    this.poll();
    if (this.timer) clearInterval(this.timer);
    return [...this.seen.values()];
  }

  private poll(): void {
    for (const name of readdirSync("/proc")) {
      const pid = Number(name);
      if (!Number.isInteger(pid) || this.ignored.has(pid)) continue;
      const known = this.seen.get(pid);
      if (known) {
        known.peakRssKb = Math.max(known.peakRssKb, statusKb(pid, "VmHWM") ?? 0);
        known.cpuMs = processCpuMs(pid) ?? known.cpuMs;
        continue;
      }
      const cmdline = readOr(`/proc/${pid}/cmdline`);
      // (The launcher first runs `node -e "…require.resolve('@pulumi/pulumi/cmd/dynamic-provider')"`: not the provider.)
      const provider = cmdline.includes("cmd/dynamic-provider") && !cmdline.includes("require.resolve");
      if (!provider || !readOr(`/proc/${pid}/environ`).includes(this.marker)) {
        // The launcher's children are looked at again: forked, they may not have exec'd node yet.
        if (cmdline && !cmdline.includes("pulumi-resource-pulumi-nodejs")) this.ignored.add(pid);
        continue;
      }
      const parent = Number(/^PPid:\s+(\d+)/m.exec(readOr(`/proc/${pid}/status`))?.[1] ?? 0);
      const launcher = parent && readOr(`/proc/${parent}/cmdline`).includes("pulumi-resource-pulumi-nodejs") ? parent : pid;
      const startMs = processStartMs(launcher) ?? processStartMs(pid) ?? Date.now();
      this.seen.set(pid, { pid, startMs, peakRssKb: statusKb(pid, "VmHWM") ?? 0, cpuMs: processCpuMs(pid) ?? 0 });
    }
  }
}

/** The emulator's request log after `since`, collected while `during` runs (the log keeps only its tail). */
export async function collectRequests(url: string, since: number, during: Promise<unknown>): Promise<RequestLogEntry[]> {
  const entries: RequestLogEntry[] = [];
  let last = since;
  let done = false;
  void during.then(
    () => (done = true),
    () => (done = true),
  );
  const drain = async () => {
    const batch = await emulatorControl<RequestLogEntry[]>(url, `requests?since=${last}`);
    if (batch.length && batch[0].seq > last + 1) throw new Error(`the emulator's request log dropped entries ${last + 1}..${batch[0].seq - 1}: poll more often`);
    entries.push(...batch);
    if (batch.length) last = batch[batch.length - 1].seq;
  };
  while (!done) {
    await drain();
    await Promise.race([sleep(1000), during.catch(() => undefined)]);
  }
  await drain();
  return entries;
}

/** The last sequence number of the emulator's request log. */
export async function lastSeq(url: string): Promise<number> {
  const log = await emulatorControl<RequestLogEntry[]>(url, "requests");
  return log.length ? log[log.length - 1].seq : 0;
}

/** API calls the provider made (refused and throttled requests are counted apart). */
export function apiCalls(entries: RequestLogEntry[]): RequestLogEntry[] {
  return entries.filter((e) => e.product !== "" && e.outcome !== "throttled");
}

export function countBy(entries: RequestLogEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) out[e.action] = (out[e.action] ?? 0) + 1;
  return out;
}
