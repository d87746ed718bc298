import { strict as assert } from "node:assert";
import { admitOrWait, resetPacing, WINDOW_MS } from "../../provider/transport/rate-limit";

/** Drives the limiter on a simulated clock: `demand` requests all wanting to go at t=0, as a large `up` does. */
function simulate(key: string, perSecond: number, demand: number): number[] {
  const sentAt: number[] = [];
  const waiting = Array.from({ length: demand }, () => 0);
  while (waiting.length) {
    waiting.sort((a, b) => a - b);
    const t = waiting.shift() as number;
    const wait = admitOrWait(key, perSecond, t);
    if (wait <= 0) sentAt.push(t);
    else waiting.push(t + wait);
  }
  return sentAt.sort((a, b) => a - b);
}

/** The most requests any one-second window [t, t + 1000) holds. */
function busiestSecond(times: number[]): number {
  let most = 0;
  for (const start of times) most = Math.max(most, times.filter((t) => t >= start && t < start + WINDOW_MS).length);
  return most;
}

describe("client-side pacing", () => {
  beforeEach(() => resetPacing());

  it("a cold start sends at most the limit in its first second, not twice it (a bucket that starts full would)", () => {
    const times = simulate("tencent/bh/ap-guangzhou/AKID/CreateOperationTask", 20, 200);
    assert.equal(times.length, 200);
    assert.equal(times.filter((t) => t < WINDOW_MS).length, 20);
    assert.ok(busiestSecond(times) <= 20, `busiest second held ${busiestSecond(times)}`);
  });

  it("no sliding one-second window anywhere holds more than the limit, for several limits", () => {
    for (const limit of [1, 3, 20, 50]) {
      const times = simulate(`k${limit}`, limit, limit * 7 + 3);
      assert.ok(busiestSecond(times) <= limit, `limit ${limit}: busiest second held ${busiestSecond(times)}`);
    }
  });

  it("keys are independent: another action or account is not held back", () => {
    simulate("tencent/bh/r/A/CreateOperationTask", 20, 20);
    assert.equal(admitOrWait("tencent/bh/r/A/CreateOperationTask", 20, 10) > 0, true);
    assert.equal(admitOrWait("tencent/bh/r/A/DescribeOperationTask", 20, 10), 0);
    assert.equal(admitOrWait("tencent/bh/r/B/CreateOperationTask", 20, 10), 0);
  });
});
