/**
 * One call's use of the adaptive throttle, for the transport: a permit before each attempt, the
 * answer fed back after it, and the wait the throttle decides for a refused (429) attempt.
 */
import type { AttemptOutcome } from "./attempt.js";
import { parseRetryAfter } from "./retry-policy.js";
import type { AdaptiveThrottle, ThrottlePermit } from "./throttle.js";

export class ThrottledCall {
  private permit: ThrottlePermit | undefined;
  /**
   * 429s answered under the throttle. They do not use up the call's retries: a 429 means the
   * request was not applied, and the throttle paces the re-send (the deadline still bounds it).
   */
  refusals = 0;

  constructor(private readonly throttle: AdaptiveThrottle | undefined) {}

  /** Waits for a permit; rejects with the signal's reason if it aborts first. */
  async before(signal: AbortSignal | undefined): Promise<void> {
    if (this.throttle) this.permit = await this.throttle.acquire(signal);
  }

  /**
   * Feeds the attempt's answer back. Returns the wait before re-sending when it was a 429 under
   * the throttle (its verdict: `Retry-After`, or the 1.x 5 s floor), else undefined.
   */
  after(outcome: AttemptOutcome, nowMs: number): number | undefined {
    const { throttle, permit } = this;
    this.permit = undefined;
    if (!throttle || !permit || !outcome.response) return undefined;
    const { status, headers } = outcome.response;
    const retryAfterMs = parseRetryAfter(headers.get("retry-after"), nowMs);
    const verdict = throttle.record(permit, { status, retryAfterMs });
    if (status !== 429) return undefined;
    this.refusals++;
    return verdict.retryDelayMs;
  }
}
