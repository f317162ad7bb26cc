/**
 * Runs cases against a target: setup steps, the request (with `Prefer` on the mock only), the
 * checks, and a result record per case. Used by the CLI, the vitest files and the benchmark.
 */
import { type CaseRequest, type ConformanceCase, caseTitle } from "./cases/types.js";
import { type Assessment, assessExchange, type Finding } from "./inferred/assess.js";
import { InferredEvidence } from "./inferred/evidence.js";
import type { HarRecorder } from "./report/har.js";
import { type CheckFailure, checkResponse } from "./support/checks.js";
import { AudienceTracker } from "./support/cleanup.js";
import { caseContext } from "./support/context.js";
import { type Observed, type PreparedRequest, prepare, send, toCurl } from "./support/http.js";
import { redact } from "./support/redact.js";
import { type ApiId, getOperation, loadSpec, type SpecIndex } from "./support/spec.js";
import type { Target } from "./targets/types.js";

/** `finding`: every deviation contradicts an inferred point (a failure only with --strict). */
export type Outcome = "pass" | "fail" | "skipped" | "finding";

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
  /** Documented violations. */
  failures: CheckFailure[];
  /** Contradicted inferred points (real targets only). */
  findings?: Finding[];
  duration_ms: number;
  /** The failing request as curl (keys redacted); only on failures. */
  curl?: string;
  actualStatus?: number;
}

export interface RunContext {
  target: Target;
  tracker: AudienceTracker;
  specs?: Partial<Record<ApiId, SpecIndex>>;
  /** What the run learns about the inferred points (confirmations, contradictions). */
  evidence: InferredEvidence;
  /** Every exchange, when the run is recorded (`--record`). */
  recorder?: HarRecorder;
}

export function newRunContext(target: Target, recorder?: HarRecorder): RunContext {
  return {
    target,
    tracker: new AudienceTracker(target.runPrefix),
    evidence: new InferredEvidence(target.secrets),
    ...(recorder ? { recorder } : {}),
  };
}

/** One answer's checks, split into documented failures and findings; the evidence is recorded. */
export function checkExchange(
  run: RunContext,
  exchange: {
    kase: ConformanceCase;
    request: CaseRequest;
    prepared: PreparedRequest;
    observed: Observed;
    title: string;
  },
): Assessment {
  const { kase, observed } = exchange;
  const index = specFor(run, kase.api);
  const op = getOperation(index, kase.operationId);
  const failures = checkResponse({ kase, op, index, target: run.target, observed });
  const assessed = assessExchange(kase, exchange.request, { kase, op, index, target: run.target, observed, failures });
  run.evidence.confirm(assessed.confirmed);
  for (const f of assessed.findings)
    run.evidence.contradict(
      f.points,
      { title: exchange.title, prepared: exchange.prepared, status: observed.status, text: observed.text },
      f.check,
      f.message,
    );
  return assessed;
}

/** The result record of a case or step: outcome from documented failures first, then findings. */
export function resultOf(
  base: Omit<CaseResult, "outcome" | "failures" | "duration_ms">,
  parts: { failures: CheckFailure[]; findings: Finding[]; duration_ms: number; curl?: string; actualStatus?: number },
  secrets: readonly string[],
): CaseResult {
  const safe = <T>(items: T[]) => items.map((f) => JSON.parse(redact(JSON.stringify(f), secrets)) as T);
  const failures = safe(parts.failures);
  const findings = safe(parts.findings);
  const { duration_ms } = parts;
  if (failures.length === 0 && findings.length === 0) return { ...base, outcome: "pass", failures, duration_ms };
  const shown = failures.length > 0 ? failures : findings;
  return {
    ...base,
    outcome: failures.length > 0 ? "fail" : "finding",
    reason: shown
      .map((f) => f.message)
      .join("; ")
      .slice(0, 500),
    failures,
    ...(findings.length > 0 ? { findings } : {}),
    duration_ms,
    ...(parts.curl ? { curl: parts.curl } : {}),
    ...(parts.actualStatus !== undefined ? { actualStatus: parts.actualStatus } : {}),
  };
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

/** What decides whether a target can run a case: its kind, and whether it injects faults and divergences. */
export type TargetAbilities = Pick<Target, "kind" | "faultHeaders" | "divergenceHeaders">;

/**
 * Headers that make a real target (the emulator) give the case's answer itself: a fault for the
 * status (429, 500, 403…) and/or a divergence for a documented alternative (1.x update's 201).
 * Undefined when the case needs none, or needs one the target cannot give.
 */
export function faultHeadersFor(kase: ConformanceCase, target: TargetAbilities): Record<string, string> | undefined {
  if (target.kind !== "real" || (!kase.reachableByFault && !kase.divergeOnEmulator)) return undefined;
  const faults = kase.reachableByFault ? target.faultHeaders?.(kase.status) : {};
  const diverged = kase.divergeOnEmulator ? target.divergenceHeaders?.(kase.divergeOnEmulator) : {};
  return faults && diverged ? { ...faults, ...diverged } : undefined;
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
  const create = index.operations.get("createAudience");
  const ctx = caseContext(target.runPrefix, `${kase.api} ${kase.kind} ${title}`);
  const started = performance.now();
  const failures: CheckFailure[] = [];
  const findings: Finding[] = [];
  let curl: string | undefined;
  let observed: Observed | undefined;
  const record = { recorder: run.recorder, title };
  try {
    for (const [i, step] of (kase.setup?.(ctx) ?? []).entries()) {
      if (create && step.method === create.method && step.path === create.path) tracker.noteCreate(kase.api, step);
      const answer = await send(prepare(kase.api, step, target), { ...record, title: `${title} (setup ${i + 1})` });
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
      observed = await send(prepared, record);
      const assessed = checkExchange(run, { kase, request: built, prepared, observed, title });
      failures.push(...assessed.failures);
      findings.push(...assessed.findings);
    }
  } catch (error) {
    failures.push({
      check: "request",
      message: `request failed: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  const duration_ms = Math.round((performance.now() - started) * 10) / 10;
  return resultOf(
    base,
    {
      failures,
      findings,
      duration_ms,
      ...(curl ? { curl } : {}),
      ...(observed ? { actualStatus: observed.status } : {}),
    },
    target.secrets,
  );
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
