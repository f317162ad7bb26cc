/**
 * A stateful sequence: ordered steps against one API that share audience names and indexing
 * tokens (create → view → update → …). Each step is reported like a case: an operation, the status
 * it expects, a title, and the same response checks.
 */
import type { CaseRequest, ExpectedError } from "../cases/types.js";
import type { Observed } from "../support/http.js";
import type { ApiId } from "../support/spec.js";

/** What the answer to one request must be; every answer also gets the cases' response checks. */
export interface Expect {
  /** Defaults to the step's operation. */
  operationId?: string;
  status: number;
  /** Other documented statuses that are acceptable answers (1.0 create: 200 or 201). */
  alsoAccept?: number[];
  error?: ExpectedError;
  /** Prefixed to failure messages, e.g. "page 2 (from=3, limit=3)". */
  label?: string;
}

export interface PollOptions {
  /** The answer the step waits for (checked against `Expect`). */
  until(observed: Observed): boolean;
  /** An answer that may still change (e.g. IN_PROGRESS, or 404 while an async create lands): ask again. */
  pending(observed: Observed): boolean;
  /** What is awaited, for the timeout message. */
  what: string;
}

/** Shared by the steps of one sequence run. */
export interface SequenceState {
  /** The audience of the sequence (run prefix + hash, so cleanup may delete it). */
  name: string;
  /** Further audiences, for sequences that need several (paging). */
  names: string[];
  /** The indexing token of the last write that returned one. */
  token?: string;
}

export interface StepIO {
  readonly state: SequenceState;
  /** How long polls may wait (the target's indexing deadline). */
  readonly deadlineMs: number;
  /** Failures recorded so far in this step (to tell whether one answer passed its checks). */
  readonly failureCount: number;
  /** Send a request; check its answer against `expect`; undefined when it could not be sent. */
  call(request: CaseRequest, expect: Expect): Promise<Observed | undefined>;
  /** Send the request until `until` holds (or an answer is neither pending nor awaited, or the deadline passes). */
  poll(request: CaseRequest, expect: Expect, options: PollOptions): Promise<Observed | undefined>;
  fail(check: string, message: string, expected?: unknown, actual?: unknown): void;
}

export interface SequenceStep {
  operationId: string;
  /** The status this step expects (its matrix cell). */
  status: number;
  scenario: string;
  /** When this step fails, the steps after it are skipped (they would act on nothing). */
  critical?: boolean;
  /**
   * Inferred points (ledger ids) the step's own checks rest on (e.g. the 1.x paging walk on `from`
   * being a 0-based offset): a failure of those checks is a finding on them, a pass confirms them.
   */
  inferredBasis?: readonly string[];
  run(io: StepIO): Promise<void>;
}

export interface Sequence {
  api: ApiId;
  /** `sequence: create → view → … → view is 404`; each step's title starts with it. */
  title: string;
  steps: SequenceStep[];
  /** Audiences the sequence works on besides `name` (count), named `<name>_pNN`. */
  extraAudiences?: number;
}

export function stepTitle(sequence: Pick<Sequence, "title" | "steps">, index: number): string {
  const step = sequence.steps[index]!;
  return `${sequence.title} [${index + 1}/${sequence.steps.length}] ${step.operationId} → ${step.status} ${step.scenario}`;
}
