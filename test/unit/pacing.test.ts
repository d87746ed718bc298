import { strict as assert } from "node:assert";
import { admitOrWait, resetPacing, WINDOW_MS, type Slot } from "../../provider/transport/rate-limit";

/** A seeded generator, so every run simulates the same network. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

interface Simulated {
  sent: number;
  /** When the cloud counted it: between send and answer. */
  arrived: number;
  answered: number;
}

/**
 * Drives the limiter on a simulated millisecond clock: `demand` requests all wanting to go at t=0,
 * as a large `up` does, each reaching the cloud after up to `maxLatency` ms and answered up to
 * `maxLatency` ms after that.
 */
function simulate(key: string, perSecond: number, demand: number, maxLatency: number, seed = 7): Simulated[] {
  const random = seeded(seed);
  const done: Simulated[] = [];
  const inFlight: Array<{ slot: Slot; request: Simulated }> = [];
  let waiting = demand;
  let nextTry = 0;
  for (let t = 0; waiting > 0 || inFlight.length > 0; t++) {
    for (const f of inFlight.filter((x) => x.request.answered <= t)) {
      f.slot.doneAt = t;
      done.push(f.request);
      inFlight.splice(inFlight.indexOf(f), 1);
    }
    while (waiting > 0 && t >= nextTry) {
      const admitted = admitOrWait(key, perSecond, t);
      if (!("slot" in admitted)) {
        nextTry = t + admitted.waitMs;
        break;
      }
      const arrived = t + Math.floor(random() * maxLatency);
      inFlight.push({ slot: admitted.slot, request: { sent: t, arrived, answered: arrived + Math.floor(random() * maxLatency) } });
      waiting--;
    }
  }
  return done;
}

/** The most requests the cloud counted in any one-second window [t, t + 1000). */
function busiestSecond(times: number[]): number {
  let most = 0;
  for (const start of times) most = Math.max(most, times.filter((t) => t >= start && t < start + WINDOW_MS).length);
  return most;
}

describe("client-side pacing", () => {
  beforeEach(() => resetPacing());

  it("a cold start sends at most the limit in its first second, not twice it (a bucket that starts full would)", () => {
    const requests = simulate("tencent/bh/ap-guangzhou/AKID/CreateOperationTask", 20, 200, 5);
    assert.equal(requests.length, 200);
    assert.equal(requests.filter((r) => r.sent < WINDOW_MS).length, 20);
    assert.ok(busiestSecond(requests.map((r) => r.arrived)) <= 20);
  });

  it("no one-second window at the cloud holds more than the limit, however the network delays requests", () => {
    for (const [limit, latency] of [
      [1, 50],
      [3, 400],
      [20, 5],
      [20, 300],
      [20, 900],
      [50, 120],
    ]) {
      const requests = simulate(`k${limit}/${latency}`, limit, limit * 6 + 3, latency, limit + latency);
      const busiest = busiestSecond(requests.map((r) => r.arrived));
      assert.ok(busiest <= limit, `limit ${limit}, latency ≤ ${latency} ms: the busiest second at the cloud held ${busiest}`);
    }
  });

  it("keys are independent: another action or account is not held back", () => {
    for (let i = 0; i < 20; i++) assert.ok("slot" in admitOrWait("tencent/bh/r/A/CreateOperationTask", 20, 0));
    assert.ok("waitMs" in admitOrWait("tencent/bh/r/A/CreateOperationTask", 20, 10));
    assert.ok("slot" in admitOrWait("tencent/bh/r/A/DescribeOperationTask", 20, 10));
    assert.ok("slot" in admitOrWait("tencent/bh/r/B/CreateOperationTask", 20, 10));
  });
});
