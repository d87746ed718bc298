import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_TENCENT_CREDENTIAL } from "../../emulator/config";
import type { RequestLogEntry } from "../../emulator/protocols/types";
import {
  emulatorControl,
  ensurePulumiCli,
  installPacked,
  packPackage,
  pulumi,
  pulumiEnv,
  pulumiOk,
  startEmulatorProcess,
  type EmulatorProcess,
  type PulumiResult,
} from "../../scripts/lib/harness";

interface Workspace {
  root: string;
  cliDir: string;
}

let workspace: Workspace | undefined;

/**
 * One packed-and-installed workspace per test run, shared by every e2e suite: the CLI (built once
 * and cached outside the clone), the package from `npm pack`, installed with `@pulumi/pulumi`.
 */
export function e2eWorkspace(): Workspace {
  if (!workspace) {
    const root = mkdtempSync(join(tmpdir(), "cloudtasks-e2e-"));
    const cliDir = ensurePulumiCli();
    installPacked(root, packPackage(join(root, "pack")));
    workspace = { root, cliDir };
  }
  return workspace;
}

/**
 * A Pulumi project (plain JS, `require("pulumi-cloudtasks")` as users write it) with its own
 * stack, file backend and emulator process. The emulator persists to a file, so `restartEmulator`
 * shows separate runs seeing the same cloud.
 */
export class E2eStack {
  emulator!: EmulatorProcess;
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  private readonly stateFile: string;

  private constructor(
    readonly name: string,
    ws: Workspace,
  ) {
    this.dir = join(ws.root, name);
    mkdirSync(this.dir, { recursive: true });
    this.stateFile = join(this.dir, "emulator-state.json");
    this.env = pulumiEnv(ws.cliDir, join(this.dir, ".pulumi-state"));
  }

  /** `program` is the body of index.js; `pulumi`, `config` (namespace e2e) and `ct` (the package) are in scope. */
  static async create(name: string, program: string): Promise<E2eStack> {
    const stack = new E2eStack(name, e2eWorkspace());
    writeFileSync(join(stack.dir, "Pulumi.yaml"), `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n`);
    writeFileSync(
      join(stack.dir, "index.js"),
      `const pulumi = require("@pulumi/pulumi");\nconst ct = require("pulumi-cloudtasks");\nconst config = new pulumi.Config("e2e");\n${program}\n`,
    );
    stack.emulator = await startEmulatorProcess(stack.stateFile);
    await stack.ok("stack", "init", "e2e");
    await stack.config({
      "cloudtasks:endpoint": stack.emulator.url,
      "cloudtasks:region": "ap-guangzhou",
      "cloudtasks:tencentSecretId": DEMO_TENCENT_CREDENTIAL.secretId,
    });
    await stack.ok("config", "set", "--secret", "cloudtasks:tencentSecretKey", DEMO_TENCENT_CREDENTIAL.secretKey);
    return stack;
  }

  async config(values: Record<string, string>): Promise<void> {
    for (const [k, v] of Object.entries(values)) await this.ok("config", "set", k.includes(":") ? k : `e2e:${k}`, v);
  }

  run(...args: string[]): Promise<PulumiResult> {
    return pulumi(args, this.dir, this.env);
  }

  ok(...args: string[]): Promise<PulumiResult> {
    return pulumiOk(args, this.dir, this.env);
  }

  up(...extra: string[]): Promise<PulumiResult> {
    return this.ok("up", "--yes", "--skip-preview", ...extra);
  }

  async outputs(): Promise<Record<string, unknown>> {
    return JSON.parse((await this.ok("stack", "output", "--json")).stdout) as Record<string, unknown>;
  }

  async exportText(): Promise<string> {
    return (await this.ok("stack", "export")).stdout;
  }

  async resourceTypes(): Promise<string[]> {
    const state = JSON.parse(await this.exportText()) as { deployment: { resources?: Array<{ type: string }> } };
    return (state.deployment.resources ?? []).map((r) => r.type);
  }

  requests(since = 0): Promise<RequestLogEntry[]> {
    return emulatorControl<RequestLogEntry[]>(this.emulator.url, `requests?since=${since}`);
  }

  /** The log entries after `since` that are not reads (Describe*, Search*): what a step changed in the cloud. */
  async writes(since = 0): Promise<RequestLogEntry[]> {
    return (await this.requests(since)).filter((r) => !/^(Describe|Search)/.test(r.action));
  }

  /** The actions of {@link writes}, in order. */
  async writeActions(since = 0): Promise<string[]> {
    return (await this.writes(since)).map((r) => r.action);
  }

  async lastSeq(): Promise<number> {
    const log = await this.requests();
    return log.length ? log[log.length - 1].seq : 0;
  }

  /** Stops the emulator process and starts a new one on the same port and state file. */
  async restartEmulator(): Promise<void> {
    const port = Number(new URL(this.emulator.url).port);
    await this.emulator.stop();
    this.emulator = await startEmulatorProcess(this.stateFile, port);
  }

  async dispose(): Promise<void> {
    await this.emulator?.stop();
  }
}
