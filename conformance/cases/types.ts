/**
 * The shape of a conformance case. Cases are data: the runner sends `request`, then checks the
 * response against the bundled spec and against what the case expects.
 */
import type { ApiId, HttpMethod } from "../support/spec.js";

/** Which credentials a request carries: the target's real ones, none, or well-formed wrong ones. */
export type AuthMode = "valid" | "missing" | "wrong";

/** A target-independent request; the runner fills in the base URL, credentials and the API key. */
export interface CaseRequest {
  method: HttpMethod;
  /** Path template exactly as in the spec, e.g. `/1.1/{apiKey}/custom-audience/{audienceName}`. */
  path: string;
  /** Path parameters; `apiKey` (1.x) is taken from the target's credentials unless given here. */
  pathParams?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  headers?: Record<string, string>;
  /** Header names (any case) the runner must not send, e.g. `X-Batch-Project`. */
  omitHeaders?: string[];
  /** JSON body (serialised by the runner). */
  body?: unknown;
  /** Body bytes sent verbatim, for malformed JSON. */
  rawBody?: string;
  /** Content-Type of the body; `null` sends none. Defaults to application/json when a body is sent. */
  contentType?: string | null;
  auth?: AuthMode;
}

/** Names a case may use; every one starts with the run's unique prefix. */
export interface CaseContext {
  /** An audience name unique to this run and case. */
  name: string;
  /** A valid name of exactly `length` characters (1..255), unique to this run and case. */
  nameOfLength(length: number): string;
  /** A valid name that no case creates. */
  unknownName: string;
}

/** What an error body must say. 1.x: the numeric `error_code`; 2.x: a string code (Batch publishes none). */
export interface ExpectedError {
  /** 1.x numeric code, or `"string"` for 2.x where only the presence of a string code is documented. */
  code: number | "string";
  /**
   * Named example of the documented response that describes this error; the mock is asked for it
   * and must serve exactly it. Absent when the spec has no example for this particular error.
   */
  example?: string;
  /**
   * Other answers a real server may give for the same error, each with the named example that
   * documents it (1.x SERVER_ERROR: code 1 on the custom-audience pages, 0 on Batch's other pages).
   */
  also?: readonly { code: number; example: string }[];
}

/** `sequence`: one step of a stateful sequence (sequences/), run on real targets only. */
export type CaseKind = "positive" | "negative" | "generated" | "sequence";

export interface ConformanceCase {
  api: ApiId;
  operationId: string;
  /** The documented status this case provokes. */
  status: number;
  /** What the request does, as it appears in the title `<operationId> → <status> <scenario>`. */
  scenario: string;
  kind: CaseKind;
  request(ctx: CaseContext): CaseRequest;
  /** Requests sent first, in order, on every target (e.g. create the audience to update). */
  setup?(ctx: CaseContext): CaseRequest[];
  error?: ExpectedError;
  /**
   * For error cases provoked by genuinely invalid input: a fragment of an `sl-violations` entry
   * (its dotted location, then its message, lower-cased) Prism must report, e.g. `body.ids`,
   * proving the request really was invalid.
   */
  violation?: string;
  /**
   * The status is a state a stateless mock cannot reach (404, 429, 5xx…): on the mock it is
   * forced with `Prefer: code=N`; on real targets the request itself must provoke it.
   */
  forcedOnMock?: boolean;
  /**
   * A state real servers reach only by accident (429, 500, 503): a real target that injects faults
   * (the emulator, `Target.faultHeaders`) is asked to produce it for real; other real targets skip.
   */
  reachableByFault?: boolean;
  /**
   * A documented alternative answer a plain server does not give (1.0 create's 201, 1.x update's
   * 201, SERVER_ERROR code 0): a real target that can diverge on request (the emulator,
   * `Target.divergenceHeaders`) is asked to answer like a Batch that does; other real targets skip.
   */
  divergeOnEmulator?: string;
  /** Why the mock cannot run this case (shown in the report). */
  skipOnMock?: string;
  /** Why real targets (live, url, emulator) cannot run this case (shown in the report); see `reachableByFault`. */
  skipOnReal?: string;
  /** Other documented statuses a real target may answer instead (alternative documented successes). */
  alsoAcceptOnReal?: number[];
  /**
   * Inferred points (ledger ids) the case's expectation rests on beyond what is found
   * automatically (the request's inferred breaks, the inferred answer it names): e.g. a success that
   * holds only if Batch accepts a 300-character attribute. A contradicted expectation is then a
   * finding on these points, not a failure.
   */
  inferredBasis?: readonly string[];
  /** Named request-body example this case sends, if any (documentation only). */
  docExample?: string;
}

export function caseTitle(c: Pick<ConformanceCase, "operationId" | "status" | "scenario">): string {
  return `${c.operationId} → ${c.status} ${c.scenario}`;
}
