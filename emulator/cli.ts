#!/usr/bin/env node
import { loadConfig } from "./config";
import { startEmulator } from "./server";

const USAGE = `usage: cloudtasks-emulator [--port N] [--host H] [--state FILE] [--config FILE]

Runs the pulumi-cloudtasks local cloud on one port — Tencent Cloud API 3.0 (bh), Tencent Cloud
API 2.0 (CAT) and Huawei Cloud APIG (CodeArts PerfTest) — with state persisted to FILE. Point the provider at it with CLOUDTASKS_ENDPOINT=http://HOST:PORT.`;

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig(argValue(args, "--config"));
  const port = argValue(args, "--port");
  if (port !== undefined) config.port = Number(port);
  config.host = argValue(args, "--host") ?? config.host;
  config.stateFile = argValue(args, "--state") ?? config.stateFile;
  const emulator = await startEmulator(config);
  console.log(`cloudtasks emulator listening on ${emulator.url}${config.stateFile ? ` (state: ${config.stateFile})` : " (state in memory)"}`);
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`cloudtasks emulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
