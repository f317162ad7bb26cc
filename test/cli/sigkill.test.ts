/**
 * A sync killed with SIGKILL at random moments (seeded; each moment chosen by observable progress:
 * a number of answered chunks, or a checkpoint write seen in progress) and resumed each time ends
 * with exactly the file in the audience and no stray file next to it.
 */
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorHandle, startEmulator } from "../../src/emulator/index.js";
import { ensureBuilt } from "./build.js";
import { idOf, runCli, tempDir, until, writeIdsCsv } from "./support.js";

const SEED = 20_261_130;
const KILLS = 6;
const ROWS = 200_000;

let emulator: EmulatorHandle;
const dir = tempDir();

beforeAll(async () => {
  await ensureBuilt();
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => emulator?.stop());

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const answered = () => emulator.stats().responses["202"] ?? 0;
const writingCheckpoint = () => readdirSync(dir).some((name) => name.endsWith(".tmp"));

describe(`SIGKILL at random moments (seed ${SEED})`, () => {
  it(`${KILLS} kills and resumes end with the exact audience and no stray files`, async () => {
    const file = writeIdsCsv(dir, ROWS, "kill.csv");
    const checkpoint = `${file}.batch-sync.json`;
    // 1,000 IDs per chunk answered after 20 ms: 200 chunks, far more than the kills let through.
    emulator.setFaults({ rates: { slow: 1 }, slowMs: 20, operations: ["update"] });
    const random = seeded(SEED);
    const args = ["sync", "--emulator", emulator.baseUrl, "--api", "2", "--name", "killed", "--file", file];
    const moments: string[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const after = answered() + 1 + Math.floor(random() * 8);
      const duringWrite = random() < 0.5;
      const run = await runCli([...args, "--chunk-size", "1000", "--resume"], {
        onStart: (child) => {
          const exited = new Promise((resolve) => child.on("exit", resolve));
          const moment = () =>
            answered() >= after + (duringWrite ? 4 : 0) || (duringWrite && answered() >= after && writingCheckpoint());
          void until(moment, exited).then(
            () => {
              moments.push(
                `${duringWrite && writingCheckpoint() ? "during a checkpoint write" : "between writes"} after ${answered()} chunks`,
              );
              child.kill("SIGKILL");
            },
            () => {},
          );
        },
      });
      expect(run.signal, `run ${kill} should have been killed (${run.stderr})`).toBe("SIGKILL");
    }
    expect(moments).toHaveLength(KILLS);
    // What a kill between writing and renaming leaves: a temporary file of a process that is gone
    // (4194305 is above Linux's largest pid, so no running process has it).
    writeFileSync(`${checkpoint}.4194305.tmp`, "{");

    emulator.setFaults({});
    const last = await runCli([...args, "--chunk-size", "1000", "--resume", "--json"]);
    expect(last.code, last.stderr).toBe(0);
    const members = emulator.audienceMembers("audience-2", "project_emulator", "killed")!;
    expect(members.size).toBe(ROWS);
    for (let i = 0; i < ROWS; i++) if (!members.has(idOf(i))) throw new Error(`missing ${idOf(i)}`);
    expect(readdirSync(dir)).toEqual([path.basename(file)]);
  });
});
