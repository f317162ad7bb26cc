/**
 * Turns a non-2xx answer into a typed error. Works from the status first and the body second, so a
 * proxy's HTML 502 or an empty 503 still becomes the right class.
 */

import { ONE_X_ERROR_NAMES } from "../../generated/constants.js";
import type { Redactor } from "../shared/redact.js";
import {
  type ApiErrorDetails,
  BatchAlreadyExistsError,
  BatchApiError,
  BatchAuthenticationError,
  BatchBadRequestError,
  BatchMaintenanceError,
  BatchNotFoundError,
  BatchPermissionError,
  BatchRateLimitError,
  BatchServerError,
  type OperationInfo,
} from "./errors.js";
import { parseRetryAfter } from "./http/retry-policy.js";
import type { CallRecord } from "./http/transport.js";

export type ApiFamily = "1.x" | "2.x";

/**
 * Batch 1.x numeric error codes → names, generated from the 1.x specs' error examples
 * (generated/constants.ts). SERVER_ERROR is 1 on the custom-audience pages and 0 on Batch's other
 * 1.x pages; both are read.
 */
export { ONE_X_ERROR_NAMES };

const ALREADY_EXISTS_CODE_1X = 33;
const MAX_BODY_IN_MESSAGE = 300;

export interface ErrorContext {
  family: ApiFamily;
  operation: OperationInfo;
  record: CallRecord;
  redactor: Redactor;
  /** Only create can collide with its own earlier attempt. */
  isCreate: boolean;
}

function headersToObject(headers: Headers, redactor: Redactor): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    // A proxy could echo request headers back; values are redacted like everything else.
    out[key] = redactor.redact(value);
  });
  return out;
}

/** The readable text of an HTML page (a proxy's or gateway's error page): its title, else its text. */
function htmlText(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const text = (title ?? html.replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " ")).trim();
  return text.replace(/\s+/g, " ");
}

function describeBody(response: Response, body: unknown): string {
  if (body === undefined || body === null || body === "") {
    return `empty body (HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""})`;
  }
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const contentType = response.headers.get("content-type") ?? "unknown content type";
  const isHtml = /html/i.test(contentType) || /^\s*<(!doctype|html)/i.test(text);
  const snippet = isHtml ? htmlText(text) : text.replace(/\s+/g, " ").trim();
  const short = snippet.length > MAX_BODY_IN_MESSAGE ? `${snippet.slice(0, MAX_BODY_IN_MESSAGE)}…` : snippet;
  return isHtml
    ? `unexpected ${contentType} page (HTTP ${response.status}): ${short || "no text"}`
    : `unexpected ${contentType} body: ${short}`;
}

const asCode = (value: unknown) => (typeof value === "number" || typeof value === "string" ? value : undefined);
const asText = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value : undefined);

/**
 * Reads the code and message of an error body. Batch documents `error_code` / `error_message` (2.x;
 * assumed for 1.x), but no page shows a 1.x body and third-party code reads `message`, so the
 * usual alternatives (`message`, `code`, `error` as a string or as `{ code, message }`) are read too.
 */
function readBatchBody(body: unknown): { code: number | string | undefined; message: string | undefined } {
  if (!body || typeof body !== "object" || Array.isArray(body)) return { code: undefined, message: undefined };
  const record = body as Record<string, unknown>;
  const nested =
    record.error && typeof record.error === "object" ? (record.error as Record<string, unknown>) : undefined;
  const code = asCode(record.error_code) ?? asCode(record.code) ?? asCode(nested?.code);
  const message =
    asText(record.error_message) ??
    asText(record.message) ??
    asText(record.error) ??
    asText(nested?.message) ??
    asText(record.error_description);
  return { code, message };
}

/**
 * Finds the field a 400 message complains about: a quoted name, or the word after
 * "parameter"/"field"/"property"/"attribute".
 */
export function fieldFromMessage(message: string): string | undefined {
  const named = /\b(?:parameter|field|property|attribute|key)s?\s*[:=]?\s*['"`]?([A-Za-z_][\w.[\]()-]*)/i.exec(message);
  if (named?.[1] && !/^(is|was|must|should|the|a|an|not|missing|invalid)$/i.test(named[1])) return named[1];
  const quoted = /['"`]([A-Za-z_][\w.[\]()-]{0,100})['"`]/.exec(message);
  return quoted?.[1];
}

function errorNameFor(family: ApiFamily, code: number | string | undefined): string | undefined {
  if (code === undefined) return undefined;
  if (typeof code === "number") return ONE_X_ERROR_NAMES[code];
  if (/^[A-Z][A-Z0-9_]+$/.test(code)) return code;
  const asNumber = Number(code);
  if (family === "1.x" && Number.isInteger(asNumber)) return ONE_X_ERROR_NAMES[asNumber];
  return undefined;
}

export function toApiError(response: Response, body: unknown, ctx: ErrorContext): BatchApiError {
  const { redactor } = ctx;
  const parsed = readBatchBody(body);
  const errorMessage = redactor.redact(parsed.message ?? describeBody(response, body));
  const errorCode = typeof parsed.code === "string" ? redactor.redact(parsed.code) : parsed.code;
  const errorName = errorNameFor(ctx.family, errorCode);
  const details: ApiErrorDetails = {
    status: response.status,
    errorName,
    errorCode,
    errorMessage,
    headers: headersToObject(response.headers, redactor),
    operation: ctx.operation,
    attempts: Math.max(1, ctx.record.attempts),
  };
  const status = response.status;
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), Date.now());

  const alreadyExists =
    errorName === "ENTITY_ALREADY_EXISTS" ||
    errorCode === ALREADY_EXISTS_CODE_1X ||
    ((status === 400 || status === 409) && /already exists/i.test(errorMessage));
  if (alreadyExists && status < 500) {
    // Only a create can meet itself; an earlier attempt "lost" to a reset/timeout/5xx may have succeeded.
    return new BatchAlreadyExistsError(details, ctx.isCreate && ctx.record.lostAttempts > 0);
  }
  if (status === 401) return new BatchAuthenticationError(details);
  if (status === 403) return new BatchPermissionError(details);
  if (status === 404) return new BatchNotFoundError(details);
  if (status === 429) return new BatchRateLimitError(details, retryAfterMs);
  if (status === 503) return new BatchMaintenanceError(details, retryAfterMs);
  if (status >= 500) return new BatchServerError(details);
  if (status === 400) return new BatchBadRequestError(details, fieldFromMessage(errorMessage));
  return new BatchApiError(details);
}
