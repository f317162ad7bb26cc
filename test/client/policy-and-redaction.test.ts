import { describe, expect, it } from "vitest";
import { fieldFromMessage, toApiError } from "../../src/client/error-mapping.js";
import {
  BatchAlreadyExistsError,
  BatchApiError,
  BatchAuthenticationError,
  BatchBadRequestError,
  BatchMaintenanceError,
  BatchNotFoundError,
  BatchPermissionError,
  BatchRateLimitError,
  BatchServerError,
} from "../../src/client/errors.js";
import {
  backoffDelayMs,
  delayAfterStatusMs,
  isRetryableStatus,
  parseRetryAfter,
} from "../../src/client/http/retry-policy.js";
import { newCallRecord } from "../../src/client/http/transport.js";
import { createRedactor, truncateValue } from "../../src/shared/redact.js";

describe("Retry-After", () => {
  const now = Date.parse("2024-01-01T00:00:00Z");
  it("parses seconds and HTTP dates", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter(" 2 ", now)).toBe(2_000);
    expect(parseRetryAfter("Mon, 01 Jan 2024 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Sun, 31 Dec 2023 23:00:00 GMT", now)).toBe(0);
  });
  it("ignores absent or garbage values", () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("", now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-5", now)).toBeUndefined();
  });
});

describe("backoff", () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1_000, rateLimitFloorMs: 5_000 };
  it("is full jitter under an exponential, capped ceiling", () => {
    expect(backoffDelayMs(0, { ...policy, random: () => 0.999 })).toBe(99);
    expect(backoffDelayMs(3, { ...policy, random: () => 0.5 })).toBe(400);
    expect(backoffDelayMs(10, { ...policy, random: () => 0.999 })).toBe(999);
    expect(backoffDelayMs(5, { ...policy, random: () => 0 })).toBe(0);
  });
  it("raises the wait to Retry-After and, on 429, to the floor", () => {
    expect(delayAfterStatusMs(503, 2_000, 0, { ...policy, random: () => 0 })).toBe(2_000);
    expect(delayAfterStatusMs(429, undefined, 0, { ...policy, random: () => 0 })).toBe(5_000);
    expect(delayAfterStatusMs(429, 8_000, 0, { ...policy, random: () => 0 })).toBe(8_000);
    expect(delayAfterStatusMs(500, undefined, 0, { ...policy, random: () => 0 })).toBe(0);
  });
  it("retries exactly 429, 500, 502, 503, 504", () => {
    const retryable = [200, 201, 400, 401, 403, 404, 409, 429, 500, 501, 502, 503, 504].filter(isRetryableStatus);
    expect(retryable).toEqual([429, 500, 502, 503, 504]);
  });
});

describe("redaction", () => {
  it("removes raw and URL-encoded secrets and the 1.x key segment", () => {
    const r = createRedactor(["k/1+2", "rest"]);
    expect(r.redact("a k/1+2 b rest")).toBe("a [REDACTED] b [REDACTED]");
    expect(r.redactUrl("https://h/1.1/k%2F1%2B2/custom-audience/x")).toBe("https://h/1.1/[REDACTED]/custom-audience/x");
    expect(createRedactor([]).redactUrl("http://127.0.0.1:3/1.0/unknownkey/custom-audience")).toBe(
      "http://127.0.0.1:3/1.0/[REDACTED]/custom-audience",
    );
    expect(createRedactor([]).redactUrl("https://api.batch.com/2.11/audiences/view?name=a")).toBe(
      "https://api.batch.com/2.11/audiences/view?name=a",
    );
  });
  it("truncates values", () => {
    expect(truncateValue("abc")).toBe('"abc"');
    expect(truncateValue("x".repeat(100), 10)).toHaveLength(10);
  });
});

describe("status to error class", () => {
  const ctx = (isCreate = false, lost = 0) => ({
    family: "1.x" as const,
    operation: { operationId: "createAudience", method: "POST", url: "u" },
    record: { ...newCallRecord(), attempts: lost + 1, lostAttempts: lost },
    redactor: createRedactor([]),
    isCreate,
  });
  const res = (status: number, headers: Record<string, string> = {}) => new Response(null, { status, headers });
  it.each([
    [400, { error_code: 31, error_message: "Malformed parameter: limit" }, BatchBadRequestError, "MALFORMED_PARAMETER"],
    [400, { error_code: 33, error_message: "exists" }, BatchAlreadyExistsError, "ENTITY_ALREADY_EXISTS"],
    [401, { error_code: 10, error_message: "x" }, BatchAuthenticationError, "AUTHENTICATION_INVALID"],
    [403, { error_code: 12, error_message: "x" }, BatchPermissionError, "API_MISUSE"],
    [404, { error_code: 20, error_message: "x" }, BatchNotFoundError, "ROUTE_NOT_FOUND"],
    [429, { error_code: 60, error_message: "x" }, BatchRateLimitError, "TOO_MANY_REQUESTS"],
    [500, { error_code: 1, error_message: "x" }, BatchServerError, "SERVER_ERROR"],
    [503, { error_code: 2, error_message: "x" }, BatchMaintenanceError, "MAINTENANCE_ERROR"],
    [418, "teapot", BatchApiError, undefined],
  ])("%i %j", (status, body, type, name) => {
    const error = toApiError(res(status), body, ctx());
    expect(error).toBeInstanceOf(type);
    expect(error.errorName).toBe(name);
    expect(error.status).toBe(status);
  });
  it("exposes headers and Retry-After", () => {
    const error = toApiError(res(429, { "retry-after": "7", "x-request-id": "r1" }), undefined, ctx());
    expect((error as BatchRateLimitError).retryAfterMs).toBe(7_000);
    expect(error.headers["x-request-id"]).toBe("r1");
  });
  it("mayBeOwnEarlierAttempt only for a create after a lost attempt", () => {
    const body = { error_code: 33, error_message: "exists" };
    expect((toApiError(res(400), body, ctx(true, 1)) as BatchAlreadyExistsError).mayBeOwnEarlierAttempt).toBe(true);
    expect((toApiError(res(400), body, ctx(true, 0)) as BatchAlreadyExistsError).mayBeOwnEarlierAttempt).toBe(false);
    expect((toApiError(res(400), body, ctx(false, 1)) as BatchAlreadyExistsError).mayBeOwnEarlierAttempt).toBe(false);
  });
  it("finds the field named by a 400 message", () => {
    expect(fieldFromMessage("Malformed parameter: limit")).toBe("limit");
    expect(fieldFromMessage("Missing parameter 'type'")).toBe("type");
    expect(fieldFromMessage('The field "ids" must not be empty')).toBe("ids");
    expect(fieldFromMessage("Something went wrong")).toBeUndefined();
  });
});
