/** `batch-audience sync` against the emulator: full uploads, resume after an interruption, dry runs. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type EmulatorHandle, startEmulator } from "../../src/emulator/index.js";
import { ensureBuilt } from "./build.js";
import { idOf, runCli, tempDir, writeIdsCsv } from "./support.js";

let emulator: EmulatorHandle;
const dir = tempDir();
const PROJECT = "project_emulator";

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

const target = () => ["--emulator", emulator.baseUrl, "--api", "2"];
const members = (name: string) => emulator.audienceMembers("audience-2", PROJECT, name);

function expectExactly(name: string, count: number): void {
  const got = members(name);
  expect(got?.size).toBe(count);
  for (let i = 0; i < count; i++) if (!got!.has(idOf(i))) throw new Error(`missing ${idOf(i)}`);
}

describe("sync: uploads and resumes", () => {
  it("a 100,000-row CSV ends with exactly those IDs in the audience", async () => {
    const file = writeIdsCsv(dir, 100_000, "hundred-k.csv");
    const run = await runCli(["sync", ...target(), "--name", "fans", "--file", file, "--json"]);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ ok: true, rows: { read: 100_000, accepted: 100_000, failed: 0, invalid: 0 } });
    expect(summary.indexingTokens).toHaveLength(summary.chunks.accepted);
    expectExactly("fans", 100_000);
    expect(emulator.stats().idsIngested).toBe(100_000);
    // A finished sync leaves no checkpoint behind.
    expect(existsSync(`${file}.batch-sync.json`)).toBe(false);
  });

  it("an interrupted sync resumes without sending any acknowledged chunk again", async () => {
    const file = writeIdsCsv(dir, 100_000, "interrupted.csv");
    const checkpoint = `${file}.batch-sync.json`;
    // Slow answers (150 ms each, 4 in flight, 2,000 IDs per chunk: 50 chunks take about 2 s) keep
    // the upload going long after the 5th answer, where the test interrupts it.
    emulator.setFaults({ rates: { slow: 1 }, slowMs: 150, operations: ["update"] });
    const args = ["sync", ...target(), "--name", "resumed", "--file", file, "--chunk-size", "2000", "--json"];
    let interruptedAt = 0;
    const first = await runCli(args, {
      onStart: (child) => {
        const timer = setInterval(() => {
          const answered = emulator.stats().responses["202"] ?? 0;
          if (answered >= 5) {
            interruptedAt = answered;
            clearInterval(timer);
            child.kill("SIGINT");
          }
        }, 5);
        child.on("exit", () => clearInterval(timer));
      },
    });
    expect(interruptedAt).toBeGreaterThanOrEqual(5);
    expect(first.code).toBe(130);
    const firstSummary = JSON.parse(first.stdout);
    expect(firstSummary.interrupted).toBe(true);
    expect(firstSummary.rows.accepted).toBeLessThan(100_000);
    expect(existsSync(checkpoint)).toBe(true);
    const sentBefore = emulator.stats().idsIngested;
    expect(sentBefore).toBe(firstSummary.rows.accepted);

    // Without --resume the CLI refuses to start over silently.
    const refused = await runCli(args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--resume/);

    emulator.setFaults({});
    const second = await runCli([...args, "--resume"]);
    expect(second.code).toBe(0);
    const secondSummary = JSON.parse(second.stdout);
    expect(secondSummary.rows.skipped).toBe(firstSummary.rows.accepted);
    expect(firstSummary.rows.accepted + secondSummary.rows.accepted).toBe(100_000);
    expectExactly("resumed", 100_000);
    // Every ID reached the emulator exactly once over the two runs: no chunk was sent twice.
    expect(emulator.stats().idsIngested).toBe(100_000);
    expect(existsSync(checkpoint)).toBe(false);
  });
});

describe("sync: replace", () => {
  it("a replace interrupted after its first call resumes with adds and ends with exactly the file", async () => {
    const file = writeIdsCsv(dir, 30_000, "replace.csv");
    const checkpoint = `${file}.batch-sync.json`;
    expect((await runCli(["create", ...target(), "--name", "swap"])).code).toBe(0);
    expect((await runCli(["update", ...target(), "--name", "swap", "--add", "old-1", "old-2"])).code).toBe(0);
    expect(members("swap")?.size).toBe(2);
    emulator.setFaults({ rates: { slow: 1 }, slowMs: 150, operations: ["update"] });
    const args = [
      "sync",
      ...target(),
      "--name",
      "swap",
      "--file",
      file,
      "--mode",
      "replace",
      "--chunk-size",
      "1000",
      "--concurrency",
      "2",
      "--json",
    ];
    const first = await runCli(args, {
      onStart: (child) => {
        const timer = setInterval(() => {
          try {
            if (JSON.parse(readFileSync(checkpoint, "utf8")).rowsAcknowledged >= 15_000) {
              clearInterval(timer);
              child.kill("SIGINT");
            }
          } catch {
            // not written yet
          }
        }, 10);
        child.on("exit", () => clearInterval(timer));
      },
    });
    expect(first.code).toBe(130);
    // The replace call carried the first chunk (rows on lines 2..1001); the rest go as adds.
    expect(JSON.parse(readFileSync(checkpoint, "utf8")).replace.throughRow).toBe(1_001);
    emulator.setFaults({});
    const second = await runCli([...args, "--resume"]);
    expect(second.code).toBe(0);
    expectExactly("swap", 30_000);
    expect(members("swap")?.has("old-1")).toBe(false);
    expect(emulator.stats().idsIngested).toBe(30_000 + 2);
  });
});

describe("sync: input", () => {
  it("reports malformed rows with their line numbers and sends nothing in --dry-run", async () => {
    const file = path.join(dir, "malformed.csv");
    writeFileSync(
      file,
      `${[
        "id,age:number,plan",
        "u1,30,gold",
        ",31,silver",
        "u3,abc,gold",
        "u4,40",
        "u5,41,gold",
        `u6,42,"${"x".repeat(301)}"`,
      ].join("\n")}\n`,
    );
    const run = await runCli(["sync", ...target(), "--name", "fans", "--file", file, "--dry-run", "--json"]);
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ ok: false, dryRun: true, rows: { read: 6, valid: 2, invalid: 4, sent: 0 } });
    expect(summary.invalidRows.map((r: { row: number }) => r.row)).toEqual([3, 4, 5, 7]);
    expect(summary.invalidRows[0].message).toMatch(/id: must be at least 1 character long/);
    expect(summary.invalidRows[1].message).toMatch(/age.*not a number/);
    expect(summary.invalidRows[2].message).toMatch(/2 column\(s\), the header has 3/);
    expect(summary.invalidRows[3].message).toMatch(/at most 300 characters/);
    expect(emulator.stats().requests).toBe(0);

    const text = await runCli(["sync", ...target(), "--name", "fans", "--file", file, "--dry-run"]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/invalid row 3: id: must be at least 1 character long/);
    expect(emulator.stats().requests).toBe(0);
  });

  it("parses quoted CSV fields (commas, quotes, line breaks) after plain lines, keeping line numbers", async () => {
    const file = path.join(dir, "quoted.csv");
    const plain = Array.from({ length: 3000 }, (_, i) => `p${i},plain`);
    writeFileSync(
      file,
      `${[
        "id,note",
        ...plain,
        '"q1","a, b"',
        '"q2","say ""hi"""',
        '"q3","two',
        'lines"',
        ",after-multiline",
        "q5,tail",
      ].join("\r\n")}\r\n`,
    );
    const run = await runCli(["sync", ...target(), "--name", "quoted", "--file", file, "--json"]);
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    // Line 1 is the header, the plain rows are lines 2..3001; q3 spans two lines, so the empty ID is on line 3006.
    expect(summary.invalidRows).toEqual([
      { row: 3006, message: expect.stringMatching(/^id: must be at least 1 character long/) },
    ]);
    expect(summary.rows).toMatchObject({ read: 3005, accepted: 3004, invalid: 1 });
    const got = members("quoted")!;
    expect(got.get("p0")).toEqual({ attributes: { note: "plain" } });
    expect(got.get("q1")).toEqual({ attributes: { note: "a, b" } });
    expect(got.get("q2")).toEqual({ attributes: { note: 'say "hi"' } });
    expect(got.get("q3")).toEqual({ attributes: { note: "two\r\nlines" } });
    expect(got.get("q5")).toEqual({ attributes: { note: "tail" } });
  });
});

describe("sync: more inputs", () => {
  it("sends the valid rows, reports the invalid ones and exits 1", async () => {
    const file = path.join(dir, "mixed.ndjson");
    writeFileSync(
      file,
      ['{"id":"a","attributes":{"age":3}}', "not json", '"b"', '{"id":"c","attributes":{"Bad Name":1}}', ""].join("\n"),
    );
    const run = await runCli(["sync", ...target(), "--name", "mixed", "--file", file, "--json"]);
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary.rows).toMatchObject({ read: 4, accepted: 2, invalid: 2 });
    expect(summary.invalidRows.map((r: { row: number }) => r.row)).toEqual([2, 4]);
    expect(members("mixed")?.get("a")).toEqual({ attributes: { age: 3 } });
  });

  it("reads a ;-separated file with --delimiter and a header-less list of IDs with --no-header", async () => {
    const semicolons = path.join(dir, "export.csv");
    // The quoted line goes through csv-parse, with the same delimiter.
    writeFileSync(semicolons, `id;age:number;plan\n${idOf(0)};31;gold\n${idOf(1)};;silver\n"${idOf(2)}";40;"a;b"\n`);
    const run = await runCli(["sync", ...target(), "--name", "semi", "--file", semicolons, "--delimiter", ";"]);
    expect(run.code, run.stderr).toBe(0);
    expect(members("semi")?.get(idOf(0))).toEqual({ attributes: { age: 31, plan: "gold" } });
    expect(members("semi")?.get(idOf(1))).toEqual({ attributes: { plan: "silver" } });
    expect(members("semi")?.get(idOf(2))).toEqual({ attributes: { age: 40, plan: "a;b" } });

    const bare = path.join(dir, "ids.txt");
    writeFileSync(bare, `${idOf(0)}\n${idOf(1)}\t2024\n\n\tno-id\n${idOf(3)}\n`);
    const list = await runCli([
      "sync",
      ...target(),
      "--name",
      "bare",
      "--file",
      bare,
      "--no-header",
      "--delimiter",
      "tab",
      "--json",
    ]);
    expect(list.code).toBe(1);
    const summary = JSON.parse(list.stdout);
    // No header: line 1 is an ID; the blank line 3 is skipped; line 4 has an empty first column.
    expect(summary.rows).toMatchObject({ read: 4, accepted: 3, invalid: 1 });
    expect(summary.invalidRows).toEqual([{ row: 4, message: expect.stringMatching(/^id: /) }]);
    expect([...members("bare")!.keys()].sort()).toEqual([idOf(0), idOf(1), idOf(3)]);
  });

  it("reads stdin and removes IDs with --mode remove", async () => {
    const file = writeIdsCsv(dir, 10, "ten.csv");
    expect((await runCli(["sync", ...target(), "--name", "small", "--file", file])).code).toBe(0);
    const run = await runCli(
      ["sync", ...target(), "--name", "small", "--file", "-", "--mode", "remove", "--wait", "--json"],
      {
        input: "id\nuser-0000000\nuser-0000001\n",
      },
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).indexing.states).toEqual(expect.arrayContaining(["APPLIED"]));
    expect(members("small")?.size).toBe(8);
  });
});
