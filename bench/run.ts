/**
 * Runs every bench module, writes their figures to reports/bench.json and prints them.
 * Add a module by appending it to `modules`; each returns a plain figures object.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

export interface BenchModule {
  name: string;
  run(): Promise<Record<string, unknown>>;
}

const modules: Array<() => Promise<{ default: BenchModule }>> = [
  () => import("./client.bench.js"),
  () => import("./validation.bench.js"),
  async () => ({ default: { name: "conformance", run: (await import("./conformance.js")).run } }),
  () => import("./no-loss.bench.js"),
  () => import("./cli-sync.bench.js"),
  () => import("./throttle.bench.js"),
];

async function main(): Promise<void> {
  const figures: Record<string, unknown> = {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    date: new Date().toISOString(),
  };
  for (const load of modules) {
    const { default: bench } = await load();
    const started = performance.now();
    figures[bench.name] = {
      ...(await bench.run()),
      benchSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    };
  }
  const out = fileURLToPath(new URL("../reports/bench.json", import.meta.url));
  await mkdir(fileURLToPath(new URL("../reports/", import.meta.url)), { recursive: true });
  await writeFile(out, `${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\nwritten to reports/bench.json\n`);
}

await main();
