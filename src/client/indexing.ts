/**
 * Polls an audience's view with an indexing token until Batch reports the write as indexed.
 * Batch indexes asynchronously and promises no delay, so this is how a caller knows an audience is
 * ready to target.
 */

import { truncateValue } from "../shared/redact.js";
import { BatchAbortedError, BatchTimeoutError } from "./errors.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./http/retry-policy.js";

export interface WaitForIndexingOptions {
  /** Give up after this long (default 120 s). */
  deadlineMs?: number;
  signal?: AbortSignal;
  /** First wait between polls (default 250 ms); doubles up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Called after every poll with the state Batch reported. */
  onPoll?: (state: string | undefined, poll: number) => void;
}

export interface IndexingOutcome<A> {
  /** `APPLIED`, or on 2.x `REPLACED` (a later replace superseded this write; reported distinctly). */
  state: "APPLIED" | "REPLACED";
  /** True when the state is REPLACED. */
  replaced: boolean;
  polls: number;
  elapsedMs: number;
  /** The last view answer. */
  audience: A;
}

/** One view call, bounded by `remainingMs` and cancelled by `signal`. */
export type ViewForIndexing<A> = (signal: AbortSignal | undefined, remainingMs: number) => Promise<A>;

/** The client's clock and sleep (its `now` and `sleep` options), so tests can run polls on fake time. */
export type PollTiming = Pick<RetryPolicy, "now" | "sleep">;

export async function pollIndexing<A extends { indexing_state?: string | undefined }>(
  view: ViewForIndexing<A>,
  audienceName: string,
  options: WaitForIndexingOptions = {},
  timing: PollTiming = DEFAULT_RETRY_POLICY,
): Promise<IndexingOutcome<A>> {
  const { now, sleep } = timing;
  const deadlineMs = options.deadlineMs ?? 120_000;
  const maxDelayMs = options.maxDelayMs ?? 5_000;
  let delayMs = options.initialDelayMs ?? 250;
  const startedAt = now();
  const deadlineAt = startedAt + deadlineMs;
  const timeout = (polls: number, last: string | undefined): BatchTimeoutError =>
    new BatchTimeoutError(
      `audience ${truncateValue(audienceName)} still ${last ?? "not indexed"} after ${polls} poll(s) and ${deadlineMs} ms`,
      "indexing",
      deadlineMs,
      polls,
    );

  for (let polls = 1; ; polls++) {
    if (options.signal?.aborted) throw new BatchAbortedError("waitForIndexing aborted by the caller");
    const remaining = deadlineAt - now();
    if (remaining <= 0) throw timeout(polls - 1, undefined);
    const audience = await view(options.signal, remaining);
    const state = audience.indexing_state;
    options.onPoll?.(state, polls);
    if (state === "APPLIED" || state === "REPLACED") {
      return { state, replaced: state === "REPLACED", polls, elapsedMs: now() - startedAt, audience };
    }
    const wait = Math.min(delayMs, maxDelayMs);
    if (now() + wait >= deadlineAt) throw timeout(polls, state);
    try {
      await sleep(wait, options.signal);
    } catch {
      throw new BatchAbortedError("waitForIndexing aborted by the caller");
    }
    delayMs = Math.min(maxDelayMs, delayMs * 2);
  }
}
