import { strict as assert } from "node:assert";
import { HUAWEI_APIG_PRODUCTS, TENCENT_API2_PRODUCTS, TENCENT_API3_PRODUCTS } from "../../emulator/protocols";
import { HUAWEI, TENCENT_API2, TENCENT_API3 } from "../conformance/table";

/**
 * Issue 11 asks the official SDKs to call "every action the emulator serves", on success and error
 * paths. The conformance table is written by hand, so this keeps it honest: a product or action
 * added to the emulator without rows fails here, long before anyone reads the pass count.
 */
describe("the conformance table covers every action the emulator serves", () => {
  const products = [
    ...TENCENT_API3_PRODUCTS.map((p) => ({
      label: `${p.name} ${p.version}`,
      actions: Object.keys(p.actions),
      rows: TENCENT_API3.find((t) => t.product === p.name && t.version === p.version)?.rows.map((r) => ({ action: r.action, error: r.error !== undefined })),
    })),
    ...TENCENT_API2_PRODUCTS.map((p) => ({
      label: `${p.name} (API 2.0)`,
      actions: Object.keys(p.actions),
      rows: TENCENT_API2.find((t) => t.product === p.name)?.rows.map((r) => ({ action: r.action, error: r.error !== undefined })),
    })),
    ...HUAWEI_APIG_PRODUCTS.map((p) => ({
      label: `${p.name} (APIG)`,
      actions: p.routes.map((r) => r.action),
      rows: HUAWEI.find((t) => t.service === p.name)?.rows.map((r) => ({ action: r.operation, error: r.error !== undefined })),
    })),
  ];

  for (const product of products) {
    describe(product.label, () => {
      it("has a table", () => assert.ok(product.rows, `no conformance table for ${product.label} in test/conformance/table.ts`));

      it("has a success row for every action it serves", () => {
        const succeeding = new Set((product.rows ?? []).filter((r) => !r.error).map((r) => r.action));
        assert.deepEqual(
          product.actions.filter((a) => !succeeding.has(a)),
          [],
        );
      });

      it("has error rows, and no row for an action it does not serve", () => {
        assert.ok((product.rows ?? []).some((r) => r.error), "no error path is exercised");
        assert.deepEqual(
          (product.rows ?? []).map((r) => r.action).filter((a) => !product.actions.includes(a)),
          [],
        );
      });
    });
  }
});
