import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { EmulatorCloud } from "./cloud";
import type { EmulatorConfig } from "./config";
import { protocolLayers, TENCENT_API3_PRODUCTS } from "./protocols";
import { json, type ProtocolLayer, type WireRequest, type WireResponse } from "./protocols/types";
import { parseFaultRule } from "./state/faults";

const MAX_BODY_BYTES = 10 * 1024 * 1024;

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
  const server = createServer((req, res) => {
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

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error("request body over 10 MB");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function handle(cloud: EmulatorCloud, layers: ProtocolLayer[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://emulator");
  const wire: WireRequest = {
    method: req.method ?? "GET",
    path: url.pathname,
    query: url.searchParams,
    rawQuery: url.search.slice(1),
    headers: req.headers,
    body: await readBody(req),
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
  const body = () => (req.body.length ? (JSON.parse(req.body.toString("utf8")) as unknown) : {});
  try {
    switch (route) {
      case "GET /_emulator/health":
        return json(200, { status: "ok" });
      case "GET /_emulator/state":
        for (const product of TENCENT_API3_PRODUCTS) product.settle?.(cloud.store, cloud.now());
        return json(200, cloud.store.snapshot());
      case "GET /_emulator/requests":
        return json(200, cloud.store.requestLog(Number(req.query.get("since") ?? 0)));
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
        const { advanceMs } = body() as { advanceMs?: number };
        cloud.clockOffsetMs += Number(advanceMs ?? 0);
        return json(200, { now: cloud.now().toISOString() });
      }
      default:
        return json(404, { message: `unknown control route ${route}` });
    }
  } catch (error) {
    return json(400, { message: error instanceof Error ? error.message : String(error) });
  }
}
