/**
 * Client overhead against raw fetch on the same local server with the same requests, and the
 * CPU/memory cost of streaming 1,000,000 IDs through bulkUpdate.
 */
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createAudienceClient } from "../src/index.js";
import type { BenchModule } from "./run.js";
import { median } from "./support/median.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const REST_KEY = "bench-rest-key";
const PROJECT_KEY = "bench-project";

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [`${here}support/answer-server.mjs`], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! });
  const [port] = (await once(lines, "line")) as [string];
  return { url: `http://127.0.0.1:${port.trim()}`, stop: () => child.stdin!.end() };
}

interface Comparison {
  /** Median wall-clock microseconds per request. */
  clientUs: number;
  rawUs: number;
  /** Median over rounds of client/raw, each round timing both back to back (robust to drift). */
  ratio: number;
  /** Ratio of the medians. */
  ratioOfMedians: number;
  /** Median CPU microseconds per request in this process (less sensitive to other load on the machine). */
  clientCpuUs: number;
  rawCpuUs: number;
  cpuRatio: number;
  /** Best round of each side: the least disturbed by other processes. */
  bestRatio: number;
}

/** Per-request cost over `rounds`, alternating client and raw so both see the same drift. */
async function compare(
  rounds: number,
  perRound: number,
  viaClient: () => Promise<unknown>,
  viaRaw: () => Promise<unknown>,
): Promise<Comparison> {
  const wall = { client: [] as number[], raw: [] as number[] };
  const cpu = { client: [] as number[], raw: [] as number[] };
  for (let w = 0; w < Math.min(perRound, 200); w++) {
    await viaClient();
    await viaRaw();
  }
  for (let r = 0; r < rounds; r++) {
    const order: Array<["client" | "raw", () => Promise<unknown>]> =
      r % 2
        ? [
            ["raw", viaRaw],
            ["client", viaClient],
          ]
        : [
            ["client", viaClient],
            ["raw", viaRaw],
          ];
    for (const [side, fn] of order) {
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      for (let i = 0; i < perRound; i++) await fn();
      wall[side].push(((performance.now() - started) * 1000) / perRound);
      const used = process.cpuUsage(cpuBefore);
      cpu[side].push((used.user + used.system) / perRound);
    }
  }
  const round = (n: number) => Math.round(n);
  const ratio = (a: number, b: number) => Number((a / b).toFixed(3));
  return {
    clientUs: round(median(wall.client)),
    rawUs: round(median(wall.raw)),
    ratio: ratio(median(wall.client.map((c, i) => c / wall.raw[i]!)), 1),
    ratioOfMedians: ratio(median(wall.client), median(wall.raw)),
    clientCpuUs: round(median(cpu.client)),
    rawCpuUs: round(median(cpu.raw)),
    cpuRatio: ratio(median(cpu.client), median(cpu.raw)),
    bestRatio: ratio(Math.min(...wall.client), Math.min(...wall.raw)),
  };
}

async function overhead(): Promise<Record<string, unknown>> {
  const server = await startServer();
  try {
    const base = `${server.url}/2.11`;
    const client = createAudienceClient({ restKey: REST_KEY, projectKey: PROJECT_KEY, baseUrl: base });
    const headers = {
      Authorization: `Bearer ${REST_KEY}`,
      "X-Batch-Project": PROJECT_KEY,
      "Content-Type": "application/json",
    };
    const small = await compare(
      11,
      400,
      () => client.get("bench"),
      async () => {
        const res = await fetch(`${base}/audiences/view?name=bench`, { headers });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return res.json();
      },
    );
    // The same raw call given what the client always has: a cancellable per-attempt timeout.
    const smallVsTimeoutRaw = await compare(
      7,
      400,
      () => client.get("bench"),
      async () => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 30_000);
        try {
          const res = await fetch(`${base}/audiences/view?name=bench`, { headers, signal: controller.signal });
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          return await res.json();
        } finally {
          clearTimeout(timer);
        }
      },
    );
    const ops = Array.from({ length: 10_000 }, (_, i) => ({ action: "add" as const, id: `user-${i}` }));
    const large = await compare(
      5,
      15,
      () => client.update("bench", ops),
      async () => {
        const res = await fetch(`${base}/audiences/update`, {
          method: "POST",
          headers,
          body: JSON.stringify({ name: "bench", ids: ops }),
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return res.json();
      },
    );
    return {
      smallRequest: { ...small, target: "ratio <= 1.10", meetsTarget: small.ratio <= 1.1, loadAverage: loadavg()[0] },
      smallRequestVsRawWithTimeoutSignal: smallVsTimeoutRaw,
      update10kIds: large,
    };
  } finally {
    server.stop();
  }
}

/**
 * The child runs a plain-JS bundle of the client (built here with esbuild, which ships with tsx), so
 * its RSS is the client's and not the TypeScript loader's (tsx adds ~37 MB of baseline).
 */
async function bundleChild(): Promise<string> {
  const { build } = await import("esbuild");
  const dir = await mkdtemp(join(tmpdir(), "batch-bench-"));
  const outfile = join(dir, "bulk-cpu-child.mjs");
  await build({
    entryPoints: [`${here}support/bulk-cpu-child.ts`],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    logLevel: "silent",
  });
  return outfile;
}

async function runChild(script: string, ids: number, nodeFlags: string[]): Promise<Record<string, number | boolean>> {
  const { stdout } = await promisify(execFile)(process.execPath, [...nodeFlags, script, String(ids)], {
    timeout: 90_000,
  });
  const figures = JSON.parse(stdout.trim().split("\n").at(-1)!) as Record<string, number | boolean>;
  return {
    ...figures,
    cpuSeconds: Number((figures.cpuSeconds as number).toFixed(3)),
    wallSeconds: Number((figures.wallSeconds as number).toFixed(3)),
    peakRssMb: Math.round(figures.peakRssMb as number),
    baselineRssMb: Math.round(figures.baselineRssMb as number),
  };
}

async function millionIds(): Promise<Record<string, unknown>> {
  const script = await bundleChild();
  try {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await runChild(script, 1_000_000, []));
    const cpuSeconds = median(runs.map((r) => r.cpuSeconds as number));
    const peakRssMb = median(runs.map((r) => r.peakRssMb as number));
    // Flatness: three times the input should not need three times the memory.
    const threeMillion = await runChild(script, 3_000_000, []);
    // Working set: the same upload inside a 96 MB old generation (fails with OOM if memory grew with input).
    const capped = await runChild(script, 1_000_000, ["--max-old-space-size=96"]);
    return {
      ids: 1_000_000,
      requests: runs[0]!.requests,
      bodyCharsSent: runs[0]!.bodyCharsSent,
      cpuSecondsMedian: cpuSeconds,
      peakRssMbMedian: peakRssMb,
      runs: runs.map((r) => ({ cpuSeconds: r.cpuSeconds, peakRssMb: r.peakRssMb, wallSeconds: r.wallSeconds })),
      baselineRssMb: runs[0]!.baselineRssMb,
      threeMillionIds: { cpuSeconds: threeMillion.cpuSeconds, peakRssMb: threeMillion.peakRssMb },
      oldSpaceCappedAt96Mb: { ok: capped.ok, cpuSeconds: capped.cpuSeconds, peakRssMb: capped.peakRssMb },
      target: "cpuSeconds <= 2, peakRssMb <= 150",
      meetsCpuTarget: cpuSeconds <= 2,
      meetsRssTarget: peakRssMb <= 150,
    };
  } finally {
    await rm(dirname(script), { recursive: true, force: true });
  }
}

const clientBench: BenchModule = {
  name: "client",
  async run() {
    return { vsRawFetch: await overhead(), bulk1MIds: await millionIds() };
  },
};

export default clientBench;
