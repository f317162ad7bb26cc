/**
 * One full run: start the target, run hand-written and generated cases, delete what the run
 * created (real targets), stop the target (always, even on failure or Ctrl-C), and report.
 */

import { packageVersion } from "../src/cli/package-root.js";
import { casesFor } from "./cases/index.js";
import type { ConformanceCase } from "./cases/types.js";
import type { PointVerdict } from "./inferred/evidence.js";
import { isStateful, type Options } from "./options.js";
import { writeReports } from "./report/files.js";
import { HarRecorder } from "./report/har.js";
import { renderInferred } from "./report/inferred.js";
import { type ProgressSink, progressReporter } from "./report/progress.js";
import { renderFailure, renderMatrix, renderSummary } from "./report/text.js";
import { type CaseResult, newRunContext, type RunContext, runCases } from "./runner.js";
import { sequencesFor } from "./sequences/index.js";
import { runSequences } from "./sequences/run.js";
import type { Sequence } from "./sequences/types.js";
import { type CleanupResult, cleanupAudiences } from "./support/cleanup.js";
import { generatedCases } from "./support/generated.js";
import { redact } from "./support/redact.js";
import { type ApiId, loadSpec } from "./support/spec.js";
import { startEmulatorTarget } from "./targets/emulator.js";
import { startLiveTarget } from "./targets/live.js";
import { startMockTarget } from "./targets/mock.js";
import type { Target } from "./targets/types.js";
import { urlCredentials, urlTarget } from "./targets/url.js";

export interface SuiteIO {
  out: ProgressSink;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Called once the target is up (tests read its keys to check nothing leaks). */
  onTarget?: (target: Target) => void;
}

export interface SuiteResult {
  results: CaseResult[];
  /** The verdict on every inferred point (emulator, live, url). */
  inferred?: PointVerdict[];
  exitCode: number;
  wallMs: number;
  startupMs: number;
  cleanup?: CleanupResult;
  reportFiles: string[];
}

/** The stateful sequences of the selected APIs; only stateful targets run them. */
export function selectSequences(options: Pick<Options, "apis" | "target">): Sequence[] {
  return isStateful(options.target) ? options.apis.flatMap(sequencesFor) : [];
}

export function selectCases(options: Pick<Options, "apis" | "seed" | "generatedPerOperation">): ConformanceCase[] {
  return options.apis.flatMap((api) => [
    ...casesFor(api),
    ...(options.generatedPerOperation > 0
      ? generatedCases(loadSpec(api), { seed: options.seed, perOperation: options.generatedPerOperation })
      : []),
  ]);
}

export async function startTarget(options: Options, env: NodeJS.ProcessEnv): Promise<Target> {
  switch (options.target) {
    case "mock":
      return startMockTarget({ apis: options.apis });
    case "emulator":
      return startEmulatorTarget({
        apis: options.apis,
        seed: options.seed,
        divergences: options.divergences,
        proxy: options.proxy,
      });
    case "live":
      return startLiveTarget({
        env,
        confirmed: options.confirmed,
        apis: options.apis,
        v2Version: options.v2Version,
        proxy: options.proxy,
        ...(options.liveHost ? { host: options.liveHost } : {}),
      });
    case "url":
      return urlTarget(options.urls as Record<ApiId, string>, urlCredentials(env));
  }
}

/** Deletes what the run created (real targets), then asks the server what is left; always stops the target. */
async function finish(
  target: Target,
  run: RunContext,
  print: (text: string) => void,
): Promise<CleanupResult | undefined> {
  let cleanup: CleanupResult | undefined;
  try {
    if (target.kind === "real" && run.tracker.size > 0) {
      cleanup = await cleanupAudiences(target, run.tracker, run.recorder);
      print(`cleanup: ${cleanup.deleted}/${cleanup.attempted} audiences deleted or already absent`);
    }
    // A server that can list what it holds proves that nothing of this run is left behind.
    for (const { api, name } of (await target.remainingAudiences?.(target.runPrefix)) ?? []) {
      cleanup ??= { attempted: 0, deleted: 0, leftovers: [] };
      if (!cleanup.leftovers.some((l) => l.api === api && l.name === name))
        cleanup.leftovers.push({ api, name, status: "still on the server" });
    }
    for (const left of cleanup?.leftovers ?? []) print(`  left behind: ${left.api} ${left.name} (${left.status})`);
  } finally {
    await target.stop();
  }
  return cleanup;
}

/** What makes a run fail: documented failures, and with --strict any contradicted inferred point. */
export function exitCodeOf(
  run: { results: readonly CaseResult[]; inferred?: readonly PointVerdict[]; incomplete: boolean; leftovers: boolean },
  strict: boolean,
): number {
  const failed = run.results.some((r) => r.outcome === "fail");
  const found =
    run.results.some((r) => r.outcome === "finding") || (run.inferred ?? []).some((v) => v.verdict === "contradicted");
  return failed || (strict && found) || run.incomplete || run.leftovers ? 1 : 0;
}

/** Console summary, the Inferred points section, report files and the HAR recording. */
async function report(
  options: Options,
  run: RunContext,
  results: CaseResult[],
  meta: { startedAt: string; wallMs: number },
  print: (text: string) => void,
): Promise<{ inferred?: PointVerdict[]; reportFiles: string[] }> {
  const { target } = run;
  const shown = results.filter((r) => r.outcome === "fail" || r.outcome === "finding");
  if (shown.length > 0) print(`\n${shown.map(renderFailure).join("\n\n")}`);
  print(`\n${renderMatrix(results)}`);
  print(renderSummary(results, meta.wallMs));
  // On the mock every answer comes from the spec itself: it cannot confirm or refute anything.
  const inferred = target.kind === "real" ? run.evidence.verdicts(options.apis) : undefined;
  if (inferred) print(`\n${renderInferred(inferred)}`);
  const full = { target: target.name, ...meta, strict: options.strict, ...(inferred ? { inferred } : {}) };
  const reportFiles = options.reportDir ? await writeReports(options.reportDir, results, full) : [];
  if (run.recorder && options.recordFile) {
    await run.recorder.write(options.recordFile, {
      name: "batch-audience-toolkit conformance",
      version: packageVersion(),
    });
    reportFiles.push(options.recordFile);
    print(`recorded ${run.recorder.size} exchanges (keys redacted) in ${options.recordFile}`);
  }
  if (reportFiles.length > 0) print(`reports: ${reportFiles.join(", ")}`);
  return { ...(inferred ? { inferred } : {}), reportFiles };
}

export async function runSuite(options: Options, io: SuiteIO): Promise<SuiteResult> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const cases = selectCases(options);
  const sequences = selectSequences(options);
  const total = cases.length + sequences.reduce((n, s) => n + s.steps.length, 0);
  const target = await startTarget(options, io.env);
  io.onTarget?.(target);
  if (options.pollDeadlineMs !== undefined) target.indexingDeadlineMs = options.pollDeadlineMs;
  const startupMs = Math.round(performance.now() - started);
  const print = (text: string) => io.out.write(`${redact(text, target.secrets)}\n`);
  print(
    `target ${target.name}: ${options.apis.map((a) => `${a} → ${target.baseUrls[a]}`).join(", ")} (ready in ${startupMs} ms)`,
  );
  if (target.chain) print(`requests go ${target.chain}`);
  if (target.kind === "real") print(`audiences created by this run start with ${target.runPrefix}`);

  const run = newRunContext(target, options.recordFile ? new HarRecorder(target.secrets) : undefined);
  let results: CaseResult[] = [];
  let cleanup: CleanupResult | undefined;
  const progress = progressReporter(io.out);
  let done = 0;
  const onResult = (result: CaseResult) => progress.onResult(result, ++done, total);
  const signal = io.signal ? { signal: io.signal } : {};
  try {
    results = await runCases(cases, run, { concurrency: options.concurrency, onResult, ...signal });
    // After the cases: a case deleting audiences during a walk would shift 1.x offsets.
    if (sequences.length > 0 && !io.signal?.aborted) {
      results.push(...(await runSequences(sequences, run, { concurrency: options.concurrency, onResult, ...signal })));
    }
  } finally {
    cleanup = await finish(target, run, print);
  }
  const wallMs = Math.round(performance.now() - started);
  const { inferred, reportFiles } = await report(options, run, results, { startedAt, wallMs }, print);

  const interrupted = io.signal?.aborted === true;
  const incomplete = results.length < total;
  if (interrupted) print(`interrupted: ${results.length}/${total} cases and sequence steps ran`);
  const leftovers = (cleanup?.leftovers.length ?? 0) > 0;
  const exitCode = exitCodeOf({ results, ...(inferred ? { inferred } : {}), incomplete, leftovers }, options.strict);
  if (options.strict && exitCode !== exitCodeOf({ results, incomplete, leftovers }, false))
    print("--strict: inferred points were contradicted, so the run fails");
  return {
    results,
    ...(inferred ? { inferred } : {}),
    exitCode: interrupted ? 1 : exitCode,
    wallMs,
    startupMs,
    ...(cleanup ? { cleanup } : {}),
    reportFiles,
  };
}
