/**
 * A read-only index of one bundled spec (generated/<api>/openapi.yaml): its operations, their
 * documented statuses, media types, parameters and named examples. The suite drives coverage,
 * generation and checks from this index, never from Prism.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import type { ApiId } from "../../generated/constants.js";

/** The one name for "which API" (generated/constants.ts, from scripts/apis.ts). */
export { API_IDS, type ApiId } from "../../generated/constants.js";
export type HttpMethod = "get" | "put" | "post" | "patch" | "delete";
export const HTTP_METHODS: readonly HttpMethod[] = ["get", "put", "post", "patch", "delete"];

// Specs are plain JSON-like data; narrow at the point of use.
// biome-ignore lint/suspicious/noExplicitAny: bundles are untyped YAML; callers narrow what they read.
export type Json = Record<string, any>;

export interface ParameterInfo {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  /** JSON pointer (with the `bundle#` prefix) to the parameter's schema. */
  schemaRef: string;
  schema: Json;
}

export interface ResponseInfo {
  status: string;
  /** Media types documented for this status (empty when the response has no body). */
  mediaTypes: string[];
  /** JSON pointer to the schema of each media type. */
  schemaRefs: Record<string, string>;
  /** Named examples of the JSON media type. */
  examples: Record<string, unknown>;
}

export interface OperationInfo {
  api: ApiId;
  operationId: string;
  method: HttpMethod;
  path: string;
  parameters: ParameterInfo[];
  requestBody?: { required: boolean; schemaRef: string; schema: Json; examples: Record<string, unknown> };
  responses: Map<string, ResponseInfo>;
  /** Whether the operation needs credentials (document or operation `security`). */
  secured: boolean;
}

export interface SpecIndex {
  api: ApiId;
  document: Json;
  operations: Map<string, OperationInfo>;
  /** Resolve a local `$ref` chain to the node it points at. */
  resolve(node: Json): Json;
}

/**
 * This file is conformance/support/spec.ts in a checkout and dist/conformance/support/spec.js in the
 * package, so two folders up is the checkout's root or the package's dist/.
 */
const suiteRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const installed = path.basename(suiteRoot) === "dist";

/**
 * Path of the bundle the suite reads for an API: generated/<api>/openapi.yaml in a checkout,
 * dist/specs/<api>.yaml in the package (the same bytes: scripts/spec-files.ts copies it there).
 * Every reader (the spec index, Prism, the Ajv validators) goes through here.
 */
export function bundlePath(api: ApiId): string {
  return installed
    ? path.join(suiteRoot, "specs", `${api}.yaml`)
    : path.join(suiteRoot, "generated", api, "openapi.yaml");
}

const cache = new Map<string, SpecIndex>();

/** Parse and index a bundled spec (cached per file). */
export function loadSpec(api: ApiId, file = bundlePath(api)): SpecIndex {
  const cached = cache.get(file);
  if (cached) return cached;
  const index = indexDocument(api, parse(readFileSync(file, "utf8")) as Json);
  cache.set(file, index);
  return index;
}

export function pointer(...segments: string[]): string {
  return `bundle#/${segments.map((s) => s.replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`;
}

interface Resolver {
  /** The node a chain of $refs ends at. */
  resolve: (node: Json) => Json;
  /** Where a node lives, following $refs: pointer of the final target. */
  locate: (node: Json, fallback: string) => string;
}

function resolverFor(document: Json): Resolver {
  const resolveRef = (ref: string): Json =>
    ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<Json>((node, s) => node?.[s.replaceAll("~1", "/").replaceAll("~0", "~")], document);
  const resolve = (node: Json): Json => {
    let current = node;
    for (let depth = 0; current && typeof current.$ref === "string" && depth < 20; depth++)
      current = resolveRef(current.$ref);
    return current;
  };
  const locate = (node: Json, fallback: string): string => {
    let current = node;
    let where = fallback;
    for (let depth = 0; current && typeof current.$ref === "string" && depth < 20; depth++) {
      where = `bundle${current.$ref as string}`;
      current = resolveRef(current.$ref);
    }
    return where;
  };
  return { resolve, locate };
}

/** Path-level then operation-level parameters (the latter override the former). */
function indexParameters(item: Json, operation: Json, itemBase: string, opBase: string, r: Resolver): ParameterInfo[] {
  const parameters = new Map<string, ParameterInfo>();
  const collect = (list: Json[] | undefined, base: string) =>
    (list ?? []).forEach((raw, i) => {
      const where = r.locate(raw, `${base}/parameters/${i}`);
      const p = r.resolve(raw);
      parameters.set(`${p.in}:${p.name}`, {
        name: p.name,
        in: p.in,
        required: p.required === true,
        schemaRef: `${where}/schema`,
        schema: r.resolve(p.schema ?? {}),
      });
    });
  collect(item.parameters, itemBase);
  collect(operation.parameters, opBase);
  return [...parameters.values()];
}

function indexRequestBody(operation: Json, opBase: string, r: Resolver): OperationInfo["requestBody"] {
  if (!operation.requestBody) return undefined;
  const where = r.locate(operation.requestBody, `${opBase}/requestBody`);
  const body = r.resolve(operation.requestBody);
  const media = body.content?.["application/json"] as Json | undefined;
  if (!media) return undefined;
  return {
    required: body.required === true,
    schemaRef: `${where}/content/application~1json/schema`,
    schema: r.resolve(media.schema ?? {}),
    examples: exampleValues(media, r.resolve),
  };
}

function indexResponses(operation: Json, opBase: string, r: Resolver): Map<string, ResponseInfo> {
  const responses = new Map<string, ResponseInfo>();
  for (const [status, rawResponse] of Object.entries((operation.responses ?? {}) as Json)) {
    const where = r.locate(rawResponse as Json, `${opBase}/responses/${status}`);
    const response = r.resolve(rawResponse as Json);
    const content = (response.content ?? {}) as Json;
    const schemaRefs: Record<string, string> = {};
    for (const mediaType of Object.keys(content)) {
      schemaRefs[mediaType] = `${where}/content/${mediaType.replaceAll("~", "~0").replaceAll("/", "~1")}/schema`;
    }
    const json = content["application/json"] as Json | undefined;
    responses.set(status, {
      status,
      mediaTypes: Object.keys(content),
      schemaRefs,
      examples: json ? exampleValues(json, r.resolve) : {},
    });
  }
  return responses;
}

export function indexDocument(api: ApiId, document: Json): SpecIndex {
  const r = resolverFor(document);
  const operations = new Map<string, OperationInfo>();
  const documentSecured = Array.isArray(document.security) && document.security.length > 0;
  for (const [pathKey, rawItem] of Object.entries((document.paths ?? {}) as Json)) {
    const item = r.resolve(rawItem as Json);
    const itemBase = pointer("paths", pathKey);
    for (const method of HTTP_METHODS) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      const opBase = `${itemBase}/${method}`;
      const requestBody = indexRequestBody(operation, opBase, r);
      const secured = Array.isArray(operation.security) ? operation.security.length > 0 : documentSecured;
      operations.set(operation.operationId as string, {
        api,
        operationId: operation.operationId as string,
        method,
        path: pathKey,
        parameters: indexParameters(item, operation, itemBase, opBase, r),
        ...(requestBody ? { requestBody } : {}),
        responses: indexResponses(operation, opBase, r),
        secured,
      });
    }
  }
  return { api, document, operations, resolve: r.resolve };
}

function exampleValues(media: Json, resolve: (node: Json) => Json): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, example] of Object.entries((media.examples ?? {}) as Json)) {
    const resolved = resolve(example as Json);
    if ("value" in resolved) out[name] = resolved.value;
  }
  if (Object.keys(out).length === 0 && "example" in media) out.example = media.example;
  return out;
}

/** The operation, or a readable error naming what exists. */
export function getOperation(index: SpecIndex, operationId: string): OperationInfo {
  const op = index.operations.get(operationId);
  if (!op)
    throw new Error(`${index.api} has no operation ${operationId} (has ${[...index.operations.keys()].join(", ")})`);
  return op;
}
