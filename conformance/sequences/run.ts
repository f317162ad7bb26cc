/**
 * Runs a sequence step by step against a target: every request goes through the same preparation,
 * tracking (for cleanup) and checks as a case, and each step becomes one CaseResult.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { CaseRequest, ConformanceCase } from "../cases/types.js";
import type { Finding } from "../inferred/assess.js";
import { type CaseResult, checkExchange, type RunContext, resultOf, viaFor } from "../runner.js";
import type { CheckFailure } from "../support/checks.js";
import { caseContext } from "../support/context.js";
import { type Observed, type PreparedRequest, prepare, send, toCurl } from "../support/http.js";
import { loadSpec } from "../support/spec.js";
import { type Expect, type PollOptions, type Sequence, type SequenceState, type StepIO, stepTitle } from "./types.js";

/** Polls of a real server wait at most this long unless the target says otherwise. */
export const DEFAULT_DEADLINE_MS = 60_000;
const FIRST_POLL_DELAY_MS = 20;
const MAX_POLL_DELAY_MS = 2_000;

export function sequenceState(sequence: Sequence, runPrefix: string): SequenceState {
  const name = caseContext(runPrefix, `${sequence.api} ${sequence.title}`).name;
  const names = Array.from(
    { length: sequence.extraAudiences ?? 0 },
    (_, i) => `${name}_p${String(i + 1).padStart(2, "0")}`,
  );
  return { name, names };
}

/** One run of one sequence; `step(i)` must be called in order (the vitest file runs one per test). */
export class SequenceRun {
  readonly state: SequenceState;
  private blockedBy?: string;

  constructor(
    readonly sequence: Sequence,
    private readonly run: RunContext,
    private readonly deadlineMs = run.target.indexingDeadlineMs ?? DEFAULT_DEADLINE_MS,
  ) {
    this.state = sequenceState(sequence, run.target.runPrefix);
  }

  get size(): number {
    return this.sequence.steps.length;
  }

  async step(index: number): Promise<CaseResult> {
    const { sequence, run } = this;
    const step = sequence.steps[index]!;
    const target = run.target;
    const base = {
      api: sequence.api,
      operationId: step.operationId,
      status: step.status,
      title: stepTitle(sequence, index),
      kind: "sequence" as const,
      target: target.name,
    };
    if (this.blockedBy)
      return {
        ...base,
        outcome: "skipped",
        reason: `an earlier step failed: ${this.blockedBy}`,
        failures: [],
        duration_ms: 0,
      };

    const io = new StepRecorder(this.state, run, sequence, step.operationId, this.deadlineMs, base.title);
    const started = performance.now();
    try {
      await step.run(io);
    } catch (error) {
      io.fail("request", `step failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const duration_ms = Math.round((performance.now() - started) * 10) / 10;
    // A step whose own checks rest on inferred points (the 1.x offset walk): its failures are findings.
    const basis = [...(step.inferredBasis ?? [])];
    const own = basis.length > 0 ? io.failures.filter((f) => !RESPONSE_CHECKS.has(f.check)) : [];
    const failures = io.failures.filter((f) => !own.includes(f));
    const findings: Finding[] = [...io.findings, ...own.map((f) => ({ ...f, points: basis }))];
    if (own.length > 0 && io.lastExchange)
      for (const f of own) run.evidence.contradict(basis, io.lastExchange, f.check, f.message);
    else if (io.failures.length === 0 && io.findings.length === 0) run.evidence.confirm(basis);
    if (step.critical && failures.length > 0)
      this.blockedBy = `${index + 1}. ${step.operationId} → ${step.status} ${step.scenario}`;
    return resultOf(
      base,
      {
        failures,
        findings,
        duration_ms,
        ...(io.lastCurl ? { curl: io.lastCurl } : {}),
        ...(io.lastStatus !== undefined ? { actualStatus: io.lastStatus } : {}),
      },
      target.secrets,
    );
  }
}

/** Checks of an answer itself (as opposed to a step's own checks of what the answers add up to). */
const RESPONSE_CHECKS = new Set([
  "status",
  "status-documented",
  "content-type",
  "schema",
  "error-code",
  "proxy-violation",
  "header",
  "request",
  "setup",
]);

/** The StepIO of one step: sends, checks, and keeps the failures and the last failing request. */
class StepRecorder implements StepIO {
  readonly failures: CheckFailure[] = [];
  readonly findings: Finding[] = [];
  lastCurl?: string;
  lastStatus?: number;
  /** The last answer, as evidence for a step's own checks. */
  lastExchange?: { title: string; prepared: PreparedRequest; status: number; text: string };

  constructor(
    readonly state: SequenceState,
    private readonly run: RunContext,
    private readonly sequence: Sequence,
    private readonly operationId: string,
    readonly deadlineMs: number,
    private readonly title: string,
  ) {}

  get failureCount(): number {
    return this.failures.length;
  }

  fail(check: string, message: string, expected?: unknown, actual?: unknown): void {
    this.failures.push({
      check,
      message,
      ...(expected !== undefined ? { expected } : {}),
      ...(actual !== undefined ? { actual } : {}),
    });
  }

  private async send(request: CaseRequest): Promise<{ observed?: Observed; curl: string; prepared: PreparedRequest }> {
    const { target, tracker } = this.run;
    const index = this.run.specs?.[this.sequence.api] ?? loadSpec(this.sequence.api);
    const create = index.operations.get("createAudience");
    if (create && request.method === create.method && request.path === create.path)
      tracker.noteCreate(this.sequence.api, request);
    const prepared = prepare(this.sequence.api, request, viaFor(request, target));
    const curl = toCurl(prepared, target.secrets);
    try {
      const observed = await send(prepared, { recorder: this.run.recorder, title: this.title });
      this.lastExchange = { title: this.title, prepared, status: observed.status, text: observed.text };
      return { observed, curl, prepared };
    } catch (error) {
      this.fail("request", `request failed: ${error instanceof Error ? error.message : String(error)}`);
      this.lastCurl = curl;
      return { curl, prepared };
    }
  }

  /** The cases' checks on one answer, as if it were a case expecting `expect`; false on a documented failure. */
  private check(
    request: CaseRequest,
    expect: Expect,
    sent: { observed: Observed; curl: string; prepared: PreparedRequest },
  ): boolean {
    const { observed, curl } = sent;
    const api = this.sequence.api;
    const operationId = expect.operationId ?? this.operationId;
    const kase: ConformanceCase = {
      api,
      operationId,
      status: expect.status,
      kind: "sequence",
      scenario: expect.label ?? "sequence step",
      request: () => request,
      ...(expect.error ? { error: expect.error } : {}),
      ...(expect.alsoAccept ? { alsoAcceptOnReal: expect.alsoAccept } : {}),
    };
    const found = checkExchange(this.run, { kase, request, prepared: sent.prepared, observed, title: this.title });
    const label = <T extends CheckFailure>(f: T): T =>
      expect.label ? { ...f, message: `${expect.label}: ${f.message}` } : f;
    this.failures.push(...found.failures.map(label));
    this.findings.push(...found.findings.map(label));
    if (found.failures.length + found.findings.length > 0) {
      this.lastCurl = curl;
      this.lastStatus = observed.status;
    }
    return found.failures.length === 0;
  }

  async call(request: CaseRequest, expect: Expect): Promise<Observed | undefined> {
    const sent = await this.send(request);
    if (sent.observed) this.check(request, expect, { ...sent, observed: sent.observed });
    return sent.observed;
  }

  async poll(request: CaseRequest, expect: Expect, options: PollOptions): Promise<Observed | undefined> {
    const deadline = performance.now() + this.deadlineMs;
    let delay = FIRST_POLL_DELAY_MS;
    for (let attempt = 1; ; attempt++) {
      const sent = await this.send(request);
      const { observed, curl } = sent;
      if (!observed) return undefined;
      const answer = { ...sent, observed };
      if (options.until(observed)) {
        this.check(request, expect, answer);
        return observed;
      }
      const pending = options.pending(observed);
      if (pending && performance.now() + delay < deadline) {
        // A pending answer must still be a documented one: check it as what it is.
        const asIs: Expect = {
          status: observed.status,
          label: `${expect.label ?? "poll"} #${attempt}`,
          ...(expect.operationId ? { operationId: expect.operationId } : {}),
        };
        if (!this.check(request, asIs, answer)) return observed;
        await sleep(delay);
        delay = Math.min(delay * 2, MAX_POLL_DELAY_MS);
        continue;
      }
      this.check(request, expect, answer);
      if (pending)
        this.fail("deadline", `${options.what}: still not there after ${attempt} answers in ${this.deadlineMs} ms`);
      else if (observed.status === expect.status)
        this.fail("state", `${options.what}: got an answer that will not change: ${observed.text.slice(0, 200)}`);
      this.lastCurl = curl;
      this.lastStatus = observed.status;
      return observed;
    }
  }
}

export interface SequenceRunOptions {
  signal?: AbortSignal;
  onResult?: (result: CaseResult) => void;
}

/** Runs every step of a sequence in order; stops early (without results) on Ctrl-C. */
export async function runSequence(
  sequence: Sequence,
  run: RunContext,
  options: SequenceRunOptions = {},
): Promise<CaseResult[]> {
  const sequenceRun = new SequenceRun(sequence, run);
  const results: CaseResult[] = [];
  for (let i = 0; i < sequenceRun.size && !options.signal?.aborted; i++) {
    let result = await sequenceRun.step(i);
    // Ctrl-C stops the proxies at once; a request cut off by that says nothing about the API.
    if (options.signal?.aborted && result.outcome === "fail" && result.failures.some((f) => f.check === "request")) {
      result = { ...result, outcome: "skipped", reason: "interrupted (Ctrl-C) while in flight", failures: [] };
      delete result.curl;
    }
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

/**
 * Runs sequences: one API's sequences one after the other (a sequence deleting audiences while
 * another walks the list would shift 1.x offsets), APIs side by side when concurrency allows.
 */
export async function runSequences(
  sequences: readonly Sequence[],
  run: RunContext,
  options: SequenceRunOptions & { concurrency?: number } = {},
): Promise<CaseResult[]> {
  const byApi = new Map<string, Sequence[]>();
  for (const s of sequences) byApi.set(s.api, [...(byApi.get(s.api) ?? []), s]);
  const lanes = [...byApi.values()];
  const results = new Map<Sequence, CaseResult[]>();
  const runLane = async (lane: Sequence[]) => {
    for (const s of lane) {
      if (options.signal?.aborted) return;
      results.set(s, await runSequence(s, run, options));
    }
  };
  if ((options.concurrency ?? 1) > 1) await Promise.all(lanes.map(runLane));
  else for (const lane of lanes) await runLane(lane);
  return sequences.flatMap((s) => results.get(s) ?? []);
}
