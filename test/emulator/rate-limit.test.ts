/**
 * The emulator's per-key rate limits. Time is the injected clock's, never the wall clock's: a test
 * moves it by hand, or (for the real clock) uses a refill so slow that no token comes back while the
 * test runs, and counts 429s against accepted requests.
 */
import { describe, expect, test } from "vitest";
import { parseCli } from "../../src/emulator/cli.js";
import { startEmulator } from "../../src/emulator/index.js";
import { RateLimiter } from "../../src/emulator/rate-limit.js";
import { UsageError } from "../../src/shared/usage-error.js";
import { responseBodyValidator } from "../support/bundles.js";
import { adds, call, v1, v2 } from "./support.js";

function fakeClock(startMs = 1_000) {
  let now = startMs;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

const statuses = (answers: { status: number }[]) => answers.map((a) => a.status);

describe("RateLimiter (token bucket per API and key)", () => {
  test("accepts the burst, refuses the rest, refills at the rate", () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(clock.now, { "audience-2": { requestsPerSecond: 4, burst: 2 } });
    expect(limiter.take("audience-2", "p")).toBeUndefined();
    expect(limiter.take("audience-2", "p")).toBeUndefined();
    // Empty bucket: a token is back in 250 ms, announced as 1 whole second (the specs' integer).
    expect(limiter.take("audience-2", "p")).toEqual({ retryAfterSeconds: 1 });
    clock.advance(249);
    expect(limiter.take("audience-2", "p")).toBeDefined();
    clock.advance(1);
    expect(limiter.take("audience-2", "p")).toBeUndefined();
    // A long idle period refills no more than the burst.
    clock.advance(60_000);
    expect([1, 2, 3].map(() => limiter.take("audience-2", "p") === undefined)).toEqual([true, true, false]);
    expect(limiter.settings()).toEqual({
      limits: { "audience-2": { requestsPerSecond: 4, burst: 2, retryAfter: true } },
      accepted: { "audience-2": 5 },
      limited: { "audience-2": 3 },
    });
    expect(limiter.limitedTotal()).toBe(3);
  });

  test("one bucket per key and per API; unlimited APIs are not counted", () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(clock.now, {
      "custom-audience-1.0": { requestsPerSecond: 1, burst: 1 },
      "custom-audience-1.1": { requestsPerSecond: 1, burst: 1 },
    });
    expect(limiter.take("custom-audience-1.0", "A")).toBeUndefined();
    expect(limiter.take("custom-audience-1.0", "A")).toBeDefined();
    expect(limiter.take("custom-audience-1.0", "B")).toBeUndefined();
    expect(limiter.take("custom-audience-1.1", "A")).toBeUndefined();
    for (let i = 0; i < 100; i++) expect(limiter.take("audience-2", "A")).toBeUndefined();
    expect(limiter.settings().accepted).toEqual({ "custom-audience-1.0": 2, "custom-audience-1.1": 1 });
  });

  test("Retry-After rounds the wait up to whole seconds, or is left out", () => {
    const clock = fakeClock();
    const slow = new RateLimiter(clock.now, { "audience-2": { requestsPerSecond: 0.25, burst: 1, retryAfter: true } });
    slow.take("audience-2", "p");
    expect(slow.take("audience-2", "p")).toEqual({ retryAfterSeconds: 4 });
    clock.advance(2_500);
    expect(slow.take("audience-2", "p")).toEqual({ retryAfterSeconds: 2 });
    const silent = new RateLimiter(clock.now, { "audience-2": { requestsPerSecond: 1, retryAfter: false } });
    silent.take("audience-2", "p");
    expect(silent.take("audience-2", "p")).toEqual({ retryAfterSeconds: undefined });
  });

  test("rejects bad settings with the field and the rule", () => {
    const limiter = new RateLimiter(() => 0);
    expect(() => limiter.configure({ "audience-2": { requestsPerSecond: 0 } })).toThrow(/requestsPerSecond.*above 0/);
    expect(() => limiter.configure({ "audience-2": { requestsPerSecond: 1, burst: 0.5 } })).toThrow(
      /burst.*at least 1/,
    );
    expect(() => limiter.configure({ "audience-3": { requestsPerSecond: 1 } } as never)).toThrow(/unknown API/);
    expect(() => limiter.configure([] as never)).toThrow(/object keyed by API/);
  });
});

describe("rate-limited emulator", () => {
  test("off by default: a burst of 40 requests gets no 429", async () => {
    const emulator = await startEmulator();
    try {
      const api = v2(emulator.urls["audience-2"], emulator.credentials.restKey, emulator.credentials.projectKey);
      const answers = await Promise.all(Array.from({ length: 40 }, () => api.list()));
      expect(statuses(answers).filter((s) => s === 429)).toEqual([]);
      expect(emulator.stats().rateLimited).toBe(0);
      expect(emulator.rateLimits().limits).toEqual({});
    } finally {
      await emulator.stop();
    }
  });

  test("2.x: a burst sent at once gets exactly `burst` answers and the spec's 429 for the rest", async () => {
    // 0.001 request/s: no token comes back while the test runs, however slow the machine.
    const emulator = await startEmulator({ rateLimits: { "audience-2": { requestsPerSecond: 0.001, burst: 5 } } });
    try {
      const api = v2(emulator.urls["audience-2"], emulator.credentials.restKey, emulator.credentials.projectKey);
      const answers = await Promise.all(Array.from({ length: 12 }, () => api.list()));
      expect(statuses(answers).filter((s) => s === 200)).toHaveLength(5);
      const refused = answers.filter((a) => a.status === 429);
      expect(refused).toHaveLength(7);
      const validate = responseBodyValidator("audience-2", "listAudiences", "429");
      for (const answer of refused) {
        expect(answer.json).toEqual({ error_code: "TOO_MANY_REQUESTS", error_message: "Too many requests" });
        expect(validate(answer.json)).toBe(true);
        expect(Number(answer.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
        expect(answer.headers.get("retry-after")).toMatch(/^\d+$/);
      }
      expect(emulator.stats()).toMatchObject({ rateLimited: 7, responses: { "200": 5, "429": 7 } });
    } finally {
      await emulator.stop();
    }
  });

  test("each project key has its own bucket; a refused write applies nothing; time refills", async () => {
    const clock = fakeClock();
    const emulator = await startEmulator({
      keys: { projectKeys: ["project_a", "project_b"] },
      rateLimits: { "audience-2": { requestsPerSecond: 2, burst: 2 } },
      clock: clock.now,
    });
    try {
      const base = emulator.urls["audience-2"];
      const a = v2(base, emulator.credentials.restKey, "project_a");
      const b = v2(base, emulator.credentials.restKey, "project_b");
      expect((await a.create({ name: "fans", type: "custom_ids" })).status).toBe(202);
      expect((await a.update({ name: "fans", ids: adds(["u1"]) })).status).toBe(202);
      const refused = await a.update({ name: "fans", ids: adds(["u2"]) });
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("1");
      expect(emulator.audienceMembers("audience-2", "project_a", "fans")?.size).toBe(1);
      expect((await b.list()).status).toBe(200);
      clock.advance(499);
      expect((await a.update({ name: "fans", ids: adds(["u2"]) })).status).toBe(429);
      clock.advance(1);
      expect((await a.update({ name: "fans", ids: adds(["u2"]) })).status).toBe(202);
      expect(emulator.audienceMembers("audience-2", "project_a", "fans")?.size).toBe(2);
      // Wrong credentials are refused before the limit and do not use a token.
      const stranger = v2(base, "wrong", "project_a");
      expect((await stranger.list()).status).toBe(401);
      clock.advance(500);
      expect((await a.list()).status).toBe(200);
    } finally {
      await emulator.stop();
    }
  });

  test("1.x: TOO_MANY_REQUESTS code 60; 1.0 and 1.1 limited apart; no Retry-After when turned off", async () => {
    const clock = fakeClock();
    const emulator = await startEmulator({
      rateLimits: {
        "custom-audience-1.0": { requestsPerSecond: 1, burst: 1, retryAfter: false },
        "custom-audience-1.1": { requestsPerSecond: 1, burst: 1 },
      },
      clock: clock.now,
    });
    try {
      const { restKey, apiKey } = emulator.credentials;
      const v10 = v1(emulator.baseUrl, "1.0", restKey, apiKey);
      const v11 = v1(emulator.baseUrl, "1.1", restKey, apiKey);
      expect((await v10.list()).status).toBe(200);
      const refused = await v10.list();
      expect(refused.status).toBe(429);
      expect(refused.json).toEqual({ error_code: 60, error_message: "Too many requests" });
      expect(responseBodyValidator("custom-audience-1.0", "listAudiences", "429")(refused.json)).toBe(true);
      expect(refused.headers.get("retry-after")).toBeNull();
      expect((await v11.list()).status).toBe(200);
      const refused11 = await v11.list();
      expect(refused11.json.error_code).toBe(60);
      expect(refused11.headers.get("retry-after")).toBe("1");
    } finally {
      await emulator.stop();
    }
  });

  test("control API: read, replace and turn off the limits; counters follow stats reset", async () => {
    const clock = fakeClock();
    const emulator = await startEmulator({ clock: clock.now });
    try {
      const control = `${emulator.baseUrl}/_emulator/rate-limits`;
      const api = v2(emulator.urls["audience-2"], emulator.credentials.restKey, emulator.credentials.projectKey);
      const put = (body: unknown) => call(control, { method: "PUT", body: JSON.stringify(body) });
      const set = await put({ "audience-2": { requestsPerSecond: 3 } });
      expect(set.json.limits).toEqual({ "audience-2": { requestsPerSecond: 3, burst: 3, retryAfter: true } });
      expect(statuses(await Promise.all([1, 2, 3, 4].map(() => api.list())))).toEqual([200, 200, 200, 429]);
      expect((await call(control)).json).toMatchObject({ accepted: { "audience-2": 3 }, limited: { "audience-2": 1 } });
      expect((await put({ "audience-2": { requestsPerSecond: -1 } })).status).toBe(400);
      await call(`${emulator.baseUrl}/_emulator/stats/reset`, { method: "POST" });
      expect(emulator.rateLimits()).toMatchObject({ accepted: {}, limited: {} });
      expect(emulator.stats().rateLimited).toBe(0);
      expect((await put({})).json.limits).toEqual({});
      expect((await api.list()).status).toBe(200);
    } finally {
      await emulator.stop();
    }
  });
});

describe("command line", () => {
  test("--rate-limit [API=]RPS[/BURST] and --rate-limit-retry-after", () => {
    const all = parseCli(["--rate-limit", "20/40"], {}).options.rateLimits;
    expect(all).toEqual({
      "custom-audience-1.0": { requestsPerSecond: 20, burst: 40, retryAfter: true },
      "custom-audience-1.1": { requestsPerSecond: 20, burst: 40, retryAfter: true },
      "audience-2": { requestsPerSecond: 20, burst: 40, retryAfter: true },
    });
    const some = parseCli(["--rate-limit", "audience-2=5", "--rate-limit-retry-after", "off"], {}).options;
    expect(some.rateLimits).toEqual({ "audience-2": { requestsPerSecond: 5, retryAfter: false } });
    expect(parseCli([], {}).options.rateLimits).toBeUndefined();
    for (const argv of [
      ["--rate-limit", "0"],
      ["--rate-limit", "5/0"],
      ["--rate-limit", "audience-3=5"],
      ["--rate-limit", "fast"],
      ["--rate-limit", "5", "--rate-limit-retry-after", "maybe"],
    ]) {
      expect(() => parseCli(argv, {}), argv.join(" ")).toThrow(UsageError);
    }
  });
});
