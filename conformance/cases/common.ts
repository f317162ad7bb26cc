/**
 * Pieces shared by the case files: the error catalogues, ID list builders and the cases every
 * operation has (credentials missing or wrong, states only the mock can reach).
 */
import { ONE_X_ERROR_NAMES } from "../../generated/constants.js";
import type { ApiId } from "../support/spec.js";
import type { CaseContext, CaseRequest, ConformanceCase, ExpectedError } from "./types.js";

/** The 1.x code of an error name, from the specs' error examples (generated/constants.ts). */
function codeOf(name: string): number {
  const found = Object.entries(ONE_X_ERROR_NAMES).find(([, known]) => known === name);
  if (!found) throw new Error(`no 1.x error code named ${name} in the specs`);
  return Number(found[0]);
}

/** Batch 1.x errors: numeric code + the named example of the shared response component. */
export const ERRORS_1X = {
  missingParameter: { code: codeOf("MISSING_PARAMETER"), example: "missing_parameter" },
  malformedParameter: { code: codeOf("MALFORMED_PARAMETER"), example: "malformed_parameter" },
  malformedJson: { code: codeOf("MALFORMED_JSON_BODY"), example: "malformed_json_body" },
  alreadyExists: { code: codeOf("ENTITY_ALREADY_EXISTS"), example: "entity_already_exists" },
  authenticationInvalid: { code: codeOf("AUTHENTICATION_INVALID"), example: "authentication_invalid" },
  apiMisuse: { code: codeOf("API_MISUSE"), example: "api_misuse" },
  routeNotFound: { code: codeOf("ROUTE_NOT_FOUND"), example: "route_not_found" },
  tooManyRequests: { code: codeOf("TOO_MANY_REQUESTS"), example: "too_many_requests" },
  serverError: { code: 1, example: "server_error", also: [{ code: 0, example: "server_error_code_0" }] },
  maintenance: { code: codeOf("MAINTENANCE_ERROR"), example: "maintenance_error" },
} as const satisfies Record<string, ExpectedError>;

/** Batch 2.x errors: a string `error_code` (values unpublished) + the example the mock serves. */
export const ERRORS_2X = {
  /** A 400 with no more specific example in the spec: only the string code is checked. */
  badRequest: { code: "string" },
  malformedJson: { code: "string", example: "malformed_json" },
  invalidName: { code: "string", example: "invalid_name" },
  tooManyIds: { code: "string", example: "too_many_ids" },
  attributesOnRemove: { code: "string", example: "attributes_on_remove" },
  alreadyExists: { code: "string", example: "audience_already_exists" },
  unknownAudience: { code: "string", example: "unknown_audience" },
  authenticationInvalid: { code: "string", example: "authentication_invalid" },
  tooManyRequests: { code: "string", example: "too_many_requests" },
  serverError: { code: "string", example: "server_error" },
  maintenance: { code: "string", example: "maintenance" },
} as const satisfies Record<string, ExpectedError>;

export const MALFORMED_JSON = '{"type": "custom_ids",';
export const SKIP_MOCK_MALFORMED_JSON =
  "Prism parses the body before validating and answers malformed JSON with its own " +
  '{"error":{"code":"invalid_json"}} body, not the spec\'s 400; real targets run this case';

export const SKIP_REAL_OTHER_UPDATE_SUCCESS =
  "Batch answers one of the two documented 1.x update successes (201 or 202); on real targets the 202 cases accept 201 too";
export const SKIP_REAL_DOCUMENTED_TOKEN =
  "the documented indexing token belongs to Batch's example audience, so a real server rejects it; on real targets " +
  "the stateful sequence views with a token the server issued (step 'view until APPLIED')";
export const SKIP_REAL_DOCUMENTED_CURSOR =
  "the documented cursor 676DEZREZ is Batch's example, so a real server rejects it; on real targets the paging " +
  "sequence follows the next_from cursors the server issued";
/**
 * Batch does not say whether a request without `X-Batch-Project` is a 400 (a required header is
 * missing) or a 401 (no project to check the key against); both are documented, so real targets
 * may answer either. The mock answers 400 (Prism's required-header rule).
 */
export const MISSING_PROJECT_ALSO_ON_REAL = [401];

const SKIP_REAL = {
  403: "Batch does not document what provokes API_MISUSE, so no request can be built for it; the emulator answers it on request (fault 403) and the mock covers the documented body",
  429: "a bounded suite cannot make Batch rate-limit on purpose; the mock covers the documented body",
  500: "an unexpected server error cannot be provoked on purpose; the mock covers the documented body",
  503: "maintenance cannot be provoked on purpose; the mock covers the documented body",
} as const;

/** `n` realistic custom user IDs. */
export function customIds(n: number, prefix = "user"): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}-${(i + 1).toString().padStart(6, "0")}`);
}

/** Attributes object with `n` valid lowercase names. */
export function attributes(n: number): Record<string, number> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`att${i + 1}`, i + 1]));
}

interface StandardErrorOptions {
  api: ApiId;
  operationId: string;
  /** A valid request for the operation (credentials and state are changed per case). */
  request: (ctx: CaseContext) => CaseRequest;
  /** Documented statuses of the operation the standard cases cover (401 always). */
  statuses: readonly (403 | 429 | 500 | 503)[];
  errors: {
    authenticationInvalid: ExpectedError;
    apiMisuse?: ExpectedError;
    tooManyRequests: ExpectedError;
    serverError: ExpectedError;
    maintenance: ExpectedError;
  };
  /** Sequence to run first on every target (e.g. create the audience the request names). */
  setup?: (ctx: CaseContext) => CaseRequest[];
}

/** 401 without and with a wrong key, plus the states only the mock can force. */
export function standardErrorCases(o: StandardErrorOptions): ConformanceCase[] {
  const base = { api: o.api, operationId: o.operationId, kind: "negative" as const };
  const withAuth = (auth: CaseRequest["auth"]) => (ctx: CaseContext) => ({ ...o.request(ctx), auth });
  const cases: ConformanceCase[] = [
    {
      ...base,
      status: 401,
      scenario: "REST key missing",
      request: withAuth("missing"),
      error: o.errors.authenticationInvalid,
      violation: "request",
    },
    {
      ...base,
      status: 401,
      scenario: "REST key wrong",
      request: withAuth("wrong"),
      error: o.errors.authenticationInvalid,
      // Prism checks only that a credential is present, so the mock is told to answer 401.
      forcedOnMock: true,
    },
  ];
  const byStatus = {
    403: o.errors.apiMisuse,
    429: o.errors.tooManyRequests,
    500: o.errors.serverError,
    503: o.errors.maintenance,
  };
  const scenario = { 403: "API misuse", 429: "rate limited", 500: "server error", 503: "maintenance" } as const;
  for (const status of o.statuses) {
    const error = byStatus[status];
    cases.push({
      ...base,
      status,
      scenario: scenario[status],
      request: o.request,
      ...(o.setup ? { setup: o.setup } : {}),
      ...(error ? { error } : {}),
      forcedOnMock: true,
      // Real answers of a server that injects faults (the emulator), 403 API_MISUSE included.
      reachableByFault: true,
      skipOnReal: SKIP_REAL[status],
    });
  }
  return cases;
}
