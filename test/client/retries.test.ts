import { describe, expect, it } from "vitest";
import {
  BatchAuthenticationError,
  BatchBadRequestError,
  BatchMaintenanceError,
  BatchNotFoundError,
  BatchPermissionError,
  BatchRateLimitError,
  BatchServerError,
  createCustomAudienceClient,
  type LogEntry,
} from "../../src/index.js";
import { useRetryHarness, view } from "./support/retry-harness.js";

const token = { status: 202, json: { indexing_token: "t1" } };
const harness = useRetryHarness();
const { server, client } = harness;

describe("retries (on fake time: the computed waits are asserted, none is slept)", () => {
  it.each([429, 500, 502, 503, 504])("retries HTTP %i and then succeeds", async (status) => {
    server.enqueue({ status, json: { error_code: "X", error_message: "try again" } });
    await expect(client().get("a")).resolves.toMatchObject(view);
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    [400, BatchBadRequestError],
    [401, BatchAuthenticationError],
    [403, BatchPermissionError],
    [404, BatchNotFoundError],
  ])("never retries HTTP %i", async (status, type) => {
    server.enqueue({ status, json: { error_code: "NOPE", error_message: "no" } });
    const error = await client()
      .get("a")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect(server.requests).toHaveLength(1);
  });

  it("gives up after maxRetries with the typed error of the last answer", async () => {
    server.setHandler(() => ({ status: 500, json: { error_code: "SERVER_ERROR", error_message: "boom" } }));
    const error = await client({ maxRetries: 2 })
      .get("a")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchServerError);
    expect((error as BatchServerError).attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it("per-call options override the client's", async () => {
    server.setHandler(() => ({ status: 503, json: { error_code: "MAINTENANCE", error_message: "later" } }));
    const error = await client({ maxRetries: 5 })
      .get("a", { maxRetries: 0 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchMaintenanceError);
    expect(server.requests).toHaveLength(1);
  });

  it("re-sends the same body on every attempt", async () => {
    server.enqueue({ reset: true }, { status: 500, json: {} });
    server.setHandler(() => token);
    const ids = [{ action: "add" as const, id: "x1", attributes: { n: 1 } }];
    await client().update("aud", ids);
    expect(server.requests).toHaveLength(3);
    for (const r of server.requests) expect(r.json).toEqual({ name: "aud", ids });
  });

  it("returns the 429 at once when Retry-After (HTTP date) is beyond the deadline", async () => {
    const later = new Date(Date.now() + 60_000).toUTCString();
    server.enqueue({
      status: 429,
      headers: { "retry-after": later },
      json: { error_code: "TOO_MANY", error_message: "slow" },
    });
    const error = await client({ deadlineMs: 2_000 })
      .get("a")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchRateLimitError);
    expect((error as BatchRateLimitError).retryAfterMs).toBeGreaterThan(55_000);
    expect(harness.time.waits).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it("raises the wait to Retry-After in seconds", async () => {
    server.enqueue({
      status: 503,
      headers: { "retry-after": "7" },
      json: { error_code: "MAINTENANCE", error_message: "x" },
    });
    const logs: LogEntry[] = [];
    await client({}, logs).get("a");
    expect(harness.time.waits).toEqual([7_000]);
    expect(logs[0]).toMatchObject({ event: "retry", status: 503, delayMs: 7_000 });
  });

  it("waits at least the 1.x rate-limit floor after a 429", async () => {
    server.setHandler(() => ({ status: 200, json: { custom_audiences: [] } }));
    server.enqueue({ status: 429, json: { error_code: 60, error_message: "Too many requests" } });
    const c = createCustomAudienceClient({
      version: "1.1",
      apiKey: "ak",
      restKey: "rk",
      baseUrl: server.url,
      baseDelayMs: 1,
      now: harness.time.now,
      sleep: harness.time.sleep,
    });
    await c.list();
    expect(harness.time.waits).toEqual([5_000]);
    expect(server.requests).toHaveLength(2);
  });

  it("backs off exponentially with full jitter", async () => {
    server.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    const logs: LogEntry[] = [];
    await client({ baseDelayMs: 20, maxDelayMs: 1_000, random: () => 0.5 }, logs).get("a");
    expect(harness.time.waits).toEqual([10, 20, 40]);
    expect(logs.map((l) => l.delayMs)).toEqual([10, 20, 40]);
  });

  it("caps the backoff at maxDelayMs and gives up when the next wait would cross the deadline", async () => {
    server.setHandler(() => ({ status: 502, json: {} }));
    const error = await client({
      baseDelayMs: 1_000,
      maxDelayMs: 3_000,
      deadlineMs: 10_000,
      maxRetries: 10,
      random: () => 0.999,
    })
      .get("a")
      .catch((e: unknown) => e);
    // Ceilings 1 s, 2 s, 3 s, 3 s, 3 s: after 8,991 ms of waits, the fifth (2,997 ms) would end past 10 s.
    expect(harness.time.waits).toEqual([999, 1_998, 2_997, 2_997]);
    expect(error).toBeInstanceOf(BatchServerError);
    expect((error as BatchServerError).attempts).toBe(5);
  });

  it("types non-JSON and empty error bodies", async () => {
    server.enqueue({
      status: 502,
      body: "<html><body>Bad gateway</body></html>",
      headers: { "content-type": "text/html" },
    });
    const html = await client({ maxRetries: 0 })
      .get("a")
      .catch((e: unknown) => e);
    expect(html).toBeInstanceOf(BatchServerError);
    expect((html as BatchServerError).status).toBe(502);
    expect((html as BatchServerError).errorMessage).toContain("text/html");
    expect((html as BatchServerError).errorCode).toBeUndefined();
    server.enqueue({ status: 503 });
    const empty = await client({ maxRetries: 0 })
      .get("a")
      .catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(BatchMaintenanceError);
    expect((empty as BatchMaintenanceError).errorMessage).toContain("empty body");
  });

  it("a maintenance error keeps its Retry-After in JSON, like a rate-limit error", async () => {
    server.enqueue({
      status: 503,
      headers: { "retry-after": "30" },
      json: { error_code: "MAINTENANCE", error_message: "x" },
    });
    const error = await client({ maxRetries: 0 })
      .get("a")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchMaintenanceError);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ kind: "maintenance", status: 503, retryAfterMs: 30_000 });
  });

  it("types a 2xx answer whose body is not JSON", async () => {
    server.enqueue({ status: 200, body: "<html>captive portal</html>", headers: { "content-type": "text/html" } });
    const error = await client()
      .get("a")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "api", status: 200 });
  });
});
