import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_HUAWEI_CREDENTIAL, DEMO_TENCENT_CREDENTIAL } from "../../emulator/config";
import type { Inputs } from "../../provider/contract/fields";
import { packageVersion } from "../../provider/plugin/main";
import { packageSchema } from "../../provider/plugin/schema";
import { loadResource, RESOURCES, typeToken, type RegisteredResource } from "../../provider/registry";
import { configureFromStack, resetSettings } from "../../provider/settings";
import { forgetListings } from "../../provider/transport/listing";
import { ensurePulumiYamlHost } from "../../scripts/lib/harness";
import { e2eWorkspace, E2eStack } from "../support/e2e";

/**
 * One row per registered resource: what the stack declares, a change that updates it in place, and
 * a task made out of band for `pulumi import`. A resource added to provider/registry.ts without a
 * row here fails this suite by name.
 */
interface Row {
  properties: Inputs;
  /** Inputs taken from another resource's outputs (unknown at preview); only the main YAML stack declares them. */
  unknownAtPreview?: Inputs;
  update: Inputs;
  outOfBand: Inputs;
  /** The id given to `pulumi import` for the out-of-band task's id (`<region>/<id>`, or bare: region from config). */
  importId: (id: string) => string;
  /** False when the API cannot delete a finished task (destroy forgets it; the cloud drops it later). */
  goneAfterDestroy?: boolean;
}

const ROWS: Record<string, Row> = {
  OperationTask: {
    properties: { name: "nightly-cleanup", type: 1, account: "root", timeout: 30, script: "echo yaml-plaintext-marker-51c2", deviceIdSet: [34, 56] },
    // The run trigger is another resource's id: unknown at preview, so check and diff see the engine's placeholder.
    unknownAtPreview: { runTriggers: ["${catTask.id}"] },
    update: { timeout: 120 },
    outOfBand: { name: "made-elsewhere", type: 1, account: "ubuntu", timeout: 60, script: "uptime", deviceIdSet: [13] },
    importId: (id) => `ap-guangzhou/${id}`,
  },
  CatTask: {
    properties: { taskName: "homepage", catTypeName: "https", url: "www.example.com", agentGroupId: 1510, period: 5, cookie: "session=yaml-cookie-marker-9d1e" },
    update: { period: 15 },
    outOfBand: { taskName: "made-elsewhere", catTypeName: "ping", url: "oob.example.com", agentGroupId: 1510, period: 5 },
    importId: (id) => id,
  },
  PerfTestTask: {
    properties: { name: "checkout-load", projectId: 393862, caseIdList: [449269, 449270] },
    update: { name: "checkout-load-v2" },
    outOfBand: { name: "made-elsewhere", projectId: 393862, caseIdList: [449271] },
    importId: (id) => id,
  },
  IotBatchTask: {
    properties: { taskType: "UpdateShadow", productId: "ABCDE12345", deviceNameFilter: "^light-", tasks: { updateShadowTask: { desired: { color: "red", brightness: 80 } } } },
    // Every cloud field replaces a batch task; only the provider-side wait changes in place.
    update: { waitForCompletion: true },
    outOfBand: { taskType: "PublishMessage", productId: "ABCDE12345", deviceNameFilter: "^sensor-", tasks: { publishMessageTask: { topic: "event", payload: "{}" } } },
    importId: (id) => `ap-guangzhou/${id}`,
    goneAfterDestroy: false,
  },
  ProbeTask: {
    properties: { name: "homepage-probe", targetAddress: "https://www.example.com", taskType: 1, nodes: ["10001", "10002"], interval: 5 },
    update: { interval: 15 },
    outOfBand: { name: "made-elsewhere", targetAddress: "api.example.com", taskType: 5, nodes: ["10001"], interval: 1 },
    importId: (id) => id,
  },
  ChaosExperiment: {
    properties: { taskActionId: 462, taskInstances: ["ins-xxxxxxxx"], taskTitle: "Network Packet Loss", taskActionCustomConfiguration: '{"interfaces":"eth0"}' },
    // Starting the experiment is the in-place change; destroy rolls its fault back.
    update: { execute: true },
    outOfBand: { taskActionId: 462, taskInstances: ["ins-bfydnvta"], taskTitle: "made elsewhere", taskActionCustomConfiguration: '{"interfaces":"eth1"}' },
    importId: (id) => `ap-guangzhou/${id}`,
  },
};

const SECRET_MARKERS = ["yaml-plaintext-marker-51c2", "yaml-cookie-marker-9d1e"];
const logicalName = (r: RegisteredResource) => r.type.charAt(0).toLowerCase() + r.type.slice(1);

function rowOf(r: RegisteredResource): Row {
  const row = ROWS[r.type];
  if (!row) throw new Error(`test/e2e/yaml-plugin.e2e.test.ts has no row for the registered resource ${r.type}: add one to ROWS`);
  return row;
}

/** A `runtime: yaml` program declaring every registered resource (JSON values are YAML). */
function yamlProgram(project: string, { changed = false, references = true } = {}): string {
  const lines = [`name: ${project}`, "runtime: yaml", "resources:"];
  for (const r of RESOURCES) {
    const row = rowOf(r);
    lines.push(`  ${logicalName(r)}:`, `    type: ${typeToken(r.type)}`, "    properties:");
    const properties = { ...row.properties, ...(references ? row.unknownAtPreview : {}), ...(changed ? row.update : {}) };
    for (const [k, v] of Object.entries(properties)) lines.push(`      ${k}: ${JSON.stringify(v)}`);
  }
  lines.push("outputs:");
  for (const r of RESOURCES) lines.push(`  ${logicalName(r)}Id: \${${logicalName(r)}.id}`);
  return `${lines.join("\n")}\n`;
}

/** The same stack on the dynamic resources, in JavaScript (`ct` in scope) or TypeScript. */
function dynamicProgram(language: "javascript" | "typescript"): string {
  const declarations = RESOURCES.map((r) => `new ct.${r.type}(${JSON.stringify(logicalName(r))}, ${JSON.stringify(rowOf(r).properties)}).id;`);
  if (language === "javascript") return RESOURCES.map((r, i) => `exports.${logicalName(r)}Id = ${declarations[i]}`).join("\n");
  return ['import * as ct from "pulumi-cloudtasks";', ...RESOURCES.map((r, i) => `export const ${logicalName(r)}Id = ${declarations[i]}`)].join("\n");
}

async function configureClouds(stack: E2eStack): Promise<void> {
  await stack.config({
    "cloudtasks:huaweiAk": DEMO_HUAWEI_CREDENTIAL.ak,
    "cloudtasks:huaweiProjectId": DEMO_HUAWEI_CREDENTIAL.projectId,
    "cloudtasks:huaweiRegion": "cn-north-4",
  });
  await stack.ok("config", "set", "--secret", "cloudtasks:huaweiSk", DEMO_HUAWEI_CREDENTIAL.sk);
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = process.hrtime.bigint();
  const result = await work();
  return [result, Number(process.hrtime.bigint() - started) / 1e6];
}

/** Milliseconds from spawning the plugin to its port on stdout (what the engine waits for). */
function pluginStartup(bin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(bin, [], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.once("data", (d: Buffer) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      child.kill();
      if (/^\d+\s*$/.test(d.toString())) resolve(ms);
      else reject(new Error(`the plugin printed ${d.toString()} instead of its port`));
    });
    child.on("error", reject);
  });
}

interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Inputs;
  outputs?: Inputs;
}

/**
 * The provider plugin under the real CLI: a Pulumi YAML stack declaring every registered resource,
 * the plugin installed as users install it (the package's npm `bin` on PATH), against the emulator
 * process. Timings are printed, never asserted.
 */
describe("the provider plugin: Pulumi YAML and pulumi import under the real CLI", function () {
  this.timeout(900_000);
  const timings: string[] = [];
  let stack: E2eStack;
  let pluginBin: string;
  /** The out-of-band tasks, by type: id and region. */
  const outOfBand = new Map<string, { id: string; region: string }>();
  /** The stack's own tasks after up, by type. */
  const declared = new Map<string, { id: string; region: string }>();

  const stateResources = async (): Promise<StateResource[]> =>
    (JSON.parse(await stack.exportText()) as { deployment: { resources?: StateResource[] } }).deployment.resources ?? [];

  /** Whether the task exists, as the resource's own read sees it (the emulator's API, not Pulumi's state). */
  const exists = async (type: string, task: { id: string; region: string }): Promise<boolean> => {
    const entry = RESOURCES.find((r) => r.type === type);
    assert.ok(entry);
    // A fresh look, as a new provider process takes it: a read answers from what this process listed in the last 2 s.
    forgetListings();
    return (await loadResource(entry).handlers.read(task.id, { region: task.region })).id !== undefined;
  };

  before(async () => {
    const ws = e2eWorkspace();
    ensurePulumiYamlHost();
    pluginBin = join(ws.root, "node_modules", ".bin", "pulumi-resource-cloudtasks");
    stack = await E2eStack.create("yaml-plugin", "");
    rmSync(join(stack.dir, "index.js"));
    writeFileSync(join(stack.dir, "Pulumi.yaml"), yamlProgram("yaml-plugin"));
    // Installed as `npm install -g pulumi-cloudtasks` installs it: the package's bin on PATH.
    stack.env.PATH = `${join(ws.root, "node_modules", ".bin")}:${stack.env.PATH ?? ""}`;
    await configureClouds(stack);
    // This process reaches the same emulator for the out-of-band side, through the same settings.
    const settings: Record<string, string> = {
      "cloudtasks:endpoint": stack.emulator.url,
      "cloudtasks:region": "ap-guangzhou",
      "cloudtasks:tencentSecretId": DEMO_TENCENT_CREDENTIAL.secretId,
      "cloudtasks:tencentSecretKey": DEMO_TENCENT_CREDENTIAL.secretKey,
      "cloudtasks:huaweiAk": DEMO_HUAWEI_CREDENTIAL.ak,
      "cloudtasks:huaweiSk": DEMO_HUAWEI_CREDENTIAL.sk,
      "cloudtasks:huaweiProjectId": DEMO_HUAWEI_CREDENTIAL.projectId,
      "cloudtasks:huaweiRegion": "cn-north-4",
    };
    configureFromStack({ get: (k) => settings[k] });
  });
  after(async () => {
    resetSettings();
    await stack?.dispose();
    if (timings.length) console.log(`\n      timings (one run, this machine):\n${timings.map((t) => `        ${t}`).join("\n")}\n`);
  });

  it("has a row for every registered resource", () => {
    for (const r of RESOURCES) rowOf(r);
  });

  it("starts, and `pulumi package get-schema` prints the schema generated from the contracts", async () => {
    const startups = [await pluginStartup(pluginBin), await pluginStartup(pluginBin), await pluginStartup(pluginBin)];
    timings.push(`plugin start-up (spawn to port): ${startups.map((ms) => `${ms.toFixed(0)} ms`).join(", ")}`);
    const printed = JSON.parse((await stack.ok("package", "get-schema", pluginBin)).stdout) as unknown;
    assert.deepEqual(printed, JSON.parse(JSON.stringify(packageSchema(packageVersion()))));
  });

  it("preview plans one create per registered type, an unknown input included, and changes nothing in the cloud", async () => {
    const preview = await stack.ok("preview", "--diff");
    for (const r of RESOURCES) assert.match(preview.stdout, new RegExp(`\\+ ${typeToken(r.type)}: \\(create\\)`));
    assert.match(preview.stdout, /script\s*: \[secret\]/);
    assert.match(preview.stdout, /runTriggers\s*: \[\s*\[0\]: \[unknown\]/, "an input unknown at preview passes check");
    assert.deepEqual(await stack.writes(), [], "check and diff change nothing (ChaosExperiment's check reads the action's fields)");
  });

  it("up creates every task; outputs resolve; secrets are encrypted in state", async () => {
    await stack.up();
    const outputs = await stack.outputs();
    const schema = packageSchema(packageVersion());
    const resources = await stateResources();
    for (const r of RESOURCES) {
      const state = resources.find((s) => s.type === typeToken(r.type));
      assert.ok(state?.id, `${r.type} is in state with an id`);
      assert.equal(outputs[`${logicalName(r)}Id`], state.id, "${r.id} resolves in YAML outputs");
      const task = { id: state.id, region: String(state.outputs?.region) };
      assert.ok(await exists(r.type, task), `${r.type} ${state.id} exists in the emulator`);
      declared.set(r.type, task);
      const properties = Object.keys(schema.resources[typeToken(r.type)].properties);
      for (const key of Object.keys(state.outputs ?? {})) assert.ok(properties.includes(key), `${r.type} output ${key} is in the schema (its outputs table)`);
    }
    const exported = await stack.exportText();
    for (const marker of SECRET_MARKERS) assert.ok(!exported.includes(marker), `${marker} is not in state in plain text`);
    assert.ok(!exported.includes(DEMO_TENCENT_CREDENTIAL.secretKey) && !exported.includes(DEMO_HUAWEI_CREDENTIAL.sk), "no credential in state");
  });

  it("refresh finds no drift and a second preview no change", async () => {
    await stack.ok("refresh", "--yes", "--skip-preview", "--expect-no-changes");
    await stack.ok("preview", "--expect-no-changes");
  });

  it("a changed property of each resource updates it in place, with a detailed diff naming it", async () => {
    writeFileSync(join(stack.dir, "Pulumi.yaml"), yamlProgram("yaml-plugin", { changed: true }));
    const preview = JSON.parse((await stack.ok("preview", "--json")).stdout) as { steps: Array<{ op: string; urn: string; detailedDiff?: Record<string, { kind: string }> }> };
    for (const r of RESOURCES) {
      const step = preview.steps.find((s) => s.urn.endsWith(`${typeToken(r.type)}::${logicalName(r)}`));
      assert.equal(step?.op, "update", `${r.type} updates in place`);
      assert.deepEqual(Object.keys(step?.detailedDiff ?? {}), Object.keys(rowOf(r).update), `${r.type}'s detailed diff names the changed property`);
    }
    await stack.up();
    await stack.ok("preview", "--expect-no-changes");
    const resources = await stateResources();
    for (const r of RESOURCES) assert.equal(resources.find((s) => s.type === typeToken(r.type))?.id, declared.get(r.type)?.id, `${r.type} kept its id`);
  });

  it("pulumi import adopts a task of each type made out of band, and prints its YAML", async () => {
    for (const r of RESOURCES) {
      const { handlers } = loadResource(r);
      const checked = await handlers.check({}, rowOf(r).outOfBand);
      assert.deepEqual(checked.failures, []);
      const created = await handlers.create(checked.inputs ?? {});
      outOfBand.set(r.type, { id: created.id, region: String(checked.inputs?.region) });

      const name = `imported${r.type}`;
      const result = await stack.ok("import", typeToken(r.type), name, rowOf(r).importId(created.id), "--yes", "--protect=false");
      assert.match(result.stdout, new RegExp(`type: cloudtasks:(index:)?${r.type}`), "the program text for the imported task");
      const state = (await stateResources()).find((s) => s.urn.endsWith(`::${name}`));
      assert.equal(state?.id, created.id, `${r.type} imported under its bare id`);
      assert.equal(state?.inputs?.region, checked.inputs?.region, "the region is part of the imported inputs");
    }
  });

  it("importing an id that does not exist fails and adds nothing to state", async () => {
    const before = (await stateResources()).length;
    const r = RESOURCES[0];
    const result = await stack.run("import", typeToken(r.type), "missing", rowOf(r).importId("987654"), "--yes", "--protect=false");
    assert.notEqual(result.code, 0);
    assert.match(result.stdout + result.stderr, /does not exist/);
    assert.equal((await stateResources()).length, before);
  });

  it("refresh after the imports sees every task as it is, and drops one deleted behind Pulumi's back", async () => {
    await stack.ok("refresh", "--yes", "--skip-preview", "--expect-no-changes");
    const r = RESOURCES[0];
    const name = `imported${r.type}`;
    const state = (await stateResources()).find((s) => s.urn.endsWith(`::${name}`));
    assert.ok(state?.id);
    await loadResource(r).handlers.delete(state.id, state.outputs ?? {});
    await stack.ok("refresh", "--yes", "--skip-preview");
    assert.equal((await stateResources()).find((s) => s.urn.endsWith(`::${name}`)), undefined, `${name} left the state`);
  });

  it("destroy deletes every task, the imported ones too", async () => {
    await stack.ok("destroy", "--yes", "--skip-preview");
    for (const [type, task] of [...declared, ...outOfBand]) {
      if (ROWS[type]?.goneAfterDestroy === false) continue;
      assert.equal(await exists(type, task), false, `${type} ${task.id} is gone`);
    }
    assert.deepEqual(await stateResources(), []);
  });

  it("an explicit provider resource configures its own plugin process (region, endpoint, credentials)", async () => {
    const row = rowOf(RESOURCES.find((r) => r.type === "OperationTask") ?? RESOURCES[0]);
    const program = [
      "name: yaml-plugin",
      "runtime: yaml",
      "resources:",
      "  shanghai:",
      "    type: pulumi:providers:cloudtasks",
      "    properties:",
      "      region: ap-shanghai",
      `      endpoint: ${JSON.stringify(stack.emulator.url)}`,
      `      tencentSecretId: ${JSON.stringify(DEMO_TENCENT_CREDENTIAL.secretId)}`,
      "      tencentSecretKey:",
      `        fn::secret: ${JSON.stringify(DEMO_TENCENT_CREDENTIAL.secretKey)}`,
      "  elsewhere:",
      "    type: cloudtasks:index:OperationTask",
      "    properties:",
      ...Object.entries(row.properties).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`),
      "    options:",
      "      provider: ${shanghai}",
      "outputs:",
      "  id: ${elsewhere.id}",
      "",
    ].join("\n");
    writeFileSync(join(stack.dir, "Pulumi.yaml"), program);
    await stack.up();
    const id = String((await stack.outputs()).id);
    assert.ok(await exists("OperationTask", { id, region: "ap-shanghai" }), "created in the explicit provider's region");
    assert.equal(await exists("OperationTask", { id, region: "ap-guangzhou" }), false, "not in the stack config's region");
    assert.ok(!(await stack.exportText()).includes(DEMO_TENCENT_CREDENTIAL.secretKey), "the provider's key is stored as a secret");
    await stack.ok("destroy", "--yes", "--skip-preview");
    assert.equal(await exists("OperationTask", { id, region: "ap-shanghai" }), false);
  });

  // Back to back in one run: the same resources (no cross-resource reference) as a fresh stack each.
  for (const language of ["yaml", "typescript", "javascript"] as const) {
    it(`the same stack in ${language === "yaml" ? "YAML on the plugin" : `${language} on the dynamic resources`}, timed`, async () => {
      const project = `compare-${language}`;
      const other = await E2eStack.create(project, language === "javascript" ? dynamicProgram("javascript") : "");
      try {
        if (language === "yaml") {
          rmSync(join(other.dir, "index.js"));
          writeFileSync(join(other.dir, "Pulumi.yaml"), yamlProgram(project, { references: false }));
          other.env.PATH = stack.env.PATH;
        } else if (language === "typescript") {
          // As users write it: index.ts, type-checked by the Node.js host (its vendored TypeScript when the project has none).
          rmSync(join(other.dir, "index.js"));
          writeFileSync(join(other.dir, "Pulumi.yaml"), `name: ${project}\nruntime: nodejs\n`);
          writeFileSync(join(other.dir, "index.ts"), `${dynamicProgram("typescript")}\n`);
        }
        await configureClouds(other);
        const [, previewMs] = await timed(() => other.ok("preview"));
        const [, upMs] = await timed(() => other.up());
        timings.push(`${language} stack (${RESOURCES.length} resources, ${language === "yaml" ? "plugin" : "dynamic"}): preview ${previewMs.toFixed(0)} ms, up ${upMs.toFixed(0)} ms`);
        assert.deepEqual(Object.keys(await other.outputs()).sort(), RESOURCES.map((r) => `${logicalName(r)}Id`).sort());
        await other.ok("destroy", "--yes", "--skip-preview");
      } finally {
        await other.dispose();
      }
    });
  }
});
