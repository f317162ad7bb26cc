/**
 * The "Inferred points" section of a run against a real target (live, url, emulator): every
 * checkable point of the ledger as confirmed, contradicted (with evidence and the spec change) or
 * not exercised, as text, as report.json data, as an HTML section and as a JUnit suite.
 */
import { wrap } from "../../src/shared/inferred/ledger.js";
import { type PointVerdict, verdictCounts } from "../inferred/evidence.js";

const ORDER = { contradicted: 0, confirmed: 1, "not exercised": 2 } as const;

export function sortVerdicts(verdicts: readonly PointVerdict[]): PointVerdict[] {
  return [...verdicts].sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict]);
}

export function countsLine(verdicts: readonly PointVerdict[]): string {
  const c = verdictCounts(verdicts);
  return `${c.total} inferred points: ${c.confirmed} confirmed, ${c.contradicted} contradicted, ${c["not exercised"]} not exercised`;
}

export function renderInferred(verdicts: readonly PointVerdict[]): string {
  const lines = [`Inferred points (batch-audience inferred lists them): ${countsLine(verdicts)}`];
  for (const v of sortVerdicts(verdicts)) {
    const label = v.verdict === "contradicted" ? "CONTRADICTED" : v.verdict;
    const seen = v.verdict === "confirmed" ? ` (${v.confirmations} answers)` : "";
    lines.push(`  ${label.padEnd(13)} ${v.point.api}  ${v.point.location}${seen}`);
    if (v.verdict !== "contradicted") continue;
    lines.push(...wrap(`assumed: ${v.point.assumed}`, "      "));
    for (const e of v.evidence)
      lines.push(
        ...wrap(
          `evidence: ${e.method} ${e.path} → ${e.status} ${e.body || "(empty body)"} [${e.title}: ${e.message}]`,
          "      ",
        ),
      );
    if (v.contradictions > v.evidence.length) lines.push(`      (${v.contradictions} answers in all)`);
    lines.push(...wrap(`change: ${v.change ?? ""}`, "      "));
  }
  return lines.join("\n");
}

/** report.json's `inferred` member. */
export function inferredJson(verdicts: readonly PointVerdict[]) {
  return {
    counts: verdictCounts(verdicts),
    points: sortVerdicts(verdicts).map((v) => ({
      id: v.point.id,
      api: v.point.api,
      kind: v.point.kind,
      location: v.point.location,
      assumed: v.point.assumed,
      spec_file: v.point.specFile,
      spec_path: v.point.specPath,
      verdict: v.verdict,
      confirmations: v.confirmations,
      contradictions: v.contradictions,
      evidence: v.evidence,
      ...(v.change ? { change: v.change } : {}),
    })),
  };
}

const html = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

export function inferredHtml(verdicts: readonly PointVerdict[]): string {
  const rows = sortVerdicts(verdicts).map((v) => {
    const cls = v.verdict === "contradicted" ? "fail" : v.verdict === "confirmed" ? "pass" : "skipped";
    const details =
      v.verdict === "contradicted"
        ? `${v.evidence.map((e) => `<pre>${html(`${e.method} ${e.path} → ${e.status} ${e.body}\n${e.title}: ${e.message}`)}</pre>`).join("")}<p><b>Change:</b> ${html(v.change ?? "")}</p>`
        : "";
    return `<tr class="${cls}"><td>${html(v.verdict)}</td><td>${html(v.point.api)}</td><td>${html(v.point.location)}<br><small>${html(v.point.assumed)}</small>${details}</td><td>${html(v.point.specFile)}</td></tr>`;
  });
  return `<h2>Inferred points</h2>\n<p>${html(countsLine(verdicts))}</p>\n<table><tr><th>verdict</th><th>API</th><th>point</th><th>spec file</th></tr>\n${rows.join("\n")}\n</table>`;
}

const xml = (s: string) =>
  s
    .replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");

/** One JUnit suite: confirmed passes, not exercised is skipped, contradicted fails only with --strict. */
export function inferredJunit(verdicts: readonly PointVerdict[], target: string, strict: boolean): string {
  const c = verdictCounts(verdicts);
  const cases = sortVerdicts(verdicts).map((v) => {
    const open = `    <testcase classname="${xml(`inferred.${v.point.api}.${v.point.kind}`)}" name="${xml(v.point.location)}" time="0"`;
    if (v.verdict === "confirmed") return `${open}/>`;
    if (v.verdict === "not exercised") return `${open}>\n      <skipped message="not exercised"/>\n    </testcase>`;
    const text = xml(renderInferred([v]).split("\n").slice(1).join("\n"));
    return strict
      ? `${open}>\n      <failure message="inferred point contradicted">${text}</failure>\n    </testcase>`
      : `${open}>\n      <system-out>inferred point contradicted (a finding; --strict makes it a failure)\n${text}</system-out>\n    </testcase>`;
  });
  return `  <testsuite name="${xml(`inferred points (${target})`)}" tests="${c.total}" failures="${strict ? c.contradicted : 0}" skipped="${c["not exercised"]}" errors="0" time="0">\n${cases.join("\n")}\n  </testsuite>`;
}
