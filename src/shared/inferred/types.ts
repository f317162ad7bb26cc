/**
 * The inferred-points ledger: every place where the specs go beyond Batch's pages, as data. A point
 * is a node marked `x-batch-source: inferred` (a whole response, example, header, schema or an
 * operation's summary) or one entry of a node's `x-batch-inferred` map (one keyword, with its reason).
 */

/** Which API, named as everywhere in the project. */
export type LedgerApiId = "custom-audience-1.0" | "custom-audience-1.1" | "audience-2";

export type InferredPointKind = "operation" | "response" | "example" | "header" | "parameter" | "schema";

/** One operation that relies on a point, and through what (request body, response 400, parameter…). */
export interface InferredPointUse {
  operationId: string;
  method: string;
  path: string;
  where: string;
}

export interface InferredPoint {
  /** `<api>#<JSON pointer in the bundle>`, plus `:<keyword>` for an `x-batch-inferred` entry. */
  id: string;
  api: LedgerApiId;
  /** JSON pointer of the marked node in generated/<api>/openapi.yaml. */
  pointer: string;
  /** The schema keyword (or named meaning) an `x-batch-inferred` entry covers. */
  keyword?: string;
  kind: InferredPointKind;
  /** Where it is, in words: "response BadRequest (400), example `audience_already_exists`". */
  location: string;
  /** What is assumed, and why (the marker's reason or the node's description). */
  assumed: string;
  /** The hand-written file that holds it, from the repository root. */
  specFile: string;
  /** Dotted path inside that file (empty for the file's root node). */
  specPath: string;
  /** Operations that rely on it (a shared component can serve many). */
  usedBy: InferredPointUse[];
}

export const INFERRED_POINT_KINDS: readonly InferredPointKind[] = [
  "operation",
  "response",
  "example",
  "header",
  "parameter",
  "schema",
];
