/** The console report: a matrix per API, totals, slowest cases, skip reasons and failure details. */
import type { CaseResult } from "../runner.js";
import { type Cell, cellKey, matrices, slowest, totals } from "./summary.js";

export function cellText(cell: Cell | undefined): string {
  if (!cell) return "-";
  const parts: string[] = [];
  if (cell.fail > 0) parts.push(`FAIL ${cell.fail}`);
  if (cell.finding > 0) parts.push(`find ${cell.finding}`);
  if (cell.pass > 0) parts.push(`pass ${cell.pass}`);
  if (cell.skipped > 0) parts.push(`skip ${cell.skipped}`);
  return parts.join(" ");
}

export function renderMatrix(results: readonly CaseResult[]): string {
  const lines: string[] = [];
  for (const m of matrices(results)) {
    const target = results.find((r) => r.api === m.api)?.target ?? "";
    lines.push(`${m.api} (target: ${target})`);
    const header = ["operation", ...m.statuses.map(String)];
    const rows = m.operations.map((op) => [op, ...m.statuses.map((s) => cellText(m.cells.get(cellKey(op, s))))]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const format = (row: string[]) =>
      row
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd();
    lines.push(format(header), format(widths.map((w) => "-".repeat(w))), ...rows.map(format), "");
  }
  return lines.join("\n");
}

export function renderSummary(results: readonly CaseResult[], wallMs?: number): string {
  const t = totals(results);
  const steps = results.filter((r) => r.kind === "sequence").length;
  const counted = steps > 0 ? `${t.total - steps} cases + ${steps} sequence steps` : `${t.total} cases`;
  const lines = [
    `${counted}: ${t.pass} passed, ${t.fail} failed, ${t.skipped} skipped${t.finding > 0 ? `, ${t.finding} with findings (an inferred point contradicted)` : ""}${wallMs !== undefined ? ` in ${(wallMs / 1000).toFixed(1)} s` : ""}`,
  ];
  const slow = slowest(results);
  if (slow.length > 0) {
    lines.push("slowest:");
    for (const r of slow) lines.push(`  ${r.duration_ms.toFixed(0).padStart(6)} ms  ${r.api}  ${r.title}`);
  }
  const reasons = new Map<string, string[]>();
  for (const r of results)
    if (r.outcome === "skipped" && r.reason)
      reasons.set(r.reason, [...(reasons.get(r.reason) ?? []), `${r.api} ${r.title}`]);
  if (reasons.size > 0) {
    lines.push("skipped (reason → cases):");
    for (const [reason, titles] of reasons) lines.push(`  ${reason}`, ...titles.map((t) => `    - ${t}`));
  }
  return lines.join("\n");
}

/** One failure or finding: title, each failed check as expected/actual, and the request as curl. */
export function renderFailure(r: CaseResult): string {
  const head = r.outcome === "finding" ? "FINDING" : "FAIL";
  const lines = [`${head} ${r.api} ${r.title}${r.actualStatus !== undefined ? ` (got ${r.actualStatus})` : ""}`];
  const checks = [...r.failures, ...(r.findings ?? []).map((f) => ({ ...f, check: `${f.check}, inferred` }))];
  for (const f of checks) {
    lines.push(`  [${f.check}] ${f.message}`);
    if (f.expected !== undefined || f.actual !== undefined) {
      lines.push(`    - expected: ${short(f.expected)}`, `    + actual:   ${short(f.actual)}`);
    }
  }
  const points = [...new Set((r.findings ?? []).flatMap((f) => f.points))];
  if (points.length > 0) lines.push(`  contradicts (inferred points): ${points.join(", ")}`);
  if (r.curl) lines.push(`  request: ${r.curl}`);
  return lines.join("\n");
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}
