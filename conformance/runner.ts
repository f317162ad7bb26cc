/**
 * Runs cases against a target: setup steps, the request (with `Prefer` on the mock only), the
 * checks, and a result record per case. Used by the CLI, the vitest files and the benchmark.
 */
import { type CaseRequest, type ConformanceCase, caseTitle } from "./cases/types.js";
import { type CheckFailure, checkResponse } from "./support/checks.js";
import { AudienceTracker } from "./support/cleanup.js";
import { caseContext } from "./support/context.js";
import { type Observed, prepare, send, toCurl } from "./support/http.js";
import { redact } from "./support/redact.js";
import { type ApiId, getOperation, loadSpec, type SpecIndex } from "./support/spec.js";
import type { Target } from "./targets/types.js";

export type Outcome = "pass" | "fail" | "skipped";

export interface CaseResult {
  api: ApiId;
  operationId: string;
  status: number;
  title: string;
  kind: ConformanceCase["kind"];
  target: string;
  outcome: Outcome;
  /** Skip reason, or a one-line summary of the failures. */
  reason?: string;
  failures: CheckFailure[];
  duration_ms: number;
  /** The failing request as curl (keys redacted); only on failures. */
  curl?: string;
  actualStatus?: number;
}

export interface RunContext {
  target: Target;
  tracker: AudienceTracker;
  specs?: Partial<Record<ApiId, SpecIndex>>;
}

export function newRunContext(target: Target): RunContext {
  return { target, tracker: new AudienceTracker(target.runPrefix) };
}

function specFor(run: RunContext, api: ApiId): SpecIndex {
  return run.specs?.[api] ?? loadSpec(api);
}

/**
 * The `Prefer` header for a case on the mock: the status (and error example) it documents. A success
 * with documented alternatives (1.x update: 201 or 202) names its own, since Prism would serve the
 * lowest 2xx.
 */
export function preferFor(kase: ConformanceCase): string | undefined {
  if (kase.status >= 400 || kase.forcedOnMock || (kase.alsoAcceptOnReal?.length ?? 0) > 0) {
    return kase.error?.example ? `code=${kase.status}, example=${kase.error.example}` : `code=${kase.status}`;
  }
  return undefined;
}

/** What decides whether a target can run a case: its kind and whether it injects faults. */
export type TargetAbilities = Pick<Target, "kind" | "faultHeaders">;

/** Headers that make a real target answer the case's status itself, when it can. */
export function faultHeadersFor(kase: ConformanceCase, target: TargetAbilities): Record<string, string> | undefined {
  return target.kind === "real" && kase.reachableByFault ? target.faultHeaders?.(kase.status) : undefined;
}

export function skipReason(kase: ConformanceCase, target: TargetAbilities): string | undefined {
  if (target.kind === "mock") return kase.skipOnMock;
  return faultHeadersFor(kase, target) ? undefined : kase.skipOnReal;
}

/**
 * Where a request goes. `prism proxy` parses the body before forwarding and answers a body that is
 * not JSON itself (`{"error":{"code":"invalid_json"}}`), so such a request would never reach the
 * server: behind a proxy it goes straight to the upstream (the checks are the same, minus
 * `sl-violations`, which only the proxy adds).
 */
export function viaFor(request: CaseRequest, target: Target): Target {
  if (target.violations !== "proxy" || !target.cleanupBaseUrls || request.rawBody === undefined) return target;
  try {
    JSON.parse(request.rawBody);
    return target;
  } catch {
    return { ...target, baseUrls: target.cleanupBaseUrls };
  }
}

export async function runCase(kase: ConformanceCase, run: RunContext): Promise<CaseResult> {
  const { target, tracker } = run;
  const title = caseTitle(kase);
  const base = {
    api: kase.api,
    operationId: kase.operationId,
    status: kase.status,
    title,
    kind: kase.kind,
    target: target.name,
  };
  const skip = skipReason(kase, target);
  if (skip) return { ...base, outcome: "skipped", reason: skip, failures: [], duration_ms: 0 };

  const index = specFor(run, kase.api);
  const op = getOperation(index, kase.operationId);
  const create = index.operations.get("createAudience");
  const ctx = caseContext(target.runPrefix, `${kase.api} ${kase.kind} ${title}`);
  const started = performance.now();
  const failures: CheckFailure[] = [];
  let curl: string | undefined;
  let observed: Observed | undefined;
  try {
    for (const [i, step] of (kase.setup?.(ctx) ?? []).entries()) {
      if (create && step.method === create.method && step.path === create.path) tracker.noteCreate(kase.api, step);
      const answer = await send(prepare(kase.api, step, target));
      if (answer.status >= 300) {
        failures.push({
          check: "setup",
          message: `setup step ${i + 1} (${step.method.toUpperCase()} ${step.path}) answered ${answer.status}`,
        });
      }
    }
    const built = kase.request(ctx);
    const faults = faultHeadersFor(kase, target);
    const request = faults ? { ...built, headers: { ...built.headers, ...faults } } : built;
    if (create && request.method === create.method && request.path === create.path)
      tracker.noteCreate(kase.api, request);
    const prepared = prepare(
      kase.api,
      request,
      viaFor(request, target),
      target.kind === "mock" ? preferFor(kase) : undefined,
    );
    curl = toCurl(prepared, target.secrets);
    if (failures.length === 0) {
      observed = await send(prepared);
      failures.push(...checkResponse({ kase, op, index, target, observed }));
    }
  } catch (error) {
    failures.push({
      check: "request",
      message: `request failed: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  const duration_ms = Math.round((performance.now() - started) * 10) / 10;
  if (failures.length === 0) return { ...base, outcome: "pass", failures, duration_ms };
  const safeFailures = failures.map((f) => JSON.parse(redact(JSON.stringify(f), target.secrets)) as CheckFailure);
  return {
    ...base,
    outcome: "fail",
    reason: safeFailures
      .map((f) => f.message)
      .join("; ")
      .slice(0, 500),
    failures: safeFailures,
    duration_ms,
    ...(curl ? { curl } : {}),
    ...(observed ? { actualStatus: observed.status } : {}),
  };
}

export interface RunOptions {
  concurrency?: number;
  /** Stop starting new cases (Ctrl-C); cases already sent finish. */
  signal?: AbortSignal;
  onResult?: (result: CaseResult, done: number, total: number) => void;
}

/** Run many cases with bounded concurrency; results come back in case order. */
export async function runCases(
  cases: readonly ConformanceCase[],
  run: RunContext,
  options: RunOptions = {},
): Promise<CaseResult[]> {
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < cases.length && !options.signal?.aborted) {
      const i = next++;
      let result = await runCase(cases[i]!, run);
      // Ctrl-C stops the Prisms at once; a request cut off by that says nothing about the API.
      if (options.signal?.aborted && result.outcome === "fail" && result.failures.some((f) => f.check === "request")) {
        result = { ...result, outcome: "skipped", reason: "interrupted (Ctrl-C) while in flight", failures: [] };
        delete result.curl;
      }
      results[i] = result;
      options.onResult?.(result, ++done, cases.length);
    }
  };
  const width = Math.max(1, Math.min(options.concurrency ?? 8, cases.length));
  await Promise.all(Array.from({ length: width }, worker));
  return results.filter((r) => r !== undefined);
}
