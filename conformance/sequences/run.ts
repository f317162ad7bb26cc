/**
 * Runs a sequence step by step against a target: every request goes through the same preparation,
 * tracking (for cleanup) and checks as a case, and each step becomes one CaseResult.
 */
import type { CaseRequest, ConformanceCase } from "../cases/types.js";
import { type CaseResult, type RunContext, viaFor } from "../runner.js";
import { type CheckFailure, checkResponse } from "../support/checks.js";
import { caseContext } from "../support/context.js";
import { type Observed, prepare, send, toCurl } from "../support/http.js";
import { redact } from "../support/redact.js";
import { getOperation, loadSpec } from "../support/spec.js";
import { type Expect, type PollOptions, type Sequence, type SequenceState, type StepIO, stepTitle } from "./types.js";

/** Polls of a real server wait at most this long unless the target says otherwise. */
export const DEFAULT_DEADLINE_MS = 60_000;
const FIRST_POLL_DELAY_MS = 20;
const MAX_POLL_DELAY_MS = 2_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

    const io = new StepRecorder(this.state, run, sequence, step.operationId, this.deadlineMs);
    const started = performance.now();
    try {
      await step.run(io);
    } catch (error) {
      io.fail("request", `step failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const duration_ms = Math.round((performance.now() - started) * 10) / 10;
    if (io.failures.length === 0) return { ...base, outcome: "pass", failures: [], duration_ms };
    if (step.critical) this.blockedBy = `${index + 1}. ${step.operationId} → ${step.status} ${step.scenario}`;
    const failures = io.failures.map((f) => JSON.parse(redact(JSON.stringify(f), target.secrets)) as CheckFailure);
    return {
      ...base,
      outcome: "fail",
      reason: failures
        .map((f) => f.message)
        .join("; ")
        .slice(0, 500),
      failures,
      duration_ms,
      ...(io.lastCurl ? { curl: io.lastCurl } : {}),
      ...(io.lastStatus !== undefined ? { actualStatus: io.lastStatus } : {}),
    };
  }
}

/** The StepIO of one step: sends, checks, and keeps the failures and the last failing request. */
class StepRecorder implements StepIO {
  readonly failures: CheckFailure[] = [];
  lastCurl?: string;
  lastStatus?: number;

  constructor(
    readonly state: SequenceState,
    private readonly run: RunContext,
    private readonly sequence: Sequence,
    private readonly operationId: string,
    readonly deadlineMs: number,
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

  private async send(request: CaseRequest): Promise<{ observed?: Observed; curl: string }> {
    const { target, tracker } = this.run;
    const index = this.run.specs?.[this.sequence.api] ?? loadSpec(this.sequence.api);
    const create = index.operations.get("createAudience");
    if (create && request.method === create.method && request.path === create.path)
      tracker.noteCreate(this.sequence.api, request);
    const prepared = prepare(this.sequence.api, request, viaFor(request, target));
    const curl = toCurl(prepared, target.secrets);
    try {
      return { observed: await send(prepared), curl };
    } catch (error) {
      this.fail("request", `request failed: ${error instanceof Error ? error.message : String(error)}`);
      this.lastCurl = curl;
      return { curl };
    }
  }

  /** The cases' checks on one answer, as if it were a case expecting `expect`. */
  private check(request: CaseRequest, expect: Expect, observed: Observed, curl: string): boolean {
    const api = this.sequence.api;
    const index = this.run.specs?.[api] ?? loadSpec(api);
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
    const found = checkResponse({
      kase,
      op: getOperation(index, operationId),
      index,
      target: this.run.target,
      observed,
    });
    for (const f of found) this.failures.push(expect.label ? { ...f, message: `${expect.label}: ${f.message}` } : f);
    if (found.length > 0) {
      this.lastCurl = curl;
      this.lastStatus = observed.status;
    }
    return found.length === 0;
  }

  async call(request: CaseRequest, expect: Expect): Promise<Observed | undefined> {
    const { observed, curl } = await this.send(request);
    if (observed) this.check(request, expect, observed, curl);
    return observed;
  }

  async poll(request: CaseRequest, expect: Expect, options: PollOptions): Promise<Observed | undefined> {
    const deadline = performance.now() + this.deadlineMs;
    let delay = FIRST_POLL_DELAY_MS;
    for (let attempt = 1; ; attempt++) {
      const { observed, curl } = await this.send(request);
      if (!observed) return undefined;
      if (options.until(observed)) {
        this.check(request, expect, observed, curl);
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
        if (!this.check(request, asIs, observed, curl)) return observed;
        await sleep(delay);
        delay = Math.min(delay * 2, MAX_POLL_DELAY_MS);
        continue;
      }
      this.check(request, expect, observed, curl);
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
