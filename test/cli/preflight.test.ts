/**
 * Sync checks everything it can before its first write to Batch: the checkpoint location (with a
 * fallback when the input's folder is read-only), the input file, the keys, the audience name.
 */
import { chmodSync, existsSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type EmulatorHandle, startEmulator } from "../../src/emulator/index.js";
import { ensureBuilt } from "./build.js";
import { idOf, restricted, runCli, tempDir, writeIdsCsv } from "./support.js";

let emulator: EmulatorHandle;

beforeAll(async () => {
  await ensureBuilt();
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => emulator?.stop());
beforeEach(() => {
  emulator.reset();
  emulator.resetStats();
});

const sync = (name: string, file: string) => [
  "sync",
  "--emulator",
  emulator.baseUrl,
  "--api",
  "2",
  "--name",
  name,
  "--file",
  file,
];
const members = (name: string) => emulator.audienceMembers("audience-2", "project_emulator", name);

describe("a read-only input folder", () => {
  it("puts the checkpoint in the documented fallback location, and the sync completes", async () => {
    const input = tempDir();
    const file = writeIdsCsv(input, 5_000, "contacts.csv");
    chmodSync(file, 0o644);
    const state = tempDir();
    chmodSync(state, 0o777);
    const { as, restore } = restricted(input, 0o755);
    try {
      const run = await runCli([...sync("readonly", file), "--chunk-size", "1000"], {
        ...as,
        env: { XDG_STATE_HOME: state },
      });
      expect(run.code, run.stderr).toBe(0);
      const fallback = path.join(state, "batch-audience", "checkpoints");
      expect(run.stderr).toContain(`checkpoint: ${fallback}/contacts.csv.`);
      expect(run.stderr).toContain("(the input's folder is not writable)");
      expect(members("readonly")?.size).toBe(5_000);
      // The finished sync removed its checkpoint; nothing was written next to the input.
      expect(readdirSync(fallback)).toEqual([]);
      expect(readdirSync(input)).toEqual(["contacts.csv"]);
    } finally {
      restore();
    }
  });

  it("stops before creating the audience when no checkpoint location is writable", async () => {
    const input = tempDir();
    const file = writeIdsCsv(input, 10, "contacts.csv");
    chmodSync(file, 0o644);
    const { as, restore } = restricted(input, 0o755);
    try {
      // The fallback's parent is the (unwritable) input folder too.
      const run = await runCli(sync("never_created", file), { ...as, env: { XDG_STATE_HOME: input } });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /^batch-audience: usage error: cannot write the sync checkpoint \(.*\); give a writable --checkpoint PATH\n$/,
      );
      expect(emulator.stats().requests).toBe(0);
      expect(members("never_created")).toBeUndefined();
    } finally {
      restore();
    }
  });
});

describe("checks before the first write", () => {
  const dir = tempDir();

  it("missing keys stop the sync before any request, leaving no checkpoint", async () => {
    const file = writeIdsCsv(dir, 10, "keys.csv");
    const run = await runCli(["sync", "--api", "2", "--name", "fans", "--file", file, "--base-url", emulator.baseUrl]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/missing BATCH_REST_KEY and BATCH_PROJECT_KEY/);
    expect(emulator.stats().requests).toBe(0);
    expect(existsSync(`${file}.batch-sync.json`)).toBe(false);
  });

  it("an invalid audience name stops the sync before any request", async () => {
    const file = writeIdsCsv(dir, 10, "name.csv");
    const run = await runCli(sync("not a name!", file));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/invalid name: must be 1-255 characters/);
    expect(emulator.stats().requests).toBe(0);
    expect(existsSync(`${file}.batch-sync.json`)).toBe(false);
  });

  it("a header that cannot be sent stops the sync before any request", async () => {
    const file = path.join(dir, "header.csv");
    writeFileSync(file, `id,age:integer\n${idOf(1)},3\n`);
    const run = await runCli(sync("header", file));
    expect(run.code).toBe(2);
    expect(emulator.stats().requests).toBe(0);
  });
});
