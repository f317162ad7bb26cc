/**
 * The retrying fetch that sits beneath openapi-fetch (openapi-fetch has no retries or timeouts and
 * cannot re-send from middleware). openapi-fetch hands us a finished Request; we read its body once
 * and build a fresh request for every attempt, because a body stream can only be consumed once.
 *
 * The response body is read inside the attempt, so the per-attempt timeout also covers a server that
 * sends headers and then stalls, and a reset in the middle of a body is retried like any reset.
 */

import type { Redactor } from "../../shared/redact.js";
import { BatchAbortedError, BatchConnectionError, BatchTimeoutError, type OperationInfo } from "../errors.js";
import { bufferedResponse } from "./buffered-response.js";
import { isLightRequest, type LightRequest } from "./light-request.js";
import {
  backoffDelayMs,
  delayAfterStatusMs,
  isRetryableStatus,
  parseRetryAfter,
  type RetryOverrides,
  type RetryPolicy,
  resolvePolicy,
} from "./retry-policy.js";
import { sleep } from "./sleep.js";

/** A fetch implementation (the client's `fetch` option); the transport always calls it as fetch(url, init). */
export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** What the transport hands to openapi-fetch: also accepts the client's LightRequest. */
export type TransportFetch = (input: Request | LightRequest | string | URL, init?: RequestInit) => Promise<Response>;

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

function systemCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function createTransport(config: TransportConfig): Transport {
  const { redactor } = config;

  function log(entry: LogEntry, options: CallOptions | undefined): void {
    options?.onRetry?.(entry);
    config.logger?.(entry);
  }

  async function run(
    input: Request | LightRequest | string | URL,
    init: RequestInit | undefined,
    options: CallOptions | undefined,
    record: CallRecord,
  ): Promise<Response> {
    const policy = resolvePolicy(config.policy, options);
    let method: string;
    let url: string;
    let headers: Headers;
    let redirect: RequestRedirect;
    let requestSignal: AbortSignal | undefined;
    let body: BodyInit | undefined;
    if (isLightRequest(input) && init === undefined) {
      // openapi-fetch's request: the serialised body can be re-sent as is on every attempt.
      ({ method, url, headers, redirect } = input);
      requestSignal = input.signal;
      body =
        input.body instanceof ReadableStream ? await new Response(input.body).arrayBuffer() : (input.body ?? undefined);
    } else {
      const request =
        input instanceof Request && init === undefined ? input : new Request(input as Request | string | URL, init);
      ({ method, url, headers, redirect } = request);
      requestSignal = request.signal;
      // A real Request's body is a one-shot stream: read it once, before the first send.
      body = request.body === null ? undefined : await request.arrayBuffer();
    }
    const operation: OperationInfo = {
      operationId: options?.operationId ?? config.describe(method, url),
      method,
      url: redactor.redactUrl(url),
    };
    const label = `${operation.operationId} ${method} ${operation.url}`;
    record.method = method;
    record.url = operation.url;

    // The caller's signals (on the request, and per call). Most calls have none, and then no
    // listener or extra controller is created at all.
    const userSignals: AbortSignal[] = [];
    if (requestSignal) userSignals.push(requestSignal);
    if (options?.signal && options.signal !== requestSignal) userSignals.push(options.signal);
    const callAborted = (): boolean => userSignals.some((s) => s.aborted);
    const callSignal: AbortSignal | undefined =
      userSignals.length === 0 ? undefined : userSignals.length === 1 ? userSignals[0] : AbortSignal.any(userSignals);
    const aborted = (): BatchAbortedError => new BatchAbortedError(`${label}: aborted by the caller`, operation);

    if (callAborted()) throw aborted();
    const startedAt = Date.now();
    const deadlineAt = startedAt + policy.deadlineMs;
    const deadlineError = (attempts: number): BatchTimeoutError =>
      new BatchTimeoutError(
        `${label}: no answer within the ${policy.deadlineMs} ms deadline after ${attempts} attempt(s)`,
        "deadline",
        policy.deadlineMs,
        attempts,
        operation,
      );

    for (let attempt = 1; ; attempt++) {
      record.attempts = attempt;
      const remaining = deadlineAt - Date.now();
      if (remaining <= 0) throw deadlineError(attempt - 1);
      const attemptMs = Math.min(policy.timeoutMs, remaining);
      const cutByDeadline = attemptMs < policy.timeoutMs;

      const attemptController = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        attemptController.abort();
      }, attemptMs);
      const onCallAbort = (): void => attemptController.abort();
      callSignal?.addEventListener("abort", onCallAbort, { once: true });

      let response: Response | undefined;
      let failure: unknown;
      try {
        const res = await config.fetch(url, {
          method,
          headers,
          body: body ?? null,
          signal: attemptController.signal,
          redirect,
        });
        response = bufferedResponse(res, await res.arrayBuffer());
      } catch (error) {
        failure = error ?? new Error("fetch failed");
      } finally {
        clearTimeout(timer);
        callSignal?.removeEventListener("abort", onCallAbort);
      }

      if (callAborted()) throw aborted();

      if (response === undefined) {
        record.lostAttempts++;
        if (timedOut && cutByDeadline) throw deadlineError(attempt);
        const finalError = timedOut
          ? new BatchTimeoutError(
              `${label}: attempt timed out after ${attemptMs} ms (${attempt} attempt(s))`,
              "attempt",
              attemptMs,
              attempt,
              operation,
            )
          : new BatchConnectionError(
              `${label}: connection failed (${systemCode(failure) ?? redactor.redact(String((failure as Error).message ?? failure))}) after ${attempt} attempt(s)`,
              operation,
              attempt,
              systemCode(failure),
            );
        const delay = backoffDelayMs(attempt - 1, policy);
        if (attempt > policy.maxRetries || Date.now() + delay >= deadlineAt) {
          log({ level: "warn", event: "give_up", message: finalError.message, ...operation, attempt }, options);
          throw finalError;
        }
        record.retries++;
        log(
          {
            level: "debug",
            event: "retry",
            message: `${label}: ${timedOut ? "timeout" : "connection failure"} on attempt ${attempt}; retrying in ${delay} ms`,
            ...operation,
            attempt,
            delayMs: delay,
          },
          options,
        );
        await sleep(delay, callSignal).catch(() => {
          throw aborted();
        });
        continue;
      }

      record.lastStatus = response.status;
      if (!isRetryableStatus(response.status) || attempt > policy.maxRetries) return response;
      const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), Date.now());
      const delay = delayAfterStatusMs(response.status, retryAfterMs, attempt - 1, policy);
      if (Date.now() + delay >= deadlineAt) return response;
      if (response.status >= 500) record.lostAttempts++;
      record.retries++;
      log(
        {
          level: "debug",
          event: "retry",
          message: `${label}: HTTP ${response.status} on attempt ${attempt}; retrying in ${delay} ms`,
          ...operation,
          attempt,
          status: response.status,
          delayMs: delay,
        },
        options,
      );
      await sleep(delay, callSignal).catch(() => {
        throw aborted();
      });
    }
  }

  return {
    fetch: (input, init) => run(input, init, undefined, newCallRecord()),
    forCall: (options, record) => (input, init) => run(input, init, options, record),
  };
}
