/**
 * The checks every response goes through (schemathesis-style): documented status, documented
 * Content-Type, body valid against the response schema (Ajv 2020-12), the expected Batch error,
 * and what Prism's `sl-violations` header says for the target.
 */
import { isDeepStrictEqual } from "node:util";
import type { ConformanceCase } from "../cases/types.js";
import type { Target } from "../targets/types.js";
import type { Observed } from "./http.js";
import type { OperationInfo, SpecIndex } from "./spec.js";
import { validate } from "./validator.js";

export interface Violation {
  location: string[];
  severity?: string;
  code?: string | number;
  message: string;
}

export interface CheckFailure {
  check: string;
  message: string;
  expected?: unknown;
  actual?: unknown;
}

const PRISM_ERROR_TYPE = "https://stoplight.io/prism/errors#";

export function parseViolations(headers: Headers): Violation[] {
  const raw = headers.get("sl-violations");
  if (!raw) return [];
  try {
    const parsed = JSON.parse(raw) as unknown;
    return Array.isArray(parsed) ? (parsed as Violation[]) : [];
  } catch {
    return [{ location: ["sl-violations"], message: `unparseable header: ${raw}` }];
  }
}

function mediaTypeOf(headers: Headers): string | undefined {
  return headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() || undefined;
}

/** A body Prism made up itself instead of serving the spec (problem+json or its JSON-parse error). */
export function isPrismMadeError(observed: Observed): boolean {
  const body = observed.json as Record<string, unknown> | undefined;
  if (typeof body?.type === "string" && body.type.startsWith(PRISM_ERROR_TYPE)) return true;
  const nested = body?.error as Record<string, unknown> | undefined;
  return mediaTypeOf(observed.headers) === "application/problem+json" || nested?.code === "invalid_json";
}

export interface CheckInput {
  kase: ConformanceCase;
  op: OperationInfo;
  index: SpecIndex;
  target: Target;
  observed: Observed;
}

export function checkResponse({ kase, op, index, target, observed }: CheckInput): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const fail = (check: string, message: string, expected?: unknown, actual?: unknown) =>
    failures.push({
      check,
      message,
      ...(expected !== undefined ? { expected } : {}),
      ...(actual !== undefined ? { actual } : {}),
    });

  const accepted = [kase.status, ...(target.kind === "real" ? (kase.alsoAcceptOnReal ?? []) : [])];
  if (!accepted.includes(observed.status)) {
    fail(
      "status",
      `expected status ${accepted.join(" or ")}, got ${observed.status}`,
      accepted.join(" or "),
      observed.status,
    );
  }
  const response = op.responses.get(String(observed.status)) ?? op.responses.get("default");
  if (!response) {
    fail(
      "status-documented",
      `status ${observed.status} is not documented for ${op.operationId}`,
      [...op.responses.keys()],
      observed.status,
    );
  }

  if (target.kind === "mock" && isPrismMadeError(observed)) {
    fail("prism-error", `Prism answered with its own error instead of the spec: ${observed.text.slice(0, 300)}`);
  }

  if (response) {
    const mediaType = mediaTypeOf(observed.headers);
    if (response.mediaTypes.length === 0) {
      if (observed.text.length > 0)
        fail("content-type", "the spec documents no body for this status, but one came back");
    } else if (!mediaType || !response.mediaTypes.includes(mediaType)) {
      fail(
        "content-type",
        `Content-Type ${mediaType ?? "(none)"} is not documented`,
        response.mediaTypes,
        mediaType ?? null,
      );
    } else {
      const schemaRef = response.schemaRefs[mediaType];
      if (schemaRef && mediaType.endsWith("json")) {
        if (observed.json === undefined) fail("schema", "the body is not JSON", "JSON", observed.text.slice(0, 200));
        else {
          const errors = validate(index, schemaRef, observed.json);
          if (errors.length > 0)
            fail("schema", `body does not match the response schema: ${errors.join("; ")}`, schemaRef, observed.json);
        }
      }
    }
  }

  if (kase.error && observed.status === kase.status) checkError(kase, target, response?.examples ?? {}, observed, fail);
  checkViolations(kase, target, observed, fail);
  return failures;
}

function checkError(
  kase: ConformanceCase,
  target: Target,
  examples: Record<string, unknown>,
  observed: Observed,
  fail: (check: string, message: string, expected?: unknown, actual?: unknown) => void,
): void {
  const error = kase.error!;
  const code = (observed.json as Record<string, unknown> | undefined)?.error_code;
  if (error.code === "string") {
    if (typeof code !== "string" || code.length === 0)
      fail("error-code", "2.x errors carry a string error_code", "non-empty string", code);
  } else if (code !== error.code && !(target.kind === "real" && error.also?.some((a) => a.code === code))) {
    const accepted = [error.code, ...(target.kind === "real" ? (error.also ?? []).map((a) => a.code) : [])];
    fail(
      "error-code",
      `expected Batch error code ${accepted.join(" or ")} (${error.example?.toUpperCase() ?? "?"}), got ${String(code)}`,
      accepted.length === 1 ? error.code : accepted,
      code,
    );
  }
  // On the mock the case selected this named example, so the body must be exactly it.
  if (target.kind === "mock" && error.example) {
    if (!(error.example in examples))
      fail(
        "error-example",
        `the spec has no example "${error.example}" for ${kase.status}`,
        Object.keys(examples),
        error.example,
      );
    else if (!isDeepStrictEqual(observed.json, examples[error.example])) {
      fail("error-example", `the body is not the "${error.example}" example`, examples[error.example], observed.json);
    }
  }
}

function checkViolations(
  kase: ConformanceCase,
  target: Target,
  observed: Observed,
  fail: (check: string, message: string, expected?: unknown, actual?: unknown) => void,
): void {
  const violations = parseViolations(observed.headers);
  const where = (v: Violation) => v.location.join(".").toLowerCase();
  const requestViolations = violations.filter((v) => v.location[0] === "request");
  const responseViolations = violations.filter((v) => v.location[0] === "response");

  if (target.violations === "proxy") {
    for (const v of responseViolations) fail("proxy-violation", `the proxy reports: ${where(v)}: ${v.message}`);
  }
  if (target.violations === "none") return;

  const genuineError = kase.status >= 400 && !kase.forcedOnMock;
  if (kase.status < 400 && requestViolations.length > 0) {
    fail(
      "request-violation",
      `the request breaks the spec: ${requestViolations.map((v) => `${where(v)}: ${v.message}`).join("; ")}`,
    );
  }
  if (target.violations === "mock" && genuineError) {
    if (requestViolations.length === 0) {
      fail(
        "violation",
        "the request was meant to be invalid, but Prism reported no violation",
        kase.violation ?? "any",
        [],
      );
    } else if (
      kase.violation &&
      !requestViolations.some((v) => `${where(v)} ${v.message.toLowerCase()}`.includes(kase.violation!.toLowerCase()))
    ) {
      fail(
        "violation",
        `expected a violation at ${kase.violation}, Prism reported ${requestViolations.map((v) => `${where(v)} (${v.message})`).join("; ")}`,
        kase.violation,
        requestViolations.map(where),
      );
    }
  }
}
