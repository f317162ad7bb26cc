/**
 * Two severities. After the usual checks of one answer, each failure is either a documented
 * violation (a failure) or the contradiction of an inferred point (a finding: reported, a failure
 * only with --strict). An answer that holds also confirms the inferred points it exercised: the
 * ones the case's expectation rests on, the inferred response it got, and the inferred parts of
 * the schema its body was checked against.
 */

import { escapeSegment } from "../../src/shared/inferred/pointer.js";
import type { ConformanceCase } from "../cases/types.js";
import type { CheckFailure } from "../support/checks.js";
import type { Observed } from "../support/http.js";
import type { Json, OperationInfo, SpecIndex } from "../support/spec.js";
import type { Target } from "../targets/types.js";
import { type Breaks, breaksOf, requestBreaks, VALID } from "./attribution.js";
import { marksFor } from "./marks.js";
import { reachedMarks } from "./validators.js";

/** A check that failed only because an inferred point does not hold. */
export interface Finding extends CheckFailure {
  /** The inferred points the answer contradicts (ledger ids). */
  points: string[];
}

export interface Assessment {
  failures: CheckFailure[];
  findings: Finding[];
  /** Inferred points this answer exercised and that held. */
  confirmed: string[];
}

export interface ExchangeInput {
  kase: ConformanceCase;
  op: OperationInfo;
  index: SpecIndex;
  target: Target;
  observed: Observed;
  failures: CheckFailure[];
}

/** Pointer of the documented response of `op` for `status` (inline, before `$ref`s). */
function responsePointer(op: OperationInfo, status: number | string): string {
  return `/paths/${escapeSegment(op.path)}/${op.method}/responses/${status}`;
}

/** The node a `$ref` chain ends on, and its pointer. */
function finalNode(index: SpecIndex, pointer: string): { node: Json | undefined; pointer: string } {
  const marks = marksFor(index);
  let current = pointer;
  for (let depth = 0; depth < 10; depth++) {
    const node = marks.nodeAt(current);
    const ref = typeof node?.$ref === "string" ? node.$ref : undefined;
    if (!ref?.startsWith("#/")) return { node, pointer: current };
    current = ref.slice(1);
  }
  return { node: undefined, pointer: current };
}

/** Inferred marks of the response for `status`, and of the named error example in it. */
function responseMarks(index: SpecIndex, op: OperationInfo, status: number, example?: string): string[] {
  const marks = marksFor(index);
  const own = marks.markedInChain(responsePointer(op, status));
  if (!example) return own;
  const response = finalNode(index, responsePointer(op, status)).pointer;
  return [...own, ...marks.markedInChain(`${response}/content/application~1json/examples/${escapeSegment(example)}`)];
}

function accepted(kase: ConformanceCase, target: Target): number[] {
  return [kase.status, ...(target.kind === "real" ? (kase.alsoAcceptOnReal ?? []) : [])];
}

export interface Basis {
  /** Inferred points the expected status rests on (empty: it rests on documented behaviour). */
  points: string[];
  /** The request breaks inferred rules only: any other answer (a success included) refutes them. */
  fromRequest: boolean;
}

/** What the case's expected status rests on: the request's inferred breaks, or the inferred answer it names. */
export function expectationBasis(kase: ConformanceCase, request: ExchangeRequest, x: ExchangeInput): Basis {
  const explicit = [...(kase.inferredBasis ?? [])];
  const basis = (points: string[], fromRequest = false) => ({ points: [...new Set(points)], fromRequest });
  if (kase.status < 400) {
    const statuses = accepted(kase, x.target);
    return basis([...statuses.flatMap((s) => responseMarks(x.index, x.op, s)), ...explicit]);
  }
  const breaks = kase.kind === "positive" || kase.kind === "sequence" ? VALID : requestBreaks(x.index, x.op, request);
  if (breaks.invalid) return breaks.documented ? basis(explicit) : basis([...breaks.points, ...explicit], true);
  return basis([...responseMarks(x.index, x.op, kase.status, kase.error?.example), ...explicit]);
}

/**
 * Whether an unexpected status refutes the basis rather than a documented rule. An expected error
 * answered by another error refutes the inferred answer (a duplicate create answered 409); a
 * refused request that Batch accepts refutes the inferred rule it broke; but an expected error
 * answered by a success says the state was not what the case set up (a delete that did not
 * happen), a documented failure. A success answered by another success refutes the inferred
 * success status; one answered by an error refutes only an explicit basis.
 */
function refutesBasis(kase: ConformanceCase, basis: Basis, observed: number): boolean {
  if (basis.points.length === 0) return false;
  if (kase.status >= 400) return basis.fromRequest || observed >= 400;
  if (observed >= 200 && observed < 300) return true;
  return (kase.inferredBasis?.length ?? 0) > 0;
}

type ExchangeRequest = Parameters<typeof requestBreaks>[2];

/** How the body stands against the schema of the response it came with. */
function bodyBreaks(x: ExchangeInput): Breaks {
  const response = x.op.responses.get(String(x.observed.status));
  const schemaRef = response?.schemaRefs["application/json"];
  if (!schemaRef || x.observed.json === undefined) return VALID;
  return breaksOf(x.index, schemaRef, x.observed.json);
}

/** Documented headers of the answer's response that came back and break their schema. */
export function headerFailures(x: ExchangeInput): Finding[] {
  const marks = marksFor(x.index);
  const response = finalNode(x.index, responsePointer(x.op, x.observed.status));
  const out: Finding[] = [];
  for (const name of Object.keys((response.node?.headers ?? {}) as Json)) {
    const raw = x.observed.headers.get(name);
    if (raw === null) continue;
    const pointer = `${response.pointer}/headers/${escapeSegment(name)}`;
    const value = /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    const breaks = breaksOf(x.index, `bundle#${pointer}/schema`, value);
    if (!breaks.invalid) continue;
    const point = marks.markedInChain(pointer)[0] ?? breaks.points[0];
    out.push({
      check: "header",
      message: `header ${name}: ${JSON.stringify(raw)} breaks its schema`,
      points: point ? [point] : [],
    });
  }
  return out;
}

export function assessExchange(kase: ConformanceCase, request: ExchangeRequest, x: ExchangeInput): Assessment {
  if (x.target.kind === "mock") return { failures: x.failures, findings: [], confirmed: [] };
  const basis = expectationBasis(kase, request, x);
  const statusHeld = accepted(kase, x.target).includes(x.observed.status);
  const headers = headerFailures(x);
  const failures: CheckFailure[] = [];
  const findings: Finding[] = [];
  const classify = (failure: CheckFailure, points: string[]) =>
    points.length > 0 ? findings.push({ ...failure, points }) : failures.push(failure);

  if (!statusHeld) {
    const refuted = refutesBasis(kase, basis, x.observed.status);
    for (const f of [...x.failures, ...headers]) classify(f, refuted ? basis.points : []);
    return { failures, findings, confirmed: [] };
  }
  const body = bodyBreaks(x);
  const bodyPoints = body.invalid && !body.documented ? body.points : [];
  for (const f of x.failures) {
    if (f.check === "schema" || f.check === "error-code") classify(f, bodyPoints);
    else if (f.check === "proxy-violation" && /reports: response\.body/.test(f.message)) classify(f, bodyPoints);
    else if (f.check === "proxy-violation" && /reports: response\.header/.test(f.message))
      classify(
        f,
        headers.flatMap((h) => h.points),
      );
    else classify(f, []);
  }
  for (const h of headers) classify(h, h.points);
  return { failures, findings, confirmed: confirmations(kase, x, basis, body, headers) };
}

function confirmations(
  kase: ConformanceCase,
  x: ExchangeInput,
  basis: Basis,
  body: Breaks,
  headers: Finding[],
): string[] {
  const marks = marksFor(x.index);
  const status = x.observed.status;
  // A success with alternatives confirms only the one that came back.
  const held =
    kase.status < 400 ? [...responseMarks(x.index, x.op, status), ...(kase.inferredBasis ?? [])] : basis.points;
  const out = new Set([...held, ...marks.markedInChain(responsePointer(x.op, status))]);
  const code = (x.observed.json as Json | undefined)?.error_code;
  const matched = kase.error?.also?.find((a) => a.code === code);
  if (matched) for (const p of responseMarks(x.index, x.op, status, matched.example)) out.add(p);
  const schemaRef = x.op.responses.get(String(status))?.schemaRefs["application/json"];
  if (!body.invalid && schemaRef && x.observed.json !== undefined)
    for (const pointer of reachedMarks(x.index, schemaRef, x.observed.json))
      for (const p of marks.pointsAt(pointer)) out.add(p);
  const final = finalNode(x.index, responsePointer(x.op, status));
  if (headers.length === 0)
    for (const name of Object.keys((final.node?.headers ?? {}) as Json))
      if (x.observed.headers.get(name) !== null)
        for (const p of marks.markedInChain(`${final.pointer}/headers/${escapeSegment(name)}`)) out.add(p);
  return [...out];
}
