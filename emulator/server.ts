import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { EmulatorCloud } from "./cloud";
import type { EmulatorConfig } from "./config";
import { protocolLayers, TENCENT_API3_PRODUCTS } from "./protocols";
import { json, MAX_BODY_BYTES, type ProtocolLayer, type WireRequest, type WireResponse } from "./protocols/types";
import { parseFaultRule } from "./state/faults";
import type { ControlContext } from "./tencent/product";

/** Room for a 32 KB GET query (Tencent's limit) so the layer, not Node's 431, answers what is too large. */
const MAX_HEADER_BYTES = 64 * 1024;

export interface RunningEmulator {
  url: string;
  port: number;
  cloud: EmulatorCloud;
  close(): Promise<void>;
}

/** Starts the emulator: one HTTP port for every protocol, plus the `/_emulator/*` control plane. */
export async function startEmulator(config: EmulatorConfig): Promise<RunningEmulator> {
  const cloud = new EmulatorCloud(config);
  const layers = protocolLayers(cloud);
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    handle(cloud, layers, req, res).catch((error: unknown) => {
      if (!res.headersSent) write(res, json(500, { message: `emulator fault: ${String(error)}` }));
    });
  });
  await listen(server, config.port, config.host);
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${config.host}:${port}`,
    port,
    cloud,
    close: () =>
      new Promise<void>((resolve) => {
        cloud.store.persist();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
}

/** Reads the whole body, keeping at most MAX_BODY_BYTES of it; its size on the wire is counted all the same. */
async function readBody(req: IncomingMessage): Promise<{ body: Buffer; bodySize: number }> {
  const chunks: Buffer[] = [];
  let kept = 0;
  let bodySize = 0;
  for await (const chunk of req) {
    const bytes = chunk as Buffer;
    bodySize += bytes.length;
    if (kept < MAX_BODY_BYTES) {
      const part = bytes.subarray(0, MAX_BODY_BYTES - kept);
      chunks.push(part);
      kept += part.length;
    }
  }
  return { body: Buffer.concat(chunks), bodySize };
}

async function handle(cloud: EmulatorCloud, layers: ProtocolLayer[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://emulator");
  const wire: WireRequest = {
    method: req.method ?? "GET",
    path: url.pathname,
    query: url.searchParams,
    rawQuery: url.search.slice(1),
    headers: req.headers,
    ...(await readBody(req)),
  };
  if (wire.path.startsWith("/_emulator/")) return write(res, control(cloud, wire));
  const layer = layers.find((l) => l.matches(wire));
  if (!layer) return write(res, json(404, { message: `no emulated API serves ${wire.method} ${wire.path}` }));
  const answer = await layer.handle(wire);
  if (answer.drop) {
    req.socket.destroy();
    return;
  }
  write(res, answer);
}

function write(res: ServerResponse, answer: WireResponse): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

/**
 * The control plane tests and users drive: health, state, the request log, reset, injected faults
 * and the clock.
 */
function control(cloud: EmulatorCloud, req: WireRequest): WireResponse {
  const route = `${req.method} ${req.path}`;
  const body = () => parseControlBody(req);
  try {
    switch (route) {
      case "GET /_emulator/health":
        return json(200, { status: "ok" });
      case "GET /_emulator/state":
        settle(cloud);
        return json(200, cloud.store.snapshot());
      case "GET /_emulator/requests":
        return json(200, cloud.store.requestLog(sinceParam(req.query.get("since"))));
      case "DELETE /_emulator/requests":
        cloud.store.clearLog();
        cloud.store.persist();
        return json(200, {});
      case "POST /_emulator/reset":
        cloud.store.reset();
        cloud.faults.clear();
        cloud.limiter.reset();
        cloud.clockOffsetMs = 0;
        return json(200, {});
      case "GET /_emulator/faults":
        return json(200, cloud.faults.pending());
      case "POST /_emulator/faults":
        cloud.faults.add(parseFaultRule(body()));
        return json(200, cloud.faults.pending());
      case "DELETE /_emulator/faults":
        cloud.faults.clear();
        return json(200, {});
      case "POST /_emulator/clock": {
        cloud.clockOffsetMs += parseClockAdvance(body());
        settle(cloud);
        return json(200, { now: cloud.now().toISOString() });
      }
      default:
        return productRoute(cloud, req, body) ?? json(404, { message: `unknown control route ${route}` });
    }
  } catch (error) {
    return json(400, { message: error instanceof Error ? error.message : String(error) });
  }
}

function controlContext(cloud: EmulatorCloud, product: string): ControlContext {
  return { store: cloud.store, now: () => cloud.now(), seed: cloud.config.seeds?.[product], defaultAccount: cloud.config.tencent[0]?.account ?? "" };
}

/** Lets every product with time-driven state catch up with the emulator's clock, then saves. */
function settle(cloud: EmulatorCloud): void {
  for (const p of TENCENT_API3_PRODUCTS) p.control?.settle?.(controlContext(cloud, p.name));
  cloud.store.persist();
}

/** `METHOD /_emulator/<product>/<route>`: a product's own control route (e.g. seeding devices). */
function productRoute(cloud: EmulatorCloud, req: WireRequest, body: () => unknown): WireResponse | undefined {
  const m = /^\/_emulator\/([^/]+)\/(.+)$/.exec(req.path);
  const product = m && TENCENT_API3_PRODUCTS.find((p) => p.name === m[1]);
  const route = m && product?.control?.routes?.[`${req.method} ${m[2]}`];
  if (!product || !route) return undefined;
  const result = route(controlContext(cloud, product.name), body());
  cloud.store.persist();
  return json(200, result);
}

/** A control request refused before it changed anything (answered 400 with the reason). */
class ControlInputError extends Error {}

function parseControlBody(req: WireRequest): unknown {
  if (req.body.length === 0) return {};
  try {
    return JSON.parse(req.body.toString("utf8")) as unknown;
  } catch {
    throw new ControlInputError("the body must be JSON");
  }
}

/** `{"advanceMs": N}`: a whole number of milliseconds (negative moves back). Anything else leaves the clock as it was. */
export function parseClockAdvance(value: unknown): number {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ControlInputError('the body must be {"advanceMs": <integer>}');
  const unknown = Object.keys(value).filter((k) => k !== "advanceMs");
  if (unknown.length) throw new ControlInputError(`unknown clock field(s): ${unknown.join(", ")}; the body is {"advanceMs": <integer>}`);
  const { advanceMs } = value as { advanceMs?: unknown };
  if (!Number.isSafeInteger(advanceMs)) throw new ControlInputError("advanceMs must be a whole number of milliseconds");
  return advanceMs as number;
}

function sinceParam(raw: string | null): number {
  if (raw === null || raw === "") return 0;
  if (!/^\d+$/.test(raw)) throw new ControlInputError("since must be a non-negative integer (a request log seq)");
  return Number(raw);
}
