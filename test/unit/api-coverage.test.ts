import { strict as assert } from "node:assert";
import { HUAWEI_APIG_PRODUCTS, TENCENT_API2_PRODUCTS, TENCENT_API3_PRODUCTS } from "../../emulator/protocols";
import { resourceSources } from "../support/resources";

/** Normalizes a path template's parameter names: `/v1/{project_id}/x/{id}` → `/v1/{}/x/{}`. */
const shape = (path: string) => path.replace(/\{[^}]+\}/g, "{}");

/**
 * Every API a resource declares (its `@API` lines) has a handler in the emulator, so the local
 * cloud covers everything the provider can call.
 */
describe("emulator coverage of the resources' @API lines", () => {
  const tencent = new Map<string, Set<string>>();
  // Two products may share a name (CAT's API 2.0 and 3.0 are both `cat`): their actions add up.
  for (const p of [...TENCENT_API3_PRODUCTS, ...TENCENT_API2_PRODUCTS]) tencent.set(p.name, new Set([...(tencent.get(p.name) ?? []), ...Object.keys(p.actions)]));
  const huawei = new Map(HUAWEI_APIG_PRODUCTS.map((p) => [p.name.toUpperCase(), p.routes]));

  for (const { entry: file, text } of resourceSources()) {
    const lines = text
      .split("\n")
      .map((l) => /@API (\S+) (\S+)(?: +(\S+))?/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null);

    it(`${file} declares the APIs it calls`, () => assert.ok(lines.length > 0));

    for (const [, service, first, second] of lines) {
      it(`${file}: ${service} ${first}${/^[A-Z]+$/.test(first) ? ` ${second}` : ""} is emulated`, () => {
        if (/^(GET|POST|PUT|DELETE)$/.test(first)) {
          const routes = huawei.get(service.toUpperCase());
          assert.ok(routes, `no emulated Huawei product ${service}`);
          assert.ok(routes.some((r) => r.method === first && shape(r.path) === shape(second)), `${first} ${second}`);
        } else {
          assert.ok(tencent.get(service)?.has(first), `${service}:${first}`);
        }
      });
    }
  }
});
