import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";
import { createInterface, type Interface } from "node:readline";

/**
 * The Go conformance driver (test/conformance/go): the official Tencent and Huawei Go SDKs,
 * built once by scripts/ensure-conformance.sh and cached outside the clone. One JSON call per line
 * in, one outcome per line out.
 */

/** A Tencent Cloud call as the driver takes it (see test/conformance/go/tencent.go). */
export interface GoTencentCall {
  signMethod?: "TC3-HMAC-SHA256" | "HmacSHA256" | "HmacSHA1";
  httpMethod?: "POST" | "GET";
  endpoint: string;
  service: string;
  version?: string;
  action: string;
  region?: string;
  secretId: string;
  secretKey: string;
  token?: string;
  unsignedPayload?: boolean;
  params?: Record<string, unknown>;
}

/** A Huawei Cloud call: a generated client's operation and its request model (see huawei.go). */
export interface GoHuaweiCall {
  endpoint: string;
  ak: string;
  sk: string;
  projectId: string;
  /** Build the client WithRegion(region.NewRegion(region, endpoint)) instead of WithEndpoints. */
  region?: string;
  service: string;
  operation: string;
  request?: Record<string, unknown>;
}

/** How the request is altered after the SDK signed it. */
export type Wire = "tamper" | "replay" | "stale";

export type GoCall = { tencent: GoTencentCall; wire?: Wire } | { huawei: GoHuaweiCall; wire?: Wire } | { selfCheck: true };

/** What the SDK made of the answer: its parsed model, or its error. */
export interface GoOutcome {
  ok: boolean;
  body?: unknown;
  code?: string;
  message?: string;
  requestId?: string;
  status?: number;
  fatal?: string;
}

const REPO = join(__dirname, "..", "..");

/** Builds (or finds in the cache) the driver and returns its path. */
export function ensureConformanceDriver(): string {
  return execFileSync("bash", [join(REPO, "scripts", "ensure-conformance.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
}

export class GoDriver {
  private readonly lines: AsyncIterator<string>;
  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly reader: Interface,
  ) {
    this.lines = reader[Symbol.asyncIterator]();
  }

  static start(binary: string): GoDriver {
    // No proxy variables: the SDKs would send loopback calls through a proxy that is not there.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(https?|all)_proxy$/i.test(k)));
    const child = spawn(binary, [], { env, stdio: ["pipe", "pipe", "pipe"] });
    child.stderr.on("data", (chunk: Buffer) => process.stderr.write(`[go-driver] ${chunk.toString()}`));
    return new GoDriver(child, createInterface({ input: child.stdout }));
  }

  /** Calls are answered in order, one at a time. */
  async call(call: GoCall): Promise<GoOutcome> {
    this.child.stdin.write(`${JSON.stringify(call)}\n`);
    const next = await this.lines.next();
    if (next.done) throw new Error("the Go conformance driver exited");
    return JSON.parse(next.value) as GoOutcome;
  }

  async stop(): Promise<void> {
    this.child.stdin.end();
    this.reader.close();
    if (this.child.exitCode === null) await new Promise((resolve) => this.child.once("exit", resolve));
  }
}
