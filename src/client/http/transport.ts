/**
 * The retrying fetch that sits beneath openapi-fetch (openapi-fetch has no retries or timeouts and
 * cannot re-send from middleware). openapi-fetch hands us a standard Request; we read its body once
 * (attempt.ts) and send a fresh request for every attempt, because a body stream can only be read
 * once. One retry block serves connection failures, timeouts and retryable statuses alike.
 */
import { BatchAbortedError, BatchConnectionError, BatchTimeoutError } from "../errors.js";
import { type AttemptOutcome, type PreparedCall, prepareCall, sendAttempt } from "./attempt.js";
import {
  backoffDelayMs,
  delayAfterStatusMs,
  isRetryableStatus,
  parseRetryAfter,
  resolvePolicy,
} from "./retry-policy.js";
import { ThrottledCall } from "./throttle-hook.js";
import type { CallOptions, CallRecord, LogEntry, Transport, TransportConfig } from "./transport-types.js";
import { newCallRecord } from "./transport-types.js";

export * from "./transport-types.js";

/** What to do after an attempt: hand back the answer, throw, or wait and try again. */
type Step =
  | { kind: "answer"; response: Response }
  | { kind: "fail"; error: Error; log: boolean }
  | { kind: "retry"; delayMs: number; reason: string; status?: number };

function systemCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const aborted = (call: PreparedCall) => new BatchAbortedError(`${call.label}: aborted by the caller`, call.operation);

function deadlineError(call: PreparedCall, attempts: number): BatchTimeoutError {
  const { deadlineMs } = call.policy;
  const message = `${call.label}: no answer within the ${deadlineMs} ms deadline after ${attempts} attempt(s)`;
  return new BatchTimeoutError(message, "deadline", deadlineMs, attempts, call.operation);
}

/** The typed error of an attempt that got no answer. */
function failureError(call: PreparedCall, failure: unknown, timedOut: boolean, attempt: number, attemptMs: number) {
  if (timedOut) {
    if (attemptMs < call.policy.timeoutMs) return deadlineError(call, attempt);
    const message = `${call.label}: attempt timed out after ${attemptMs} ms (${attempt} attempt(s))`;
    return new BatchTimeoutError(message, "attempt", attemptMs, attempt, call.operation);
  }
  const code = systemCode(failure);
  const cause = code ?? call.redact(String((failure as Error).message ?? failure));
  const message = `${call.label}: connection failed (${cause}) after ${attempt} attempt(s)`;
  return new BatchConnectionError(message, call.operation, attempt, code);
}

function judge(
  call: PreparedCall,
  outcome: AttemptOutcome,
  attempt: number,
  attemptMs: number,
  record: CallRecord,
  throttled: { refusals: number; delayMs: number | undefined },
): Step {
  const { policy } = call;
  // 429s under a throttle do not count as retries (throttle-hook.ts).
  const retryIndex = attempt - 1 - throttled.refusals;
  if (outcome.response) {
    const { status, headers } = outcome.response;
    record.lastStatus = status;
    if (!isRetryableStatus(status) || retryIndex >= policy.maxRetries)
      return { kind: "answer", response: outcome.response };
    const retryAfterMs = parseRetryAfter(headers.get("retry-after"), Date.now());
    const delayMs = throttled.delayMs ?? delayAfterStatusMs(status, retryAfterMs, retryIndex, policy);
    if (policy.now() + delayMs >= call.deadlineAt) return { kind: "answer", response: outcome.response };
    if (status >= 500) record.lostAttempts++;
    return { kind: "retry", delayMs, reason: `HTTP ${status}`, status };
  }
  record.lostAttempts++;
  const error = failureError(call, outcome.failure, outcome.timedOut, attempt, attemptMs);
  if (error instanceof BatchTimeoutError && error.scope === "deadline") return { kind: "fail", error, log: false };
  const delayMs = backoffDelayMs(retryIndex, policy);
  if (retryIndex >= policy.maxRetries || policy.now() + delayMs >= call.deadlineAt) {
    return { kind: "fail", error, log: true };
  }
  return { kind: "retry", delayMs, reason: outcome.timedOut ? "timeout" : "connection failure" };
}

export function createTransport(config: TransportConfig): Transport {
  function log(entry: LogEntry, options: CallOptions | undefined): void {
    options?.onRetry?.(entry);
    config.logger?.(entry);
  }

  async function run(
    input: Request | string | URL,
    init: RequestInit | undefined,
    options: CallOptions | undefined,
    record: CallRecord,
  ): Promise<Response> {
    const policy = resolvePolicy(config.policy, options);
    const call = await prepareCall(input, init, {
      policy,
      redactor: config.redactor,
      signal: options?.signal,
      operationId: options?.operationId,
      describe: config.describe,
    });
    record.method = call.method;
    record.url = call.operation.url;
    const throttled = new ThrottledCall(options?.throttle);
    for (let attempt = 1; ; attempt++) {
      if (call.signal?.aborted) throw aborted(call);
      try {
        await throttled.before(call.signal);
      } catch {
        throw aborted(call);
      }
      record.attempts = attempt;
      const remaining = call.deadlineAt - policy.now();
      if (remaining <= 0) throw deadlineError(call, attempt - 1);
      const attemptMs = Math.ceil(Math.min(policy.timeoutMs, remaining));
      const outcome = await sendAttempt(config.fetch, call, attemptMs);
      const throttleDelayMs = throttled.after(outcome, Date.now());
      if (call.signal?.aborted) throw aborted(call);
      const step = judge(call, outcome, attempt, attemptMs, record, {
        refusals: throttled.refusals,
        delayMs: throttleDelayMs,
      });
      const entry = { ...call.operation, attempt };
      if (step.kind === "answer") return step.response;
      if (step.kind === "fail") {
        if (step.log) log({ level: "warn", event: "give_up", message: step.error.message, ...entry }, options);
        throw step.error;
      }
      record.retries++;
      const message = `${call.label}: ${step.reason} on attempt ${attempt}; retrying in ${step.delayMs} ms`;
      const status = step.status === undefined ? {} : { status: step.status };
      log({ level: "debug", event: "retry", message, ...entry, ...status, delayMs: step.delayMs }, options);
      try {
        await policy.sleep(step.delayMs, call.signal);
      } catch {
        throw aborted(call);
      }
    }
  }

  return {
    fetch: (input, init) => run(input, init, undefined, newCallRecord()),
    forCall: (options, record) => (input, init) => run(input, init, options, record),
  };
}
