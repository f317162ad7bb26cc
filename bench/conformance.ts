/**
 * Benchmark of the conformance suite on the mock target: Prism start-up (three mocks in parallel),
 * then every hand-written and generated case of the three APIs. Target: under 30 s wall in all.
 * Then the same on the emulator target (emulator + three prism proxies, cases, the stateful
 * sequences, cleanup): figures under `emulator`.
 * `npx tsx bench/conformance.ts` runs it alone; bench/run.ts imports `run()`.
 */
import { pathToFileURL } from "node:url";
import { median } from "../conformance/report/summary.js";
import { newRunContext, runCases } from "../conformance/runner.js";
import { runSequences } from "../conformance/sequences/run.js";
import { selectCases, selectSequences } from "../conformance/suite.js";
import { cleanupAudiences } from "../conformance/support/cleanup.js";
import { DEFAULT_PER_OPERATION, DEFAULT_SEED } from "../conformance/support/generated.js";
import { API_IDS } from "../conformance/support/spec.js";
import { startEmulatorTarget } from "../conformance/targets/emulator.js";
import { startMockTarget } from "../conformance/targets/mock.js";

const round1 = (ms: number) => Math.round(ms * 10) / 10;

/** The emulator target end to end, as `--target emulator` runs it (concurrency 8). */
export async function runEmulator(): Promise<Record<string, unknown>> {
  const wallStarted = performance.now();
  const options = {
    apis: [...API_IDS],
    seed: DEFAULT_SEED,
    generatedPerOperation: DEFAULT_PER_OPERATION,
    target: "emulator" as const,
  };
  const cases = selectCases(options);
  const sequences = selectSequences(options);
  const target = await startEmulatorTarget({ seed: DEFAULT_SEED });
  const startupMs = Math.round(performance.now() - wallStarted);
  try {
    const run = newRunContext(target);
    const casesStarted = performance.now();
    const caseResults = await runCases(cases, run, { concurrency: 8 });
    const casesMs = performance.now() - casesStarted;
    const sequencesStarted = performance.now();
    const steps = await runSequences(sequences, run, { concurrency: 8 });
    const sequencesMs = performance.now() - sequencesStarted;
    const cleanupStarted = performance.now();
    const cleanup = await cleanupAudiences(target, run.tracker);
    const cleanupMs = performance.now() - cleanupStarted;
    const ran = caseResults.filter((r) => r.outcome !== "skipped");
    const all = [...caseResults, ...steps];
    return {
      cases: caseResults.length,
      sequence_steps: steps.length,
      passed: all.filter((r) => r.outcome === "pass").length,
      failed: all.filter((r) => r.outcome === "fail").length,
      skipped: all.filter((r) => r.outcome === "skipped").length,
      startup_ms: startupMs,
      cases_wall_ms: Math.round(casesMs),
      sequences_wall_ms: Math.round(sequencesMs),
      cleanup_ms: Math.round(cleanupMs),
      cleanup_deleted: cleanup.deleted,
      wall_ms_including_startup: Math.round(performance.now() - wallStarted),
      per_case_median_ms: round1(median(ran.map((r) => r.duration_ms))),
      per_case_max_ms: Math.round(Math.max(...ran.map((r) => r.duration_ms))),
      per_step_median_ms: round1(median(steps.map((r) => r.duration_ms))),
    };
  } finally {
    await target.stop();
  }
}

export async function runMock(): Promise<Record<string, unknown>> {
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

/** Mock figures at the top level (as before), emulator figures under `emulator`. */
export async function run(): Promise<Record<string, unknown>> {
  const mock = await runMock();
  return { ...mock, emulator: await runEmulator() };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(JSON.stringify(await run(), null, 2));
}
