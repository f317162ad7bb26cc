/**
 * The progress display as a person sees it: a bar that fits the terminal under a pseudo-terminal
 * (rendered by a headless xterm), a clean screen after Ctrl-C, plain lines in a pipe.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type EmulatorHandle, startEmulator } from "../../src/emulator/index.js";
import { BIN, ensureBuilt, ROOT } from "./build.js";
import { runCli, tempDir, writeIdsCsv } from "./support.js";
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
  // Every update answered after 150 ms: the upload lasts long enough for several frames.
  emulator.setFaults({ rates: { slow: 1 }, slowMs: 150, operations: ["update"] });
});

const BAR = /[█░]{5,}/;
const sync = (name: string, file: string, extra: string[] = []) => [
  process.execPath,
  BIN,
  "sync",
  "--emulator",
  emulator.baseUrl,
  "--api",
  "2",
  "--name",
  name,
  "--file",
  file,
  "--chunk-size",
  "5000",
  ...extra,
];

function saveScreen(name: string, title: string, screen: string[]): void {
  mkdirSync(path.join(ROOT, "test-output/cli"), { recursive: true });
  writeFileSync(path.join(ROOT, "test-output/cli", name), `# ${title}\n${screen.join("\n")}\n`);
}

describe("progress on a terminal", () => {
  it.each([80, 160])("fits a %i-column terminal: accepted, failed and ETA stay visible", async (cols) => {
    const file = writeIdsCsv(dir, 120_000, `fit-${cols}.csv`);
    const tty = new TtySession(sync(`fit_${cols}`, file), { cols, rows: 30 });
    await tty.waitFor(/\| ETA \d+s/);
    const { code, screen } = await tty.finish();
    expect(code).toBe(0);
    saveScreen(`progress-${cols}.txt`, `sync of 120,000 rows in a ${cols}-column terminal`, screen);
    const bars = screen.filter((line) => BAR.test(line));
    // One final frame stays, narrower than the terminal (a wider one would wrap and leave its
    // remainder on the next line at every redraw).
    expect(bars).toHaveLength(1);
    expect(bars[0]!.length).toBeLessThan(cols);
    expect(bars[0]).toMatch(/100% \| .*accepted 120,000 \| failed 0 \| .*ETA/);
    if (cols >= 160) expect(bars[0]).toMatch(/read 120,000 \| sent 120,000 \|.* retries 0 \| [\d,]+ IDs\/s/);
    expect(screen.some((line) => /^ {2}rows: 120,000 read, 120,000 accepted/.test(line))).toBe(true);
  });

  it("after Ctrl-C the message and the summary are intact, with no bar text left over", async () => {
    const file = writeIdsCsv(dir, 200_000, "ctrl-c.csv");
    const tty = new TtySession(sync("ctrl_c", file), { cols: 80, rows: 30 });
    await tty.waitFor(/accepted [1-9]/);
    tty.type("\x03");
    const { code, screen } = await tty.finish();
    saveScreen("progress-ctrl-c.txt", "Ctrl-C during a sync in an 80-column terminal", screen);
    expect(code).toBe(130);
    expect(screen).toContain(
      "interrupted: finishing the chunks in flight and saving the checkpoint (Ctrl-C again to abort them)",
    );
    const head = screen.findIndex((line) => line.includes(" — INTERRUPTED"));
    expect(screen[head]).toMatch(/^sync .*ctrl-c\.csv → ctrl_c \(API 2, mode add\) — INTERRUPTED$/);
    // Nothing of a bar after the summary started.
    expect(screen.slice(head).filter((line) => BAR.test(line) || /\| ETA/.test(line))).toEqual([]);
    expect(screen.slice(head + 1).every((line) => line.startsWith("  "))).toBe(true);
  });
});

describe("progress in a pipe", () => {
  it("prints plain progress lines when stderr is not a terminal", async () => {
    emulator.setFaults({});
    const file = writeIdsCsv(dir, 60_000, "pipe.csv");
    const run = await runCli(["sync", "--emulator", emulator.baseUrl, "--api", "2", "--name", "piped", "--file", file]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/[█░]/);
    expect(run.stderr).toMatch(
      /^sync: read 60,000 rows, sent 60,000, accepted 60,000, failed 0, invalid 0, retries 0, [\d,]+ IDs\/s, ETA/m,
    );
  });
});
