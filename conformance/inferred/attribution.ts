/**
 * Which inferred points a failed validation rests on. A value that breaks the full contract but
 * meets the documented one alone breaks inferred rules only: the points are those of its errors,
 * minus the errors of `oneOf` / `anyOf` branches that also break a documented rule (a branch the
 * value was never meant for, such as the `remove` shape for an `add` item).
 */
import type { ErrorObject } from "ajv/dist/2020.js";
import type { CaseRequest } from "../cases/types.js";
import type { OperationInfo, SpecIndex } from "../support/spec.js";
import { marksFor } from "./marks.js";
import { validDocumented, verboseErrors } from "./validators.js";

/** How a value stands against the contract. */
export interface Breaks {
  /** Breaks the full contract. */
  invalid: boolean;
  /** Breaks the documented contract too (so the inferred rules are not what decides). */
  documented: boolean;
  /** Inferred points its errors rest on (meaningful when invalid and not documented). */
  points: string[];
}

export const VALID: Breaks = { invalid: false, documented: false, points: [] };
const DOCUMENTED: Breaks = { invalid: true, documented: true, points: [] };
const COMBINATORS = new Set(["oneOf", "anyOf", "if", "then", "else"]);

/** The inferred points of a set of Ajv errors (after dropping the errors of wrong branches). */
export function pointsOfErrors(index: SpecIndex, errors: readonly ErrorObject[]): string[] {
  const marks = marksFor(index);
  const located = errors.map((error) => {
    const pointer = marks.pointerOf(error.parentSchema);
    const point = pointer === undefined ? undefined : marks.pointFor(pointer, error.keyword);
    const branch =
      pointer === undefined ? undefined : marks.branches.find((b) => pointer === b || pointer.startsWith(`${b}/`));
    return { error, point, branch, pointer };
  });
  const wrongBranches = new Set(
    located.filter((l) => l.branch && !l.point && !COMBINATORS.has(l.error.keyword)).map((l) => l.branch),
  );
  const inBranches = located.filter((l) => !(l.branch && wrongBranches.has(l.branch)));
  // A combinator that fails because its right branch broke an inferred rule is no point of its own.
  const kept = inBranches.filter(
    (l) =>
      !COMBINATORS.has(l.error.keyword) ||
      !inBranches.some((o) => o !== l && o.branch?.startsWith(`${l.pointer}/${l.error.keyword}/`)),
  );
  const points = new Set(kept.flatMap((l) => (l.point ? [l.point] : [])));
  if (points.size === 0) for (const l of located) if (l.point) points.add(l.point);
  return [...points];
}

/** How `value` stands against the schema at `schemaRef`. */
export function breaksOf(index: SpecIndex, schemaRef: string, value: unknown): Breaks {
  const errors = verboseErrors(index, schemaRef, value);
  if (errors.length === 0) return VALID;
  if (!validDocumented(index, schemaRef, value)) return DOCUMENTED;
  return { invalid: true, documented: false, points: pointsOfErrors(index, errors) };
}

function combine(all: readonly Breaks[]): Breaks {
  const invalid = all.filter((b) => b.invalid);
  if (invalid.length === 0) return VALID;
  if (invalid.some((b) => b.documented)) return DOCUMENTED;
  return { invalid: true, documented: false, points: [...new Set(invalid.flatMap((b) => b.points))] };
}

function coerce(value: string | number | boolean, schema: Record<string, unknown>): unknown {
  if (typeof value !== "string") return value;
  if ((schema.type === "integer" || schema.type === "number") && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (schema.type === "boolean" && (value === "true" || value === "false")) return value === "true";
  return value;
}

function parameterValue(request: CaseRequest, name: string, location: string): unknown {
  if (location === "path") return request.pathParams?.[name] ?? (name === "apiKey" ? "APP_KEY" : undefined);
  if (location === "query") return request.query?.[name];
  if (location !== "header") return undefined;
  const omitted = (request.omitHeaders ?? []).some((h) => h.toLowerCase() === name.toLowerCase());
  if (omitted) return undefined;
  const given = Object.entries(request.headers ?? {}).find(([h]) => h.toLowerCase() === name.toLowerCase());
  return given ? given[1] : "credential-sent-by-the-runner";
}

/** How a request stands against its operation: body and parameters (credentials are not schema). */
export function requestBreaks(index: SpecIndex, op: OperationInfo, request: CaseRequest): Breaks {
  const parts: Breaks[] = [];
  let body = request.body;
  if (request.rawBody !== undefined) {
    try {
      body = JSON.parse(request.rawBody);
    } catch {
      return DOCUMENTED; // malformed JSON: MALFORMED_JSON_BODY is documented
    }
  }
  if (op.requestBody) {
    if (body === undefined) {
      if (op.requestBody.required) return DOCUMENTED;
    } else if (request.contentType !== undefined && request.contentType !== "application/json") {
      return DOCUMENTED;
    } else parts.push(breaksOf(index, op.requestBody.schemaRef, body));
  }
  for (const p of op.parameters) {
    const value = parameterValue(request, p.name, p.in);
    if (value === undefined) {
      if (p.required) return DOCUMENTED;
      continue;
    }
    parts.push(breaksOf(index, p.schemaRef, coerce(value as string | number | boolean, p.schema)));
  }
  return combine(parts);
}
