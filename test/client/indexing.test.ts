import { describe, expect, it } from "vitest";
import {
  BatchAbortedError,
  BatchTimeoutError,
  createAudienceClient,
  createCustomAudienceClient,
} from "../../src/index.js";
import { fakeAudienceApi, fakeCustomAudience } from "../support/fake-batch.js";
import { useScriptedServer } from "../support/scripted-server.js";
import { fakeTime } from "./support/fake-time.js";

const server = useScriptedServer();
const opts = { baseDelayMs: 1, maxDelayMs: 2, rateLimitFloorMs: 0 };

describe("waitForIndexing", () => {
  it("polls view with the token, backing off, until APPLIED", async () => {
    const fake = fakeCustomAudience("ak", "rk", { pollsBeforeApplied: 3 });
    server.setHandler(fake.handler);
    const time = fakeTime();
    const base = { apiKey: "ak", restKey: "rk", baseUrl: server.url, ...opts, now: time.now, sleep: time.sleep };
    const c = createCustomAudienceClient({ version: "1.1", ...base });
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
    // Waits double from 20 ms.
    expect(time.waits).toEqual([20, 40, 80]);
    expect(outcome.elapsedMs).toBe(140);
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
    const time = fakeTime();
    const c = createAudienceClient({
      restKey: "rk",
      projectKey: "pk",
      baseUrl: server.url,
      ...opts,
      now: time.now,
      sleep: time.sleep,
    });
    const error = await c.waitForIndexing("s", "t", { deadlineMs: 200, initialDelayMs: 20 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchTimeoutError);
    expect((error as BatchTimeoutError).scope).toBe("indexing");
    // 20 + 40 + 80 ms waited; the next wait (160 ms) would cross the 200 ms deadline: give up after 4 polls.
    expect(time.waits).toEqual([20, 40, 80]);
    expect((error as BatchTimeoutError).attempts).toBe(4);
    expect(server.requests).toHaveLength(4);
  });

  it("stops at once when aborted during a wait", async () => {
    server.setHandler(() => ({ json: { name: "s", nb_ids: 0, indexing_state: "IN_PROGRESS" } }));
    const time = fakeTime();
    time.hold();
    const c = createAudienceClient({
      restKey: "rk",
      projectKey: "pk",
      baseUrl: server.url,
      ...opts,
      now: time.now,
      sleep: time.sleep,
    });
    const controller = new AbortController();
    const error = await c
      // The wait after the first poll lasts until the signal aborts: the abort must end it.
      .waitForIndexing("s", "t", { initialDelayMs: 5_000, signal: controller.signal, onPoll: () => controller.abort() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchAbortedError);
    expect(time.waits).toEqual([5_000]);
    expect(server.requests).toHaveLength(1);
  });
});
