/** The transport's public shapes: what it logs, what it records per call, how it is configured. */
import type { Redactor } from "../../shared/redact.js";
import type { RetryOverrides, RetryPolicy } from "./retry-policy.js";
import type { AdaptiveThrottle } from "./throttle.js";

/** A fetch implementation (the client's `fetch` option); the transport always calls it as fetch(url, init). */
export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** What the transport hands to openapi-fetch. */
export type TransportFetch = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

export interface LogEntry {
  level: "debug" | "warn";
  event: "retry" | "give_up";
  /** Human-readable line; redacted. */
  message: string;
  operationId: string;
  method: string;
  /** Redacted URL. */
  url: string;
  attempt: number;
  status?: number;
  delayMs?: number;
}

export type Logger = (entry: LogEntry) => void;

/** What happened during one logical call, across its attempts. Filled in by the transport. */
export interface CallRecord {
  attempts: number;
  retries: number;
  /**
   * Attempts whose effect on Batch is unknown: the connection dropped or timed out after the request
   * may have been sent, or the server answered 5xx. A create retried after such an attempt can
   * meet its own earlier success.
   */
  lostAttempts: number;
  method: string;
  /** Redacted URL of the call. */
  url: string;
  /** Status of the last HTTP answer, if any. */
  lastStatus: number | undefined;
}

export function newCallRecord(): CallRecord {
  return { attempts: 0, retries: 0, lostAttempts: 0, method: "", url: "", lastStatus: undefined };
}

export interface CallOptions extends RetryOverrides {
  signal?: AbortSignal;
  /** Overrides the operationId derived from method and URL (used in errors and logs). */
  operationId?: string;
  /** Called before each retry wait (used by bulk progress reporting). */
  onRetry?: (entry: LogEntry) => void;
  /** Paces every attempt (bulk uploads: the client's `throttle` option); see throttle-hook.ts. */
  throttle?: AdaptiveThrottle | undefined;
}

export interface TransportConfig {
  fetch: FetchLike;
  policy: RetryPolicy;
  redactor: Redactor;
  logger?: Logger | undefined;
  /** Names the operation for errors and logs. */
  describe: (method: string, url: string) => string;
}

export interface Transport {
  /** Client-level fetch (client defaults, no per-call record). */
  fetch: TransportFetch;
  /** A fetch bound to one call's options and record. */
  forCall(options: CallOptions | undefined, record: CallRecord): TransportFetch;
}
