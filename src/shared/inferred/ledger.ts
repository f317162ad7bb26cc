/**
 * The inferred-points ledger as a plain function returning data (for `npm run inferred`,
 * `batch-audience inferred` and the docs build), and its text rendering.
 */
import { INFERRED_POINTS } from "../../../generated/inferred-points.js";
import type { InferredPoint, InferredPointKind, LedgerApiId } from "./types.js";

export interface LedgerFilter {
  apis?: readonly LedgerApiId[];
  kinds?: readonly InferredPointKind[];
}

/** Every inferred point of the three bundles (optionally of some APIs or kinds), in spec order. */
export function inferredLedger(filter: LedgerFilter = {}): InferredPoint[] {
  return INFERRED_POINTS.filter(
    (p) => (!filter.apis || filter.apis.includes(p.api)) && (!filter.kinds || filter.kinds.includes(p.kind)),
  ).map((p) => structuredClone(p) as InferredPoint);
}

/** Counts per API and per kind. */
export function ledgerCounts(points: readonly InferredPoint[]): {
  total: number;
  byApi: Record<string, number>;
  byKind: Record<string, number>;
} {
  const byApi: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  for (const p of points) {
    byApi[p.api] = (byApi[p.api] ?? 0) + 1;
    byKind[p.kind] = (byKind[p.kind] ?? 0) + 1;
  }
  return { total: points.length, byApi, byKind };
}

/** Word-wraps `text` at `width` columns, each line starting with `indent`. */
export function wrap(text: string, indent: string, width = 100): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

function usedByText(point: InferredPoint): string {
  const ops = [...new Set(point.usedBy.map((u) => u.operationId))];
  return ops.length > 0 ? ops.join(", ") : "(no operation)";
}

/** The ledger as text: one block per point, grouped by API. */
export function renderLedger(points: readonly InferredPoint[]): string {
  const counts = ledgerCounts(points);
  const perApi = Object.entries(counts.byApi)
    .map(([api, n]) => `${api}: ${n}`)
    .join(", ");
  const lines = [`Inferred points: ${counts.total}${perApi ? ` (${perApi})` : ""}`];
  let api: string | undefined;
  for (const point of points) {
    if (point.api !== api) {
      api = point.api;
      lines.push("", api, "");
    }
    lines.push(`  [${point.kind}] ${point.location}`);
    lines.push(...wrap(`assumed: ${point.assumed}`, "      "));
    lines.push(`      used by: ${usedByText(point)}`);
    lines.push(`      spec: ${point.specFile}${point.specPath ? ` (at ${point.specPath})` : ""}`);
    lines.push(`      id: ${point.id}`);
  }
  return lines.join("\n");
}
