import { describe, expect, it } from "vitest";
import { createAudienceClient, inBatches } from "../../src/index.js";
import { type FakeBatch, fakeAudienceApi } from "../support/fake-batch.js";
import { useScriptedServer } from "../support/scripted-server.js";

const server = useScriptedServer();
let fake: FakeBatch;
const opts = { baseDelayMs: 1, maxDelayMs: 2, rateLimitFloorMs: 0 };
const idsOf = (body: unknown) => ((body as { ids: Array<{ id: string }> }).ids ?? []).map((o) => o.id);

async function twoX(writeDelayMs?: () => number) {
  fake = fakeAudienceApi("rk", "pk", writeDelayMs ? { writeDelayMs } : {});
  server.setHandler(fake.handler);
  const c = createAudienceClient({ restKey: "rk", projectKey: "pk", baseUrl: `${server.url}/2.11`, ...opts });
  await c.create("aud");
  server.requests.length = 0;
  return c;
}

async function* batchesOf<T>(items: T[], size: number, onRead?: (read: number) => void): AsyncGenerator<T[]> {
  for (let i = 0; i < items.length; i += size) {
    onRead?.(i);
    yield items.slice(i, i + size);
    if (i === 0) yield []; // an empty batch is skipped, not read as the end
  }
}

describe("batched bulk input (inBatches)", () => {
  it("sends exactly what the same items sent one by one would, with the same positions", async () => {
    const items = ["a0", "", "a2", { action: "remove", id: "a3" }, "a4", "a5", "a6"];
    const c = await twoX();
    const result = await c.bulkUpdate("aud", inBatches(batchesOf(items, 3)) as never, { chunkSize: 2, concurrency: 1 });
    expect(server.requests.flatMap((r) => idsOf(r.json))).toEqual(["a0", "a2", "a3", "a4", "a5", "a6"]);
    expect(result.invalidItems.map((i) => i.position)).toEqual([1]);
    expect(result.progress).toMatchObject({ itemsRead: 7, itemsInvalid: 1, itemsAccepted: 6 });
    expect(result.acceptedChunks.map((chunk) => chunk.itemCount)).toEqual([2, 2, 2]);
    expect([...fake.audiences.get("aud")!.members.keys()].sort()).toEqual(["a0", "a2", "a4", "a5", "a6"]);
  });

  it("keeps backpressure: batches are not read far ahead of what is in flight", async () => {
    const c = await twoX(() => 5);
    const items = Array.from({ length: 2_000 }, (_, i) => `b${i}`);
    let accepted = 0;
    let maxAhead = 0;
    const result = await c.bulkUpdate(
      "aud",
      inBatches(batchesOf(items, 50, (read) => (maxAhead = Math.max(maxAhead, read - accepted)))),
      {
        chunkSize: 10,
        concurrency: 2,
        onProgress: (p) => {
          accepted = p.itemsAccepted;
        },
      },
    );
    expect(result.progress.itemsAccepted).toBe(2_000);
    // Per lane one chunk building, one queued, one in flight, plus the batch being read.
    expect(maxAhead).toBeLessThanOrEqual(2 * 3 * 10 + 50);
  });

  it("works for replace too (first chunk replaces, the rest are added)", async () => {
    const c = await twoX();
    const items = Array.from({ length: 25 }, (_, i) => `r${i}`);
    const result = await c.bulkReplace("aud", inBatches(batchesOf(items, 7)), {
      chunkSize: 10,
      concurrency: 1,
      indexing: { initialDelayMs: 1 },
    });
    expect(result.ok).toBe(true);
    expect(fake.audiences.get("aud")!.members.size).toBe(25);
  });
});
