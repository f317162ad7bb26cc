/**
 * The adaptive throttle wired into the client: bulk uploads go through it by default, `throttle:
 * false` turns it off, and against a rate-limited emulator a throttled upload ends with the exact
 * audience after far fewer 429s than the same upload without it. Assertions are on counts (429s,
 * IDs), never on elapsed time; sizes keep each upload to a few seconds.
 */
import { afterEach, describe, expect, it } from "vitest";
import { AdaptiveThrottle } from "../../src/client/http/throttle.js";
import { type EmulatorHandle, startEmulator } from "../../src/emulator/index.js";
import { type BulkProgress, createAudienceClient } from "../../src/index.js";

const keys = { restKey: "emulator-rest-key", projectKey: "project_emulator" };
// 30 calls: a few seconds each way at 20 requests/s, even on a loaded machine.
const IDS = 1_500;
const CHUNK = 50;
const ids = () => Array.from({ length: IDS }, (_, i) => `t-${i}`);

let emulator: EmulatorHandle | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

/** A fresh emulator (its own port, so its own shared throttle) limited to 20 requests/s, burst 5. */
async function limited(): Promise<EmulatorHandle> {
  emulator = await startEmulator({ port: 0, rateLimits: { "audience-2": { requestsPerSecond: 20, burst: 5 } } });
  return emulator;
}

async function upload(handle: EmulatorHandle, name: string, throttle: boolean) {
  const client = createAudienceClient({ ...keys, baseUrl: `${handle.baseUrl}/2.11`, throttle });
  await client.create(name);
  handle.resetStats();
  let last: BulkProgress | undefined;
  const result = await client.bulkUpdate(name, ids(), {
    chunkSize: CHUNK,
    concurrency: 4,
    onProgress: (p) => {
      last = p;
    },
  });
  return { result, last, stats: handle.stats() };
}

describe("bulk uploads under a rate limit", () => {
  it("with the throttle (the default): the exact audience, and far fewer 429s than without", async () => {
    const throttled = await upload(await limited(), "paced", true);
    expect(throttled.result.failedChunks).toEqual([]);
    expect(throttled.result.progress.itemsAccepted).toBe(IDS);
    expect(emulator!.audienceMembers("audience-2", keys.projectKey, "paced")?.size).toBe(IDS);
    // The progress reports the throttle: paced, with every 429 the emulator sent counted.
    expect(throttled.last?.throttle?.rate).toBeGreaterThan(0);
    expect(throttled.last?.throttle?.refusals).toBe(throttled.stats.rateLimited);
    await emulator!.stop();

    const unthrottled = await upload(await limited(), "bouncing", false);
    expect(unthrottled.last?.throttle).toBeUndefined();
    // Today's behaviour: every lane meets 429s on its own.
    // (Throttled, the lanes in flight when the server's burst runs out are refused together, once.)
    expect(unthrottled.stats.rateLimited).toBeGreaterThan(2 * Math.max(1, throttled.stats.rateLimited));
    const share = (s: { rateLimited: number; requests: number }) => s.rateLimited / s.requests;
    expect(share(throttled.stats)).toBeLessThan(share(unthrottled.stats) / 2);
  });
});

describe("the transport's throttle hook", () => {
  /** A fetch answering 429 to the first `refusals` attempts, then 202. */
  function refusing(refusals: number) {
    let calls = 0;
    const fetch = async () => {
      calls++;
      if (calls <= refusals) return new Response('{"error_code":"TOO_MANY_REQUESTS"}', { status: 429 });
      return new Response('{"indexing_token":"t"}', { status: 202, headers: { "content-type": "application/json" } });
    };
    return { fetch, calls: () => calls };
  }

  it("acquires before and records after every attempt; 429s under it do not use up the retries", async () => {
    // A floor of 1,000 requests/s keeps the pace after the cuts to a millisecond a request.
    const throttle = new AdaptiveThrottle({ minRate: 1_000 });
    const stub = refusing(3);
    const client = createAudienceClient({ ...keys, fetch: stub.fetch, throttle, maxRetries: 1, baseDelayMs: 1 });
    const result = await client.bulkUpdate("fans", ["a", "b"], { concurrency: 1 });
    expect(result.failedChunks).toEqual([]);
    expect(stub.calls()).toBe(4);
    expect(throttle.snapshot()).toMatchObject({ granted: 4, rateLimited: 3 });
  });

  it("with throttle: false the retries run out as before", async () => {
    const stub = refusing(3);
    const client = createAudienceClient({ ...keys, fetch: stub.fetch, throttle: false, maxRetries: 1, baseDelayMs: 1 });
    const result = await client.bulkUpdate("fans", ["a", "b"], { concurrency: 1 });
    expect(result.failedChunks).toHaveLength(1);
    expect(stub.calls()).toBe(2);
  });

  it("leaves single calls unthrottled: only bulk uploads go through it", async () => {
    const throttle = new AdaptiveThrottle({ minRate: 1_000 });
    const stub = refusing(0);
    const client = createAudienceClient({ ...keys, fetch: stub.fetch, throttle });
    await client.update("fans", [{ action: "add", id: "a" }]);
    expect(throttle.snapshot().granted).toBe(0);
  });
});
