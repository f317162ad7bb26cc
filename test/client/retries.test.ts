import { beforeEach, describe, expect, it } from "vitest";
import {
  BatchAbortedError,
  BatchAuthenticationError,
  BatchBadRequestError,
  BatchConnectionError,
  BatchMaintenanceError,
  BatchNotFoundError,
  BatchPermissionError,
  BatchRateLimitError,
  BatchServerError,
  BatchTimeoutError,
  createAudienceClient,
  createCustomAudienceClient,
  type LogEntry,
} from "../../src/index.js";
import { useScriptedServer } from "../support/scripted-server.js";

const view = { name: "a", nb_ids: 1, indexing_state: "APPLIED" };
const ok = { status: 200, json: view };
const token = { status: 202, json: { indexing_token: "t1" } };

const server = useScriptedServer();
beforeEach(() => {
  server.setHandler(() => ok);
});

function client(overrides: Record<string, unknown> = {}, logs?: LogEntry[]) {
  return createAudienceClient({
    restKey: "rk",
    projectKey: "pk",
    baseUrl: server.url,
    baseDelayMs: 1,
    maxDelayMs: 5,
    timeoutMs: 2_000,
    ...(logs ? { logger: (e: LogEntry) => logs.push(e) } : {}),
    ...overrides,
  });
}

describe("retries", () => {
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

  it("honours Retry-After in seconds", async () => {
    server.enqueue({
      status: 429,
      headers: { "retry-after": "1" },
      json: { error_code: "TOO_MANY", error_message: "slow" },
    });
    const logs: LogEntry[] = [];
    const started = Date.now();
    await client({}, logs).get("a");
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(logs[0]).toMatchObject({ event: "retry", status: 429, delayMs: 1000 });
  });

  it("returns the 429 at once when Retry-After (HTTP date) is beyond the deadline", async () => {
    const later = new Date(Date.now() + 60_000).toUTCString();
    server.enqueue({
      status: 429,
      headers: { "retry-after": later },
      json: { error_code: "TOO_MANY", error_message: "slow" },
    });
    const started = Date.now();
    const error = await client({ deadlineMs: 2_000 })
      .get("a")
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(BatchRateLimitError);
    expect((error as BatchRateLimitError).retryAfterMs).toBeGreaterThan(55_000);
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
      rateLimitFloorMs: 300,
    });
    const started = Date.now();
    await c.list();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(server.requests).toHaveLength(2);
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
    server.enqueue({ ...ok, delayMs: 400 });
    await expect(client({ timeoutMs: 100 }).get("a")).resolves.toMatchObject(view);
    server.setHandler(() => ({ ...ok, delayMs: 400 }));
    const error = await client({ timeoutMs: 80, maxRetries: 1 })
      .get("a")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchTimeoutError);
    expect((error as BatchTimeoutError).scope).toBe("attempt");
  });

  it("times out a body that stalls after the headers", async () => {
    server.setHandler(() => ({ ...ok, stallBodyMs: 500 }));
    const error = await client({ timeoutMs: 100, maxRetries: 0 })
      .get("a")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchTimeoutError);
  });

  it("enforces the overall deadline across attempts", async () => {
    server.setHandler(() => ({ ...ok, delayMs: 150 }));
    const started = Date.now();
    const error = await client({ timeoutMs: 100, deadlineMs: 350, maxRetries: 10 })
      .get("a")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchTimeoutError);
    expect((error as BatchTimeoutError).scope).toBe("deadline");
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("cancels at once when the signal aborts during a backoff sleep", async () => {
    server.setHandler(() => ({ status: 503, json: {} }));
    const controller = new AbortController();
    const started = Date.now();
    const pending = client({ baseDelayMs: 10_000, maxDelayMs: 10_000, random: () => 0.99 })
      .get("a", { signal: controller.signal })
      .catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 100);
    const error = await pending;
    expect(error).toBeInstanceOf(BatchAbortedError);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
  });

  it("cancels an attempt in flight, and refuses to start with an aborted signal", async () => {
    server.setHandler(() => ({ ...ok, delayMs: 2_000 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    expect(
      await client()
        .get("a", { signal: controller.signal })
        .catch((e: unknown) => e),
    ).toBeInstanceOf(BatchAbortedError);
    expect(Date.now() - started).toBeLessThan(1_000);
    const before = server.requests.length;
    expect(
      await client()
        .get("a", { signal: AbortSignal.abort() })
        .catch((e: unknown) => e),
    ).toBeInstanceOf(BatchAbortedError);
    expect(server.requests.length).toBe(before);
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

  it("types a 2xx answer whose body is not JSON", async () => {
    server.enqueue({ status: 200, body: "<html>captive portal</html>", headers: { "content-type": "text/html" } });
    const error = await client()
      .get("a")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "api", status: 200 });
  });

  it("backs off exponentially with full jitter", async () => {
    server.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    const logs: LogEntry[] = [];
    await client({ baseDelayMs: 20, maxDelayMs: 1_000, random: () => 0.5 }, logs).get("a");
    expect(logs.map((l) => l.delayMs)).toEqual([10, 20, 40]);
  });
});
