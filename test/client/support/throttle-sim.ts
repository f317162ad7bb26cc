/**
 * A discrete simulation of lanes sending through the adaptive throttle to a token-bucket server
 * (the emulator's own RateLimiter), on vitest's fake timers: minutes of traffic in milliseconds, the
 * same result on any machine. Each lane sends one request at a time and re-sends a refused one after
 * the throttle's verdict, as the bulk engine's lanes will.
 */
import { vi } from "vitest";
import { AdaptiveThrottle, type ThrottleClock, type ThrottleOptions } from "../../../src/client/http/throttle.js";
import { RateLimiter } from "../../../src/emulator/rate-limit.js";

/** The throttle's clock on vitest's fake `Date` and `setTimeout`. */
export const fakeTimersClock: ThrottleClock = {
  now: () => Date.now(),
  setTimer(callback, delayMs) {
    const timer = setTimeout(callback, delayMs);
    return () => clearTimeout(timer);
  },
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface SimulationSetup {
  /** The server's limit: requests/s, burst, and whether it sends Retry-After. */
  server: { requestsPerSecond: number; burst: number; retryAfter: boolean };
  lanes: number;
  /** Round trip of one request; the server sees it half-way. */
  latencyMs: number;
  seconds: number;
  /** null: today's client, where each lane only waits out its own refusal (Retry-After, floor). */
  throttle: ThrottleOptions | null;
  /** Without a throttle: least wait before re-sending a refused request (1.x: 5,000). */
  floorMs?: number;
  /** More throttles on the same server (other processes with the same key), each with `lanes` lanes. */
  peers?: number;
}

export interface Answer {
  atMs: number;
  status: number;
  sender: number;
}

export interface Simulation {
  answers: Answer[];
  throttles: (AdaptiveThrottle | undefined)[];
  startMs: number;
}

/** Call between `vi.useFakeTimers()` and `vi.useRealTimers()`. */
export async function simulate(setup: SimulationSetup): Promise<Simulation> {
  const startMs = Date.now();
  const endMs = startMs + setup.seconds * 1000;
  const server = new RateLimiter(() => Date.now(), { "audience-2": setup.server });
  const answers: Answer[] = [];
  const throttles = Array.from({ length: 1 + (setup.peers ?? 0) }, () =>
    setup.throttle === null ? undefined : new AdaptiveThrottle({ clock: fakeTimersClock, ...setup.throttle }),
  );
  async function lane(sender: number): Promise<void> {
    const throttle = throttles[sender];
    while (Date.now() < endMs) {
      const permit = await throttle?.acquire();
      await sleep(setup.latencyMs / 2);
      const refusal = server.take("audience-2", "key");
      await sleep(setup.latencyMs / 2);
      const status = refusal ? 429 : 202;
      answers.push({ atMs: Date.now() - startMs, status, sender });
      const retryAfterMs = refusal?.retryAfterSeconds === undefined ? undefined : refusal.retryAfterSeconds * 1000;
      const retryDelayMs =
        throttle && permit
          ? throttle.record(permit, { status, retryAfterMs }).retryDelayMs
          : status === 429
            ? Math.max(retryAfterMs ?? 0, setup.floorMs ?? 0)
            : 0;
      if (retryDelayMs > 0) await sleep(retryDelayMs);
    }
  }
  const lanes = throttles.flatMap((_, sender) => Array.from({ length: setup.lanes }, () => lane(sender)));
  const done = Promise.all(lanes);
  await vi.advanceTimersByTimeAsync(setup.seconds * 1000 + 30_000);
  await done;
  return { answers, throttles, startMs };
}

/** Accepted requests per second over [fromMs, toMs) divided by the server's rate, and the 429 share. */
export function measure(sim: Simulation, rps: number, fromMs: number, toMs: number, sender?: number) {
  const inWindow = sim.answers.filter(
    (a) => a.atMs >= fromMs && a.atMs < toMs && (sender === undefined || a.sender === sender),
  );
  const accepted = inWindow.filter((a) => a.status !== 429).length;
  const refused = inWindow.length - accepted;
  return {
    goodputOverLimit: accepted / ((toMs - fromMs) / 1000) / rps,
    refusedShare: inWindow.length === 0 ? 0 : refused / inWindow.length,
    accepted,
    refused,
  };
}
