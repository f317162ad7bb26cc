/**
 * The docs build's view of a bundle: its operations with resolved parameters, the first named
 * example of the request body and the documented statuses. Everything the docs show about an
 * operation (samples, the version table) is read from here, so it comes from the spec.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { ApiId } from "../../generated/constants.js";
import { APIS, type ApiEntry, paths } from "../apis.js";

// biome-ignore lint/suspicious/noExplicitAny: a parsed OpenAPI document is walked generically.
export type Json = any;

/** The one name for "which API" (generated/constants.ts, from scripts/apis.ts). */
export type { ApiId } from "../../generated/constants.js";

export interface DocOperation {
  readonly api: ApiId;
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly summary: string;
  /** The operation object as it sits in the bundle (x-codeSamples is added to it). */
  readonly node: Json;
  readonly parameters: ReadonlyArray<{ name: string; in: string; required: boolean; example: unknown }>;
  /** The first named example of the JSON request body, if there is a body. */
  readonly body: Record<string, unknown> | undefined;
  readonly statuses: readonly string[];
}

export function loadBundle(api: ApiId): Json {
  return parse(readFileSync(paths.bundle(api), "utf8"));
}

/** Follows local `$ref`s (`#/components/...`). */
export function deref(doc: Json, node: Json): Json {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === "string" && hops < 20; hops++) {
    const parts = (current.$ref as string).replace(/^#\//, "").split("/");
    current = parts.reduce((at: Json, key) => at?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
  }
  return current;
}

function exampleOf(doc: Json, param: Json): unknown {
  if (param.example !== undefined) return param.example;
  if (param.schema?.example !== undefined) return param.schema.example;
  const first = Object.values(param.examples ?? {})[0];
  return first === undefined ? undefined : deref(doc, first).value;
}

const METHODS = ["get", "put", "post", "patch", "delete"] as const;

/** Every operation of a bundle, in the order of the document. */
export function operationsOf(api: ApiId, doc: Json): DocOperation[] {
  const out: DocOperation[] = [];
  for (const [route, item] of Object.entries<Json>(doc.paths)) {
    for (const method of METHODS) {
      const node = item[method];
      if (!node) continue;
      const parameters = [...(item.parameters ?? []), ...(node.parameters ?? [])].map((p: Json) => {
        const param = deref(doc, p);
        return { name: param.name, in: param.in, required: param.required === true, example: exampleOf(doc, param) };
      });
      const content = node.requestBody ? deref(doc, node.requestBody).content?.["application/json"] : undefined;
      const firstExample = content ? Object.values<Json>(content.examples ?? {})[0] : undefined;
      out.push({
        api,
        operationId: node.operationId,
        method,
        path: route,
        summary: node.summary,
        node,
        parameters,
        body: firstExample ? deref(doc, firstExample).value : content?.example,
        statuses: Object.keys(node.responses ?? {}),
      });
    }
  }
  return out;
}

/** The API entry (title, Redocly name) of an id. */
export function apiEntry(api: ApiId): ApiEntry {
  return APIS.find((entry) => entry.id === api)!;
}
