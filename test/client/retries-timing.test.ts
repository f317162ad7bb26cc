import { describe, expect, it } from "vitest";
import { BatchAbortedError, BatchConnectionError, BatchTimeoutError, type LogEntry } from "../../src/index.js";
import { ok, useRetryHarness, view } from "./support/retry-harness.js";

const harness = useRetryHarness();
const { server, client } = harness;

describe("retries that involve real time: timeouts, resets, cancellation", () => {
  it("honours Retry-After in seconds", async () => {
    server.enqueue({
      status: 429,
      headers: { "retry-after": "1" },
      json: { error_code: "TOO_MANY", error_message: "slow" },
    });
    const logs: LogEntry[] = [];
    const started = Date.now();
    // The one test that sleeps for real: the system sleep honours the wait (a lower bound only).
    await client({ now: performance.now.bind(performance), sleep: undefined }, logs).get("a");
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(logs[0]).toMatchObject({ event: "retry", status: 429, delayMs: 1000 });
  });

  it("retries a connection reset, and reports a typed connection error when resets persist", async () => {
    server.enqueue({ reset: true });
    await expect(client().get("a")).resolves.toMatchObject(view);
    server.requests.length = 0;
    server.setHandler(() => ({ reset: true }));
    const error = await client({ maxRetries: 2 })
      .get("a")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchConnectionError);
    expect((error as BatchConnectionError).attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it("retries a reset in the middle of a body", async () => {
    server.enqueue({ status: 200, json: view, resetMidBody: true });
    await expect(client().get("a")).resolves.toMatchObject(view);
    expect(server.requests).toHaveLength(2);
  });

  it("times out a slow attempt, retries, and types the final timeout", async () => {
    // Answers 5 s late: far beyond any timer lag on a loaded machine.
    server.enqueue({ ...ok, delayMs: 5_000 });
    await expect(client({ timeoutMs: 100 }).get("a")).resolves.toMatchObject(view);
    server.setHandler(() => ({ ...ok, delayMs: 5_000 }));
    const error = await client({ timeoutMs: 80, maxRetries: 1 })
      .get("a")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchTimeoutError);
    expect((error as BatchTimeoutError).scope).toBe("attempt");
  });

  it("times out a body that stalls after the headers", async () => {
    server.setHandler(() => ({ ...ok, stallBodyMs: 5_000 }));
    const error = await client({ timeoutMs: 100, maxRetries: 0 })
      .get("a")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchTimeoutError);
  });

  it("enforces the overall deadline across attempts", async () => {
    // Each attempt costs 100 ms of the (fake) clock when the server gets it, and is never answered
    // in time: 350 ms hold three full attempts, then a fourth cut to 50 ms by the deadline.
    server.setHandler(() => {
      harness.time.advance(100);
      return { ...ok, delayMs: 5_000 };
    });
    const error = await client({ timeoutMs: 100, deadlineMs: 350, maxRetries: 10 })
      .get("a")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchTimeoutError);
    expect(error).toMatchObject({ scope: "deadline", attempts: 4 });
    expect(server.requests).toHaveLength(4);
  });

  it("cancels when the signal aborts during a backoff wait", async () => {
    server.setHandler(() => ({ status: 503, json: {} }));
    harness.time.hold();
    const controller = new AbortController();
    // The wait lasts until the signal aborts; the abort comes once the wait has begun.
    const logger = (entry: LogEntry) => {
      if (entry.event === "retry") setImmediate(() => controller.abort());
    };
    const error = await client({ logger, baseDelayMs: 10_000, maxDelayMs: 10_000, random: () => 0.99 })
      .get("a", { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchAbortedError);
    expect(harness.time.waits).toEqual([9_900]);
    expect(server.requests).toHaveLength(1);
  });

  it("cancels an attempt in flight, and refuses to start with an aborted signal", async () => {
    const controller = new AbortController();
    // Aborted as soon as the server has the request; its answer would come 5 s later.
    server.setHandler(() => {
      controller.abort();
      return { ...ok, delayMs: 5_000 };
    });
    const error = await client({ timeoutMs: 60_000 })
      .get("a", { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchAbortedError);
    const before = server.requests.length;
    expect(
      await client()
        .get("a", { signal: AbortSignal.abort() })
        .catch((e: unknown) => e),
    ).toBeInstanceOf(BatchAbortedError);
    expect(server.requests.length).toBe(before);
  });
});
