import { strict as assert } from "node:assert";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SCRIPTS = join(__dirname, "..", "..", "scripts");

/** An executable shell script at `path`. */
function script(path: string, body: string): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

/**
 * The first run must never look hung: the scripts say what they do before each one-time step
 * (npm ci, building the Pulumi CLI, waiting for another process's build). The slow tools are
 * replaced by instant stand-ins here; the messages are what is checked.
 */
describe("first-run scripts say what they are doing", () => {
  let work: string;
  beforeEach(() => (work = mkdtempSync(join(tmpdir(), "cloudtasks-scripts-"))));
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it("npm run demo: its first line comes before npm ci, and install says that npm ci runs once", () => {
    const repo = join(work, "repo");
    mkdirSync(join(repo, "scripts"), { recursive: true });
    for (const f of ["demo.sh", "install.sh"]) copyFileSync(join(SCRIPTS, f), join(repo, "scripts", f));
    writeFileSync(join(repo, "package-lock.json"), "{}");
    const bin = join(work, "bin");
    script(join(bin, "npm"), 'echo "npm $*" >&2');
    script(join(repo, "node_modules", ".bin", "ts-node"), 'echo "demo.ts ran" >&2');
    const res = spawnSync("bash", [join(repo, "scripts", "demo.sh")], { encoding: "utf8", env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    assert.equal(res.status, 0, res.stderr);
    const lines = res.stderr.trim().split("\n");
    assert.match(lines[0], /^==> pulumi-cloudtasks demo: install dependencies \(once\), get a Pulumi CLI \(once\)/);
    assert.match(lines[1], /^\[install\] installing npm dependencies \(npm ci\) — once per clone, about 1 minute$/);
    assert.match(lines[2], /^npm ci /);
    assert.equal(lines[3], "demo.ts ran");
  });

  it("ensure-pulumi: while another process holds the build lock, it says so and how long a build takes", async () => {
    const cache = join(work, "cache");
    const binDir = join(cache, "pulumi-v3.248.0", "bin");
    for (const f of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) script(join(binDir, f), "exit 0");
    mkdirSync(cache, { recursive: true });
    // The other "build": holds the lock until we release it by closing its stdin.
    const holder = spawn("flock", [join(cache, ".build.lock"), "-c", "echo locked; read _"], { stdio: ["pipe", "pipe", "inherit"] });
    await new Promise<void>((resolve) => holder.stdout.once("data", () => resolve()));
    const waiting = spawn("bash", [join(SCRIPTS, "ensure-pulumi.sh")], {
      env: { ...process.env, CLOUDTASKS_CACHE_DIR: cache, CLOUDTASKS_IGNORE_PATH_PULUMI: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let stdout = "";
    waiting.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const said = new Promise<void>((resolve) =>
      waiting.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes("\n")) resolve();
      }),
    );
    await said; // printed while the lock is still held
    assert.match(stderr, /another process is building the Pulumi CLI .*; waiting for it \(a build takes about 5 minutes on 2 cores, once per machine\)/);
    assert.equal(stdout, "", "nothing is decided before the lock is free");
    holder.stdin.end();
    const code = await new Promise<number | null>((resolve) => waiting.on("close", resolve));
    assert.equal(code, 0);
    assert.equal(stdout.trim(), binDir, "then it prints the cached CLI's directory");
  });
});
