/**
 * Adaptive client-side throttling: one shared pace for every call and lane of a client (and, through
 * `sharedThrottle`, of every client with the same key in the process), so a bulk upload settles just
 * under Batch's per-key rate limit instead of bouncing off it.
 *
 *   const permit = await throttle.acquire(signal);          // before each attempt
 *   const verdict = throttle.record(permit, { status, retryAfterMs });  // after its answer
 *   // on a 429: re-send no earlier than verdict.retryDelayMs, then acquire again
 *
 * The algorithm is the AWS SDKs' adaptive retry mode, corrected for concurrent senders:
 * - A client token bucket paces permits at `rate` requests/s (burst: `burstSeconds` of it, at
 *   least one). Until the first 429 nothing is paced: Batch publishes no limit to start from. With
 *   `startRate` (the 1.x default, where a refusal costs 5 s) a slow start paces from it, doubling.
 * - On a 429 the rate that was refused becomes CUBIC's Wmax and the rate drops to β·Wmax (β = 0.7).
 *   The refused rate is what the server accepted per second since the previous 429, not the rate
 *   sent: a server's burst must not read as its limit (AWS uses the measured send rate, which
 *   overshoots by the burst and takes several refusals to come down). Then the rate follows the
 *   CUBIC curve (throttle-rate.ts) on each success: quick recovery far below Wmax, a long plateau
 *   just under it, a slow probe above. It never rises above twice the rate actually sent (a client
 *   that is not using its allowance learns nothing about the limit).
 * - One decrease per congestion episode: the 429s of requests granted before the last decrease
 *   reflect the old rate, so four lanes refused together cut once, not four times. (AWS's
 *   DefaultRateLimiter cuts on every throttled response; with 4 lanes that is 0.7⁴ ≈ 0.24.)
 * - `Retry-After` (on a 429 or 503) holds every permit until it has passed: the limit is per key,
 *   so the server's "come back later" is meant for all of the key's requests (RFC 6585). The 1.x
 *   advice (wait at least 5 s after TOO_MANY_REQUESTS, no header) is about re-sending the refused
 *   request: it sets that request's `retryDelayMs`, and the rate cut paces everyone else.
 *
 * Why not a library: @smithy/util-retry's DefaultRateLimiter (the AWS implementation, now inside
 * @smithy/core, ~8 MB installed) has no AbortSignal on its wait, a process-wide static sleep (no
 * per-instance clock), no FIFO order among waiters, no ceiling, no Retry-After and no read-out, and
 * it compounds decreases as above. @octokit/plugin-throttling (Bottleneck) paces with fixed minimum
 * gaps and per-request Retry-After waits: it does not learn a rate, which is what an undocumented
 * limit needs. Ideas taken from it: state shared by an id across clients, and honouring Retry-After.
 *
 * Pure: no I/O, and time comes from the injected clock, so tests run on fake time.
 */
import { CubicCurve, DEFAULT_BETA, DEFAULT_SCALE, GENTLE_SCALE, RateWindow } from "./throttle-rate.js";
import {
  positive,
  SYSTEM_CLOCK,
  type ThrottleClock,
  type ThrottleOptions,
  type ThrottleOutcome,
  type ThrottlePermit,
  type ThrottleSnapshot,
  type ThrottleVerdict,
} from "./throttle-types.js";

export * from "./throttle-types.js";

interface Waiter {
  resolve(permit: ThrottlePermit): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** Tolerance for float drift when a timer fires exactly when a token is due. */
const EPSILON = 1e-9;

export class AdaptiveThrottle {
  private readonly clock: ThrottleClock;
  private readonly maxRate: number;
  private readonly minRate: number;
  private readonly floorMs: number;
  private readonly burstSeconds: number;
  private readonly beta: number;
  private readonly curve: CubicCurve;
  private readonly sent = new RateWindow();
  private readonly accepted = new RateWindow();
  private readonly queue: Waiter[] = [];
  private rate: number;
  private tokens: number;
  private refilledAtMs: number;
  private holdUntilMs = Number.NEGATIVE_INFINITY;
  private activeSinceMs: number | undefined;
  private lastDecreaseSequence = -1;
  private lastDecreaseAtMs: number | undefined;
  private acceptedCount = 0;
  private acceptedAtLastDecrease = 0;
  private cancelTimer: (() => void) | undefined;
  private waitingSinceMs: number | undefined;
  private throttledMs = 0;
  private granted = 0;
  private rateLimited = 0;
  private decreases = 0;
  /** Slow start (until the first 429): the starting rate and its doubling period; undefined when off. */
  private slowStart: { rate: number; doublingMs: number } | undefined;

  constructor(options: ThrottleOptions = {}) {
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.maxRate = positive(options.maxRate, "maxRate", Number.POSITIVE_INFINITY);
    this.minRate = Math.min(positive(options.minRate, "minRate", 0.5), this.maxRate);
    this.floorMs = options.rateLimitFloorMs === undefined ? 0 : Math.max(0, options.rateLimitFloorMs);
    this.burstSeconds = positive(options.burstSeconds, "burstSeconds", 0.25);
    this.beta = positive(options.beta, "beta", DEFAULT_BETA);
    if (this.beta >= 1) throw new RangeError("throttle option beta must be below 1");
    const scale = this.floorMs > 0 ? GENTLE_SCALE : DEFAULT_SCALE;
    this.curve = new CubicCurve(this.beta, positive(options.scale, "scale", scale));
    const now = this.clock.now();
    this.rate = Math.min(positive(options.initialRate, "initialRate", Number.POSITIVE_INFINITY), this.maxRate);
    if (Number.isFinite(this.rate)) this.curve.plateauAt(this.rate, now);
    else if (options.startRate !== undefined) {
      const rate = Math.min(positive(options.startRate, "startRate", 1), this.maxRate);
      this.slowStart = { rate, doublingMs: positive(options.startDoublingMs, "startDoublingMs", 500) };
      this.rate = rate;
    }
    this.tokens = this.capacity();
    this.refilledAtMs = now;
  }

  /** Resolves when this request may be sent; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<ThrottlePermit> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const now = this.clock.now();
    if (this.queue.length === 0 && this.take(now)) return Promise.resolve(this.grant(now));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => this.drop(waiter);
        signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      if (this.queue.length === 0) this.waitingSinceMs = now;
      this.queue.push(waiter);
      this.pump();
    });
  }

  /** Feeds one answer back: adapts the rate and says how long a refused request must wait. */
  record(permit: ThrottlePermit, outcome: ThrottleOutcome): ThrottleVerdict {
    const now = this.clock.now();
    const { status } = outcome;
    const retryAfterMs =
      typeof outcome.retryAfterMs === "number" && outcome.retryAfterMs > 0 ? outcome.retryAfterMs : 0;
    if (status === 429) {
      this.rateLimited++;
      // Measured before the hold starts; the new curve starts when the hold ends.
      if (permit.sequence > this.lastDecreaseSequence)
        this.decrease(now, Math.max(now + retryAfterMs, this.holdUntilMs));
    }
    if (retryAfterMs > 0 && (status === 429 || status === 503)) this.hold(now, retryAfterMs);
    if (status === 429) {
      this.pump();
      return { retryDelayMs: Math.max(retryAfterMs, this.floorMs) };
    }
    if (status >= 200 && status < 400) {
      this.accepted.add(now);
      this.acceptedCount++;
      this.increase(now);
    }
    return { retryDelayMs: 0 };
  }

  snapshot(): ThrottleSnapshot {
    const now = this.clock.now();
    const since = this.measuredSince(now);
    return {
      rate: Number.isFinite(this.rate) ? this.rate : null,
      sendRate: this.sent.rate(now, since),
      acceptRate: this.accepted.rate(now, since),
      throttledMs: this.throttledMs + (this.waitingSinceMs === undefined ? 0 : now - this.waitingSinceMs),
      holdRemainingMs: Math.max(0, this.holdUntilMs - now),
      waiting: this.queue.length,
      granted: this.granted,
      rateLimited: this.rateLimited,
      decreases: this.decreases,
    };
  }

  private capacity(): number {
    return Math.max(1, this.rate * this.burstSeconds);
  }

  private refill(now: number): void {
    if (now <= this.refilledAtMs) return;
    this.tokens = Math.min(this.capacity(), this.tokens + ((now - this.refilledAtMs) / 1000) * this.rate);
    this.refilledAtMs = now;
  }

  /** Takes a token if one is free now (none during a hold; always one while unpaced). */
  private take(now: number): boolean {
    if (now < this.holdUntilMs) return false;
    if (!Number.isFinite(this.rate)) return true;
    this.refill(now);
    if (this.tokens < 1 - EPSILON) return false;
    this.tokens = Math.max(0, this.tokens - 1);
    return true;
  }

  private grant(now: number): ThrottlePermit {
    this.activeSinceMs ??= now;
    this.sent.add(now);
    return { sequence: ++this.granted, grantedAtMs: now };
  }

  /** Grants what can be granted now, then sets one timer for the head of the queue. */
  private pump(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const now = this.clock.now();
    while (this.queue.length > 0 && this.take(now)) {
      const waiter = this.queue.shift()!;
      this.detach(waiter);
      waiter.resolve(this.grant(now));
    }
    if (this.queue.length === 0) {
      this.stopWaiting(now);
      return;
    }
    const untilToken = Number.isFinite(this.rate) ? ((1 - this.tokens) / this.rate) * 1000 : 0;
    const delay = Math.max(this.holdUntilMs - now, untilToken, 0);
    this.cancelTimer = this.clock.setTimer(() => {
      this.cancelTimer = undefined;
      this.pump();
    }, Math.ceil(delay));
  }

  private drop(waiter: Waiter): void {
    const index = this.queue.indexOf(waiter);
    if (index < 0) return;
    this.queue.splice(index, 1);
    waiter.reject(waiter.signal?.reason);
    if (this.queue.length === 0) this.stopWaiting(this.clock.now());
    this.pump();
  }

  private detach(waiter: Waiter): void {
    if (waiter.onAbort) waiter.signal?.removeEventListener("abort", waiter.onAbort);
  }

  private stopWaiting(now: number): void {
    if (this.waitingSinceMs !== undefined) this.throttledMs += now - this.waitingSinceMs;
    this.waitingSinceMs = this.queue.length > 0 ? now : undefined;
  }

  /** Rates are measured from the end of the last hold, so a pause does not read as a slow rate. */
  private measuredSince(now: number): number {
    return Math.min(now, Math.max(this.activeSinceMs ?? now, this.holdUntilMs));
  }

  private hold(now: number, ms: number): void {
    if (now + ms <= this.holdUntilMs) return;
    this.refill(now);
    this.holdUntilMs = now + ms;
    // One permit when the hold ends, then the pace.
    this.tokens = 1;
    this.refilledAtMs = this.holdUntilMs;
  }

  /**
   * The refused rate is what the server accepted since the previous refusal, per second: a token
   * bucket is empty at both refusals, so in between it accepted exactly its refill, however large
   * its burst (holds included: the bucket refills during them and the client spends that later).
   * It is bounded to [β·rate, rate], so one short or noisy measurement cannot collapse the rate.
   * Before the first refusal (no rate yet), the span since the first send (at least a second)
   * stands in. A refusal less than a second after the last decrease is too close to measure: the
   * rate just set was still too high, and is the one refused.
   */
  private decrease(now: number, epochMs: number): void {
    const from = this.lastDecreaseAtMs ?? this.activeSinceMs ?? now;
    const seconds = (now - from) / 1000;
    const accepted = (this.acceptedCount - this.acceptedAtLastDecrease) / Math.max(1, seconds);
    let refused = this.rate;
    // Unpaced, or doubling in slow start: the rate sent says nothing of the limit; what was accepted does.
    if (!Number.isFinite(this.rate) || this.slowStart) refused = Math.min(this.rate, accepted);
    else if (seconds >= 1) refused = Math.min(this.rate, Math.max(accepted, this.beta * this.rate));
    refused = Math.max(this.minRate, refused);
    this.setRate(this.curve.decrease(refused, epochMs), now);
    // No burst right after a refusal: the next permit waits one interval at the new rate.
    this.tokens = 0;
    this.slowStart = undefined;
    this.lastDecreaseSequence = this.granted;
    this.lastDecreaseAtMs = now;
    this.acceptedAtLastDecrease = this.acceptedCount;
    this.decreases++;
  }

  private increase(now: number): void {
    if (!Number.isFinite(this.rate) || now < this.holdUntilMs) return;
    const cap = Math.max(this.rate, 2 * this.sent.rate(now, this.measuredSince(now)));
    const start = this.slowStart;
    const curve = start
      ? start.rate * 2 ** ((now - (this.activeSinceMs ?? now)) / start.doublingMs)
      : this.curve.rateAt(now);
    const next = Math.min(curve, cap);
    if (next > this.rate) this.setRate(next, now);
  }

  private setRate(rate: number, now: number): void {
    this.refill(now);
    this.rate = Math.min(this.maxRate, Math.max(this.minRate, rate));
    this.tokens = Math.min(this.tokens, this.capacity());
  }
}
