/**
 * Faults injected on request (`POST /_emulator/faults`), consumed in order by the requests they match.
 * - `error`: answer the cloud's error `code` without running the action;
 * - `http-status`: answer a bare HTTP `status` (a gateway failure) without running the action;
 * - `drop-after-commit`: run the action, then close the connection without answering — the
 *   ambiguous failure that makes naive create retries duplicate resources;
 * - `reset`: close the connection without running the action or answering (a reset on the way in);
 * - `delay`: wait `delayMs` before running the action (past the client's timeout: a slow success).
 */
export interface FaultRule {
  product?: string;
  action?: string;
  kind: "error" | "http-status" | "drop-after-commit" | "reset" | "delay";
  code?: string;
  message?: string;
  status?: number;
  delayMs?: number;
  /** How many matching requests it applies to (default 1). */
  times?: number;
}

const KINDS = new Set(["error", "http-status", "drop-after-commit", "reset", "delay"]);

export function parseFaultRule(value: unknown): FaultRule {
  if (typeof value !== "object" || value === null) throw new Error("a fault rule must be an object");
  const rule = value as FaultRule;
  if (!KINDS.has(rule.kind)) throw new Error(`fault kind must be one of ${[...KINDS].join(", ")}`);
  if (rule.kind === "error" && !rule.code) throw new Error("an error fault needs a code");
  if (rule.kind === "http-status" && !rule.status) throw new Error("an http-status fault needs a status");
  return { ...rule, times: rule.times ?? 1 };
}

export class FaultInjector {
  private rules: FaultRule[] = [];

  add(rule: FaultRule): void {
    this.rules.push(rule);
  }

  /** The first rule matching this call, consumed once. */
  take(product: string, action: string): FaultRule | undefined {
    const rule = this.rules.find((r) => (!r.product || r.product === product) && (!r.action || r.action === action));
    if (!rule) return undefined;
    rule.times = (rule.times ?? 1) - 1;
    if (rule.times <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule;
  }

  pending(): FaultRule[] {
    return [...this.rules];
  }

  clear(): void {
    this.rules = [];
  }
}
