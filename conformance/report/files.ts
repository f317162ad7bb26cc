/** `--report DIR`: report.json (one record per case), junit.xml and a self-contained report.html. */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { type PointVerdict, verdictCounts } from "../inferred/evidence.js";
import type { CaseResult } from "../runner.js";
import { inferredHtml, inferredJson, inferredJunit } from "./inferred.js";
import { cellKey, matrices, slowest, totals } from "./summary.js";
import { cellText, renderFailure } from "./text.js";

export interface ReportMeta {
  target: string;
  startedAt: string;
  wallMs: number;
  /** Findings fail the run (--strict). */
  strict?: boolean;
  /** The verdict on every inferred point (runs against real targets). */
  inferred?: readonly PointVerdict[];
}

export function toJson(results: readonly CaseResult[], meta: ReportMeta): string {
  const cases = results.map((r) => ({
    api: r.api,
    operationId: r.operationId,
    status: r.status,
    title: r.title,
    kind: r.kind,
    target: r.target,
    outcome: r.outcome,
    reason: r.reason ?? null,
    duration_ms: r.duration_ms,
    ...(r.outcome === "fail" || r.outcome === "finding"
      ? {
          failures: r.failures,
          findings: r.findings ?? [],
          curl: r.curl ?? null,
          actual_status: r.actualStatus ?? null,
        }
      : {}),
  }));
  const { inferred, ...rest } = meta;
  const report = { ...rest, strict: meta.strict === true, totals: totals(results), cases };
  return `${JSON.stringify(inferred ? { ...report, inferred: inferredJson(inferred) } : report, null, 2)}\n`;
}

const xml = (s: string) =>
  s
    .replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!)
    // XML 1.0 forbids most control characters.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");

export function toJunit(results: readonly CaseResult[], meta: ReportMeta): string {
  const byApi = new Map<string, CaseResult[]>();
  for (const r of results) byApi.set(r.api, [...(byApi.get(r.api) ?? []), r]);
  const t = totals(results);
  const suites = [...byApi].map(([api, rows]) => {
    const s = totals(rows);
    const time = rows.reduce((sum, r) => sum + r.duration_ms, 0) / 1000;
    const cases = rows.map((r) => {
      const open = `    <testcase classname="${xml(`${api}.${r.operationId}`)}" name="${xml(r.title)}" time="${(r.duration_ms / 1000).toFixed(3)}"`;
      if (r.outcome === "pass") return `${open}/>`;
      if (r.outcome === "skipped")
        return `${open}>\n      <skipped message="${xml(r.reason ?? "")}"/>\n    </testcase>`;
      if (r.outcome === "finding" && !meta.strict)
        return `${open}>\n      <system-out>${xml(`inferred point contradicted (a finding; --strict makes it a failure)\n${renderFailure(r)}`)}</system-out>\n    </testcase>`;
      return `${open}>\n      <failure message="${xml(r.reason ?? "failed")}">${xml(renderFailure(r))}</failure>\n    </testcase>`;
    });
    const failed = s.fail + (meta.strict ? s.finding : 0);
    return `  <testsuite name="${xml(`${api} (${meta.target})`)}" tests="${s.total}" failures="${failed}" skipped="${s.skipped}" errors="0" time="${time.toFixed(3)}" timestamp="${xml(meta.startedAt)}">\n${cases.join("\n")}\n  </testsuite>`;
  });
  if (meta.inferred) suites.push(inferredJunit(meta.inferred, meta.target, meta.strict === true));
  const pointsFailed = meta.inferred && meta.strict ? verdictCounts(meta.inferred).contradicted : 0;
  const all = t.total + (meta.inferred?.length ?? 0);
  const failed = t.fail + (meta.strict ? t.finding : 0) + pointsFailed;
  const skipped = t.skipped + (meta.inferred ? verdictCounts(meta.inferred)["not exercised"] : 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="conformance" tests="${all}" failures="${failed}" skipped="${skipped}" errors="0" time="${(meta.wallMs / 1000).toFixed(3)}">\n${suites.join("\n")}\n</testsuites>\n`;
}

const html = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

export function toHtml(results: readonly CaseResult[], meta: ReportMeta): string {
  const t = totals(results);
  const sections = matrices(results).map((m) => {
    const head = `<tr><th>operation</th>${m.statuses.map((s) => `<th>${s}</th>`).join("")}</tr>`;
    const rows = m.operations.map((op) => {
      const cells = m.statuses.map((s) => {
        const cell = m.cells.get(cellKey(op, s));
        const cls = !cell
          ? "none"
          : cell.fail > 0
            ? "fail"
            : cell.finding > 0
              ? "find"
              : cell.pass > 0
                ? "pass"
                : "skip";
        const title = cell?.reasons.length ? ` title="${html(cell.reasons.join("\n"))}"` : "";
        return `<td class="${cls}"${title}>${html(cellText(cell))}</td>`;
      });
      return `<tr><th>${html(op)}</th>${cells.join("")}</tr>`;
    });
    return `<h2>${html(m.api)}</h2>\n<table>${head}${rows.join("")}</table>`;
  });
  const caseRows = results
    .map(
      (r) =>
        `<tr class="${r.outcome}"><td>${html(r.api)}</td><td>${html(r.title)}</td><td>${r.kind}</td><td>${r.outcome}</td><td>${r.duration_ms.toFixed(1)}</td><td>${html(r.reason ?? "")}</td></tr>`,
    )
    .join("\n");
  const failures = results
    .filter((r) => r.outcome === "fail" || r.outcome === "finding")
    .map((r) => `<pre>${html(renderFailure(r))}</pre>`)
    .join("\n");
  const slow = slowest(results)
    .map((r) => `<li>${r.duration_ms.toFixed(0)} ms — ${html(r.api)} ${html(r.title)}</li>`)
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Conformance report (${html(meta.target)})</title>
<style>
body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin-bottom:1.5em}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}td.pass{background:#e6f4ea}td.fail{background:#fce8e6;font-weight:bold}
td.skip{background:#fef7e0}td.find{background:#fff3cd}td.none{color:#aaa}tr.fail td{background:#fce8e6}tr.finding td{background:#fff3cd}tr.pass td{background:#f3faf5}tr.skipped td{color:#777}pre{background:#f6f6f6;padding:8px;white-space:pre-wrap}
</style></head><body>
<h1>Conformance report</h1>
<p>Target <b>${html(meta.target)}</b>, started ${html(meta.startedAt)}, ${(meta.wallMs / 1000).toFixed(1)} s. ${t.total} cases: ${t.pass} passed, ${t.fail} failed, ${t.skipped} skipped, ${t.finding} with findings${meta.strict ? " (--strict: findings fail)" : ""}.</p>
${sections.join("\n")}
${meta.inferred ? inferredHtml(meta.inferred) : ""}
<h2>Slowest cases</h2><ol>${slow}</ol>
${failures ? `<h2>Failures and findings</h2>\n${failures}` : ""}
<h2>All cases</h2>
<table><tr><th>API</th><th>case</th><th>kind</th><th>outcome</th><th>ms</th><th>reason</th></tr>
${caseRows}
</table></body></html>
`;
}

export async function writeReports(dir: string, results: readonly CaseResult[], meta: ReportMeta): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = [
    [path.join(dir, "report.json"), toJson(results, meta)],
    [path.join(dir, "junit.xml"), toJunit(results, meta)],
    [path.join(dir, "report.html"), toHtml(results, meta)],
  ] as const;
  await Promise.all(files.map(([file, text]) => writeFile(file, text)));
  return files.map(([file]) => file);
}
