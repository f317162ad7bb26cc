import { describe, expect, it } from "vitest";
import { BatchValidationError, createCustomAudienceClient } from "../../src/index.js";
import { fakeCustomAudience } from "../support/fake-batch.js";
import { ids, idsOf, opts, useBulkHarness } from "./support/bulk-harness.js";

const harness = useBulkHarness();
const { server } = harness;
const twoX = harness.twoX;

describe("bulkReplace", () => {
  it("replaces with the first chunk, waits for indexing, then adds the rest in order", async () => {
    const c = await twoX({ pollsBeforeApplied: 1 });
    await c.update("aud", [{ action: "add", id: "old" }]);
    server.requests.length = 0;
    const result = await c.bulkReplace("aud", ids(12), {
      chunkSize: 5,
      concurrency: 2,
      indexing: { initialDelayMs: 5 },
    });
    expect(result.ok).toBe(true);
    const kinds = server.requests.map((r) => r.path.split("/").at(-1));
    expect(kinds[0]).toBe("replace");
    expect(idsOf(server.requests[0]!.json)).toEqual(ids(5));
    const firstUpdate = kinds.indexOf("update");
    expect(kinds.slice(1, firstUpdate)).toEqual(["view", "view"]);
    expect(kinds.slice(firstUpdate).every((k) => k === "update")).toBe(true);
    expect(new Set(harness.fake.audiences.get("aud")!.members.keys())).toEqual(new Set(ids(12)));
    expect(result.acceptedChunks[0]!.operation).toBe("replace");
    expect(result.indexingTokens.length).toBe(result.acceptedChunks.length);
  });

  it("sends a single replace when everything fits, and keeps tags on 1.1 adds", async () => {
    const fake = fakeCustomAudience("ak", "rk");
    server.setHandler(fake.handler);
    const c = createCustomAudienceClient({ version: "1.1", apiKey: "ak", restKey: "rk", baseUrl: server.url, ...opts });
    await c.create("t");
    server.requests.length = 0;
    await c.bulkReplace("t", [{ id: "a", tags: ["x"] }, "b"], {
      chunkSize: 1,
      awaitReplaceIndexing: false,
      concurrency: 1,
    });
    expect(server.requests.map((r) => [r.method, r.json])).toEqual([
      ["PUT", { ids: [{ id: "a", tags: ["x"] }] }],
      ["PATCH", { ids: [{ action: "add", id: "b" }] }],
    ]);
  });

  it("sends nothing more when the replace fails", async () => {
    const c = await twoX();
    const result = await c.bulkReplace("missing", ids(30), { chunkSize: 10 });
    expect(result.ok).toBe(false);
    expect(server.requests).toHaveLength(1);
    expect(result.failedChunks[0]).toMatchObject({ operation: "replace", positions: ids(10).map((_, i) => i) });
    expect(result.stoppedEarly?.firstUnreadPosition).toBe(10);
  });

  it("refuses an empty replace", async () => {
    const c = await twoX();
    expect(await c.bulkReplace("aud", []).catch((e: unknown) => e)).toBeInstanceOf(BatchValidationError);
    expect(server.requests).toHaveLength(0);
  });
});
