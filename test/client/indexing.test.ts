import { describe, expect, it } from "vitest";
import {
  BatchAbortedError,
  BatchTimeoutError,
  createAudienceClient,
  createCustomAudienceClient,
} from "../../src/index.js";
import { fakeAudienceApi, fakeCustomAudience } from "../support/fake-batch.js";
import { useScriptedServer } from "../support/scripted-server.js";

const server = useScriptedServer();
const opts = { baseDelayMs: 1, maxDelayMs: 2, rateLimitFloorMs: 0 };

describe("waitForIndexing", () => {
  it("polls view with the token, backing off, until APPLIED", async () => {
    const fake = fakeCustomAudience("ak", "rk", { pollsBeforeApplied: 3 });
    server.setHandler(fake.handler);
    const c = createCustomAudienceClient({ version: "1.1", apiKey: "ak", restKey: "rk", baseUrl: server.url, ...opts });
    const { indexingToken } = await c.create("idx");
    const states: Array<string | undefined> = [];
    const outcome = await c.waitForIndexing("idx", indexingToken!, {
      initialDelayMs: 20,
      onPoll: (s) => states.push(s),
    });
    expect(outcome).toMatchObject({ state: "APPLIED", replaced: false, polls: 4 });
    expect(states).toEqual(["IN_PROGRESS", "IN_PROGRESS", "IN_PROGRESS", "APPLIED"]);
    const views = server.requests.filter((r) => r.method === "GET");
    expect(views.every((r) => r.query.get("indexing_token") === indexingToken)).toBe(true);
    const gaps = views.slice(1).map((r, i) => r.receivedAt - views[i]!.receivedAt);
    // Waits double from 20 ms (a gap can only be longer than its wait, never shorter).
    expect(gaps).toHaveLength(3);
    for (const [i, wait] of [20, 40, 80].entries()) expect(gaps[i]!).toBeGreaterThanOrEqual(wait - 2);
  });

  it("reports REPLACED distinctly on 2.x", async () => {
    const fake = fakeAudienceApi("rk", "pk", { pollsBeforeApplied: 100 });
    server.setHandler(fake.handler);
    const c = createAudienceClient({ restKey: "rk", projectKey: "pk", baseUrl: `${server.url}/2.11`, ...opts });
    await c.create("r");
    const { indexingToken } = await c.update("r", [{ action: "add", id: "x" }]);
    await c.replace("r", [{ id: "y" }]);
    const outcome = await c.waitForIndexing("r", indexingToken, { initialDelayMs: 5 });
    expect(outcome).toMatchObject({ state: "REPLACED", replaced: true, polls: 1 });
  });

  it("times out with a typed error at the deadline", async () => {
    server.setHandler(() => ({ json: { name: "s", nb_ids: 0, indexing_state: "IN_PROGRESS" } }));
    const c = createAudienceClient({ restKey: "rk", projectKey: "pk", baseUrl: server.url, ...opts });
    const started = Date.now();
    const error = await c.waitForIndexing("s", "t", { deadlineMs: 200, initialDelayMs: 20 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchTimeoutError);
    expect((error as BatchTimeoutError).scope).toBe("indexing");
    expect(Date.now() - started).toBeLessThan(600);
  });

  it("stops at once when aborted during a wait", async () => {
    server.setHandler(() => ({ json: { name: "s", nb_ids: 0, indexing_state: "IN_PROGRESS" } }));
    const c = createAudienceClient({ restKey: "rk", projectKey: "pk", baseUrl: server.url, ...opts });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await c
      .waitForIndexing("s", "t", { initialDelayMs: 5_000, signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchAbortedError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
