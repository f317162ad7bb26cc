/**
 * `sync --shard K/N` with the built CLI: four shard processes of one file, against one emulator and
 * one key, end with exactly the file's audience; an ID's add and later remove stay in order; a
 * shard resumes only its own checkpoint.
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorHandle, startEmulator } from "../../src/emulator/index.js";
import { ensureBuilt } from "./build.js";
import { idOf, runCli, tempDir } from "./support.js";

let emulator: EmulatorHandle;
const dir = tempDir();
const SHARDS = 4;
const IDS = 8_000;

beforeAll(async () => {
  await ensureBuilt();
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => emulator?.stop());

const target = () => ["--emulator", emulator.baseUrl, "--api", "2"];
const members = (name: string) => emulator.audienceMembers("audience-2", "project_emulator", name);

/**
 * Every ID is added; every 3rd is removed further down the file, and every 9th added back after
 * that. Small chunks put the three operations on one ID in different requests, so only the order
 * kept inside a shard decides the outcome. Returns the file and the IDs that must remain.
 */
function writeOrderedOps(): { file: string; expected: Set<string>; rows: number } {
  const lines: string[] = [];
  for (let i = 0; i < IDS; i++) lines.push(JSON.stringify(idOf(i)));
  for (let i = 0; i < IDS; i += 3) lines.push(JSON.stringify({ id: idOf(i), action: "remove" }));
  for (let i = 0; i < IDS; i += 9) lines.push(JSON.stringify({ id: idOf(i), action: "add" }));
  const expected = new Set<string>();
  for (let i = 0; i < IDS; i++) if (i % 3 !== 0 || i % 9 === 0) expected.add(idOf(i));
  const file = path.join(dir, "ops.ndjson");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return { file, expected, rows: lines.length };
}

describe("sync --shard K/N", () => {
  it("4 shard processes of one file end with exactly the file's audience, each op of an ID in order", async () => {
    const { file, expected, rows } = writeOrderedOps();
    const shard = (k: number) =>
      runCli([
        "sync",
        ...target(),
        "--name",
        "sharded",
        "--file",
        file,
        "--shard",
        `${k}/${SHARDS}`,
        "--chunk-size",
        "100",
        "--json",
      ]);
    const runs = await Promise.all(Array.from({ length: SHARDS }, (_, k) => shard(k)));
    const summaries = runs.map((run) => {
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout);
    });
    // Every row was read by exactly one shard, and counted as another shard's row by the others.
    expect(summaries.map((s) => s.shard)).toEqual(["0/4", "1/4", "2/4", "3/4"]);
    expect(summaries.reduce((sum, s) => sum + s.rows.read, 0)).toBe(rows);
    for (const s of summaries) {
      expect(s.rows.read + s.rows.otherShards).toBe(rows);
      expect(s.rows.accepted).toBe(s.rows.read);
      // No shard is empty or holds most of the file.
      expect(s.rows.read).toBeGreaterThan(rows / SHARDS / 2);
    }
    const got = members("sharded")!;
    expect(got.size).toBe(expected.size);
    for (const id of expected) if (!got.has(id)) throw new Error(`missing ${id}`);
    // Each shard removes its own checkpoint when done.
    for (let k = 0; k < SHARDS; k++) expect(existsSync(`${file}.shard-${k}-of-4.batch-sync.json`)).toBe(false);
  });

  it("says in the text summary how many rows belonged to other shards", async () => {
    const file = path.join(dir, "small.csv");
    writeFileSync(file, `id\n${Array.from({ length: 100 }, (_, i) => idOf(i)).join("\n")}\n`);
    const run = await runCli(["sync", ...target(), "--name", "text", "--file", file, "--shard", "1/2", "--quiet"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\(API 2, mode add, shard 1\/2\)/);
    const read = Number(/rows: (\d+) read/.exec(run.stdout)?.[1]);
    expect(run.stdout).toContain(`; ${100 - read} more in other shards`);
    expect(members("text")?.size).toBe(read);
  });

  it("refuses a bad K/N, and --shard with --mode replace, before sending anything", async () => {
    const file = path.join(dir, "refused.csv");
    writeFileSync(file, `id\n${idOf(1)}\n`);
    const base = ["sync", ...target(), "--name", "refused", "--file", file];
    const outOfRange = await runCli([...base, "--shard", "4/4"]);
    expect(outOfRange.code).toBe(2);
    expect(outOfRange.stderr).toMatch(/--shard 4\/4: K must be below N \(K counts from 0\)/);
    const replace = await runCli([...base, "--shard", "0/4", "--mode", "replace", "--yes"]);
    expect(replace.code).toBe(2);
    expect(replace.stderr).toMatch(/--shard cannot be used with --mode replace/);
    expect(members("refused")).toBeUndefined();
  });

  it("resumes a shard only from its own checkpoint", async () => {
    const file = path.join(dir, "resume.csv");
    writeFileSync(file, `id\n${idOf(1)}\n${idOf(2)}\n`);
    // The audience exists; the checkpoint below is the one an interrupted shard 0/4 would leave.
    const first = await runCli(["sync", ...target(), "--name", "resume", "--file", file, "--shard", "0/4"]);
    expect(first.code, first.stderr).toBe(0);
    const checkpoint = path.join(dir, "resume.checkpoint.json");
    const interrupted = {
      version: 2,
      input: { path: file, size: 0, mtimeMs: 0, headSha256: "" },
      api: "2",
      audience: "resume",
      mode: "add",
      shard: { index: 0, count: 4 },
      lanes: 4,
      acknowledged: { through: 0, beyond: "" },
      laneTokens: [null, null, null, null],
      replace: null,
      rowsAcknowledged: 0,
      chunksAcknowledged: 0,
      updatedAt: new Date().toISOString(),
    };
    writeFileSync(checkpoint, JSON.stringify(interrupted));
    const base = ["sync", ...target(), "--name", "resume", "--file", file, "--resume"];
    const other = await runCli([...base, "--checkpoint", checkpoint, "--shard", "1/4"]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/checkpoint of a sync with --shard 0\/4, not --shard 1\/4/);
    const unsharded = await runCli([...base, "--checkpoint", checkpoint]);
    expect(unsharded.code).toBe(2);
    expect(unsharded.stderr).toMatch(/with --shard 0\/4, not no --shard/);

    // Next to the file: another split's checkpoint is not silently ignored by --resume.
    writeFileSync(`${file}.shard-0-of-4.batch-sync.json`, JSON.stringify(interrupted));
    const resplit = await runCli([...base, "--shard", "0/2"]);
    expect(resplit.code).toBe(2);
    expect(resplit.stderr).toMatch(
      /found no checkpoint of its own, but resume\.csv\.shard-0-of-4\.batch-sync\.json exist/,
    );
  });
});
