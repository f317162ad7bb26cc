/**
 * One full run: start the target, run hand-written and generated cases, delete what the run
 * created (real targets), stop the target (always, even on failure or Ctrl-C), and report.
 */
import { casesFor } from "./cases/index.js";
import type { ConformanceCase } from "./cases/types.js";
import { isStateful, type Options } from "./options.js";
import { writeReports } from "./report/files.js";
import { type ProgressSink, progressReporter } from "./report/progress.js";
import { renderFailure, renderMatrix, renderSummary } from "./report/text.js";
import { type CaseResult, newRunContext, runCases } from "./runner.js";
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
}

export interface SuiteResult {
  results: CaseResult[];
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
      return startEmulatorTarget({ apis: options.apis, seed: options.seed });
    case "live":
      return startLiveTarget({
        env,
        confirmed: options.confirmed,
        apis: options.apis,
        v2Version: options.v2Version,
        ...(options.liveHost ? { host: options.liveHost } : {}),
      });
    case "url":
      return urlTarget(options.urls as Record<ApiId, string>, urlCredentials(env));
  }
}

export async function runSuite(options: Options, io: SuiteIO): Promise<SuiteResult> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const cases = selectCases(options);
  const sequences = selectSequences(options);
  const total = cases.length + sequences.reduce((n, s) => n + s.steps.length, 0);
  const target = await startTarget(options, io.env);
  if (options.pollDeadlineMs !== undefined) target.indexingDeadlineMs = options.pollDeadlineMs;
  const startupMs = Math.round(performance.now() - started);
  const print = (text: string) => io.out.write(`${redact(text, target.secrets)}\n`);
  print(
    `target ${target.name}: ${options.apis.map((a) => `${a} → ${target.baseUrls[a]}`).join(", ")} (ready in ${startupMs} ms)`,
  );
  if (target.kind === "real") print(`audiences created by this run start with ${target.runPrefix}`);

  const run = newRunContext(target);
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
    try {
      if (target.kind === "real" && run.tracker.size > 0) {
        cleanup = await cleanupAudiences(target, run.tracker);
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
  }
  const wallMs = Math.round(performance.now() - started);

  const failures = results.filter((r) => r.outcome === "fail");
  if (failures.length > 0) print(`\n${failures.map(renderFailure).join("\n\n")}`);
  print(`\n${renderMatrix(results)}`);
  print(renderSummary(results, wallMs));
  const reportFiles = options.reportDir
    ? await writeReports(options.reportDir, results, { target: target.name, startedAt, wallMs })
    : [];
  if (reportFiles.length > 0) print(`reports: ${reportFiles.join(", ")}`);

  const interrupted = io.signal?.aborted === true;
  const incomplete = results.length < total;
  if (interrupted) print(`interrupted: ${results.length}/${total} cases and sequence steps ran`);
  const leftovers = (cleanup?.leftovers.length ?? 0) > 0;
  return {
    results,
    exitCode: failures.length > 0 || interrupted || incomplete || leftovers ? 1 : 0,
    wallMs,
    startupMs,
    ...(cleanup ? { cleanup } : {}),
    reportFiles,
  };
}
