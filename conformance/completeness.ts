/**
 * "Covered" made mechanical: every documented operation × status of a bundled spec needs a case
 * (or a listed reason), and no case may name an operation/status the spec does not document. Per
 * target family (mock, real, emulator) a pair that nothing runs must carry a written reason.
 */
import type { ConformanceCase } from "./cases/types.js";
import type { Uncovered } from "./cases/uncovered.js";
import { skipReason, type TargetAbilities } from "./runner.js";
import type { SpecIndex } from "./support/spec.js";
import { EMULATOR_ABILITIES } from "./targets/emulator.js";

/** Target families whose coverage is tracked: the mock, real servers (live, url), the emulator. */
export type CoverageTarget = "mock" | "real" | "emulator";
export const COVERAGE_TARGETS: Record<CoverageTarget, TargetAbilities> = {
  mock: { kind: "mock" },
  // live and url: no way to ask the server for a 429/500/503.
  real: { kind: "real" },
  emulator: EMULATOR_ABILITIES,
};

export interface CoverageCell {
  api: string;
  operationId: string;
  status: number;
  /** Hand-written cases for this pair (generated ones are extra). */
  cases: number;
  /** Cases (plus sequence steps, on stateful targets) that run on each target family. */
  runs: Record<CoverageTarget, number>;
  onMock: number;
  onReal: number;
  onEmulator: number;
  /** Written reasons, `<target>: …`, for each target family that runs nothing for this pair. */
  reasons: string[];
}

/** An operation × status a stateful sequence step reaches. */
export interface StepPair {
  api: string;
  operationId: string;
  status: number;
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
    [...op.responses.keys()]
      .filter((s) => /^\d{3}$/.test(s))
      .map((s) => ({ operationId: op.operationId, status: Number(s) })),
  );
}

export function completeness(
  index: SpecIndex,
  cases: readonly ConformanceCase[],
  uncovered: readonly Uncovered[] = [],
  steps: readonly StepPair[] = [],
): Completeness {
  const own = cases.filter((c) => c.api === index.api);
  const cells: CoverageCell[] = [];
  const missing: string[] = [];
  for (const { operationId, status } of documentedPairs(index)) {
    const matching = own.filter((c) => c.operationId === operationId && c.status === status && c.kind !== "generated");
    const stepCount = steps.filter(
      (p) => p.api === index.api && p.operationId === operationId && p.status === status,
    ).length;
    const listed = uncovered.find((u) => u.api === index.api && u.operationId === operationId && u.status === status);
    const runs = {} as Record<CoverageTarget, number>;
    const reasons: string[] = [];
    for (const [name, abilities] of Object.entries(COVERAGE_TARGETS) as [CoverageTarget, TargetAbilities][]) {
      runs[name] =
        matching.filter((c) => !skipReason(c, abilities)).length + (abilities.kind === "real" ? stepCount : 0);
      if (runs[name] === 0)
        reasons.push(
          ...matching.flatMap((c) => (skipReason(c, abilities) ? [`${name}: ${skipReason(c, abilities)}`] : [])),
        );
    }
    if (listed) reasons.push(`uncovered: ${listed.reason}`);
    cells.push({
      api: index.api,
      operationId,
      status,
      cases: matching.length,
      runs,
      onMock: runs.mock,
      onReal: runs.real,
      onEmulator: runs.emulator,
      reasons: [...new Set(reasons)],
    });
    if (matching.length === 0 && stepCount === 0 && !listed?.reason.trim())
      missing.push(`${index.api} ${operationId} ${status}`);
  }
  const undocumented = own
    .filter((c) => !index.operations.get(c.operationId)?.responses.has(String(c.status)))
    .map((c) => `${index.api} ${c.operationId} ${c.status} (${c.scenario})`);
  const undocumentedSteps = steps
    .filter((p) => p.api === index.api && !index.operations.get(p.operationId)?.responses.has(String(p.status)))
    .map((p) => `${index.api} ${p.operationId} ${p.status} (sequence step)`);
  return { cells, missing, undocumented: [...undocumented, ...undocumentedSteps] };
}
