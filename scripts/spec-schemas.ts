/**
 * Finding the schemas the validators and constants are generated from, inside one parsed bundle:
 * request bodies by operationId, the per-item schemas of the bulk engine (update item and its
 * add/remove branches, replace entry, member ID, attributes), and the parameters the client checks.
 * Every location is a JSON pointer into the bundle, so Ajv compiles the bundle's own nodes.
 */

export type Json = Record<string, unknown>;

/** A schema node and the JSON pointer it lives at (after following `$ref`s). */
export interface Located {
  pointer: string;
  node: Json;
}

const HTTP_METHODS = ["get", "put", "post", "delete", "patch"];

function at(doc: Json, pointer: string): Json {
  let node: unknown = doc;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = (node as Json | undefined)?.[key];
  }
  if (node === undefined || node === null || typeof node !== "object") throw new Error(`no node at ${pointer}`);
  return node as Json;
}

const escapeKey = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

/** Follows local `$ref`s from `pointer` until a node without one. */
export function locate(doc: Json, pointer: string): Located {
  let node = at(doc, pointer);
  let where = pointer;
  for (let hops = 0; typeof node.$ref === "string" && hops < 20; hops++) {
    where = (node.$ref as string).replace(/^#/, "");
    node = at(doc, where);
  }
  return { pointer: where, node };
}

export function child(doc: Json, parent: Located, ...keys: string[]): Located {
  return locate(doc, `${parent.pointer}/${keys.map(escapeKey).join("/")}`);
}

export function childOrUndefined(doc: Json, parent: Located, ...keys: string[]): Located | undefined {
  try {
    return child(doc, parent, ...keys);
  } catch {
    return undefined;
  }
}

interface OperationRef {
  pointer: string;
  node: Json;
}

export function operations(doc: Json): Map<string, OperationRef> {
  const found = new Map<string, OperationRef>();
  for (const [path, item] of Object.entries((doc.paths as Json | undefined) ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = (item as Json)[method] as Json | undefined;
      if (op && typeof op.operationId === "string") {
        found.set(op.operationId, { pointer: `/paths/${escapeKey(path)}/${method}`, node: op });
      }
    }
  }
  return found;
}

/** The JSON request body schema of an operation, if it has one. */
export function requestBodySchema(doc: Json, operationId: string): Located | undefined {
  const op = operations(doc).get(operationId);
  if (!op?.node.requestBody) return undefined;
  const body = locate(doc, `${op.pointer}/requestBody`);
  if (!(body.node.content as Json | undefined)?.["application/json"]) return undefined;
  return child(doc, body, "content", "application/json", "schema");
}

/** The schema of a named parameter of an operation (path-level parameters included). */
export function parameterSchema(doc: Json, operationId: string, name: string): Located | undefined {
  const op = operations(doc).get(operationId);
  if (!op) return undefined;
  const pathPointer = op.pointer.replace(/\/[a-z]+$/, "");
  for (const owner of [op.pointer, pathPointer]) {
    const list = (at(doc, owner).parameters as unknown[] | undefined) ?? [];
    for (let i = 0; i < list.length; i++) {
      const param = locate(doc, `${owner}/parameters/${i}`);
      if (param.node.name === name) return child(doc, param, "schema");
    }
  }
  return undefined;
}

/** The `oneOf` branches of an update item, keyed by their `action` const (add, remove). */
export function actionBranches(doc: Json, item: Located): Map<string, Located> {
  const branches = new Map<string, Located>();
  const oneOf = (item.node.oneOf as unknown[] | undefined) ?? [];
  for (let i = 0; i < oneOf.length; i++) {
    const branch = child(doc, item, "oneOf", String(i));
    const action = childOrUndefined(doc, branch, "properties", "action")?.node.const;
    if (typeof action !== "string") throw new Error(`${branch.pointer}: a oneOf branch without an action const`);
    branches.set(action, branch);
  }
  return branches;
}

const ANNOTATIONS = new Set(["description", "summary", "examples", "example", "externalDocs"]);
/** Keys whose children are names chosen by the spec (a property called "description"), not keywords. */
const NAME_MAPS = new Set(["properties", "patternProperties", "$defs", "dependentSchemas", "schemas"]);

/** The bundle without annotations (descriptions, examples, x-*): they do not validate, and Ajv would embed them. */
export function withoutAnnotations(node: unknown, parentKey = "", keepDescriptions = false): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutAnnotations(item, "", keepDescriptions));
  if (node === null || typeof node !== "object") return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    const keyword = !NAME_MAPS.has(parentKey);
    const kept = keepDescriptions && key === "description";
    if (keyword && !kept && (ANNOTATIONS.has(key) || key.startsWith("x-"))) continue;
    out[key] = withoutAnnotations(value, keyword ? key : "", keepDescriptions);
  }
  return out;
}
