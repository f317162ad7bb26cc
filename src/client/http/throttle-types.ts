/** The adaptive throttle's options, clock and read-outs (the algorithm is in throttle.ts). */

/** Monotonic milliseconds and a cancellable timer. */
export interface ThrottleClock {
  now(): number;
  setTimer(callback: () => void, delayMs: number): () => void;
}

export const SYSTEM_CLOCK: ThrottleClock = {
  now: () => performance.now(),
  setTimer(callback, delayMs) {
    const timer = setTimeout(callback, delayMs);
    return () => clearTimeout(timer);
  },
};

export interface ThrottleOptions {
  clock?: ThrottleClock;
  /** Ceiling in requests/s, never exceeded (default: none). */
  maxRate?: number;
  /** Floor in requests/s the rate never drops below (default 0.5). */
  minRate?: number;
  /** Pace from the start at this rate, probing up slowly (default: unpaced until the first 429). */
  initialRate?: number;
  /**
   * Slow start: pace from this rate, doubling every `startDoublingMs`, until the first 429 (instead
   * of sending unpaced). For APIs where a refusal is expensive (1.x: the refused request waits 5 s):
   * unpaced lanes all meet the first refusal together and all wait; paced ones meet it one by one.
   */
  startRate?: number;
  /** Slow start's doubling period (default 500 ms). */
  startDoublingMs?: number;
  /** Least wait before re-sending a refused request, whatever Retry-After says (1.x: 5,000). */
  rateLimitFloorMs?: number;
  /** Client bucket size in seconds of the current rate (default 0.25; at least one request). */
  burstSeconds?: number;
  /**
   * CUBIC's decrease factor (default 0.7) and scale constant in requests/s⁴
   * (default 0.4, or 0.1 with a `rateLimitFloorMs`: see throttle-rate.ts).
   */
  beta?: number;
  scale?: number;
}

/** Proof of one granted send; hand it back to `record` with the answer. */
export interface ThrottlePermit {
  readonly sequence: number;
  readonly grantedAtMs: number;
}

export interface ThrottleOutcome {
  /** HTTP status of the answer. */
  status: number;
  /** Parsed `Retry-After`, when the answer had one. */
  retryAfterMs?: number | undefined;
}

export interface ThrottleVerdict {
  /** Least wait before re-sending this request (0 unless it was refused with a 429). */
  retryDelayMs: number;
}

/** The throttle's state, for progress lines. */
export interface ThrottleSnapshot {
  /** Requests/s permits are paced at; null while unpaced (no 429 seen, no ceiling). */
  rate: number | null;
  /** Requests granted per second over the last second. */
  sendRate: number;
  /** Requests accepted (2xx/3xx) per second over the last second. */
  acceptRate: number;
  /** Time during which at least one caller waited for a permit (the upload was slowed). */
  throttledMs: number;
  /** How long the current Retry-After hold still lasts (0: none). */
  holdRemainingMs: number;
  /** Callers waiting for a permit now. */
  waiting: number;
  granted: number;
  /** 429 answers recorded. */
  rateLimited: number;
  /** Rate decreases (congestion episodes). */
  decreases: number;
}

export function positive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value) || value <= 0)
    throw new RangeError(`throttle option ${name} must be a number above 0`);
  return value;
}
