/**
 * What the demo and the end-to-end tests share: the Pulumi CLI the project builds for itself, the
 * package packed and installed as users install it, the emulator as its own process, and `pulumi`
 * runs with an offline, isolated environment.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const REPO_ROOT = resolve(__dirname, "..", "..");
export const PULUMI_SDK_VERSION = "3.248.0";
export const PASSPHRASE = "cloudtasks-local-passphrase";

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const res = spawnSync(command, args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (res.status !== 0) throw new Error(`${command} ${args.join(" ")} failed in ${cwd} (exit ${res.status})\n${res.stdout}`);
  return res.stdout;
}

/** The directory holding `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs` (built once, cached). */
export function ensurePulumiCli(): string {
  return run("bash", [join(REPO_ROOT, "scripts", "ensure-pulumi.sh")], REPO_ROOT).trim().split("\n").pop() ?? "";
}

/** Packs the package with `npm pack` (whose `prepack` builds it), exactly what a registry would serve. */
export function packPackage(destination: string): string {
  mkdirSync(destination, { recursive: true });
  for (const old of readdirSync(destination).filter((f) => f.endsWith(".tgz"))) rmSync(join(destination, old));
  const name = run("npm", ["pack", "--silent", "--pack-destination", destination], REPO_ROOT).trim().split("\n").pop() ?? "";
  return join(destination, name);
}

/**
 * Installs `@pulumi/pulumi` and the packed package into `dir/node_modules` (a real install, not a
 * link: a linked package would be serialized into state by value).
 */
export function installPacked(dir: string, tarball: string): void {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, "package.json"))) {
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "cloudtasks-stacks", private: true }, null, 2));
  }
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "--no-save", `@pulumi/pulumi@${PULUMI_SDK_VERSION}`, tarball], dir);
}

/** The offline, isolated environment every `pulumi` run gets. */
export function pulumiEnv(cliDir: string, stateDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  mkdirSync(join(stateDir, "backend"), { recursive: true });
  mkdirSync(join(stateDir, "home"), { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${cliDir}:${process.env.PATH ?? ""}`,
    PULUMI_HOME: join(stateDir, "home"),
    PULUMI_BACKEND_URL: `file://${join(stateDir, "backend")}`,
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    ...extra,
  };
  // Credentials reach the provider through stack config in these runs, never through the environment.
  for (const k of ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SECURITY_TOKEN", "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "CLOUDTASKS_ENDPOINT", "http_proxy", "HTTP_PROXY"]) {
    if (!(k in extra)) delete env[k];
  }
  return env;
}

export interface PulumiResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function pulumi(args: string[], cwd: string, env: NodeJS.ProcessEnv, input?: string): Promise<PulumiResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn("pulumi", [...args, "--non-interactive"], { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

/** Like {@link pulumi}, but a non-zero exit throws with everything the CLI printed. */
export async function pulumiOk(args: string[], cwd: string, env: NodeJS.ProcessEnv, input?: string): Promise<PulumiResult> {
  const res = await pulumi(args, cwd, env, input);
  if (res.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${res.code}\n${res.stdout}\n${res.stderr}`);
  return res;
}

export interface EmulatorProcess {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** The emulator as users run it: its own process (the packed bin), state persisted to `stateFile`. */
export function startEmulatorProcess(stateFile: string, port = 0): Promise<EmulatorProcess> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, "dist", "emulator", "cli.js"), "--port", String(port), "--state", stateFile], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const timer = setTimeout(() => reject(new Error(`emulator did not start:\n${output}`)), 20_000);
    child.stdout?.on("data", (d: Buffer) => {
      output += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolvePromise({
          url: m[1],
          process: child,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once("exit", () => done());
              child.kill("SIGTERM");
            }),
        });
      }
    });
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (!/listening on/.test(output)) reject(new Error(`emulator exited ${code}:\n${output}`));
    });
  });
}

/** Reads a control-plane route of a running emulator. */
export async function emulatorControl<T>(url: string, route: string, method = "GET", body?: unknown): Promise<T> {
  const res = await fetch(`${url}/_emulator/${route}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`emulator ${method} ${route}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
