/**
 * The adaptive throttle wired into the client: bulk uploads go through it by default, shared by the
 * clients of one key, `throttle: false` turns it off, and against a rate-limited emulator throttled
 * uploads end with the exact audience after far fewer 429s than the same upload without it.
 * The client, its throttle and the emulator's rate limiter share virtual time (support/virtual-time.ts),
 * so the 429 counts do not depend on how fast or loaded the machine is.
 */
import { afterEach, describe, expect, it } from "vitest";
import { AdaptiveThrottle } from "../../src/client/http/throttle.js";
import { type EmulatorHandle, startEmulator } from "../../src/emulator/index.js";
import { type BulkProgress, createAudienceClient } from "../../src/index.js";
import { type VirtualTime, virtualTime } from "./support/virtual-time.js";

const keys = { restKey: "emulator-rest-key", projectKey: "project_emulator" };
const CHUNK = 50;
const ids = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

let emulator: EmulatorHandle | undefined;
let time: VirtualTime;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

/** A fresh emulator (its own port, so its own shared throttle) limited to 20 requests/s, burst 5. */
async function limited(): Promise<EmulatorHandle> {
  time = virtualTime();
  emulator = await startEmulator({
    port: 0,
    clock: time.now,
    rateLimits: { "audience-2": { requestsPerSecond: 20, burst: 5 } },
  });
  return emulator;
}

/** A bulk upload of `count` IDs (chunks of 50, 4 lanes) by a new client on virtual time; the 429s it met. */
async function upload(handle: EmulatorHandle, name: string, count: number, throttle: AdaptiveThrottle | false) {
  const client = createAudienceClient({
    ...keys,
    baseUrl: `${handle.baseUrl}/2.11`,
    throttle,
    fetch: time.fetch,
    now: time.now,
    sleep: time.sleep,
  });
  await client.create(name).catch(() => undefined);
  handle.resetStats();
  let last: BulkProgress | undefined;
  const result = await client.bulkUpdate(name, ids(count, name), {
    chunkSize: CHUNK,
    concurrency: 4,
    onProgress: (p) => {
      last = p;
    },
  });
  expect(result.failedChunks).toEqual([]);
  expect(handle.audienceMembers("audience-2", keys.projectKey, name)?.size).toBe(count);
  return { last, stats: handle.stats() };
}

describe("bulk uploads under a rate limit (20 requests/s, burst 5)", () => {
  it("throttled (the default), a second upload with the same key meets far fewer 429s than one without", async () => {
    const handle = await limited();
    // The first upload teaches the key's throttle the limit (its lanes, unpaced at first, are
    // refused together when the server's burst runs out); a second client sharing that throttle
    // (as clients of one key in a process do) starts from what it learned.
    const throttle = new AdaptiveThrottle({ clock: time.clock });
    const first = await upload(handle, "first", 600, throttle);
    expect(first.last?.throttle?.refusals).toBe(first.stats.rateLimited);
    const paced = await upload(handle, "paced", 1_000, throttle);
    expect(paced.last?.throttle?.rate).toBeGreaterThan(0);
    expect(paced.last?.throttle?.refusals).toBe(paced.stats.rateLimited);

    // Today's behaviour on the same limit: every lane meets 429s on its own.
    const bouncing = await upload(handle, "bouncing", 1_000, false);
    expect(bouncing.last?.throttle).toBeUndefined();
    expect(bouncing.stats.rateLimited).toBeGreaterThanOrEqual(4);
    expect(paced.stats.rateLimited * 4).toBeLessThanOrEqual(bouncing.stats.rateLimited);
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
