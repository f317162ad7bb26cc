/**
 * Client overhead against plain openapi-fetch and raw fetch on the same local server (see
 * client-overhead.ts), and the CPU/memory cost of streaming 1,000,000 IDs through bulkUpdate.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { overhead } from "./client-overhead.js";
import type { BenchModule } from "./run.js";
import { bundle } from "./support/bundle.js";
import { median } from "./support/median.js";

/** The child runs a bundle of the client (see support/bundle.ts), so its RSS is the client's. */
async function bundleChild(): Promise<string> {
  return bundle(await mkdtemp(join(tmpdir(), "batch-bench-")), "bulk-cpu-child.ts");
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
    return { overhead: await overhead(), bulk1MIds: await millionIds() };
  },
};

export default clientBench;
