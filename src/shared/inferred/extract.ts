/**
 * Builds the ledger of one bundle: finds every inferred marker, says what kind of node it is, where
 * it lives (in the bundle and in the hand-written tree), what it assumes and who relies on it.
 */
import { fromPointer, pointId, toPointer } from "./pointer.js";
import type { InferredPoint, InferredPointKind, InferredPointUse, LedgerApiId } from "./types.js";
import { operationUses, resolvePointer } from "./usage.js";

type Json = Record<string, unknown>;

export interface LedgerSource {
  api: LedgerApiId;
  /** The parsed bundle (generated/<api>/openapi.yaml). */
  document: Json;
  /** Path key of the bundle (e.g. `/audiences/create`) → its file under openapi/<api>/. */
  pathFiles: Record<string, string>;
}

interface Marker {
  pointer: string;
  node: Json;
  keyword?: string;
  reason?: string;
}

const SKIP = new Set(["value", "example", "enum", "const", "default", "x-batch-inferred"]);

function collectMarkers(node: unknown, segments: string[], out: Marker[]): void {
  if (!node || typeof node !== "object" || Array.isArray(node)) return;
  const json = node as Json;
  const pointer = toPointer(segments);
  if (json["x-batch-source"] === "inferred") out.push({ pointer, node: json });
  const entries = json["x-batch-inferred"];
  if (entries && typeof entries === "object")
    for (const [keyword, reason] of Object.entries(entries as Json))
      out.push({ pointer, node: json, keyword, reason: String(reason) });
  for (const [key, child] of Object.entries(json)) {
    if (SKIP.has(key)) continue;
    if (!Array.isArray(child)) collectMarkers(child, [...segments, key], out);
    else for (const [i, c] of child.entries()) collectMarkers(c, [...segments, key, String(i)], out);
  }
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

export function kindOf(segments: readonly string[]): InferredPointKind {
  const n = segments.length;
  if (segments[0] === "paths" && n === 3) return "operation";
  if (segments[n - 2] === "examples") return "example";
  if (segments[n - 2] === "headers") return "header";
  if ((segments[0] === "components" && segments[1] === "responses" && n === 3) || segments[n - 2] === "responses")
    return "response";
  if (segments.includes("parameters")) return "parameter";
  return "schema";
}

function assumedOf(marker: Marker, kind: InferredPointKind): string {
  if (marker.reason !== undefined) return oneLine(marker.reason);
  const description = typeof marker.node.description === "string" ? marker.node.description : "";
  if (kind === "operation") {
    const at = description.indexOf("**Inferred:**");
    return oneLine(at >= 0 ? description.slice(at + "**Inferred:**".length).split(/\n\s*\n/)[0]! : description);
  }
  const at = description.indexOf("Inferred:");
  const text = at >= 0 ? description.slice(at + "Inferred:".length) : description;
  return oneLine(text || String(marker.node.summary ?? ""));
}

/** Human location of a node, e.g. "response BadRequest (400), example `audience_already_exists`". */
function locationOf(document: Json, segments: string[], kind: InferredPointKind, uses: InferredPointUse[]): string {
  if (kind === "operation") {
    const op = resolvePointer(document, toPointer(segments)) as Json;
    return `${String(op.operationId)} (${segments[2]!.toUpperCase()} ${segments[1]})`;
  }
  const statuses = [...new Set(uses.map((u) => /^response (\d{3})$/.exec(u.where)?.[1]).filter(Boolean))].join(", ");
  const responseAt = segments.indexOf("responses");
  const response =
    segments[0] === "components" && segments[1] === "responses"
      ? `response ${segments[2]}${statuses ? ` (${statuses})` : ""}`
      : responseAt >= 0
        ? `${operationIdAt(document, segments)} response ${segments[responseAt + 1]}`
        : "";
  if (kind === "response") return response;
  if (kind === "example") return `${response}, example \`${segments[segments.length - 1]}\``;
  if (kind === "header") return `${response}, header \`${segments[segments.length - 1]}\``;
  if (kind === "parameter") {
    const at = segments.indexOf("parameters");
    const parameter = resolvePointer(document, toPointer(segments.slice(0, at + 2))) as Json;
    return `parameter \`${String(parameter.name)}\` (${String(parameter.in)})`;
  }
  const inner = segments[0] === "components" ? segments.slice(3) : segments.slice(3);
  const owner = segments[0] === "components" ? `schema \`${segments[2]}\`` : `${operationIdAt(document, segments)}`;
  return [owner, ...inner.map((s) => (/^\d+$/.test(s) ? `[${s}]` : s))].join(" › ").replace(/ › \[/g, "[");
}

function operationIdAt(document: Json, segments: readonly string[]): string {
  const op = resolvePointer(document, toPointer(segments.slice(0, 3))) as Json | undefined;
  return String(op?.operationId ?? segments.slice(0, 3).join(" "));
}

function specFileOf(source: LedgerSource, segments: string[]): { specFile: string; specPath: string } {
  const root = `openapi/${source.api}`;
  if (segments[0] === "components" && segments.length >= 3)
    return { specFile: `${root}/components/${segments[1]}/${segments[2]}.yaml`, specPath: segments.slice(3).join(".") };
  if (segments[0] === "paths" && segments[1] && source.pathFiles[segments[1]])
    return { specFile: `${root}/${source.pathFiles[segments[1]]}`, specPath: segments.slice(2).join(".") };
  return { specFile: `${root}/openapi.yaml`, specPath: segments.join(".") };
}

export function extractInferredPoints(source: LedgerSource): InferredPoint[] {
  const markers: Marker[] = [];
  collectMarkers(source.document, [], markers);
  const uses = operationUses(source.document);
  return markers.map((marker) => {
    const segments = fromPointer(marker.pointer);
    const kind = kindOf(segments);
    const usedBy =
      kind === "operation"
        ? [{ ...operationUse(source.document, segments), where: "operation" }]
        : (uses.get(marker.pointer) ?? []);
    const keyword = marker.keyword === undefined ? "" : `: \`${marker.keyword}\``;
    return {
      id: pointId(source.api, marker.pointer, marker.keyword),
      api: source.api,
      pointer: marker.pointer,
      ...(marker.keyword !== undefined ? { keyword: marker.keyword } : {}),
      kind,
      location: `${locationOf(source.document, segments, kind, usedBy)}${keyword}`,
      assumed: assumedOf(marker, kind),
      ...specFileOf(source, segments),
      usedBy,
    };
  });
}

function operationUse(document: Json, segments: string[]): Omit<InferredPointUse, "where"> {
  return { operationId: operationIdAt(document, segments), method: segments[2]!.toUpperCase(), path: segments[1]! };
}
