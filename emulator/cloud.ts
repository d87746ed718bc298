import { randomUUID } from "node:crypto";
import type { EmulatorConfig } from "./config";
import { FaultInjector } from "./state/faults";
import { RateLimiter } from "./state/rate-limit";
import { StateStore } from "./state/store";

/** What a protocol layer knows about a verified call before running it. */
export interface Call {
  protocol: string;
  product: string;
  action: string;
  region: string;
  keyId: string;
  account: string;
  params: unknown;
  /** Requests per second allowed for this action and account, as documented. */
  rateLimit?: number;
  mutates: boolean;
}

export type Outcome<T> =
  | { kind: "ok"; value: T; requestId: string }
  | { kind: "error"; error: unknown; requestId: string }
  | { kind: "throttled"; requestId: string }
  | { kind: "http-status"; status: number; requestId: string }
  | { kind: "drop"; requestId: string; notApplied?: boolean };

/** Extracts the code a protocol answered with, for the request log. */
export type CodeOf = (error: unknown) => string;

/** The emulated cloud shared by every protocol layer: state, clock, limits, faults and the request log. */
export class EmulatorCloud {
  readonly store: StateStore;
  readonly limiter = new RateLimiter();
  readonly faults = new FaultInjector();
  /** Shifts the emulator's clock (ms), e.g. to finish runs. Task timing only: signature windows use wall time. */
  clockOffsetMs = 0;

  constructor(readonly config: EmulatorConfig) {
    this.store = new StateStore(config.stateFile);
  }

  now(): Date {
    return new Date(Date.now() + this.clockOffsetMs);
  }

  /**
   * Runs one verified call through the cloud's common path: rate limit, injected faults, the
   * action itself, persistence and the request log.
   */
  async invoke<T>(call: Call, codeOf: CodeOf, run: () => T): Promise<Outcome<T>> {
    const requestId = randomUUID();
    const outcome = await this.decide(call, requestId, run);
    const code = outcomeCode(outcome, codeOf);
    this.store.log({
      at: this.now().toISOString(),
      protocol: call.protocol,
      product: call.product,
      action: call.action,
      region: call.region,
      keyId: call.keyId,
      params: call.params,
      outcome: code,
      requestId,
    });
    // Reads only add to the log: it is saved with the next change or on shutdown, keeping reads O(1).
    if (call.mutates && outcome.kind !== "throttled" && outcome.kind !== "http-status") this.store.changed();
    return outcome;
  }

  /** Logs a request refused before any action ran (bad signature, unknown key…): tests read "nothing was called". */
  logRefused(entry: { protocol: string; action?: string; region?: string; keyId?: string; outcome: string; requestId?: string }): void {
    this.store.log({
      at: this.now().toISOString(),
      protocol: entry.protocol,
      product: "",
      action: entry.action ?? "",
      region: entry.region ?? "",
      keyId: entry.keyId ?? "",
      params: null,
      outcome: entry.outcome,
      requestId: entry.requestId ?? "",
    });
  }

  private async decide<T>(call: Call, requestId: string, run: () => T): Promise<Outcome<T>> {
    if (call.rateLimit !== undefined) {
      const limit = Math.max(1, Math.floor(call.rateLimit * this.config.rateLimitScale));
      if (!this.limiter.admit(`${call.product}/${call.account}/${call.action}`, limit)) return { kind: "throttled", requestId };
    }
    const fault = this.faults.take(call.product, call.action);
    if (fault?.kind === "delay") await new Promise((r) => setTimeout(r, fault.delayMs ?? 0));
    if (fault?.kind === "reset") return { kind: "drop", requestId, notApplied: true };
    if (fault?.kind === "http-status") return { kind: "http-status", status: fault.status ?? 503, requestId };
    if (fault?.kind === "error") {
      return { kind: "error", error: { injectedCode: fault.code, message: fault.message ?? `injected ${fault.code}` }, requestId };
    }
    try {
      const value = run();
      return fault?.kind === "drop-after-commit" ? { kind: "drop", requestId } : { kind: "ok", value, requestId };
    } catch (error) {
      return { kind: "error", error, requestId };
    }
  }
}

/** How the request log names an outcome: a lost answer to an applied call is "ok", a reset before it ran "reset". */
function outcomeCode(outcome: Outcome<unknown>, codeOf: CodeOf): string {
  switch (outcome.kind) {
    case "ok":
      return "ok";
    case "drop":
      return outcome.notApplied ? "reset" : "ok";
    case "error":
      return codeOf(outcome.error);
    case "throttled":
      return "throttled";
    case "http-status":
      return `HTTP ${outcome.status}`;
  }
}

/** An injected `error` fault, as the protocol layers see it. */
export function injectedFault(error: unknown): { code: string; message: string } | undefined {
  if (typeof error === "object" && error !== null && "injectedCode" in error) {
    const e = error as { injectedCode: string; message: string };
    return { code: e.injectedCode, message: e.message };
  }
  return undefined;
}
