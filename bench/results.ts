/** The benchmark's rows, the table RESULTS.md holds, and the machine it ran on. */
import { execFileSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";

export interface Row {
  /** What is measured, e.g. "engine floor OperationTask". */
  measure: string;
  /** The command or operation, e.g. "up". */
  command: string;
  /** Size: instances, tasks, or requests. */
  n: string;
  baseline: string;
  ours: string;
  /** The compared figure (a ratio, or a value against its target); NaN when informational. */
  ratio: number;
  target: string;
  /** undefined: informational, no target. */
  pass: boolean | undefined;
  /** Why, when a target is missed or a figure needs explaining. */
  note?: string;
}

export const fmt = {
  ms: (ms: number) => (Number.isFinite(ms) ? (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`) : "—"),
  num: (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : "—"),
  bytes: (b: number) => (Number.isFinite(b) ? (b >= 10_240 ? `${(b / 1024).toFixed(1)} KB` : `${Math.round(b)} B`) : "—"),
  mb: (kb: number) => (Number.isFinite(kb) && kb > 0 ? `${(kb / 1024).toFixed(1)} MB` : "—"),
};

export function passText(pass: boolean | undefined): string {
  return pass === undefined ? "info" : pass ? "pass" : "**MISS**";
}

const HEADER = ["Measure", "Command", "N", "Baseline", "Ours", "Ratio", "Target", "Pass"];

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The results as a Markdown table, one row per figure. */
export function markdownTable(rows: Row[]): string {
  const lines = [`| ${HEADER.join(" | ")} |`, `|${HEADER.map(() => "---").join("|")}|`];
  for (const r of rows) {
    lines.push(`| ${[r.measure, r.command, r.n, r.baseline, r.ours, fmt.num(r.ratio), r.target, passText(r.pass)].map(cell).join(" | ")} |`);
  }
  return lines.join("\n");
}

export interface Machine {
  cpu: string;
  cores: number;
  memory: string;
  node: string;
  pulumi: string;
  kernel: string;
  loadAtStart: string;
  loadAtEnd?: string;
}

export function describeMachine(pulumiVersion: string): Machine {
  let kernel = "";
  try {
    kernel = execFileSync("uname", ["-srm"], { encoding: "utf8" }).trim();
  } catch {
    kernel = process.platform;
  }
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    pulumi: pulumiVersion,
    kernel,
    loadAtStart: loadavg().map((l) => l.toFixed(2)).join(", "),
  };
}

export interface Report {
  command: string;
  startedAt: string;
  durationMs: number;
  machine: Machine;
  sizes: string;
  rows: Row[];
  notes: string[];
}

export function renderReport(report: Report): string {
  const m = report.machine;
  const misses = report.rows.filter((r) => r.pass === false);
  const notes = report.rows.filter((r) => r.note).map((r) => `- **${r.measure} — ${r.command}**: ${r.note}`);
  return [
    "# Benchmark results",
    "",
    `Command: \`${report.command}\` — started ${report.startedAt}, took ${fmt.ms(report.durationMs)}.`,
    "",
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memory}; ${m.kernel}; Node.js ${m.node}; Pulumi CLI ${m.pulumi}. ` +
      `Load average (1, 5, 15 min) at start ${m.loadAtStart}${m.loadAtEnd ? `, at end ${m.loadAtEnd}` : ""}.`,
    "",
    `Sizes: ${report.sizes}.`,
    "",
    "Every ratio is against a baseline measured in the same run (medians over rounds); `info` rows have no target.",
    "",
    markdownTable(report.rows),
    "",
    misses.length ? `**${misses.length} target(s) missed.**` : "Every target met.",
    "",
    ...(notes.length || report.notes.length ? ["## Notes", "", ...report.notes.map((n) => `- ${n}`), ...notes, ""] : []),
  ].join("\n");
}
