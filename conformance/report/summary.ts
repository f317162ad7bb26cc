/** Aggregations shared by every report format: per API, operation × status cells, totals, slowest. */
import type { CaseResult, Outcome } from "../runner.js";

export interface Cell {
  pass: number;
  fail: number;
  skipped: number;
  /** Ran, and contradicted an inferred point only. */
  finding: number;
  /** Distinct skip reasons in this cell. */
  reasons: string[];
}

export interface ApiMatrix {
  api: string;
  statuses: number[];
  operations: string[];
  cells: Map<string, Cell>;
}

export const cellKey = (operationId: string, status: number) => `${operationId} ${status}`;

export function matrices(results: readonly CaseResult[]): ApiMatrix[] {
  const byApi = new Map<string, CaseResult[]>();
  for (const r of results) byApi.set(r.api, [...(byApi.get(r.api) ?? []), r]);
  return [...byApi].map(([api, rows]) => {
    const cells = new Map<string, Cell>();
    for (const r of rows) {
      const key = cellKey(r.operationId, r.status);
      const cell = cells.get(key) ?? { pass: 0, fail: 0, skipped: 0, finding: 0, reasons: [] };
      cell[r.outcome]++;
      if (r.outcome === "skipped" && r.reason && !cell.reasons.includes(r.reason)) cell.reasons.push(r.reason);
      cells.set(key, cell);
    }
    return {
      api,
      statuses: [...new Set(rows.map((r) => r.status))].sort((a, b) => a - b),
      operations: [...new Set(rows.map((r) => r.operationId))],
      cells,
    };
  });
}

export type Totals = Record<Outcome, number> & { total: number };

export function totals(results: readonly CaseResult[]): Totals {
  const t: Totals = { pass: 0, fail: 0, skipped: 0, finding: 0, total: results.length };
  for (const r of results) t[r.outcome]++;
  return t;
}

export function slowest(results: readonly CaseResult[], n = 5): CaseResult[] {
  return [...results]
    .filter((r) => r.outcome !== "skipped")
    .sort((a, b) => b.duration_ms - a.duration_ms)
    .slice(0, n);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
