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
const FIELDS = new Set(["product", "action", "kind", "code", "message", "status", "delayMs", "times"]);
/** Delays past the clients' own timeouts prove nothing more and hold a connection open. */
const MAX_DELAY_MS = 10 * 60_000;

/**
 * A fault rule from the control plane, every field checked: a rule that would not do what it says
 * (a fractional `times` that never reaches zero, a status that is not HTTP's) is refused, naming the field.
 */
export function parseFaultRule(value: unknown): FaultRule {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("a fault rule must be an object");
  const raw = value as Record<string, unknown>;
  const unknown = Object.keys(raw).filter((k) => !FIELDS.has(k));
  if (unknown.length) throw new Error(`unknown fault field(s): ${unknown.join(", ")}; known: ${[...FIELDS].join(", ")}`);
  for (const name of ["product", "action", "code", "message"]) {
    if (raw[name] !== undefined && (typeof raw[name] !== "string" || raw[name] === "")) throw new Error(`${name} must be a non-empty string`);
  }
  if (typeof raw.kind !== "string" || !KINDS.has(raw.kind)) throw new Error(`fault kind must be one of ${[...KINDS].join(", ")}`);
  const rule = raw as unknown as FaultRule;
  if (rule.kind === "error" && !rule.code) throw new Error("an error fault needs a code");
  if (raw.status !== undefined && !(Number.isInteger(raw.status) && (raw.status as number) >= 100 && (raw.status as number) <= 599)) {
    throw new Error("status must be an HTTP status code (an integer from 100 to 599)");
  }
  if (rule.kind === "http-status" && raw.status === undefined) throw new Error("an http-status fault needs a status");
  if (raw.delayMs !== undefined && !(Number.isInteger(raw.delayMs) && (raw.delayMs as number) >= 0 && (raw.delayMs as number) <= MAX_DELAY_MS)) {
    throw new Error(`delayMs must be an integer from 0 to ${MAX_DELAY_MS}`);
  }
  if (raw.times !== undefined && !(Number.isSafeInteger(raw.times) && (raw.times as number) >= 1)) {
    throw new Error("times must be a whole number of at least 1");
  }
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
