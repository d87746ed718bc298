import { strict as assert } from "node:assert";
import { UNKNOWN } from "../../provider/contract/fields";
import { contract, handlers, isPublicIpv4, parseTaskPage } from "../../provider/resources/cat-task";

const valid = {
  taskName: "homepage",
  catTypeName: "https",
  url: "www.tencent.com",
  agentGroupId: 1510,
  period: 5,
  region: "ap-guangzhou",
};

const check = (inputs: Record<string, unknown>) => handlers.check({}, inputs);
const failuresOf = async (inputs: Record<string, unknown>) => (await check(inputs)).failures ?? [];

describe("CatTask contract", () => {
  describe("check", () => {
    it("accepts the seed's example and makes the documented defaults explicit", async () => {
      const result = await check(valid);
      assert.deepEqual(result.failures, []);
      assert.equal(result.inputs?.sslVer, "SSLv23", "http/https default to SSLv23");
      assert.equal(result.inputs?.paused, false);
    });

    it("gives ping and tcp no sslVer default", async () => {
      const result = await check({ ...valid, catTypeName: "ping" });
      assert.deepEqual(result.failures, []);
      assert.equal(result.inputs?.sslVer, undefined);
    });

    it("accepts every http option on an https task", async () => {
      assert.deepEqual(
        await failuresOf({ ...valid, sslVer: "TLSv1_2", postData: "a=1", userAgent: "probe/1", checkStr: "Welcome", checkType: "1", cookie: "s=1", host: "203.0.113.10", taskId: 24454, paused: true }),
        [],
      );
    });

    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
      ["a missing url", { ...valid, url: undefined }, "url", /url is required/],
      ["an unknown probe type", { ...valid, catTypeName: "ftp" }, "catTypeName", /one of "http", "https", "ping", "tcp"/],
      ["a period of 10 minutes", { ...valid, period: 10 }, "period", /one of 1, 5, 15, 30/],
      ["a 33-character name", { ...valid, taskName: "x".repeat(33) }, "taskName", /at most 32 characters/],
      ["a blank name", { ...valid, taskName: " " }, "taskName", /must not be blank/],
      ["a url with spaces", { ...valid, url: "www.tencent.com/a b" }, "url", /without spaces/],
      ["a host that is not an IPv4 address", { ...valid, host: "300.1.1.1" }, "host", /must be an IPv4 address/],
      ["a private host", { ...valid, host: "10.0.0.8" }, "host", /public IPv4 address; 10\.0\.0\.8 is private/],
      ["a loopback host", { ...valid, host: "127.0.0.1" }, "host", /public IPv4/],
      ["an unknown sslVer", { ...valid, sslVer: "TLSv1_3" }, "sslVer", /one of "TLSv1_2"/],
      ["checkType without checkStr", { ...valid, checkType: "1" }, "checkType", /checkType "1" needs checkStr/],
      ["a checkType other than \"1\"", { ...valid, checkType: "2", checkStr: "x" }, "checkType", /one of "1"/],
      ["sslVer on a ping task", { ...valid, catTypeName: "ping", sslVer: "TLSv1_2" }, "sslVer", /only for http and https tasks, not ping/],
      ["postData on a tcp task", { ...valid, catTypeName: "tcp", postData: "x" }, "postData", /only for http and https/],
      ["checkStr on a ping task", { ...valid, catTypeName: "ping", checkStr: "x" }, "checkStr", /only for http and https/],
      ["a zero agentGroupId", { ...valid, agentGroupId: 0 }, "agentGroupId", /at least 1/],
      ["a fractional period", { ...valid, period: 1.5 }, "period", /must be an integer/],
      ["a non-boolean paused", { ...valid, paused: "yes" }, "paused", /must be a boolean/],
    ];
    for (const [what, inputs, property, reason] of cases) {
      it(`rejects ${what}, naming ${property}`, async () => {
        const failures = await failuresOf(inputs);
        assert.equal(failures.length, 1, JSON.stringify(failures));
        assert.equal(failures[0].property, property);
        assert.match(failures[0].reason, reason);
      });
    }

    it("names no property for the secret cookie, so the engine cannot print its value", async () => {
      const [failure] = await failuresOf({ ...valid, catTypeName: "tcp", cookie: "session=topsecret" });
      assert.equal(failure.property, "");
      assert.match(failure.reason, /^cookie is only for http and https tasks/);
      assert.ok(!failure.reason.includes("topsecret"));
    });

    it("says where to set the region when none is set anywhere", async () => {
      const saved = process.env.TENCENTCLOUD_REGION;
      delete process.env.TENCENTCLOUD_REGION;
      try {
        const [failure] = await failuresOf({ ...valid, region: undefined });
        assert.equal(failure.property, "region");
        assert.match(failure.reason, /cloudtasks:region/);
      } finally {
        if (saved !== undefined) process.env.TENCENTCLOUD_REGION = saved;
      }
    });

    it("lets unknown values through at preview and skips the rules that read them", async () => {
      assert.deepEqual(await failuresOf({ ...valid, catTypeName: UNKNOWN, cookie: "x", sslVer: "TLSv1" }), []);
      assert.deepEqual(await failuresOf({ ...valid, checkType: "1", checkStr: UNKNOWN, host: UNKNOWN }), []);
    });
  });

  describe("diff", () => {
    const state = { ...valid, sslVer: "SSLv23", paused: false, taskId: 24454, status: 2, addTime: "2026-11-23 10:00:00", __provider: "old" };
    const desired = { ...valid, sslVer: "SSLv23", paused: false };

    it("reports no change when the inputs match the state, without a taskId input", async () => {
      assert.deepEqual(await handlers.diff("24454", state, { ...desired, __provider: "new" }), { changes: false, replaces: [], deleteBeforeReplace: false });
    });

    it("updates every field in place: never a replace", async () => {
      const changes = [
        { agentGroupId: 1511 },
        { catTypeName: "http" },
        { url: "www.qq.com" },
        { period: 1 },
        { taskName: "renamed" },
        { host: "203.0.113.9" },
        { sslVer: "TLSv1_2" },
        { cookie: "s=2" },
        { checkStr: "ok", checkType: "1" },
        { paused: true },
      ];
      for (const change of changes) {
        const diff = await handlers.diff("24454", state, { ...desired, ...change });
        assert.equal(diff.changes, true, JSON.stringify(change));
        assert.deepEqual(diff.replaces, [], JSON.stringify(change));
      }
    });

    it("an adopted id that matches the state is no change; another id, or another region, replaces", async () => {
      assert.equal((await handlers.diff("24454", state, { ...desired, taskId: 24454 })).changes, false);
      assert.deepEqual((await handlers.diff("24454", state, { ...desired, taskId: 99 })).replaces, ["taskId"]);
      assert.deepEqual((await handlers.diff("24454", state, { ...desired, region: "ap-shanghai" })).replaces, ["region"]);
    });

    it("treats an unknown value as a change", async () => {
      assert.equal((await handlers.diff("24454", state, { ...desired, url: UNKNOWN })).changes, true);
    });
  });

  describe("wire helpers", () => {
    it("reads DescribeCatTaskList in both documented shapes, ids as numbers or strings", () => {
      const task = { taskId: "24454", taskName: "a", period: 5, catTypeName: "pop3", status: 1, cgiUrl: "x.com", addTime: "2017-05-16 10:00:00" };
      const top = parseTaskPage({ code: 0, total: 18, tasks: [task] });
      const nested = parseTaskPage({ code: 0, data: { total: 18, tasks: [task] } });
      for (const page of [top, nested]) {
        assert.equal(page.total, 18);
        assert.deepEqual(page.tasks[0], { ...task, taskId: 24454 });
      }
      assert.deepEqual(parseTaskPage({ code: 0 }), { total: 0, tasks: [] });
    });

    it("knows public from internal IPv4 ranges", () => {
      for (const ip of ["203.0.113.10", "8.8.8.8", "100.63.0.1", "172.32.0.1"]) assert.ok(isPublicIpv4(ip), ip);
      for (const ip of ["10.1.2.3", "172.16.0.1", "192.168.1.1", "127.0.0.1", "169.254.1.1", "100.64.0.1", "224.0.0.1", "0.0.0.0"]) assert.ok(!isPublicIpv4(ip), ip);
    });

    it("marks cookie secret and every field but taskId and region updatable in place", () => {
      assert.equal(contract.cookie.secret, true);
      const replacing = Object.entries(contract).filter(([, spec]) => spec.replaceOnChange).map(([name]) => name);
      assert.deepEqual(replacing.sort(), ["region", "taskId"]);
    });
  });
});
