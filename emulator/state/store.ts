import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { RequestLogEntry } from "../protocols/types";

const STATE_VERSION = 1;
const LOG_LIMIT = 2000;
/**
 * A change is written at most this long after it happened, and at least this long after the last
 * write, scaled by what a write costs: the whole document is rewritten, so writing per request
 * would make every request O(state).
 */
const MIN_WRITE_DELAY_MS = 100;
const MAX_WRITE_DELAY_MS = 2000;
/** Writes take at most ~1/WRITE_COST_FACTOR of the time under sustained changes. */
const WRITE_COST_FACTOR = 20;

interface StateDocument {
  version: number;
  /** Monotonic counters for ids, per product and kind. */
  counters: Record<string, number>;
  /** products[product][account][region] = the product's own store. */
  products: Record<string, Record<string, Record<string, unknown>>>;
  requestLog: RequestLogEntry[];
  logSeq: number;
}

function emptyDocument(): StateDocument {
  return { version: STATE_VERSION, counters: {}, products: {}, requestLog: [], logSeq: 0 };
}

/**
 * All of the emulated cloud's state, in one JSON document keyed `[product][account][region]`
 * (LocalStack's AccountRegionBundle, moto's backend dicts), saved atomically so that separate
 * `pulumi` runs against separate emulator processes see the same cloud. A request only marks the
 * state changed ({@link changed}); the document is written shortly after (debounced, so a request
 * costs the same with 100 or 10,000 tasks), and at once by {@link persist}: on shutdown and when
 * the control plane is asked for the state.
 */
export class StateStore {
  private doc: StateDocument;
  private pendingWrite: NodeJS.Timeout | undefined;
  private lastWriteMs = 0;

  constructor(private readonly file?: string) {
    this.doc = file ? StateStore.load(file) : emptyDocument();
  }

  private static load(file: string): StateDocument {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return emptyDocument();
    }
    const parsed = JSON.parse(text) as StateDocument;
    if (parsed.version !== STATE_VERSION) {
      throw new Error(`emulator state file ${file} has version ${parsed.version}; this emulator reads version ${STATE_VERSION}`);
    }
    return parsed;
  }

  /** The product's store for one account and region, created by `init` on first use. */
  bucket<T>(product: string, account: string, region: string, init: () => T): T {
    const byAccount = (this.doc.products[product] ??= {});
    const byRegion = (byAccount[account] ??= {});
    return (byRegion[region] ??= init()) as T;
  }

  /** Every bucket of a product, for control-plane views. */
  buckets(product: string): Array<{ account: string; region: string; value: unknown }> {
    const out: Array<{ account: string; region: string; value: unknown }> = [];
    for (const [account, regions] of Object.entries(this.doc.products[product] ?? {})) {
      for (const [region, value] of Object.entries(regions)) out.push({ account, region, value });
    }
    return out;
  }

  nextId(counter: string, start = 1): number {
    const next = (this.doc.counters[counter] ?? start - 1) + 1;
    this.doc.counters[counter] = next;
    return next;
  }

  log(entry: Omit<RequestLogEntry, "seq">): RequestLogEntry {
    const full = { seq: ++this.doc.logSeq, ...entry };
    this.doc.requestLog.push(full);
    if (this.doc.requestLog.length > LOG_LIMIT) this.doc.requestLog.splice(0, this.doc.requestLog.length - LOG_LIMIT);
    return full;
  }

  requestLog(sinceSeq = 0): RequestLogEntry[] {
    return this.doc.requestLog.filter((e) => e.seq > sinceSeq);
  }

  clearLog(): void {
    this.doc.requestLog = [];
  }

  snapshot(): unknown {
    return { counters: this.doc.counters, products: this.doc.products };
  }

  reset(): void {
    this.doc = emptyDocument();
    this.persist();
  }

  /** Schedules a write of a change (debounced; see the class comment). */
  changed(): void {
    if (!this.file || this.pendingWrite) return;
    const delay = Math.min(MAX_WRITE_DELAY_MS, Math.max(MIN_WRITE_DELAY_MS, WRITE_COST_FACTOR * this.lastWriteMs));
    this.pendingWrite = setTimeout(() => this.persist(), delay);
    // A pending write never keeps a process alive: the server's close() persists.
    this.pendingWrite.unref();
  }

  /** Writes now, atomically: a reader never sees half a file, a crash never leaves one. */
  persist(): void {
    if (this.pendingWrite) clearTimeout(this.pendingWrite);
    this.pendingWrite = undefined;
    if (!this.file) return;
    const started = performance.now();
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.doc));
    renameSync(tmp, this.file);
    this.lastWriteMs = performance.now() - started;
  }
}
