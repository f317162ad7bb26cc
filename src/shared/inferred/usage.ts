/**
 * Which operations rely on which nodes of a bundle: every node reachable from an operation
 * (following `$ref`s into components), tagged with how it is reached ("request body",
 * "response 400", "parameter limit (query)").
 */
import { refPointer, toPointer } from "./pointer.js";
import type { InferredPointUse } from "./types.js";

type Json = Record<string, unknown>;

export const HTTP_METHODS = ["get", "put", "post", "patch", "delete"] as const;

/** Keys whose values are data (examples, enums), never spec nodes. */
const DATA_KEYS = new Set(["value", "example", "enum", "const", "default", "x-batch-inferred"]);

export function resolvePointer(document: Json, pointer: string): unknown {
  return pointer
    .slice(1)
    .split("/")
    .filter((s) => s !== "")
    .reduce<unknown>(
      (node, s) => (node as Json | undefined)?.[s.replaceAll("~1", "/").replaceAll("~0", "~")],
      document,
    );
}

export interface OperationRef {
  operationId: string;
  method: string;
  path: string;
  pointer: string;
}

export function operationsOf(document: Json): OperationRef[] {
  const out: OperationRef[] = [];
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, Json>)) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as Json | undefined;
      if (op)
        out.push({ operationId: String(op.operationId), method, path, pointer: toPointer(["paths", path, method]) });
    }
  }
  return out;
}

/** pointer → the operations that reach it (deduplicated by operation and route). */
export function operationUses(document: Json): Map<string, InferredPointUse[]> {
  const uses = new Map<string, Map<string, InferredPointUse>>();
  for (const op of operationsOf(document)) {
    const record = (pointer: string, where: string) => {
      const key = `${op.method} ${op.path} ${where}`;
      const perPointer = uses.get(pointer) ?? new Map<string, InferredPointUse>();
      if (!perPointer.has(key))
        perPointer.set(key, { operationId: op.operationId, method: op.method.toUpperCase(), path: op.path, where });
      uses.set(pointer, perPointer);
    };
    const seen = new Set<string>();
    const visit = (node: unknown, pointer: string, where: string): void => {
      if (!node || typeof node !== "object") return;
      record(pointer, where);
      const ref = (node as Json).$ref;
      const target = typeof ref === "string" ? refPointer(ref) : undefined;
      if (target !== undefined && !seen.has(`${target} ${where}`)) {
        seen.add(`${target} ${where}`);
        visit(resolvePointer(document, target), target, where);
      }
      if (Array.isArray(node)) {
        for (const [i, child] of node.entries()) visit(child, `${pointer}/${i}`, where);
        return;
      }
      for (const [key, child] of Object.entries(node as Json)) {
        if (DATA_KEYS.has(key) || key === "$ref") continue;
        visit(child, `${pointer}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`, where);
      }
    };
    const item = resolvePointer(document, toPointer(["paths", op.path])) as Json;
    const operation = item[op.method] as Json;
    const parameters = [
      ...((item.parameters as unknown[] | undefined) ?? []).map(
        (p, i) => [p, `${toPointer(["paths", op.path])}/parameters/${i}`] as const,
      ),
      ...((operation.parameters as unknown[] | undefined) ?? []).map(
        (p, i) => [p, `${op.pointer}/parameters/${i}`] as const,
      ),
    ];
    for (const [parameter, pointer] of parameters) visit(parameter, pointer, parameterWhere(document, parameter));
    if (operation.requestBody) visit(operation.requestBody, `${op.pointer}/requestBody`, "request body");
    for (const [status, response] of Object.entries((operation.responses ?? {}) as Json))
      visit(response, `${op.pointer}/responses/${status}`, `response ${status}`);
  }
  return new Map([...uses].map(([pointer, perPointer]) => [pointer, [...perPointer.values()]]));
}

function parameterWhere(document: Json, parameter: unknown): string {
  let node = parameter as Json | undefined;
  for (let depth = 0; node && typeof node.$ref === "string" && depth < 10; depth++)
    node = resolvePointer(document, refPointer(node.$ref) ?? "") as Json | undefined;
  return `parameter ${String(node?.name)} (${String(node?.in)})`;
}
