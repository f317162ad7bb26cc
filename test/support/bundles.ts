/**
 * Reads the generated bundles and compiles validators for pieces of them with Ajv in JSON Schema
 * 2020-12 mode (the dialect of OpenAPI 3.1), independently of Prism's draft-07 validator.
 */
import { readFileSync } from "node:fs";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import type { ApiEntry } from "../../scripts/apis.js";

export type ApiId = ApiEntry["id"];
type Json = Record<string, any>;

export interface OperationRef {
  readonly path: string;
  readonly method: string;
  readonly operation: Json;
}

const HTTP_METHODS = ["get", "put", "post", "patch", "delete"] as const;
const bundles = new Map<ApiId, Json>();
const ajvs = new Map<ApiId, InstanceType<typeof Ajv2020>>();

/** The parsed bundle of one API (cached). */
export function loadBundle(api: ApiId): Json {
  let doc = bundles.get(api);
  if (!doc) {
    doc = parse(readFileSync(`generated/${api}/openapi.yaml`, "utf8")) as Json;
    bundles.set(api, doc);
  }
  return doc;
}

/** Every operation of a bundle, keyed by operationId. */
export function operations(api: ApiId): Map<string, OperationRef> {
  const result = new Map<string, OperationRef>();
  for (const [path, item] of Object.entries(loadBundle(api).paths as Json)) {
    for (const method of HTTP_METHODS) {
      const operation = (item as Json)[method] as Json | undefined;
      if (operation) result.set(operation.operationId as string, { path, method, operation });
    }
  }
  return result;
}

export function operation(api: ApiId, operationId: string): OperationRef {
  const found = operations(api).get(operationId);
  if (!found) throw new Error(`${api} has no operation ${operationId}`);
  return found;
}

function ajvFor(api: ApiId): InstanceType<typeof Ajv2020> {
  let ajv = ajvs.get(api);
  if (!ajv) {
    // strict: false because OpenAPI adds keywords (example, x-batch-source) that are not JSON Schema.
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema({ ...loadBundle(api), $id: "bundle" });
    ajvs.set(api, ajv);
  }
  return ajv;
}

function pointer(...segments: string[]): string {
  return "bundle#/" + segments.map((s) => s.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");
}

/** Validator for the JSON request body of an operation. */
export function requestBodyValidator(api: ApiId, operationId: string): ValidateFunction {
  const { path, method } = operation(api, operationId);
  return ajvFor(api).compile({
    $ref: pointer("paths", path, method, "requestBody", "content", "application/json", "schema"),
  });
}

/** Validator for one parameter (path, query or header) of an operation, declared on it or on its path. */
export function parameterValidator(api: ApiId, operationId: string, name: string): ValidateFunction {
  const { path, method, operation: op } = operation(api, operationId);
  const locations: [string[], Json[] | undefined][] = [
    [["paths", path, method, "parameters"], op.parameters as Json[] | undefined],
    [["paths", path, "parameters"], (loadBundle(api).paths as Json)[path].parameters as Json[] | undefined],
  ];
  for (const [location, params] of locations) {
    const index = (params ?? []).findIndex((p) => resolve(api, p).name === name);
    if (index < 0) continue;
    const param = params![index] as Json;
    const schemaPointer = param.$ref
      ? `bundle#${(param.$ref as string).slice(1)}/schema`
      : `${pointer(...location, String(index))}/schema`;
    return ajvFor(api).compile({ $ref: schemaPointer });
  }
  throw new Error(`${api} ${operationId} has no parameter ${name}`);
}

/** Validator for a JSON response body of an operation at a status. */
export function responseBodyValidator(api: ApiId, operationId: string, status: string): ValidateFunction {
  const { path, method, operation: op } = operation(api, operationId);
  const response = op.responses[status] as Json;
  const base = response.$ref ? `bundle#${(response.$ref as string).slice(1)}` : pointer("paths", path, method, "responses", status);
  return ajvFor(api).compile({ $ref: `${base}/content/application~1json/schema` });
}

/** Follows a local `$ref` (one level is all the bundles use for parameters and responses). */
export function resolve(api: ApiId, node: Json): Json {
  if (!node.$ref) return node;
  const segments = (node.$ref as string).replace(/^#\//, "").split("/");
  return segments.reduce<Json>((acc, s) => acc[s.replaceAll("~1", "/").replaceAll("~0", "~")], loadBundle(api));
}
