/**
 * The spec change a contradiction calls for, in words: which hand-written file, where in it, and
 * what to do, from the kind of point and what Batch answered.
 */
import type { InferredPoint } from "../../src/shared/inferred/types.js";
import type { Evidence } from "./evidence.js";

const RESPONSE_CHECKS = new Set(["schema", "error-code", "proxy-violation"]);

function where(point: InferredPoint): string {
  return `${point.specFile}${point.specPath ? ` (at ${point.specPath})` : ""}`;
}

function operations(point: InferredPoint): string {
  return [...new Set(point.usedBy.map((u) => u.operationId))].join(", ");
}

function answer(e: Evidence): string {
  return `HTTP ${e.status}${e.body ? ` ${e.body.length >= 300 ? `${e.body}…` : e.body}` : " (empty body)"}`;
}

export function specChange(point: InferredPoint, e: Evidence): string {
  const then =
    "Then mark what was observed as documented (x-batch-source: documented, or drop the x-batch-inferred entry), update the operation's **Inferred:** paragraph, and run npm run generate.";
  if (point.kind === "header")
    return `In ${where(point)}: Batch sent a header the inferred schema refuses (${e.message}). Relax the header's schema to what Batch sends. ${then}`;
  if (point.keyword === "offset-base" || (point.keyword && !/^[a-z][A-Za-z]+$/.test(point.keyword)))
    return `In ${where(point)}: the assumed meaning does not hold (${e.message}). Rewrite the description and the x-batch-inferred entry \`${point.keyword}\` after what Batch does. ${then}`;
  if (point.keyword && RESPONSE_CHECKS.has(e.check))
    return `In ${where(point)}: Batch's answer breaks the inferred \`${point.keyword}\` (${e.message}); relax or remove \`${point.keyword}\` and its x-batch-inferred entry so the observed answer (${answer(e)}) validates. ${then}`;
  if (point.keyword)
    return `In ${where(point)}: Batch accepted (${answer(e)}) a request the spec refuses by \`${point.keyword}\`. Remove \`${point.keyword}\` and its x-batch-inferred entry so the client may send such requests, or keep it as a deliberate restriction and say so in the description. ${then}`;
  if (point.kind === "schema")
    return `In ${where(point)}: Batch's body does not match this inferred schema (${e.message}). Reshape the schema after the observed body (${answer(e)}); for a 1.x schema, change the same file in both custom-audience trees if both answer alike. ${then}`;
  if (RESPONSE_CHECKS.has(e.check))
    return `In ${where(point)}: Batch's body does not match this inferred answer (${e.message}). Change its schema or example to the observed body (${answer(e)}). ${then}`;
  return `In ${where(point)}: Batch answered ${answer(e)} where this inferred answer was expected (${e.title}). Document HTTP ${e.status} with that body as its example on the operations concerned (${operations(point)}), and remove this ${point.kind} or reword it. ${then}`;
}
