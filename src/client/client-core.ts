/**
 * What both client factories share: the retrying transport, redaction, and the step that turns an
 * openapi-fetch `{ data, error, response }` into data or a typed error.
 */

import { createRedactor, type Redactor } from "../shared/redact.js";
import { type ApiFamily, toApiError } from "./error-mapping.js";
import { BatchApiError, BatchError, BatchValidationError } from "./errors.js";
import { DEFAULT_RETRY_POLICY, type RetryOverrides, type RetryPolicy, resolvePolicy } from "./http/retry-policy.js";
import type { AdaptiveThrottle } from "./http/throttle.js";
import { resolveThrottle, type ThrottleSetting } from "./http/throttle-option.js";
import {
  type CallRecord,
  createTransport,
  type FetchLike,
  type LogEntry,
  type Logger,
  newCallRecord,
  type Transport,
  type TransportFetch,
} from "./http/transport.js";

/** Options every client accepts. Retry fields set client-wide defaults; each call can override them. */
export interface BaseClientOptions extends RetryOverrides {
  /** Replaces the default base URL (e.g. a local emulator or a Prism mock). */
  baseUrl?: string;
  /** The fetch used for every attempt (default: globalThis.fetch). */
  fetch?: FetchLike;
  /** Receives one redacted entry per retry and per give-up. */
  logger?: Logger;
  /** Extra headers sent with every request (e.g. User-Agent). */
  headers?: Record<string, string>;
  /**
   * Adaptive throttling of bulk uploads (see throttle-option.ts): on by default, one pace per key
   * shared by every client of the process; `false` turns it off.
   */
  throttle?: ThrottleSetting;
}

/** Per-call options of the high-level methods. */
export interface RequestOptions {
  signal?: AbortSignal;
  maxRetries?: number;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** Overall budget for the call, retries included. */
  deadlineMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  rateLimitFloorMs?: number;
}

/** What the bulk engine adds to each chunk's call: retry notices (with the status) and the throttle. */
export interface BulkCallExtras {
  onRetry?: (entry: LogEntry) => void;
  throttle?: AdaptiveThrottle | undefined;
}

interface FetchResultLike {
  data?: unknown;
  error?: unknown;
  response: Response;
}

export interface ClientCore {
  readonly family: ApiFamily;
  /** Wraps a method so validation errors it throws are redacted. */
  guard<A extends unknown[], T>(fn: (...args: A) => Promise<T>): (...args: A) => Promise<T>;
  /** Redacts a validation error (others pass through). */
  redactError(error: unknown): unknown;
  readonly redactor: Redactor;
  readonly transport: Transport;
  /** The client-wide retry policy (its clock and sleep also pace indexing polls). */
  readonly policy: RetryPolicy;
  /** The throttle bulk uploads go through; undefined with `throttle: false`. */
  readonly throttle: AdaptiveThrottle | undefined;
  invoke<R extends FetchResultLike>(
    operationId: string,
    options: (RequestOptions & BulkCallExtras) | undefined,
    perform: (fetch: TransportFetch) => Promise<R>,
    flags?: { isCreate?: boolean },
  ): Promise<{ data: NonNullable<R["data"]> | undefined; response: Response; record: CallRecord }>;
}

export function createClientCore(
  family: ApiFamily,
  secrets: ReadonlyArray<string>,
  options: BaseClientOptions,
  describe: (method: string, url: string) => string,
  familyDefaults: RetryOverrides,
): ClientCore {
  const redactor = createRedactor(secrets);
  const policy = resolvePolicy(resolvePolicy({ ...DEFAULT_RETRY_POLICY }, familyDefaults), options);
  const transport = createTransport({
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    policy,
    redactor,
    logger: options.logger,
    describe,
  });

  async function invoke<R extends FetchResultLike>(
    operationId: string,
    callOptions: (RequestOptions & BulkCallExtras) | undefined,
    perform: (fetch: TransportFetch) => Promise<R>,
    flags?: { isCreate?: boolean },
  ): Promise<{ data: NonNullable<R["data"]> | undefined; response: Response; record: CallRecord }> {
    const record = newCallRecord();
    const fetch = transport.forCall({ ...callOptions, operationId }, record);
    let result: R;
    try {
      result = await perform(fetch);
    } catch (error) {
      if (error instanceof BatchError) throw error;
      // openapi-fetch throws a SyntaxError on a 2xx body that is not JSON (e.g. a proxy's HTML page).
      const status = record.lastStatus ?? 0;
      throw new BatchApiError({
        status,
        errorName: undefined,
        errorCode: undefined,
        errorMessage: redactor.redact(`unreadable success body: ${String((error as Error)?.message ?? error)}`),
        headers: {},
        operation: { operationId, method: record.method, url: record.url },
        attempts: Math.max(1, record.attempts),
      });
    }
    const { response } = result;
    if (response.ok) return { data: result.data as NonNullable<R["data"]> | undefined, response, record };
    throw toApiError(response, result.error, {
      family,
      operation: { operationId, method: record.method, url: record.url },
      record,
      redactor,
      isCreate: flags?.isCreate ?? false,
    });
  }

  function redactError(error: unknown): unknown {
    return error instanceof BatchValidationError ? error.redactedWith(redactor.redact) : error;
  }

  function guard<A extends unknown[], T>(fn: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
    return async (...args: A) => {
      try {
        return await fn(...args);
      } catch (error) {
        throw redactError(error);
      }
    };
  }

  const throttle = resolveThrottle(options.throttle, {
    api: family,
    baseUrl: options.baseUrl ?? "",
    keys: secrets,
    rateLimitFloorMs: policy.rateLimitFloorMs,
  });
  return { family, redactor, transport, policy, throttle, invoke, guard, redactError };
}
