import { CloudError } from "../errors";
import { progress } from "../progress";

/**
 * `CLOUDTASKS_DEBUG=1`: one line per API attempt on the provider's stderr — action, region,
 * outcome, request id, duration — for troubleshooting against a real cloud. Never parameters,
 * bodies or credentials (which is why the SDKs' own request logging stays off).
 */
export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.CLOUDTASKS_DEBUG;
  return v !== undefined && v !== "" && v !== "0" && v.toLowerCase() !== "false";
}

/** Where an attempt's request id is noted when the result a caller maps it to would lose it. */
export interface SeenRequest {
  requestId?: string;
}

/** The line for one attempt; exported for tests. */
export function debugLine(label: string, region: string, ms: number, outcome: { requestId?: string; error?: unknown }): string {
  const { error } = outcome;
  const status = error === undefined ? "ok" : error instanceof CloudError ? `failed ${error.code ?? error.kind}` : `failed (${error instanceof Error ? error.name : "error"})`;
  const requestId = outcome.requestId ?? (error instanceof CloudError ? error.requestId : undefined);
  return `cloudtasks: debug: ${label} region=${region} ${status} requestId=${requestId ?? "-"} ${ms}ms`;
}

/** Runs one attempt, logging it when debugging is on. */
export async function traceCall<T>(label: string, region: string, run: (seen: SeenRequest) => Promise<T>, requestIdOf?: (result: T) => string | undefined): Promise<T> {
  if (!debugEnabled()) return run({});
  const seen: SeenRequest = {};
  const started = Date.now();
  const write = (line: string) => progress.write(line);
  try {
    const result = await run(seen);
    write(debugLine(label, region, Date.now() - started, { requestId: requestIdOf?.(result) ?? seen.requestId }));
    return result;
  } catch (error) {
    write(debugLine(label, region, Date.now() - started, { requestId: seen.requestId, error }));
    throw error;
  }
}

/** A Tencent SDK client whose action methods note the `RequestId` of each answer in `seen`. */
export function tracedClient<C>(client: C, seen: SeenRequest): C {
  if (!debugEnabled()) return client;
  return new Proxy(client as object, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== "function" || typeof key !== "string" || !/^[A-Z]/.test(key)) return value;
      return async (...args: unknown[]) => {
        const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (typeof result === "object" && result !== null && typeof (result as { RequestId?: unknown }).RequestId === "string") {
          seen.requestId = (result as { RequestId: string }).RequestId;
        }
        return result;
      };
    },
  }) as C;
}
