/**
 * `sync` goes through the client's adaptive throttle by default: against a rate-limited emulator
 * the summary reports the throttle (its pace and every 429 the emulator sent) and the audience is
 * exact. Counts only, no timing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorHandle, startEmulator } from "../../src/emulator/index.js";
import { ensureBuilt } from "./build.js";
import { runCli, tempDir, writeIdsCsv } from "./support.js";

let emulator: EmulatorHandle;
const dir = tempDir();

beforeAll(async () => {
  await ensureBuilt();
  emulator = await startEmulator({ port: 0, rateLimits: { "audience-2": { requestsPerSecond: 10, burst: 2 } } });
});
afterAll(async () => emulator?.stop());

describe("sync under a rate limit", () => {
  it("is throttled by default and says so in the summary", async () => {
    const file = writeIdsCsv(dir, 1_000, "limited.csv");
    const args = ["sync", "--emulator", emulator.baseUrl, "--api", "2", "--name", "limited", "--file", file];
    const run = await runCli([...args, "--chunk-size", "50", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.rows).toMatchObject({ read: 1_000, accepted: 1_000, failed: 0 });
    expect(emulator.audienceMembers("audience-2", "project_emulator", "limited")?.size).toBe(1_000);
    // The lanes in flight when the burst of 2 ran out were refused (a limit this low is reached even
    // on a loaded machine): the throttle counted each one.
    // Single calls (the create, the closing view) are not throttled and may meet a 429 of their own.
    expect(summary.throttle.refusals).toBeGreaterThan(0);
    expect(summary.throttle.refusals).toBeLessThanOrEqual(emulator.stats().rateLimited);
    expect(summary.throttle.rate).toBeGreaterThan(0);

    const text = await runCli([...args.slice(0, 6), "limited-text", "--file", file, "--chunk-size", "50", "--quiet"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/\n {2}throttle: paced [\d.]+ req\/s, waited [\d.]+ s, \d+ × 429\n/);
  });
});
