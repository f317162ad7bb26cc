/**
 * "Covered" made mechanical: every documented operation × status of a bundled spec needs a case
 * (or a listed reason), and no case may name an operation/status the spec does not document.
 */
import type { ConformanceCase } from "./cases/types.js";
import type { Uncovered } from "./cases/uncovered.js";
import type { SpecIndex } from "./support/spec.js";

export interface CoverageCell {
  api: string;
  operationId: string;
  status: number;
  /** Hand-written cases for this pair (generated ones are extra). */
  cases: number;
  /** Cases that run on the mock / on real targets. */
  onMock: number;
  onReal: number;
  /** Written reasons when some target runs no case for this pair. */
  reasons: string[];
}

export interface Completeness {
  cells: CoverageCell[];
  /** `api operationId status` pairs with neither a case nor a listed reason. */
  missing: string[];
  /** Cases whose operation or status the spec does not document. */
  undocumented: string[];
}

export function documentedPairs(index: SpecIndex): { operationId: string; status: number }[] {
  return [...index.operations.values()].flatMap((op) =>
    [...op.responses.keys()].filter((s) => /^\d{3}$/.test(s)).map((s) => ({ operationId: op.operationId, status: Number(s) })),
  );
}

export function completeness(index: SpecIndex, cases: readonly ConformanceCase[], uncovered: readonly Uncovered[] = []): Completeness {
  const own = cases.filter((c) => c.api === index.api);
  const cells: CoverageCell[] = [];
  const missing: string[] = [];
  for (const { operationId, status } of documentedPairs(index)) {
    const matching = own.filter((c) => c.operationId === operationId && c.status === status && c.kind !== "generated");
    const listed = uncovered.find((u) => u.api === index.api && u.operationId === operationId && u.status === status);
    const onMock = matching.filter((c) => !c.skipOnMock).length;
    const onReal = matching.filter((c) => !c.skipOnReal).length;
    const reasons = [
      ...(onMock === 0 ? matching.flatMap((c) => (c.skipOnMock ? [`mock: ${c.skipOnMock}`] : [])) : []),
      ...(onReal === 0 ? matching.flatMap((c) => (c.skipOnReal ? [`real: ${c.skipOnReal}`] : [])) : []),
      ...(listed ? [`uncovered: ${listed.reason}`] : []),
    ];
    cells.push({ api: index.api, operationId, status, cases: matching.length, onMock, onReal, reasons: [...new Set(reasons)] });
    if (matching.length === 0 && !listed?.reason.trim()) missing.push(`${index.api} ${operationId} ${status}`);
  }
  const undocumented = own
    .filter((c) => !index.operations.get(c.operationId)?.responses.has(String(c.status)))
    .map((c) => `${index.api} ${c.operationId} ${c.status} (${c.scenario})`);
  return { cells, missing, undocumented };
}
