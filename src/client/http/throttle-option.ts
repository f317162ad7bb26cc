/**
 * The clients' `throttle` option: which adaptive throttle (throttle.ts) a client's bulk uploads go
 * through, and what of its state a bulk upload reports.
 *
 * - `true` or absent (the default): the throttle shared by every client of this process that talks
 *   to the same API at the same origin with the same keys (throttle-registry.ts), so two clients,
 *   or two uploads, with one key share one pace, as they share one limit at Batch;
 * - an options object: the same shared throttle, created with these options if it is the first;
 * - an `AdaptiveThrottle`: that one (to share a pace in ways the registry does not know);
 * - `false`: none; every lane meets 429s on its own, as before throttling existed.
 */
import { AdaptiveThrottle, type ThrottleOptions } from "./throttle.js";
import { sharedThrottle } from "./throttle-registry.js";

export type ThrottleSetting = boolean | ThrottleOptions | AdaptiveThrottle;

export interface ThrottleScope {
  /** Which API ("audience-2", "custom-audience-1.1", …). */
  api: string;
  baseUrl: string;
  /** Every key the client sends: they decide which limit at Batch applies. */
  keys: ReadonlyArray<string>;
  /** The client's least wait before re-sending a 429 (1.x: Batch's 5 s advice). */
  rateLimitFloorMs: number;
}

function originOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return baseUrl;
  }
}

/** The throttle a client's bulk uploads use, or undefined when throttling is off. */
export function resolveThrottle(
  setting: ThrottleSetting | undefined,
  scope: ThrottleScope,
): AdaptiveThrottle | undefined {
  if (setting === false) return undefined;
  if (setting instanceof AdaptiveThrottle) return setting;
  // Where a refusal costs a 5 s wait (1.x), start paced and double (slow start) rather than unpaced.
  const expensive = scope.rateLimitFloorMs > 0 ? { rateLimitFloorMs: scope.rateLimitFloorMs, startRate: 2 } : {};
  const options: ThrottleOptions = {
    ...expensive,
    ...(typeof setting === "object" ? setting : {}),
  };
  return sharedThrottle([scope.api, originOf(scope.baseUrl), ...scope.keys], options);
}

/** The throttle's state as a bulk upload reports it (BulkProgress.throttle). */
export interface ThrottleProgress {
  /** Requests/s the key's requests are paced at; undefined while unpaced (no 429 seen yet). */
  rate: number | undefined;
  /** Time this upload's requests spent waiting for the throttle (pace and Retry-After holds). */
  throttledMs: number;
  /** 429 answers during this upload (for the key, when other uploads share its throttle). */
  refusals: number;
}

/**
 * Reads a shared throttle's state relative to when an upload started: its counters are cumulative
 * over every upload that used it.
 */
export function throttleProgress(throttle: AdaptiveThrottle): () => ThrottleProgress {
  const start = throttle.snapshot();
  return () => {
    const now = throttle.snapshot();
    return {
      rate: now.rate ?? undefined,
      throttledMs: now.throttledMs - start.throttledMs,
      refusals: now.rateLimited - start.rateLimited,
    };
  };
}
