/**
 * Per-key rate limits: one token bucket per (API, namespace key), refilled continuously at
 * `requestsPerSecond` up to `burst` tokens, one token per API request. An empty bucket answers the
 * spec's 429 TOO_MANY_REQUESTS (1.x code 60, 2.x string code), with `Retry-After` in whole seconds
 * (the specs' integer schema) unless turned off. Batch publishes no numbers and documents no header,
 * so both are the caller's choice; every limit is off until configured.
 *
 * The clock is injectable, so tests move time instead of waiting for it.
 */
import { API_IDS, type ApiId } from "./api-ids.js";

export interface RateLimit {
  /** Tokens added per second (the sustained request rate); more than 0. */
  requestsPerSecond: number;
  /** Bucket size: requests accepted at once after an idle period (default max(1, requestsPerSecond)). */
  burst?: number;
  /** Send `Retry-After` (seconds until one token is back, at least 1) on a 429 (default true). */
  retryAfter?: boolean;
}

/** Limits per API; an API left out (or `null`) is not limited. */
export type RateLimitOptions = Partial<Record<ApiId, RateLimit | null>>;

/** What `rateLimits()` / `GET /_emulator/rate-limits` report. */
export interface RateLimitSettings {
  limits: Partial<Record<ApiId, Required<RateLimit>>>;
  /** Requests accepted and refused by the limits, per API, since the last stats reset. */
  accepted: Partial<Record<ApiId, number>>;
  limited: Partial<Record<ApiId, number>>;
}

/** A refusal: the 429 to answer, with `Retry-After` seconds when the limit sends one. */
export interface RateLimitRefusal {
  retryAfterSeconds: number | undefined;
}

interface Bucket {
  tokens: number;
  updatedAtMs: number;
}

/** Monotonic milliseconds. */
export type EmulatorClock = () => number;

function checkLimit(api: string, limit: RateLimit): Required<RateLimit> {
  if (typeof limit !== "object" || limit === null) throw new RangeError(`rate limit of ${api} must be an object`);
  const { requestsPerSecond, retryAfter = true } = limit;
  if (typeof requestsPerSecond !== "number" || !Number.isFinite(requestsPerSecond) || requestsPerSecond <= 0)
    throw new RangeError(`rate limit of ${api}: requestsPerSecond must be a number above 0`);
  const burst = limit.burst ?? Math.max(1, requestsPerSecond);
  if (typeof burst !== "number" || !Number.isFinite(burst) || burst < 1)
    throw new RangeError(`rate limit of ${api}: burst must be a number of at least 1`);
  if (typeof retryAfter !== "boolean") throw new RangeError(`rate limit of ${api}: retryAfter must be a boolean`);
  return { requestsPerSecond, burst, retryAfter };
}

export class RateLimiter {
  private limits = new Map<ApiId, Required<RateLimit>>();
  private buckets = new Map<string, Bucket>();
  private accepted = new Map<ApiId, number>();
  private limited = new Map<ApiId, number>();

  constructor(
    private readonly clock: EmulatorClock,
    options: RateLimitOptions = {},
  ) {
    this.configure(options);
  }

  /** Replaces every limit (APIs left out become unlimited) and refills every bucket. */
  configure(options: RateLimitOptions): void {
    if (typeof options !== "object" || options === null || Array.isArray(options))
      throw new RangeError("rate limits must be an object keyed by API");
    const next = new Map<ApiId, Required<RateLimit>>();
    for (const [api, limit] of Object.entries(options)) {
      if (!API_IDS.includes(api as ApiId)) throw new RangeError(`rate limits: unknown API ${api}`);
      if (limit !== null && limit !== undefined) next.set(api as ApiId, checkLimit(api, limit));
    }
    this.limits = next;
    this.buckets.clear();
  }

  /**
   * Takes one token from the bucket of (`api`, `key`): undefined when the request may go on, the
   * refusal otherwise. Unlimited APIs always go on and are not counted.
   */
  take(api: ApiId, key: string): RateLimitRefusal | undefined {
    const limit = this.limits.get(api);
    if (!limit) return undefined;
    const now = this.clock();
    const id = `${api}\u0000${key}`;
    let bucket = this.buckets.get(id);
    if (!bucket) {
      bucket = { tokens: limit.burst, updatedAtMs: now };
      this.buckets.set(id, bucket);
    }
    const elapsedSeconds = Math.max(0, now - bucket.updatedAtMs) / 1000;
    bucket.tokens = Math.min(limit.burst, bucket.tokens + elapsedSeconds * limit.requestsPerSecond);
    bucket.updatedAtMs = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.accepted.set(api, (this.accepted.get(api) ?? 0) + 1);
      return undefined;
    }
    this.limited.set(api, (this.limited.get(api) ?? 0) + 1);
    const secondsToToken = (1 - bucket.tokens) / limit.requestsPerSecond;
    return { retryAfterSeconds: limit.retryAfter ? Math.max(1, Math.ceil(secondsToToken)) : undefined };
  }

  /** Requests refused, all APIs together. */
  limitedTotal(): number {
    let total = 0;
    for (const count of this.limited.values()) total += count;
    return total;
  }

  settings(): RateLimitSettings {
    return {
      limits: Object.fromEntries([...this.limits].map(([api, limit]) => [api, { ...limit }])),
      accepted: Object.fromEntries(this.accepted),
      limited: Object.fromEntries(this.limited),
    };
  }

  resetCounts(): void {
    this.accepted.clear();
    this.limited.clear();
  }
}
