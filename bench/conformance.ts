/**
 * Benchmark of the conformance suite on the mock target: Prism start-up (three mocks in parallel),
 * then every hand-written and generated case of the three APIs. Target: under 30 s wall in all.
 * `npx tsx bench/conformance.ts` runs it alone; bench/run.ts imports `run()`.
 */
import { pathToFileURL } from "node:url";
import { median } from "../conformance/report/summary.js";
import { newRunContext, runCases } from "../conformance/runner.js";
import { selectCases } from "../conformance/suite.js";
import { DEFAULT_PER_OPERATION, DEFAULT_SEED } from "../conformance/support/generated.js";
import { API_IDS } from "../conformance/support/spec.js";
import { startMockTarget } from "../conformance/targets/mock.js";

export async function run(): Promise<Record<string, unknown>> {
  const wallStarted = performance.now();
  const cases = selectCases({ apis: [...API_IDS], seed: DEFAULT_SEED, generatedPerOperation: DEFAULT_PER_OPERATION });
  const target = await startMockTarget();
  const prismStartupMs = Math.round(performance.now() - wallStarted);
  try {
    const casesStarted = performance.now();
    const results = await runCases(cases, newRunContext(target), { concurrency: 8 });
    const casesMs = performance.now() - casesStarted;
    const ran = results.filter((r) => r.outcome !== "skipped");
    const wallMs = Math.round(performance.now() - wallStarted);
    return {
      cases: results.length,
      ran: ran.length,
      passed: results.filter((r) => r.outcome === "pass").length,
      failed: results.filter((r) => r.outcome === "fail").length,
      skipped: results.length - ran.length,
      prism_startup_ms: prismStartupMs,
      cases_wall_ms: Math.round(casesMs),
      wall_ms_including_startup: wallMs,
      per_case_median_ms: Math.round(median(ran.map((r) => r.duration_ms)) * 10) / 10,
      per_case_max_ms: Math.round(Math.max(...ran.map((r) => r.duration_ms))),
      cases_per_second: Math.round(ran.length / (casesMs / 1000)),
      target_wall_ms: 30_000,
      within_target: wallMs < 30_000,
    };
  } finally {
    await target.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(JSON.stringify(await run(), null, 2));
}
