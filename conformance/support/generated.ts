/**
 * Generated negative cases (Schemathesis-style, seeded and bounded): start from a valid request
 * built from the operation's first named example, mutate one thing with fast-check (drop a field,
 * change a type, add an unknown field, break a string, push a query parameter out of range, put a
 * forbidden character in the name, drop the credentials), keep only variants Ajv confirms are
 * invalid, and expect the documented 400 (401 for credentials), never a 2xx or 5xx.
 */
import fc from "fast-check";
import { MISSING_PROJECT_ALSO_ON_REAL } from "../cases/common.js";
import type { CaseContext, CaseRequest, ConformanceCase } from "../cases/types.js";
import type { Json, OperationInfo, SpecIndex } from "./spec.js";
import { validate } from "./validator.js";

export const DEFAULT_SEED = 20_261_122;
export const DEFAULT_PER_OPERATION = 10;

type Path = (string | number)[];

interface Mutation {
  describe: string;
  status: 400 | 401;
  /** Other documented statuses a real target may answer (see MISSING_PROJECT_ALSO_ON_REAL). */
  alsoAcceptOnReal?: number[];
  apply(request: CaseRequest): CaseRequest;
  /** The mutated value must break this schema (checked with Ajv before the case is kept). */
  invalidAgainst?: { schemaRef: string; value: unknown };
}

const FORBIDDEN_NAME_CHARS = [" ", "!", "*", "'", "(", ")", "~", "é", "@", "+", ",", ";", "=", "$", ":", "."];

/** A valid request for the operation, with names from the case context. */
function baseRequest(op: OperationInfo, ctx: CaseContext): CaseRequest {
  const request: CaseRequest = { method: op.method, path: op.path };
  const pathParams: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const p of op.parameters) {
    if (p.in === "path" && p.name === "audienceName") pathParams[p.name] = ctx.name;
    if (p.in === "query" && p.required) query[p.name] = p.name === "name" ? ctx.name : "x";
  }
  if (Object.keys(pathParams).length > 0) request.pathParams = pathParams;
  if (Object.keys(query).length > 0) request.query = query;
  const example = op.requestBody ? Object.values(op.requestBody.examples)[0] : undefined;
  if (example !== undefined) {
    const body = structuredClone(example) as Json;
    if (typeof body.name === "string") body.name = ctx.name;
    request.body = body;
  }
  return request;
}

function objectPaths(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.length > 0 ? objectPaths(value[0], [...path, 0]) : [];
  if (value === null || typeof value !== "object") return [];
  return [path, ...Object.entries(value).flatMap(([k, v]) => objectPaths(v, [...path, k]))];
}

function leafPaths(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return [path, ...(value.length > 0 ? leafPaths(value[0], [...path, 0]) : [])];
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) =>
      [[...path, k], ...leafPaths(v, [...path, k])].filter(
        (p, i, all) => all.findIndex((q) => q.join() === p.join()) === i,
      ),
    );
  return [path];
}

function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)?.[key], root);
}

function setAt(root: unknown, path: Path, value: unknown | typeof REMOVE): unknown {
  const copy = structuredClone(root) as Json;
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  const key = path[path.length - 1]!;
  if (value === REMOVE) delete parent[key];
  else parent[key] = value;
  return copy;
}
const REMOVE = Symbol("remove");

const show = (path: Path) => ["body", ...path.map(String)].join(".");
const valueText = (v: unknown) => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

function wrongTypeFor(value: unknown): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [];
  if (typeof value !== "number") options.push(fc.integer({ min: -5, max: 1_000_000 }));
  if (typeof value !== "boolean") options.push(fc.boolean());
  if (typeof value !== "string") options.push(fc.string({ minLength: 1, maxLength: 8 }));
  if (!Array.isArray(value)) options.push(fc.constant([]));
  if (value === null || typeof value !== "object" || Array.isArray(value)) options.push(fc.constant({}));
  options.push(fc.constant(null));
  return fc.oneof(...options);
}

function bodyMutations(op: OperationInfo, body: unknown): fc.Arbitrary<Mutation>[] {
  if (!op.requestBody || body === undefined) return [];
  const schemaRef = op.requestBody.schemaRef;
  const withBody = (path: Path, value: unknown | typeof REMOVE, describe: string): Mutation => {
    const mutated = setAt(body, path, value);
    return {
      describe,
      status: 400,
      apply: (r) => ({ ...r, body: mutated }),
      invalidAgainst: { schemaRef, value: mutated },
    };
  };
  const arbitraries: fc.Arbitrary<Mutation>[] = [];
  const leaves = leafPaths(body).filter((p) => p.length > 0);
  const objects = objectPaths(body);
  if (leaves.length > 0) {
    const leaf = fc.constantFrom(...leaves);
    arbitraries.push(leaf.map((p) => withBody(p, REMOVE, `${show(p)} removed`)));
    arbitraries.push(
      leaf.chain((p) =>
        wrongTypeFor(getAt(body, p)).map((v) => withBody(p, v, `${show(p)} → ${valueText(v)} (wrong type)`)),
      ),
    );
    const strings = leaves.filter((p) => typeof getAt(body, p) === "string");
    if (strings.length > 0) {
      arbitraries.push(
        fc
          .tuple(
            fc.constantFrom(...strings),
            fc.constantFrom(...FORBIDDEN_NAME_CHARS, "UPPER"),
            fc.constantFrom(256, 301, 2049),
          )
          .map(([p, breaker, length]) => {
            const current = getAt(body, p) as string;
            const value =
              breaker === "UPPER" ? `${current.toUpperCase()}X` : `${current}${breaker}`.padEnd(length, "z");
            return withBody(
              p,
              value,
              `${show(p)} → ${valueText(value)} (${breaker === "UPPER" ? "upper case" : `"${breaker}" and ${length} characters`})`,
            );
          }),
      );
    }
  }
  if (objects.length > 0) {
    arbitraries.push(
      fc
        .tuple(fc.constantFrom(...objects), fc.stringMatching(/^[a-z]{3,10}$/))
        .map(([p, key]) =>
          withBody([...p, `unknown_${key}`], "surprise", `${show([...p, `unknown_${key}`])} added (unknown field)`),
        ),
    );
  }
  return arbitraries;
}

function parameterMutations(op: OperationInfo): fc.Arbitrary<Mutation>[] {
  const arbitraries: fc.Arbitrary<Mutation>[] = [];
  for (const p of op.parameters) {
    if (p.in === "query" && p.schema.type === "integer") {
      const min = typeof p.schema.minimum === "number" ? p.schema.minimum : undefined;
      const max = typeof p.schema.maximum === "number" ? p.schema.maximum : undefined;
      const values: fc.Arbitrary<number | string>[] = [fc.stringMatching(/^[a-z]{1,6}$/)];
      if (max !== undefined) values.push(fc.integer({ min: max + 1, max: max + 10_000 }));
      if (min !== undefined) values.push(fc.integer({ min: min - 1_000, max: min - 1 }));
      arbitraries.push(
        fc.oneof(...values).map((value) => ({
          describe: `query ${p.name}=${value}`,
          status: 400 as const,
          apply: (r: CaseRequest) => ({ ...r, query: { ...r.query, [p.name]: value } }),
          invalidAgainst: { schemaRef: p.schemaRef, value },
        })),
      );
    }
    if ((p.in === "path" && p.name === "audienceName") || (p.in === "query" && p.name === "name")) {
      arbitraries.push(
        fc
          .tuple(
            fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/),
            fc.constantFrom(...FORBIDDEN_NAME_CHARS),
            fc.stringMatching(/^[A-Za-z0-9_-]{0,12}$/),
          )
          .map(([head, bad, tail]) => {
            const value = `${head}${bad}${tail}`;
            return {
              describe: `${p.in} ${p.name} "${value}"`,
              status: 400 as const,
              apply: (r: CaseRequest) =>
                p.in === "path"
                  ? { ...r, pathParams: { ...r.pathParams, [p.name]: value } }
                  : { ...r, query: { ...r.query, [p.name]: value } },
              invalidAgainst: { schemaRef: p.schemaRef, value },
            };
          }),
      );
    }
    if (p.in === "header" && p.required) {
      const alsoAcceptOnReal = p.name.toLowerCase() === "x-batch-project" ? MISSING_PROJECT_ALSO_ON_REAL : undefined;
      arbitraries.push(
        fc.constant({
          describe: `header ${p.name} missing`,
          status: 400 as const,
          ...(alsoAcceptOnReal ? { alsoAcceptOnReal } : {}),
          apply: (r: CaseRequest) => ({ ...r, omitHeaders: [...(r.omitHeaders ?? []), p.name] }),
        }),
      );
    }
  }
  if (op.secured) {
    arbitraries.push(
      fc.constant({
        describe: "credentials missing",
        status: 401 as const,
        apply: (r: CaseRequest) => ({ ...r, auth: "missing" as const }),
      }),
    );
  }
  return arbitraries;
}

export interface GenerateOptions {
  seed?: number;
  perOperation?: number;
}

/** Seeded negative cases for every operation of a spec. */
export function generatedCases(index: SpecIndex, options: GenerateOptions = {}): ConformanceCase[] {
  const seed = options.seed ?? DEFAULT_SEED;
  const perOperation = options.perOperation ?? DEFAULT_PER_OPERATION;
  const cases: ConformanceCase[] = [];
  // Mutations are planned on a placeholder name, then re-applied to each case's own names.
  const planCtx: CaseContext = {
    name: "PLACEHOLDER_NAME",
    nameOfLength: () => "PLACEHOLDER_NAME",
    unknownName: "PLACEHOLDER_UNKNOWN",
  };
  for (const op of index.operations.values()) {
    const base = baseRequest(op, planCtx);
    const arbitraries = [...bodyMutations(op, base.body), ...parameterMutations(op)];
    if (arbitraries.length === 0) continue;
    const samples = fc.sample(fc.oneof(...arbitraries), { seed, numRuns: perOperation * 8 });
    const seen = new Set<string>();
    for (const mutation of samples) {
      if (seen.size >= perOperation) break;
      if (seen.has(mutation.describe)) continue;
      if (
        mutation.invalidAgainst &&
        validate(index, mutation.invalidAgainst.schemaRef, mutation.invalidAgainst.value).length === 0
      )
        continue;
      seen.add(mutation.describe);
      const status = mutation.status;
      const documented = op.responses.has(String(status));
      if (!documented) continue;
      cases.push({
        api: index.api,
        operationId: op.operationId,
        status,
        kind: "generated",
        scenario: `generated #${seen.size}: ${mutation.describe}`,
        ...(mutation.alsoAcceptOnReal ? { alsoAcceptOnReal: mutation.alsoAcceptOnReal } : {}),
        request: (ctx) => swapNames(mutation.apply(base), planCtx, ctx),
      });
    }
  }
  return cases;
}

/** Replace the planning placeholder with the case's own name everywhere in the request. */
function swapNames(request: CaseRequest, from: CaseContext, to: CaseContext): CaseRequest {
  return JSON.parse(JSON.stringify(request).replaceAll(from.name, to.name)) as CaseRequest;
}
