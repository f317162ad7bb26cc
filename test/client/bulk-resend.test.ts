/**
 * Re-sending failed chunks: a lane carries on after a chunk fails, so a later accepted chunk can hold
 * a newer operation on one of the failed chunk's IDs. Re-sending every failed position would then
 * undo that newer operation; `resendPositions` leaves those out (`supersededPositions`).
 */
import { expect, it } from "vitest";
import { createAudienceClient, type IdOperation } from "../../src/index.js";
import { fakeAudienceApi } from "../support/fake-batch.js";
import { useScriptedServer } from "../support/scripted-server.js";

const server = useScriptedServer();

const idsOf = (body: unknown) => ((body as { ids?: Array<{ id: string }> }).ids ?? []).map((o) => o.id);

async function clientFailingWhen(fails: (ids: string[]) => boolean) {
  const fake = fakeAudienceApi("rk", "pk");
  let failing = true;
  server.setHandler((request) =>
    failing && fails(idsOf(request.json))
      ? { status: 400, json: { error_code: "MALFORMED_PARAMETER", error_message: "Malformed parameter: ids" } }
      : fake.handler(request),
  );
  const client = createAudienceClient({
    restKey: "rk",
    projectKey: "pk",
    baseUrl: `${server.url}/2.11`,
    baseDelayMs: 1,
    maxDelayMs: 2,
  });
  await client.create("aud");
  return {
    client,
    members: () => [...fake.audiences.get("aud")!.members.keys()].sort(),
    heal: () => (failing = false),
  };
}

// chunk 0: a (positions 0 and 1, merged), b, c   chunk 1: d, remove a, e   chunk 2: f
const input: IdOperation[] = [
  { action: "add", id: "a" },
  { action: "add", id: "a", attributes: { n: 1 } },
  { action: "add", id: "b" },
  { action: "add", id: "c" },
  { action: "add", id: "d" },
  { action: "remove", id: "a" },
  { action: "add", id: "e" },
  { action: "add", id: "f" },
];
const options = { chunkSize: 3, concurrency: 1 };

it("leaves out positions a later accepted chunk superseded, so re-sending reaches the intended state", async () => {
  const { client, members, heal } = await clientFailingWhen((ids) => ids.includes("b"));
  const result = await client.bulkUpdate("aud", input, options);
  expect(result.failedChunks).toHaveLength(1);
  expect(result.failedChunks[0]).toMatchObject({
    positions: [0, 1, 2, 3],
    supersededPositions: [0, 1],
    resendPositions: [2, 3],
  });

  heal();
  const again = await client.bulkUpdate(
    "aud",
    result.failedChunks[0]!.resendPositions.map((p) => input[p]!),
    options,
  );
  expect(again.ok).toBe(true);
  // Re-sending all of `positions` would have brought "a" back after its accepted removal.
  expect(members()).toEqual(["b", "c", "d", "e", "f"]);
});

it("keeps every position when the later chunk on the same ID failed too", async () => {
  const { client, members, heal } = await clientFailingWhen((ids) => ids.includes("a"));
  const result = await client.bulkUpdate("aud", input, options);
  expect(result.failedChunks.map((c) => c.resendPositions)).toEqual([
    [0, 1, 2, 3],
    [4, 5, 6],
  ]);
  expect(result.failedChunks.every((c) => c.supersededPositions.length === 0)).toBe(true);

  heal();
  const positions = result.failedChunks.flatMap((c) => c.resendPositions).sort((x, y) => x - y);
  const again = await client.bulkUpdate(
    "aud",
    positions.map((p) => input[p]!),
    options,
  );
  expect(again.ok).toBe(true);
  expect(members()).toEqual(["b", "c", "d", "e", "f"]);
});

it("supersedes nothing for chunks that were never sent", async () => {
  const fake = fakeAudienceApi("rk", "pk");
  server.setHandler((request) =>
    idsOf(request.json).includes("b")
      ? { status: 401, json: { error_code: "AUTHENTICATION_INVALID", error_message: "no" } }
      : fake.handler(request),
  );
  const client = createAudienceClient({
    restKey: "rk",
    projectKey: "pk",
    baseUrl: `${server.url}/2.11`,
    baseDelayMs: 1,
  });
  fake.audiences.set("aud", { name: "aud", type: "custom_ids", members: new Map(), created: "2024-01-01T00:00:00Z" });
  const result = await client.bulkUpdate("aud", input, options);
  for (const chunk of result.failedChunks) expect(chunk.resendPositions).toEqual(chunk.positions);
  expect(result.failedChunks.some((c) => !c.sent)).toBe(true);
});
