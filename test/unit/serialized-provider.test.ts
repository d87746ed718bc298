import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runtime } from "@pulumi/pulumi";
import { dynamicProvider, isInstalledPath } from "../../provider/dynamic";

/**
 * What Pulumi stores in state as `__provider`: serialized here with the same call
 * `dynamic.Resource` makes.
 */
describe("the serialized provider", () => {
  const secret = "env-secret-that-must-not-be-captured";
  let text: string;
  before(async () => {
    process.env.TENCENTCLOUD_SECRET_KEY = secret;
    const provider = dynamicProvider("operation-task");
    text = (await runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
    delete process.env.TENCENTCLOUD_SECRET_KEY;
  });

  it("is small and reaches the implementation by its stable module path", () => {
    assert.ok(text.length < 4096, `${text.length} bytes`);
    assert.match(text, /pulumi-cloudtasks\/resources\/operation-task/);
    for (const method of ["configure", "check", "diff", "create", "read", "update", "delete"]) assert.match(text, new RegExp(`${method}: __f`));
  });

  it("captures no credential, SDK client or implementation code", () => {
    assert.ok(!text.includes(secret));
    assert.ok(!/tencentcloud|huaweicloud|secretKey|SecretKey/.test(text), "no SDK or credential reference");
    assert.ok(!text.includes("ModifyOperationTask"), "the implementation is not inlined");
  });

  for (const resource of ["cat-task", "perf-test-task"]) {
    it(`stays a small, secret-free module reference for ${resource} too`, async () => {
      const provider = dynamicProvider(resource);
      const other = (await runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
      assert.ok(other.length < 4096);
      assert.match(other, new RegExp(`pulumi-cloudtasks/resources/${resource}`));
      assert.equal(other.replace(resource, "operation-task"), text, "the same stub, only the path differs");
      assert.ok(existsSync(join(__dirname, "..", "..", "provider", "resources", `${resource}.ts`)), "the path names a resource module");
    });
  }

  it("is the module reference only for our package's own module under node_modules", () => {
    const program = "/home/u/stack";
    assert.equal(isInstalledPath("/home/u/stack/node_modules/pulumi-cloudtasks/dist/provider/resources/cat-task.js", "cat-task", program), true);
    assert.equal(isInstalledPath("/home/node_modules/pulumi-cloudtasks/dist/provider/resources/cat-task.js", "cat-task", program), true, "hoisted");
    assert.equal(isInstalledPath("/home/u/src/pulumi-cloudtasks/dist/provider/resources/cat-task.js", "cat-task", program), false, "a linked copy");
    assert.equal(isInstalledPath("/home/u/stack/node_modules/.pnpm/pulumi-cloudtasks@0.1.0/node_modules/pulumi-cloudtasks/dist/provider/resources/cat-task.js", "cat-task", program), false, "a path Pulumi would misname");
    assert.equal(isInstalledPath("/home/u/stack/node_modules/pulumi-cloudtasks/dist/provider/resources/cat-task.js", "perf-test-task", program), false);
  });

  it("names a path the package exports", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { exports: Record<string, unknown> };
    assert.equal(pkg.exports["./resources/*"], "./dist/provider/resources/*.js");
  });
});
