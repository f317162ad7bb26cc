/**
 * One call as the transport sees it (a request read once, so every attempt can re-send its body)
 * and one attempt of it: send, read the whole body under the attempt's timeout, hand back either
 * the answer or the failure. Reading the body inside the attempt means the timeout also covers a
 * server that sends headers and then stalls, and a reset mid-body is retried like any reset.
 */
import type { Redactor } from "../../shared/redact.js";
import type { OperationInfo } from "../errors.js";
import { bufferedResponse } from "./buffered-response.js";
import type { RetryPolicy } from "./retry-policy.js";
import type { FetchLike } from "./transport-types.js";

export interface PreparedCall {
  method: string;
  url: string;
  headers: Headers;
  redirect: RequestRedirect;
  body: ArrayBuffer | undefined;
  /** The caller's signals (request and per-call options) combined; undefined when there are none. */
  signal: AbortSignal | undefined;
  operation: OperationInfo;
  /** `operationId METHOD url` for messages (redacted). */
  label: string;
  /** Removes the client's keys from a text (error messages of the fetch implementation). */
  redact: (text: string) => string;
  policy: RetryPolicy;
  deadlineAt: number;
}

export interface CallSetup {
  policy: RetryPolicy;
  redactor: Redactor;
  signal: AbortSignal | undefined;
  operationId: string | undefined;
  describe: (method: string, url: string) => string;
}

function combine(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  if (!a || a === b) return b;
  return b ? AbortSignal.any([a, b]) : a;
}

/** Reads the request once (its body is a one-shot stream) and fixes the call's deadline. */
export async function prepareCall(
  input: Request | string | URL,
  init: RequestInit | undefined,
  setup: CallSetup,
): Promise<PreparedCall> {
  const request = input instanceof Request && init === undefined ? input : new Request(input, init);
  const { method, url, headers, redirect } = request;
  const body = request.body === null ? undefined : await request.arrayBuffer();
  const operation: OperationInfo = {
    operationId: setup.operationId ?? setup.describe(method, url),
    method,
    url: setup.redactor.redactUrl(url),
  };
  return {
    method,
    url,
    headers,
    redirect,
    body,
    signal: combine(request.signal, setup.signal),
    operation,
    label: `${operation.operationId} ${method} ${operation.url}`,
    redact: setup.redactor.redact,
    policy: setup.policy,
    deadlineAt: setup.policy.now() + setup.policy.deadlineMs,
  };
}

export type AttemptOutcome =
  | { response: Response; failure?: undefined; timedOut?: undefined }
  | { response?: undefined; failure: unknown; timedOut: boolean };

/**
 * Sends one attempt and reads its body; never throws (a failure is an outcome). The attempt's
 * timer is a plain cleared timeout: `AbortSignal.timeout` cannot be cancelled, so every attempt
 * would leave a live 30 s timer behind, and with `AbortSignal.any` it measured ~40x the cost.
 */
export async function sendAttempt(fetch: FetchLike, call: PreparedCall, attemptMs: number): Promise<AttemptOutcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, attemptMs);
  const onCallAbort = () => controller.abort(call.signal?.reason);
  call.signal?.addEventListener("abort", onCallAbort, { once: true });
  try {
    const { method, headers, redirect } = call;
    const init = { method, headers, body: call.body ?? null, signal: controller.signal, redirect };
    const answer = await fetch(call.url, init);
    return { response: bufferedResponse(answer, await answer.arrayBuffer()) };
  } catch (error) {
    return { failure: error ?? new Error("fetch failed"), timedOut };
  } finally {
    clearTimeout(timer);
    call.signal?.removeEventListener("abort", onCallAbort);
  }
}
