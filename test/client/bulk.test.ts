import { describe, expect, it } from "vitest";
import {
  BatchAbortedError,
  BatchAuthenticationError,
  BatchBadRequestError,
  BatchValidationError,
  type BulkProgress,
  createCustomAudienceClient,
  type IdOperation,
} from "../../src/index.js";
import { fakeCustomAudience } from "../support/fake-batch.js";
import { ids, idsOf, opts, useBulkHarness } from "./support/bulk-harness.js";

const harness = useBulkHarness();
const { server } = harness;
const twoX = harness.twoX;

describe("bulkUpdate", () => {
  it("splits input into chunks of chunkSize, sends every ID once and returns every token", async () => {
    const c = await twoX();
    const progress: BulkProgress[] = [];
    const result = await c.bulkUpdate("aud", ids(25), {
      chunkSize: 10,
      concurrency: 1,
      onProgress: (p) => progress.push(p),
    });
    expect(server.requests.map((r) => idsOf(r.json).length)).toEqual([10, 10, 5]);
    expect(server.requests.flatMap((r) => idsOf(r.json))).toEqual(ids(25));
    expect(result.ok).toBe(true);
    expect(result.indexingTokens).toHaveLength(3);
    expect(result.progress).toMatchObject({
      itemsRead: 25,
      itemsSent: 25,
      itemsAccepted: 25,
      itemsFailed: 0,
      chunksAccepted: 3,
    });
    expect(progress.at(-1)!.itemsAccepted).toBe(25);
    expect(harness.fake.audiences.get("aud")!.members.size).toBe(25);
  });

  it("caps chunks at 10,000 IDs whatever chunkSize says", async () => {
    const c = await twoX();
    await c.bulkUpdate("aud", ids(10_001), { chunkSize: 50_000, concurrency: 1 });
    expect(server.requests.map((r) => idsOf(r.json).length)).toEqual([10_000, 1]);
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    const c = await twoX({ writeDelayMs: () => 15 });
    const result = await c.bulkUpdate("aud", ids(200), { chunkSize: 5, concurrency: 3 });
    expect(result.ok).toBe(true);
    expect(server.maxInFlight).toBeLessThanOrEqual(3);
    expect(server.maxInFlight).toBeGreaterThan(1);
  });

  it("applies last-action-wins within a chunk and keeps every input position", async () => {
    const c = await twoX();
    const input: IdOperation[] = [
      { action: "add", id: "a" },
      { action: "add", id: "b" },
      { action: "remove", id: "a" },
      { action: "add", id: "a", attributes: { n: 2 } },
    ];
    const result = await c.bulkUpdate("aud", input, { chunkSize: 10, concurrency: 1 });
    expect(server.requests).toHaveLength(1);
    expect((server.requests[0]!.json as { ids: unknown }).ids).toEqual([
      { action: "add", id: "a", attributes: { n: 2 } },
      { action: "add", id: "b" },
    ]);
    expect(result.acceptedChunks[0]).toMatchObject({ itemCount: 4, idCount: 2 });
  });

  it("keeps per-ID order across concurrent chunks (final state equals sequential application)", async () => {
    const applied: string[] = [];
    const c = await twoX({
      writeDelayMs: () => Math.floor(Math.random() * 12),
      onApply: (_a, action, id) => applied.push(`${id}:${action}`),
    });
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const input: IdOperation[] = [];
    for (let i = 0; i < 600; i++)
      input.push({ action: rand() < 0.5 ? "add" : "remove", id: `u${Math.floor(rand() * 40)}` });
    const expected = new Set<string>();
    for (const op of input) op.action === "add" ? expected.add(op.id) : expected.delete(op.id);
    const result = await c.bulkUpdate("aud", input, { chunkSize: 7, concurrency: 4 });
    expect(result.ok).toBe(true);
    expect(new Set(harness.fake.audiences.get("aud")!.members.keys())).toEqual(expected);
    // Per ID, the applied actions are a subsequence of the input actions (dedupe may skip some).
    for (let u = 0; u < 40; u++) {
      const id = `u${u}`;
      const wanted = input.filter((o) => o.id === id).map((o) => o.action);
      const got = applied.filter((s) => s.startsWith(`${id}:`)).map((s) => s.split(":")[1]);
      let k = 0;
      for (const action of got) {
        while (k < wanted.length && wanted[k] !== action) k++;
        expect(k, `${id} applied out of order`).toBeLessThan(wanted.length);
        k++;
      }
      expect(got.at(-1)).toBe(wanted.at(-1));
    }
  });

  it("reports invalid items with their positions and sends the rest", async () => {
    const c = await twoX();
    const input = [
      "ok0",
      "",
      { action: "add", id: "ok2", attributes: { Bad: 1 } },
      "ok3",
      { action: "remove", id: "ok4", attributes: { a: 1 } },
    ];
    const result = await c.bulkUpdate("aud", input as never, { chunkSize: 10, concurrency: 1 });
    expect(result.ok).toBe(false);
    expect(result.invalidItems.map((i) => [i.position, i.error.field])).toEqual([
      [1, "input[1]"],
      [2, "input[2].attributes.Bad"],
      [4, "input[4].attributes"],
    ]);
    expect(result.invalidItems[0]!.error).toBeInstanceOf(BatchValidationError);
    expect(server.requests.flatMap((r) => idsOf(r.json))).toEqual(["ok0", "ok3"]);
    expect(result.progress).toMatchObject({ itemsRead: 5, itemsInvalid: 3, itemsAccepted: 2 });
  });

  it("lists a failed chunk with its error and every input position, and carries on", async () => {
    const c = await twoX();
    const base = harness.fake.handler;
    server.setHandler((r) =>
      idsOf(r.json).includes("id13")
        ? { status: 400, json: { error_code: "MALFORMED_PARAMETER", error_message: "Malformed parameter: ids" } }
        : base(r),
    );
    const input = [...ids(20), "id13"];
    const result = await c.bulkUpdate("aud", input, { chunkSize: 5, concurrency: 1 });
    expect(result.ok).toBe(false);
    expect(result.failedChunks).toHaveLength(2);
    expect(result.failedChunks[0]).toMatchObject({ positions: [10, 11, 12, 13, 14], sent: true, operation: "update" });
    expect(result.failedChunks[0]!.error).toBeInstanceOf(BatchBadRequestError);
    expect(result.failedChunks[1]!.positions).toEqual([20]);
    const { itemsAccepted, itemsFailed, itemsInvalid, itemsRead } = result.progress;
    expect(itemsAccepted + itemsFailed + itemsInvalid).toBe(itemsRead);
    expect(result.indexingTokens).toHaveLength(3);
  });

  it("stops reading after an authentication failure and reports what was not sent", async () => {
    const c = await twoX();
    server.setHandler(() => ({ status: 401, json: { error_code: "AUTHENTICATION_INVALID", error_message: "no" } }));
    let pulled = 0;
    function* source() {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield `x${i}`;
      }
    }
    const result = await c.bulkUpdate("aud", source(), { chunkSize: 10, concurrency: 2 });
    expect(result.ok).toBe(false);
    expect(result.failedChunks[0]!.error).toBeInstanceOf(BatchAuthenticationError);
    expect(result.stoppedEarly?.firstUnreadPosition).toBeLessThan(1000);
    expect(pulled).toBeLessThan(1000);
    expect(server.requests.length).toBeLessThanOrEqual(2);
    expect(result.failedChunks.some((f) => !f.sent)).toBe(true);
    expect(result.progress.itemsFailed).toBe(result.progress.itemsRead);
  });

  it("does not read far ahead of what is in flight (backpressure)", async () => {
    const c = await twoX({ writeDelayMs: () => 5 });
    let accepted = 0;
    let maxAhead = 0;
    async function* source() {
      for (let i = 0; i < 2_000; i++) {
        maxAhead = Math.max(maxAhead, i - accepted);
        yield `b${i}`;
      }
    }
    const result = await c.bulkUpdate("aud", source(), {
      chunkSize: 10,
      concurrency: 2,
      onProgress: (p) => {
        accepted = p.itemsAccepted;
      },
    });
    expect(result.progress.itemsAccepted).toBe(2_000);
    // Per lane: one chunk building, one queued, one in flight.
    expect(maxAhead).toBeLessThanOrEqual(2 * 3 * 10 + 1);
  });

  it("sends what was read when the input fails, and reports where it stopped", async () => {
    const c = await twoX();
    async function* broken() {
      for (let i = 0; i < 7; i++) yield `s${i}`;
      throw new Error("disk read failed");
    }
    const result = await c.bulkUpdate("aud", broken(), { chunkSize: 5, concurrency: 1 });
    expect(result.ok).toBe(false);
    expect(result.stoppedEarly).toMatchObject({ firstUnreadPosition: 7 });
    expect(result.stoppedEarly!.reason.message).toBe("disk read failed");
    expect(result.progress.itemsAccepted).toBe(7);
  });

  it("counts retries in progress", async () => {
    const c = await twoX();
    server.enqueue({ status: 503, json: {} });
    const result = await c.bulkUpdate("aud", ids(3));
    expect(result.progress.retries).toBe(1);
    expect(result.ok).toBe(true);
  });

  it("rejects with the partial result when aborted", async () => {
    const c = await twoX({ writeDelayMs: () => 20 });
    const controller = new AbortController();
    const pending = c.bulkUpdate("aud", ids(500), {
      chunkSize: 10,
      concurrency: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.chunksAccepted >= 2) controller.abort();
      },
    });
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchAbortedError);
    const partial = (error as BatchAbortedError).partialResult as { indexingTokens: string[]; ok: boolean };
    expect(partial.indexingTokens.length).toBeGreaterThanOrEqual(2);
    expect(partial.ok).toBe(false);
    expect(server.requests.length).toBeLessThan(50);
  });

  it("1.0 bulk update sends the audience type with every chunk", async () => {
    const fake = fakeCustomAudience("ak", "rk");
    server.setHandler(fake.handler);
    const c = createCustomAudienceClient({ version: "1.0", apiKey: "ak", restKey: "rk", baseUrl: server.url, ...opts });
    await c.create("old", { type: "custom_ids" });
    server.requests.length = 0;
    const result = await c.bulkUpdate("old", ids(7), {
      type: "custom_ids",
      chunkSize: 3,
      concurrency: 1,
      defaultAction: "add",
    });
    expect(result.ok).toBe(true);
    expect(server.requests.every((r) => (r.json as { type: string }).type === "custom_ids")).toBe(true);
  });
});
