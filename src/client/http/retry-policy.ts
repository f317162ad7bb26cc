/**
 * When to retry and how long to wait. Pure functions, and the clock, the sleep and the randomness
 * are part of the policy, so the timing rules are testable without a server or real time.
 */
import { setTimeout as delay } from "node:timers/promises";

/** Waits `ms`, or rejects as soon as `signal` aborts (a backoff must not delay a cancel). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

const systemSleep: Sleep = (ms, signal) => delay(Math.max(0, ms), undefined, signal ? { signal } : undefined);

export interface RetryPolicy {
  /** Retries after the first attempt (0 disables retrying). */
  maxRetries: number;
  /** Backoff cap for attempt n is min(maxDelayMs, baseDelayMs * 2^n); the wait is a uniform draw below it. */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * Minimum wait after a 429. Batch 1.x asks clients to wait at least 5 seconds after
   * TOO_MANY_REQUESTS; 2.x documents no floor.
   */
  rateLimitFloorMs: number;
  /** Per-attempt timeout (headers and body). */
  timeoutMs: number;
  /** Overall budget for the call, retries and waits included. */
  deadlineMs: number;
  /** Source of randomness for jitter, in [0, 1). Injectable for tests. */
  random: () => number;
  /** Milliseconds on a monotonic clock, for the deadline. Injectable for tests. */
  now: () => number;
  /** The wait between attempts. Injectable for tests (with `now`, retries run on fake time). */
  sleep: Sleep;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxRetries: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  rateLimitFloorMs: 0,
  timeoutMs: 30_000,
  deadlineMs: 120_000,
  random: Math.random,
  now: () => performance.now(),
  sleep: systemSleep,
});

/** 1.x default: Batch's documented "wait at least 5 seconds" after a 429. */
export const ONE_X_RATE_LIMIT_FLOOR_MS = 5_000;

/**
 * Statuses worth another attempt. 400/401/403/404 are never retried: the same request would fail
 * the same way.
 */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/**
 * Parses `Retry-After`: delta-seconds or an HTTP date. Returns milliseconds from `nowMs`, or
 * undefined when absent or unparseable. A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // HTTP dates always name the day or month; this keeps Date.parse from reading "-5" as a year.
  if (!/[A-Za-z]/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Full-jitter exponential backoff for retry number `retryIndex` (0 = first retry). */
export function backoffDelayMs(
  retryIndex: number,
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs" | "random">,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retryIndex, 30));
  return Math.floor(policy.random() * ceiling);
}

/**
 * Wait before retrying after a retryable status: the jittered backoff, raised to `Retry-After` when
 * the server sent one, and to the rate-limit floor after a 429.
 */
export function delayAfterStatusMs(
  status: number,
  retryAfterMs: number | undefined,
  retryIndex: number,
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs" | "random" | "rateLimitFloorMs">,
): number {
  let delay = backoffDelayMs(retryIndex, policy);
  if (retryAfterMs !== undefined) delay = Math.max(delay, retryAfterMs);
  if (status === 429) delay = Math.max(delay, policy.rateLimitFloorMs);
  return delay;
}

export type RetryOverrides = Partial<RetryPolicy>;

const POLICY_KEYS = Object.keys(DEFAULT_RETRY_POLICY) as (keyof RetryPolicy)[];

/** `base` with the policy fields `overrides` sets (other fields of an options object are ignored). */
export function resolvePolicy(base: RetryPolicy, overrides: RetryOverrides | undefined): RetryPolicy {
  if (!overrides) return base;
  let merged: RetryPolicy | undefined;
  for (const key of POLICY_KEYS) {
    const value = overrides[key];
    if (value === undefined) continue;
    merged ??= { ...base };
    Object.assign(merged, { [key]: value });
  }
  return merged ?? base;
}
