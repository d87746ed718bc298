import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../scripts/lib/harness";

interface PackResult {
  filename: string;
  files: Array<{ path: string; mode: number }>;
}

/** The resource classes `provider/index.ts` exports (`export { OperationTask, type OperationTaskArgs } from "./resources/…"`). */
function exportedResources(): string[] {
  const index = readFileSync(join(REPO_ROOT, "provider", "index.ts"), "utf8");
  return [...index.matchAll(/export \{ (\w+)[^}]*\} from "\.\/resources\//g)].map((m) => m[1]);
}

/**
 * What `npm publish` from CI would release: the committed tree (no dist, no build) packed as is.
 * node_modules is linked from this checkout instead of running `npm ci` again.
 */
describe("npm pack on a fresh clone", function () {
  this.timeout(300_000);
  let work: string;
  let pack: PackResult;
  let pkg: { description: string; license: string; repository?: { url?: string }; homepage?: string; keywords?: string[]; bin: Record<string, string> };

  before(() => {
    work = mkdtempSync(join(tmpdir(), "cloudtasks-pack-"));
    const clone = join(work, "clone");
    mkdirSync(clone);
    // The committed tree, as a clone has it: `git archive` leaves out everything untracked (dist included).
    execFileSync("bash", ["-c", `git -C "${REPO_ROOT}" archive --format=tar HEAD | tar -x -C "${clone}"`]);
    assert.ok(!existsSync(join(clone, "dist")), "a fresh clone has no build output");
    symlinkSync(join(REPO_ROOT, "node_modules"), join(clone, "node_modules"), "dir");
    const out = execFileSync("npm", ["pack", "--json", "--pack-destination", work, "--loglevel=error"], { cwd: clone, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    pack = (JSON.parse(out.slice(out.indexOf("[\n"))) as PackResult[])[0];
    pkg = JSON.parse(readFileSync(join(clone, "package.json"), "utf8")) as typeof pkg;
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const paths = () => pack.files.map((f) => f.path);

  it("ships the built code: entry points, type declarations, every resource module and the emulator's bin", () => {
    const files = paths();
    for (const required of ["dist/provider/index.js", "dist/provider/index.d.ts", "dist/emulator/index.js", "dist/emulator/cli.js", "package.json", "README.md", "LICENSE", "CHANGELOG.md"]) {
      assert.ok(files.includes(required), `${required} is in the tarball`);
    }
    for (const resource of ["operation-task", "cat-task", "perf-test-task"]) {
      assert.ok(files.includes(`dist/provider/resources/${resource}.js`), `the run-time path pulumi-cloudtasks/resources/${resource}`);
    }
    const bin = pack.files.find((f) => f.path === pkg.bin["cloudtasks-emulator"]);
    assert.ok(bin, "the bin is packed");
  });

  it("ships no sources, tests, scripts, examples, local state or secrets", () => {
    const leaks = paths().filter(
      (p) =>
        !/^(dist\/(provider|emulator)\/|package\.json$|README\.md$|LICENSE$|CHANGELOG\.md$)/.test(p) ||
        (/\.ts$/.test(p) && !/\.d\.ts$/.test(p)) ||
        /(^|\/)(\.env|\.npmrc|Pulumi\.[^/]*\.yaml|[^/]*\.pem|[^/]*\.tgz)$|\.cloudtasks\/|(^|\/)test\//.test(p),
    );
    assert.deepEqual(leaks, []);
  });

  it("is publishable: Apache-2.0 with its text, repository, homepage, keywords, and a description naming only resources that exist", () => {
    assert.equal(pkg.license, "Apache-2.0");
    const license = readFileSync(join(REPO_ROOT, "LICENSE"), "utf8");
    assert.match(license, /Apache License\s+Version 2\.0, January 2004/);
    assert.match(license, /END OF TERMS AND CONDITIONS/);
    assert.match(pkg.repository?.url ?? "", /^git\+https:\/\//);
    assert.match(pkg.homepage ?? "", /^https:\/\//);
    assert.ok((pkg.keywords ?? []).includes("pulumi"));
    const resources = exportedResources();
    assert.ok(resources.length >= 3);
    const named = [...pkg.description.matchAll(/\b([A-Z][a-z]+(?:[A-Z][a-z]+)*(?:Task|Experiment))\b/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(named)].sort(), [...resources].sort(), "the description names exactly the exported resources");
  });
});
