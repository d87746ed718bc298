import { strict as assert } from "node:assert";

/** Awaits `promise`, asserting it rejects, and returns the rejection for further assertions. */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error, `expected an Error, got ${String(error)}`);
    return error as Error & Record<string, unknown>;
  }
  assert.fail("expected the promise to reject");
}
