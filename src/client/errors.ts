/**
 * Typed errors thrown by the high-level client.
 *
 * Every field is already redacted when the error is built: no constructor here ever receives a raw
 * API key, and `toJSON` lists the public fields explicitly so nothing else can leak through
 * `JSON.stringify`.
 */

export type BatchErrorKind =
  | "api"
  | "authentication"
  | "permission"
  | "not_found"
  | "already_exists"
  | "rate_limited"
  | "maintenance"
  | "server"
  | "bad_request"
  | "connection"
  | "timeout"
  | "aborted"
  | "validation"
  | "pagination";

/** Which call failed. `url` is always redacted. */
export interface OperationInfo {
  operationId: string;
  method: string;
  url: string;
}

export class BatchError extends Error {
  readonly kind: BatchErrorKind;
  readonly operation: OperationInfo | undefined;

  constructor(kind: BatchErrorKind, message: string, operation?: OperationInfo, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.operation = operation;
    this.name = new.target.name;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, kind: this.kind, message: this.message, operation: this.operation };
  }
}

export interface ApiErrorDetails {
  status: number;
  /** Batch's error name, e.g. `MALFORMED_PARAMETER` (derived from the numeric code on 1.x). */
  errorName: string | undefined;
  /** 1.x: numeric code (e.g. 31); 2.x: the string `error_code`. */
  errorCode: number | string | undefined;
  /** Batch's `error_message`, or a description of the non-JSON body. Redacted. */
  errorMessage: string;
  /** Response headers (lower-case names). */
  headers: Record<string, string>;
  operation: OperationInfo;
  /** How many HTTP attempts were made for this call. */
  attempts: number;
}

function describeApiFailure(kindLabel: string, d: ApiErrorDetails): string {
  const code = d.errorCode === undefined ? "" : ` (${String(d.errorCode)})`;
  const name = d.errorName ? ` ${d.errorName}${code}` : code;
  return `${d.operation.operationId} ${d.operation.method} ${d.operation.url} failed with HTTP ${d.status}${name}: ${d.errorMessage} [${kindLabel}]`;
}

/** An HTTP error answer from Batch (or from a proxy in front of it). */
export class BatchApiError extends BatchError {
  readonly status: number;
  readonly errorName: string | undefined;
  readonly errorCode: number | string | undefined;
  readonly errorMessage: string;
  readonly headers: Record<string, string>;
  readonly attempts: number;
  declare readonly operation: OperationInfo;

  constructor(details: ApiErrorDetails, kind: BatchErrorKind = "api") {
    super(kind, describeApiFailure(kind, details), details.operation);
    this.status = details.status;
    this.errorName = details.errorName;
    this.errorCode = details.errorCode;
    this.errorMessage = details.errorMessage;
    this.headers = details.headers;
    this.attempts = details.attempts;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      errorName: this.errorName,
      errorCode: this.errorCode,
      errorMessage: this.errorMessage,
      attempts: this.attempts,
    };
  }
}

/** 401: the REST key (or 1.x app API key) was refused. */
export class BatchAuthenticationError extends BatchApiError {
  constructor(details: ApiErrorDetails) {
    super(details, "authentication");
  }
}

/** 403: the key is valid but may not do this (1.x `API_MISUSE`). */
export class BatchPermissionError extends BatchApiError {
  constructor(details: ApiErrorDetails) {
    super(details, "permission");
  }
}

/** 404: unknown audience or route. */
export class BatchNotFoundError extends BatchApiError {
  constructor(details: ApiErrorDetails) {
    super(details, "not_found");
  }
}

/** Create refused because the audience name is taken. */
export class BatchAlreadyExistsError extends BatchApiError {
  /**
   * True when an earlier attempt of this same create was lost (connection reset, timeout or 5xx)
   * and may have created the audience on Batch's side before the retry arrived.
   */
  readonly mayBeOwnEarlierAttempt: boolean;

  constructor(details: ApiErrorDetails, mayBeOwnEarlierAttempt: boolean) {
    super(details, "already_exists");
    this.mayBeOwnEarlierAttempt = mayBeOwnEarlierAttempt;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), mayBeOwnEarlierAttempt: this.mayBeOwnEarlierAttempt };
  }
}

/** 429 after all retries. */
export class BatchRateLimitError extends BatchApiError {
  /** Delay asked for by `Retry-After`, when present. */
  readonly retryAfterMs: number | undefined;

  constructor(details: ApiErrorDetails, retryAfterMs: number | undefined) {
    super(details, "rate_limited");
    this.retryAfterMs = retryAfterMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}

/** 503 after all retries (`MAINTENANCE_ERROR`). */
export class BatchMaintenanceError extends BatchApiError {
  readonly retryAfterMs: number | undefined;

  constructor(details: ApiErrorDetails, retryAfterMs: number | undefined) {
    super(details, "maintenance");
    this.retryAfterMs = retryAfterMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}

/** 500, 502, 504 or another 5xx after all retries. */
export class BatchServerError extends BatchApiError {
  constructor(details: ApiErrorDetails) {
    super(details, "server");
  }
}

/** 400 other than "already exists". `field` is set when the message names the offending field. */
export class BatchBadRequestError extends BatchApiError {
  readonly field: string | undefined;

  constructor(details: ApiErrorDetails, field: string | undefined) {
    super(details, "bad_request");
    this.field = field;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field };
  }
}

/** The connection failed (refused, reset, DNS) on the last attempt. */
export class BatchConnectionError extends BatchError {
  readonly attempts: number;
  /** System error code such as `ECONNRESET`, when Node reports one. */
  readonly code: string | undefined;

  constructor(message: string, operation: OperationInfo, attempts: number, code: string | undefined) {
    super("connection", message, operation);
    this.attempts = attempts;
    this.code = code;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), attempts: this.attempts, code: this.code };
  }
}

export type TimeoutScope = "attempt" | "deadline" | "indexing";

/**
 * A time limit ran out: one attempt (`attempt`, after retries were exhausted), the overall call
 * deadline (`deadline`), or `waitForIndexing` (`indexing`).
 */
export class BatchTimeoutError extends BatchError {
  readonly scope: TimeoutScope;
  readonly timeoutMs: number;
  readonly attempts: number;

  constructor(message: string, scope: TimeoutScope, timeoutMs: number, attempts: number, operation?: OperationInfo) {
    super("timeout", message, operation);
    this.scope = scope;
    this.timeoutMs = timeoutMs;
    this.attempts = attempts;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), scope: this.scope, timeoutMs: this.timeoutMs, attempts: this.attempts };
  }
}

/** The caller's AbortSignal fired. `partialResult` is set by bulk uploads (what was done so far). */
export class BatchAbortedError extends BatchError {
  partialResult: unknown;

  constructor(message: string, operation?: OperationInfo) {
    super("aborted", message, operation);
    this.partialResult = undefined;
  }
}

/** A client-side check failed before any request was sent. */
export class BatchValidationError extends BatchError {
  /** Path of the offending field, e.g. `ids[3].attributes.date(birth)`. */
  readonly field: string;
  /** The offending value, JSON-encoded and truncated. */
  readonly value: string;
  /** The rule that failed, in words. */
  readonly rule: string;

  constructor(field: string, value: string, rule: string) {
    super("validation", `Invalid ${field} (${value}): ${rule}`);
    this.field = field;
    this.value = value;
    this.rule = rule;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field, value: this.value, rule: this.rule };
  }

  /** The same error with secrets removed from field and value (a key passed by mistake as data). */
  redactedWith(redact: (text: string) => string): BatchValidationError {
    const field = redact(this.field);
    const value = redact(this.value);
    if (field === this.field && value === this.value) return this;
    return new BatchValidationError(field, value, this.rule);
  }
}

/** A list endpoint misbehaved (a cursor came back twice, or a page repeated): stopping instead of looping. */
export class BatchPaginationError extends BatchError {
  constructor(message: string, operation?: OperationInfo) {
    super("pagination", message, operation);
  }
}

export function isBatchError(value: unknown): value is BatchError {
  return value instanceof BatchError;
}
