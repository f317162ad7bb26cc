/**
 * The adaptive throttle on fake time (vitest's timers): every wait is simulated, so these tests
 * take milliseconds and give the same result on a loaded machine.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { AdaptiveThrottle, type ThrottleOptions, type ThrottlePermit } from "../../src/client/http/throttle.js";
import { CubicCurve, RateWindow } from "../../src/client/http/throttle-rate.js";
import { sharedThrottle, sharedThrottleIds, throttleScopeId } from "../../src/client/http/throttle-registry.js";
import { fakeTimersClock, measure, simulate } from "./support/throttle-sim.js";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  vi.setSystemTime(1_000_000);
});
afterEach(() => {
  vi.useRealTimers();
});

const throttleOf = (options: ThrottleOptions = {}) => new AdaptiveThrottle({ clock: fakeTimersClock, ...options });

/** Starts an acquire and reports whether it has resolved yet. */
function pending(throttle: AdaptiveThrottle, signal?: AbortSignal) {
  const state: { permit?: ThrottlePermit; error?: unknown } = {};
  const promise = throttle.acquire(signal).then(
    (permit) => {
      state.permit = permit;
    },
    (error: unknown) => {
      state.error = error;
    },
  );
  return { state, promise };
}

/** A permit, moving fake time on (in 1 ms steps, at most a minute) until it is granted. */
async function acquireNow(throttle: AdaptiveThrottle): Promise<ThrottlePermit> {
  const waiter = pending(throttle);
  for (let ms = 0; ms < 60_000 && !waiter.state.permit; ms++) await vi.advanceTimersByTimeAsync(1);
  if (!waiter.state.permit) throw new Error("no permit within a minute");
  return waiter.state.permit;
}

/** Refuses `count` requests granted together, as lanes refused at once would be. */
async function refuseTogether(throttle: AdaptiveThrottle, count: number, retryAfterMs?: number) {
  const permits: ThrottlePermit[] = [];
  for (let i = 0; i < count; i++) permits.push(await acquireNow(throttle));
  return permits.map((permit) => throttle.record(permit, { status: 429, retryAfterMs }));
}

describe("adaptive throttle", () => {
  test("unpaced until the first 429: no limit is known", async () => {
    const throttle = throttleOf();
    const permits = await Promise.all(Array.from({ length: 200 }, () => throttle.acquire()));
    expect(permits).toHaveLength(200);
    expect(throttle.snapshot()).toMatchObject({ rate: null, granted: 200, waiting: 0, throttledMs: 0 });
  });

  test("honours Retry-After: nobody is granted a permit before it has passed", async () => {
    const throttle = throttleOf({ initialRate: 50 });
    const [verdict] = await refuseTogether(throttle, 1, 2_000);
    expect(verdict).toEqual({ retryDelayMs: 2_000 });
    const waiter = pending(throttle);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(waiter.state.permit).toBeUndefined();
    expect(throttle.snapshot()).toMatchObject({ waiting: 1, holdRemainingMs: 1 });
    await vi.advanceTimersByTimeAsync(1);
    expect(waiter.state.permit).toBeDefined();
    expect(throttle.snapshot().throttledMs).toBe(2_000);
  });

  test("1.x advice: a refused request waits at least the floor; without Retry-After others are only paced", async () => {
    const throttle = throttleOf({ rateLimitFloorMs: 5_000 });
    expect(await refuseTogether(throttle, 1, 1_000)).toEqual([{ retryDelayMs: 5_000 }]);
    const other = throttleOf({ rateLimitFloorMs: 5_000, initialRate: 10 });
    expect(await refuseTogether(other, 1)).toEqual([{ retryDelayMs: 5_000 }]);
    const waiter = pending(other);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(waiter.state.permit).toBeDefined();
    expect(other.snapshot().holdRemainingMs).toBe(0);
  });

  test("one decrease per congestion episode, however many lanes were refused", async () => {
    const throttle = throttleOf({ initialRate: 20, burstSeconds: 0.2 });
    await refuseTogether(throttle, 4);
    expect(throttle.snapshot()).toMatchObject({ rateLimited: 4, decreases: 1 });
    const rate = throttle.snapshot().rate!;
    expect(rate).toBeCloseTo(14, 5);
    // A request granted after the decrease and refused again starts a new episode.
    const permit = await acquireNow(throttle);
    throttle.record(permit, { status: 429 });
    expect(throttle.snapshot()).toMatchObject({ decreases: 2 });
    expect(throttle.snapshot().rate!).toBeCloseTo(rate * 0.7, 5);
  });

  test("raises slowly: under the refused rate until CUBIC's K, then probes above it gently", async () => {
    const throttle = throttleOf({ initialRate: 20, burstSeconds: 1 });
    await refuseTogether(throttle, 1);
    const epoch = Date.now();
    const samples: { t: number; rate: number }[] = [];
    while (Date.now() - epoch < 6_000) {
      const permit = await acquireNow(throttle);
      throttle.record(permit, { status: 202 });
      samples.push({ t: Date.now() - epoch, rate: throttle.snapshot().rate! });
      await vi.advanceTimersByTimeAsync(50);
    }
    // K = ∛(20 × 0.3 / 0.4) ≈ 2.47 s. Never down; never above 20 before K; near 20 at K; then
    // above it by at most C·(t − K)³ (C = 0.4 at 20 requests/s).
    for (let i = 1; i < samples.length; i++) expect(samples[i]!.rate).toBeGreaterThanOrEqual(samples[i - 1]!.rate);
    const k = Math.cbrt((20 * 0.3) / 0.4) * 1000;
    expect(samples[0]!.rate).toBeLessThan(15);
    expect(Math.max(...samples.filter((s) => s.t <= k).map((s) => s.rate))).toBeLessThanOrEqual(20);
    expect(samples.find((s) => s.t >= k)!.rate).toBeGreaterThan(19.5);
    const last = samples.at(-1)!;
    expect(last.rate).toBeGreaterThan(20);
    expect(last.rate).toBeLessThanOrEqual(20 + 0.4 * ((last.t - k) / 1000) ** 3 + 1e-9);
  });
});

describe("adaptive throttle: ceiling, aborts, curve and options", () => {
  test("never exceeds its ceiling, even with every request accepted", async () => {
    const throttle = throttleOf({ maxRate: 5, burstSeconds: 1 });
    const grantedAt: number[] = [];
    const start = Date.now();
    const lanes = Array.from({ length: 4 }, async () => {
      while (Date.now() - start < 20_000) {
        const permit = await throttle.acquire();
        grantedAt.push(permit.grantedAtMs - start);
        throttle.record(permit, { status: 202 });
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
    await vi.advanceTimersByTimeAsync(21_000);
    await Promise.all(lanes);
    // The bucket starts full (burst = 5), then 5 per second: at most 5 × 20 + 5 in 20 s.
    const inRun = grantedAt.filter((t) => t < 20_000);
    expect(inRun.length).toBeLessThanOrEqual(105);
    expect(inRun.length).toBeGreaterThanOrEqual(95);
    for (let second = 1; second < 20; second++) {
      expect(grantedAt.filter((t) => t >= second * 1000 && t < (second + 1) * 1000).length).toBeLessThanOrEqual(6);
    }
    expect(throttle.snapshot().rate).toBe(5);
  });

  test("an aborted wait rejects with the signal's reason and hands its turn to the next caller", async () => {
    const throttle = throttleOf({ initialRate: 1, burstSeconds: 1 });
    await throttle.acquire();
    const controller = new AbortController();
    const first = pending(throttle, controller.signal);
    const second = pending(throttle);
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(new Error("stop"));
    await first.promise;
    expect((first.state.error as Error).message).toBe("stop");
    await vi.advanceTimersByTimeAsync(900);
    expect(second.state.permit).toBeDefined();
    await expect(throttle.acquire(AbortSignal.abort(new Error("already")))).rejects.toThrow("already");
  });

  test("CUBIC curve: R(0) = β·Wmax, flat at Wmax at K, above it after", () => {
    const curve = new CubicCurve(0.7, 0.4);
    expect(curve.decrease(20, 0)).toBeCloseTo(14, 9);
    expect(curve.rateAt(0)).toBeCloseTo(14, 9);
    const k = Math.cbrt((20 * 0.3) / 0.4) * 1000;
    expect(curve.rateAt(k)).toBeCloseTo(20, 9);
    expect(curve.rateAt(k + 1000)).toBeCloseTo(20.4, 9);
  });

  test("rate window: events per second of the last second, counted from `since`", () => {
    const window = new RateWindow();
    for (let t = 0; t < 100_000; t += 100) window.add(t);
    expect(window.rate(99_950, 0)).toBe(10);
    // After 99,500: 4 events (99,600 … 99,900) over 450 ms.
    expect(window.rate(99_950, 99_500)).toBeCloseTo(4 / 0.45, 9);
    expect(window.rate(99_950, 99_940)).toBe(0);
    expect(window.rate(200_000, 0)).toBe(0);
  });

  test("rejects bad options", () => {
    expect(() => throttleOf({ maxRate: 0 })).toThrow(/maxRate/);
    expect(() => throttleOf({ beta: 1 })).toThrow(/beta/);
    expect(() => throttleOf({ initialRate: Number.NaN })).toThrow(/initialRate/);
  });
});

describe("against a token-bucket server (the emulator's limiter), simulated", () => {
  const server = { requestsPerSecond: 20, burst: 20 };

  test("2.x (Retry-After): settles just under the limit, few 429s after the first 5 s", async () => {
    const sim = await simulate({
      server: { ...server, retryAfter: true },
      lanes: 4,
      latencyMs: 30,
      seconds: 60,
      throttle: {},
    });
    const late = measure(sim, 20, 5_000, 60_000);
    expect(late.goodputOverLimit).toBeGreaterThanOrEqual(0.9);
    expect(late.goodputOverLimit).toBeLessThanOrEqual(1.02);
    expect(late.refusedShare).toBeLessThanOrEqual(0.03);
  });

  test("1.x (5 s before re-sending a refused request, no Retry-After)", async () => {
    const sim = await simulate({
      server: { ...server, retryAfter: false },
      lanes: 4,
      latencyMs: 30,
      seconds: 60,
      throttle: { rateLimitFloorMs: 5_000 },
    });
    const late = measure(sim, 20, 5_000, 60_000);
    expect(late.goodputOverLimit).toBeGreaterThanOrEqual(0.85);
    expect(late.refusedShare).toBeLessThanOrEqual(0.03);
  });

  test("1.x slow start: lanes meet the first refusal one at a time, not all four together", async () => {
    const run = (throttle: ThrottleOptions) =>
      simulate({ server: { ...server, retryAfter: false }, lanes: 4, latencyMs: 30, seconds: 20, throttle });
    const unpaced = measure(await run({ rateLimitFloorMs: 5_000 }), 20, 0, 5_000);
    const slowStart = measure(await run({ rateLimitFloorMs: 5_000, startRate: 2 }), 20, 0, 5_000);
    // Unpaced, every lane is refused when the server's burst runs out, and every lane waits 5 s.
    expect(unpaced.refused).toBeGreaterThanOrEqual(4);
    expect(slowStart.refused).toBeLessThan(unpaced.refused);
    expect(slowStart.accepted).toBeGreaterThan(unpaced.accepted);
  });

  test("four processes on one key (one throttle each) converge to fair shares of the limit", async () => {
    const sim = await simulate({
      server: { ...server, retryAfter: true },
      lanes: 4,
      latencyMs: 30,
      seconds: 120,
      throttle: {},
      peers: 3,
    });
    const shares = [0, 1, 2, 3].map((sender) => measure(sim, 20, 20_000, 120_000, sender).goodputOverLimit);
    const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
    for (const share of shares) expect(Math.abs(share - mean) / mean).toBeLessThanOrEqual(0.25);
    expect(measure(sim, 20, 20_000, 120_000).goodputOverLimit).toBeGreaterThanOrEqual(0.85);
  });

  test("without a throttle (today's lanes) the same traffic bounces off the limit", async () => {
    const sim = await simulate({
      server: { ...server, retryAfter: true },
      lanes: 4,
      latencyMs: 30,
      seconds: 60,
      throttle: null,
    });
    expect(measure(sim, 20, 5_000, 60_000).refusedShare).toBeGreaterThan(0.1);
  });
});

describe("shared throttles", () => {
  test("one throttle per scope, found by a SHA-256 digest that is not the key", () => {
    const scope = ["audience-2", "https://api.batch.com", "rest-key-secret", "project_secret"];
    const a = sharedThrottle(scope, { clock: fakeTimersClock });
    expect(sharedThrottle([...scope])).toBe(a);
    expect(sharedThrottle([...scope.slice(0, 3), "project_other"])).not.toBe(a);
    const id = throttleScopeId(scope);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(sharedThrottleIds()).toContain(id);
    expect(JSON.stringify(sharedThrottleIds())).not.toMatch(/secret/);
  });
});
