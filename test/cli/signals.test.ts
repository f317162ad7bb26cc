/**
 * Ctrl-C during a sync: the first lets the requests in flight finish (also through the README's
 * checkout command, `npm run cli -- sync …`, where a wrapper could otherwise deliver it twice), the
 * second aborts them, and aborted rows are counted apart from failed ones.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type EmulatorHandle, startEmulator } from "../../src/emulator/index.js";
import { ensureBuilt } from "./build.js";
import { idOf, runCli, tempDir, until, writeIdsCsv } from "./support.js";
import { TtySession } from "./tty.js";

let emulator: EmulatorHandle;
const dir = tempDir();

beforeAll(async () => {
  await ensureBuilt();
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => emulator?.stop());
beforeEach(() => {
  emulator.reset();
  emulator.resetStats();
  emulator.setFaults({});
});

function counts() {
  const stats = emulator.stats();
  const answered = Object.values(stats.responses).reduce((sum, n) => sum + n, 0);
  return { ...stats, answered, inFlight: stats.requests - answered - stats.cut };
}

function expectExactly(name: string, count: number): void {
  const got = emulator.audienceMembers("audience-2", "project_emulator", name);
  expect(got?.size).toBe(count);
  for (let i = 0; i < count; i++) if (!got!.has(idOf(i))) throw new Error(`missing ${idOf(i)}`);
}

describe("Ctrl-C during a sync", () => {
  it("one Ctrl-C through `npm run cli -- sync` lets the requests in flight finish", async () => {
    const file = writeIdsCsv(dir, 60_000, "npm-run.csv");
    // Each update is answered after 300 ms, so requests are in flight whenever the test looks.
    emulator.setFaults({ rates: { slow: 1 }, slowMs: 300, operations: ["update"] });
    const args = ["sync", "--emulator", emulator.baseUrl, "--api", "2", "--name", "npm_run", "--file", file];
    const command = ["npm", "run", "cli", "--", ...args, "--chunk-size", "2000", "--quiet"];
    const tty = new TtySession(command, { cols: 120, rows: 40 });
    await until(() => counts().answered >= 3 && counts().inFlight >= 1, tty.exited);
    tty.type("\x03"); // a terminal's Ctrl-C: SIGINT to npm, its shell and the CLI at once
    const { screen } = await tty.finish();
    const text = screen.join("\n");
    expect(text).toContain("interrupted: finishing the chunks in flight");
    expect(text).not.toContain("aborting the chunks in flight");
    expect(text).toMatch(/— INTERRUPTED\n {2}rows: [\d,]+ read, [\d,]+ accepted, 0 failed, 0 invalid\n/);
    // Every row Batch applied was acknowledged and saved: nothing was cut off mid-request.
    const checkpoint = JSON.parse(readFileSync(`${file}.batch-sync.json`, "utf8"));
    const after = counts();
    expect(after.cut).toBe(0);
    expect(after.inFlight).toBe(0);
    expect(checkpoint.rowsAcknowledged).toBe(after.idsIngested);
    expect(after.idsIngested).toBeLessThan(60_000);

    emulator.setFaults({});
    const resumed = await runCli([...args, "--chunk-size", "2000", "--resume", "--json"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).rows.skipped).toBe(checkpoint.rowsAcknowledged);
    expectExactly("npm_run", 60_000);
    expect(counts().idsIngested).toBe(60_000); // no row sent twice
  });

  it("a second Ctrl-C aborts the requests in flight; their rows count as aborted, not failed", async () => {
    const file = writeIdsCsv(dir, 20_000, "twice.csv");
    // Updates are held for 30 s: they are still in flight when the second Ctrl-C comes.
    emulator.setFaults({ rates: { slow: 1 }, slowMs: 30_000, operations: ["update"] });
    const args = ["sync", "--emulator", emulator.baseUrl, "--api", "2", "--name", "twice", "--file", file];
    const run = await runCli([...args, "--chunk-size", "1000", "--json"], {
      onStart: (child) => {
        let stderr = "";
        child.stderr!.on("data", (text: string) => (stderr += text));
        const exited = new Promise((resolve) => child.on("exit", resolve));
        void (async () => {
          await until(() => counts().inFlight === 4, exited);
          child.kill("SIGINT");
          await until(() => stderr.includes("interrupted: finishing"), exited);
          child.kill("SIGINT");
        })();
      },
    });
    expect(run.code).toBe(130);
    const summary = JSON.parse(run.stdout);
    // The 4 requests in flight (4 × 1,000 rows, listed by line) and every row read behind them.
    expect(summary.rows).toMatchObject({ accepted: 0, failed: 0, invalid: 0, aborted: summary.rows.read });
    expect(summary.rows.read).toBeGreaterThanOrEqual(4_000);
    expect(summary.failures).toEqual([]);
    expect(summary.abortedRows).toHaveLength(4_000);
    expect(run.stderr).toContain("aborting the chunks in flight: their rows will be sent again by --resume");

    emulator.setFaults({});
    const resumed = await runCli([...args, "--chunk-size", "1000", "--resume", "--json"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expectExactly("twice", 20_000);
  });
});
