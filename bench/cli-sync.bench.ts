/**
 * `batch-audience sync` of a 1,000,000-row CSV into the emulator, against the practical ceiling: a
 * minimal script sending the same IDs with raw fetch and pre-built 10,000-ID bodies. Each
 * measurement gets a fresh emulator in its own process; rounds alternate ceiling and CLI so both see
 * the same load on the machine. Targets: CLI wall time within 1.5x of the ceiling, peak RSS <= 200 MB.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { BIN, ensureBuilt, ROOT } from "../test/cli/build.js";
import { median } from "./support/median.js";

const ROWS = 1_000_000;
const CHUNK = 10_000;
const CONCURRENCY = 4;
const ROUNDS = 3;
const PROJECT_KEY = "project_emulator";
const REST_KEY = "emulator-rest-key";
const TARGET_RATIO = 1.5;
const TARGET_RSS_MB = 200;

const idOf = (i: number) => `crm-${String(i).padStart(9, "0")}-contact`;

async function writeCsv(file: string): Promise<void> {
  const lines: string[] = ["id"];
  for (let i = 0; i < ROWS; i++) lines.push(idOf(i));
  await writeFile(file, `${lines.join("\n")}\n`);
}

/** The emulator from dist/, alone in its own process, as a real server would be. */
async function startEmulator(): Promise<{ baseUrl: string; stop: () => Promise<void> }> {
  const script = `import { startEmulator } from ${JSON.stringify(join(ROOT, "dist/src/emulator/index.js"))};
const e = await startEmulator({ port: 0 });
console.log(e.baseUrl);
process.stdin.on("end", () => e.stop().then(() => process.exit(0)));
process.stdin.resume();`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["pipe", "pipe", "inherit"] });
  const [baseUrl] = (await once(createInterface({ input: child.stdout! }), "line")) as [string];
  return {
    baseUrl: baseUrl.trim(),
    stop: async () => {
      child.stdin!.end();
      await once(child, "exit");
    },
  };
}

async function audienceSize(baseUrl: string, name: string): Promise<number> {
  const response = await fetch(`${baseUrl}/_emulator/audiences?api=audience-2&key=${PROJECT_KEY}`);
  const body = (await response.json()) as unknown;
  const list = (Array.isArray(body) ? body : ((body as { audiences?: unknown[] }).audiences ?? [])) as Array<{
    name: string;
    size?: number;
    nbIds?: number;
    nb_ids?: number;
  }>;
  const found = list.find((a) => a.name === name);
  return found?.size ?? found?.nbIds ?? found?.nb_ids ?? -1;
}

const headers = {
  "Content-Type": "application/json",
  Authorization: `Bearer ${REST_KEY}`,
  "X-Batch-Project": PROJECT_KEY,
};

/** Raw fetch, bodies built before the clock starts, the same concurrency as the CLI's default. */
async function ceiling(bodies: string[]): Promise<{ seconds: number; size: number }> {
  const emulator = await startEmulator();
  try {
    const v2 = `${emulator.baseUrl}/2.11`;
    await fetch(`${v2}/audiences/create`, {
      method: "POST",
      headers,
      body: JSON.stringify({ name: "ceiling", type: "custom_ids" }),
    });
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++]!;
          const response = await fetch(`${v2}/audiences/update`, { method: "POST", headers, body });
          await response.text();
          if (response.status !== 202) throw new Error(`ceiling: HTTP ${response.status}`);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { seconds, size: await audienceSize(emulator.baseUrl, "ceiling") };
  } finally {
    await emulator.stop();
  }
}

/** Reports the child's peak RSS on exit (resourceUsage().maxRSS is in KiB). */
const RSS_PRELOAD = `data:text/javascript,process.on("exit",()=>process.stderr.write("PEAK_RSS_KB "+process.resourceUsage().maxRSS+"\\n"))`;

/** The whole command, from spawning node to its exit: what a user waits for. */
async function cli(file: string): Promise<{ seconds: number; rssMB: number; size: number; exitCode: number | null }> {
  const emulator = await startEmulator();
  try {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [
        "--import",
        RSS_PRELOAD,
        BIN,
        "sync",
        "--emulator",
        emulator.baseUrl,
        "--api",
        "2",
        "--name",
        "cli",
        "--file",
        file,
        "--json",
        "--quiet",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    child.stdout!.resume();
    const [exitCode] = (await once(child, "exit")) as [number | null];
    const seconds = (performance.now() - started) / 1000;
    const rssKb = Number(/PEAK_RSS_KB (\d+)/.exec(stderr)?.[1] ?? NaN);
    if (exitCode !== 0) throw new Error(`cli sync exited ${exitCode}: ${stderr.slice(0, 500)}`);
    return { seconds, rssMB: Math.round(rssKb / 1024), size: await audienceSize(emulator.baseUrl, "cli"), exitCode };
  } finally {
    await emulator.stop();
  }
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

async function run(): Promise<Record<string, unknown>> {
  await ensureBuilt();
  const dir = await mkdtemp(join(tmpdir(), "cli-sync-bench-"));
  try {
    const file = join(dir, "contacts.csv");
    await writeCsv(file);
    const bodies: string[] = [];
    for (let start = 0; start < ROWS; start += CHUNK) {
      const ids = [];
      for (let i = start; i < Math.min(ROWS, start + CHUNK); i++) ids.push({ action: "add", id: idOf(i) });
      bodies.push(JSON.stringify({ name: "ceiling", ids }));
    }
    const load = loadavg()[0];
    const ceilings: number[] = [];
    const clis: number[] = [];
    const rss: number[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const c = await ceiling(bodies);
      if (c.size !== ROWS) throw new Error(`ceiling run left ${c.size} IDs`);
      const s = await cli(file);
      if (s.size !== ROWS) throw new Error(`cli run left ${s.size} IDs`);
      ceilings.push(c.seconds);
      clis.push(s.seconds);
      rss.push(s.rssMB);
      ratios.push(s.seconds / c.seconds);
    }
    const bestCeiling = Math.min(...ceilings);
    const bestCli = Math.min(...clis);
    const peakRss = Math.max(...rss);
    return {
      rows: ROWS,
      rounds: ROUNDS,
      loadAverageAtStart: round(load ?? 0),
      ceilingSeconds: round(bestCeiling),
      ceilingIdsPerSecond: Math.round(ROWS / bestCeiling),
      cliSeconds: round(bestCli),
      cliIdsPerSecond: Math.round(ROWS / bestCli),
      ratioBest: round(bestCli / bestCeiling),
      ratioMedianOfRounds: round(median(ratios)),
      cliPeakRssMB: peakRss,
      cliSecondsPerRound: clis.map((v) => round(v)),
      ceilingSecondsPerRound: ceilings.map((v) => round(v)),
      cliRssMBPerRound: rss,
      targetRatio: TARGET_RATIO,
      targetRssMB: TARGET_RSS_MB,
      meetsRatio: bestCli / bestCeiling <= TARGET_RATIO,
      meetsRss: peakRss <= TARGET_RSS_MB,
      note: "CLI time is the whole command (node start-up, audience check, CSV parse, validation, checkpoint writes); the ceiling excludes building its bodies",
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export default { name: "cliSync", run };

// `npx tsx bench/cli-sync.bench.ts` runs this module alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run(), null, 2));
}
