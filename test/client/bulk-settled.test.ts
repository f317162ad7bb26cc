import { describe, expect, it } from "vitest";
import { BatchAuthenticationError, BatchBadRequestError, type ChunkSettled } from "../../src/index.js";
import { ids, idsOf, useBulkHarness } from "./support/bulk-harness.js";

const harness = useBulkHarness();
const { server } = harness;

describe("onChunkSettled", () => {
  it("reports every chunk once, with its lane and input positions; a lane's chunks in input order", async () => {
    const c = await harness.twoX({ writeDelayMs: () => Math.floor(Math.random() * 4) });
    const input = Array.from({ length: 300 }, (_, i) => `u${i % 97}`);
    const settled: ChunkSettled[] = [];
    const result = await c.bulkUpdate("aud", input, {
      chunkSize: 7,
      concurrency: 3,
      dedupe: false,
      onChunkSettled: (chunk) => settled.push(chunk),
    });
    expect(result.ok).toBe(true);
    expect(settled.map((s) => s.chunkIndex).sort((a, b) => a - b)).toEqual(
      result.acceptedChunks.map((a) => a.chunkIndex),
    );
    expect(settled.every((s) => s.status === "accepted" && typeof s.indexingToken === "string")).toBe(true);
    // The positions of all chunks are every input position, once.
    expect(settled.flatMap((s) => s.positions).sort((a, b) => a - b)).toEqual(input.map((_, i) => i));
    // An ID stays in one lane, and each lane reports its chunks in input order.
    const laneOfId = new Map<string, number>();
    const lastByLane = new Map<number, number>();
    for (const s of settled) {
      for (const p of s.positions) {
        expect(laneOfId.get(input[p]!) ?? s.lane).toBe(s.lane);
        laneOfId.set(input[p]!, s.lane);
      }
      expect(s.positions[0]!).toBeGreaterThan(lastByLane.get(s.lane) ?? -1);
      lastByLane.set(s.lane, s.positions.at(-1)!);
    }
  });

  it("reports a refused chunk as failed with its error, and chunks left after a stop as unsent", async () => {
    const c = await harness.twoX();
    const base = harness.fake.handler;
    server.setHandler((r) =>
      idsOf(r.json).includes("id3")
        ? { status: 400, json: { error_code: "MALFORMED_PARAMETER", error_message: "Malformed parameter: ids" } }
        : base(r),
    );
    const settled: ChunkSettled[] = [];
    await c.bulkUpdate("aud", ids(6), { chunkSize: 2, concurrency: 1, onChunkSettled: (s) => settled.push(s) });
    expect(settled.map((s) => [s.status, s.positions])).toEqual([
      ["accepted", [0, 1]],
      ["failed", [2, 3]],
      ["accepted", [4, 5]],
    ]);
    expect(settled[1]!.error).toBeInstanceOf(BatchBadRequestError);

    server.setHandler(() => ({ status: 401, json: { error_code: "AUTHENTICATION_INVALID", error_message: "no" } }));
    const stopped: ChunkSettled[] = [];
    const result = await c.bulkUpdate("aud", ids(100), {
      chunkSize: 5,
      concurrency: 2,
      onChunkSettled: (s) => stopped.push(s),
    });
    expect(stopped.filter((s) => s.status === "failed").map((s) => s.error)).toEqual(
      result.failedChunks.filter((f) => f.sent).map((f) => f.error),
    );
    expect(stopped[0]!.error).toBeInstanceOf(BatchAuthenticationError);
    expect(stopped.filter((s) => s.status === "unsent")).toHaveLength(
      result.failedChunks.filter((f) => !f.sent).length,
    );
  });

  it("reports a bulk replace's replace call first, before any add", async () => {
    const c = await harness.twoX();
    const settled: ChunkSettled[] = [];
    const result = await c.bulkReplace("aud", ids(23), {
      chunkSize: 10,
      concurrency: 2,
      indexing: { initialDelayMs: 1 },
      onChunkSettled: (s) => settled.push(s),
    });
    expect(result.ok).toBe(true);
    expect(settled[0]).toMatchObject({
      operation: "replace",
      lane: 0,
      status: "accepted",
      positions: ids(10).map((_, i) => i),
    });
    expect(settled.slice(1).every((s) => s.operation === "update")).toBe(true);
    expect(settled.flatMap((s) => s.positions).sort((a, b) => a - b)).toEqual(ids(23).map((_, i) => i));
  });

  it("stops the upload when the callback throws, and rethrows its error", async () => {
    const c = await harness.twoX();
    const boom = new Error("checkpoint disk full");
    let calls = 0;
    const error = await c
      .bulkUpdate("aud", ids(1_000), {
        chunkSize: 10,
        concurrency: 1,
        onChunkSettled: () => {
          calls++;
          throw boom;
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBe(boom);
    expect(calls).toBe(1);
    expect(server.requests.length).toBeLessThan(5);
  });
});
