/**
 * Typed request builders: a case's body and query are checked against the generated `paths` of its
 * API, so a spec change that breaks a case fails `tsc --noEmit`. Deliberately invalid inputs go in
 * the `invalid*` / `rawBody` fields, which say so in their names.
 */
import type { HttpMethod } from "../support/spec.js";
import type { AuthMode, CaseRequest } from "./types.js";

type MethodsOf<T> = { [M in HttpMethod]: T extends Record<M, object> ? M : never }[HttpMethod];
type OperationOf<P, Path extends keyof P, M extends HttpMethod> = P[Path] extends Record<M, infer O> ? O : never;
type JsonBodyOf<O> = O extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;
type QueryOf<O> = O extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

export interface TypedRequest<P, Path extends keyof P & string, M extends MethodsOf<P[Path]>> {
  path: Path;
  method: M;
  pathParams?: Record<string, string>;
  query?: QueryOf<OperationOf<P, Path, M>>;
  body?: JsonBodyOf<OperationOf<P, Path, M>>;
  headers?: Record<string, string>;
  omitHeaders?: string[];
  auth?: AuthMode;
  /** A body that breaks the schema on purpose. */
  invalidBody?: unknown;
  /** Query values that break the schema on purpose. */
  invalidQuery?: Record<string, string | number | boolean>;
  /** Bytes sent as the body verbatim (malformed JSON). */
  rawBody?: string;
  contentType?: string | null;
}

/** `const req = requestsFor<paths>(); req({ path, method, body })` → a typed, checked CaseRequest. */
export function requestsFor<P>() {
  return <Path extends keyof P & string, M extends MethodsOf<P[Path]>>(r: TypedRequest<P, Path, M>): CaseRequest => {
    const out: CaseRequest = { method: r.method, path: r.path };
    if (r.pathParams) out.pathParams = r.pathParams;
    const query = { ...(r.query as Record<string, string | number | boolean> | undefined), ...r.invalidQuery };
    if (Object.keys(query).length > 0) out.query = query;
    if (r.body !== undefined) out.body = r.body;
    if (r.invalidBody !== undefined) out.body = r.invalidBody;
    if (r.rawBody !== undefined) out.rawBody = r.rawBody;
    if (r.contentType !== undefined) out.contentType = r.contentType;
    if (r.headers) out.headers = r.headers;
    if (r.omitHeaders) out.omitHeaders = r.omitHeaders;
    if (r.auth) out.auth = r.auth;
    return out;
  };
}
