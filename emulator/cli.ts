#!/usr/bin/env node
import { parseArgs } from "node:util";
import { DEMO_HUAWEI_CREDENTIAL, DEMO_TENCENT_CREDENTIAL, loadConfig, type EmulatorConfig } from "./config";
import { startEmulator } from "./server";

export const USAGE = `usage: cloudtasks-emulator [--port N] [--host H] [--state FILE] [--config FILE]

Runs the pulumi-cloudtasks local cloud on one port, like LocalStack: Tencent Cloud API 3.0 (bh
Bastion Host, iotcloud IoT Hub, cfg Fault Generator, cat probe tasks; TC3 and v1 signatures),
Tencent Cloud API 2.0 (CAT) and Huawei Cloud APIG (CodeArts PerfTest).

  --port N       port to listen on (default 4599, or CLOUDTASKS_EMULATOR_PORT; 0 picks a free one)
  --host H       address to bind (default 127.0.0.1; the control plane is unauthenticated)
  --state FILE   persist the cloud's state to FILE (written shortly after each change; default: in memory)
  --config FILE  JSON config: credentials (tencent, huawei), rateLimitScale, seeds per product
                 (or CLOUDTASKS_EMULATOR_CONFIG)
  -h, --help     show this help

Point the provider at it with CLOUDTASKS_ENDPOINT=http://HOST:PORT (or cloudtasks:endpoint).`;

export class UsageError extends Error {}

/** The command line, parsed strictly: an unknown flag or a bad value is an error, never ignored. */
export function parseCommandLine(args: string[], env: NodeJS.ProcessEnv = process.env): { help: true } | { help: false; config: EmulatorConfig } {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        state: { type: "string" },
        config: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return { help: true };
  const config = loadConfig(values.config, env);
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535; got "${values.port}"`);
    config.port = port;
  }
  if (values.host !== undefined) config.host = values.host;
  if (values.state !== undefined) config.stateFile = values.state;
  return { help: false, config };
}

/** What a user needs to point a stack at this emulator; demo keys only (they are published), never configured ones. */
export function startupBanner(url: string, config: EmulatorConfig): string {
  const lines = [
    `cloudtasks emulator listening on ${url}${config.stateFile ? ` (state: ${config.stateFile})` : " (state in memory)"}`,
    `  export CLOUDTASKS_ENDPOINT=${url}`,
  ];
  if (config.tencent.some((c) => c.secretId === DEMO_TENCENT_CREDENTIAL.secretId)) {
    lines.push(`  Tencent demo credentials: TENCENTCLOUD_SECRET_ID=${DEMO_TENCENT_CREDENTIAL.secretId} TENCENTCLOUD_SECRET_KEY=${DEMO_TENCENT_CREDENTIAL.secretKey}`);
  }
  if (config.huawei.some((c) => c.ak === DEMO_HUAWEI_CREDENTIAL.ak)) {
    lines.push(
      `  Huawei demo credentials: HUAWEICLOUD_SDK_AK=${DEMO_HUAWEI_CREDENTIAL.ak} HUAWEICLOUD_SDK_SK=${DEMO_HUAWEI_CREDENTIAL.sk} ` +
        `HUAWEICLOUD_SDK_PROJECT_ID=${DEMO_HUAWEI_CREDENTIAL.projectId}`,
    );
  }
  const custom =
    config.tencent.filter((c) => c.secretId !== DEMO_TENCENT_CREDENTIAL.secretId).length + config.huawei.filter((c) => c.ak !== DEMO_HUAWEI_CREDENTIAL.ak).length;
  if (custom > 0) lines.push(`  plus ${custom} credential(s) from the config file`);
  return lines.join("\n");
}

async function main(): Promise<void> {
  const parsed = parseCommandLine(process.argv.slice(2));
  if (parsed.help) {
    console.log(USAGE);
    return;
  }
  const emulator = await startEmulator(parsed.config);
  console.log(startupBanner(emulator.url, parsed.config));
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`cloudtasks emulator: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof UsageError) console.error(`\n${USAGE}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  });
}
