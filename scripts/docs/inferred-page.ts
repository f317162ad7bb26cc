/**
 * The docs site's inferred-points page (inferred.html): the ledger of every place where the specs go
 * beyond Batch's pages (src/shared/inferred/ledger.ts, generated into generated/inferred-points.ts),
 * grouped by API: what is assumed, where it lives in which hand-written file, which operations rely
 * on it, and what a run against the live API reports about it. Nothing here is written by hand per
 * point: a new `x-batch-source: inferred` in a spec shows up after `npm run generate`.
 */
import type { InferredPoint } from "../../src/shared/inferred/types.js";
import { APIS } from "../apis.js";
import { CONTENT_SECURITY_POLICY, escapeHtml, NAV_CSS, navHtml } from "./page-chrome.js";

const REPOSITORY = "https://github.com/batch-audience-toolkit/batch-audience-toolkit/blob/main";

/** Whether the point constrains what the client sends (a request body or parameter) rather than an answer. */
function onRequest(point: InferredPoint): boolean {
  return point.usedBy.some((u) => u.where === "request body" || u.where.startsWith("parameter"));
}

/**
 * What the Inferred points section of a live run says about this point, from the same rules the
 * conformance suite applies (conformance/inferred/: attribution, evidence, the spec change).
 */
export function liveRunReport(point: InferredPoint): string {
  if (point.kind === "operation")
    return "Summarises this operation's assumptions (the rows that name it are judged); not judged on its own.";
  const keyword = point.keyword ? `<code>${escapeHtml(point.keyword)}</code>` : "";
  if (point.kind === "header")
    return "Confirmed when Batch's header fits the schema; contradicted when Batch sends a value it refuses (relax the header's schema).";
  if (keyword && onRequest(point))
    return `Confirmed when Batch refuses a request that breaks ${keyword}; contradicted when Batch accepts it (remove ${keyword}, or keep it as a deliberate restriction and say so).`;
  if (keyword)
    return `Confirmed when Batch's answers fit ${keyword}; contradicted when an answer breaks it (relax or remove ${keyword}).`;
  if (point.kind === "response" || point.kind === "example")
    return "Confirmed when Batch answers as assumed; contradicted when it answers another status or body where this answer was expected (document what Batch sent).";
  return "Confirmed when Batch's bodies fit this schema; contradicted when one does not (reshape the schema after the observed body).";
}

/** Reference anchor per API and operationId (`<api>/index.html#/<tag>/<operationid>`), from the bundles. */
export type OperationLinks = Record<string, ReadonlyMap<string, string>>;

function operationsCell(point: InferredPoint, links: OperationLinks): string {
  const ids = [...new Set(point.usedBy.map((u) => u.operationId))];
  if (ids.length === 0) return "—";
  return ids
    .map((id) => {
      const href = links[point.api]?.get(id);
      const code = `<code>${escapeHtml(id)}</code>`;
      return href ? `<a href="${escapeHtml(href)}">${code}</a>` : code;
    })
    .join(", ");
}

/** The ledger's text with its Markdown `code` spans as <code> (the specs' descriptions use them). */
export function withCode(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

function row(point: InferredPoint, links: OperationLinks): string {
  const file = `${REPOSITORY}/${point.specFile.split("/").map(encodeURIComponent).join("/")}`;
  return `<tr id="${escapeHtml(point.id)}" class="kind-${point.kind}">
  <td><span class="kind">${point.kind}</span> ${escapeHtml(point.location)}</td>
  <td>${withCode(point.assumed)}</td>
  <td><a href="${escapeHtml(file)}"><code>${escapeHtml(point.specFile)}</code></a>${point.specPath ? `<br /><small>at <code>${escapeHtml(point.specPath)}</code></small>` : ""}</td>
  <td>${operationsCell(point, links)}</td>
  <td>${liveRunReport(point)}</td>
</tr>`;
}

function apiSection(api: (typeof APIS)[number], points: readonly InferredPoint[], links: OperationLinks): string {
  const judged = points.filter((p) => p.kind !== "operation").length;
  return `<section class="api" id="${api.id}">
  <h2>${escapeHtml(api.title)} <small>${points.length} points, ${judged} judged by a live run</small></h2>
  <p class="links"><a href="${api.id}/index.html">Reference</a> · <a href="specs/${api.id}.yaml" download>YAML</a></p>
  <table class="ledger">
    <thead><tr><th scope="col">Where</th><th scope="col">What is assumed</th><th scope="col">In which file</th><th scope="col">Used by</th><th scope="col">What a live run reports</th></tr></thead>
    <tbody>
${points.map((p) => row(p, links)).join("\n")}
    </tbody>
  </table>
</section>`;
}

const STYLE = `
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2433; background: #fbfcfe; }
main { max-width: 90rem; margin: 0 auto; padding: 1.5rem 1.5rem 4rem; }
h1 { font-size: 2rem; margin: 1rem 0 0.25rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #dde3ee; padding-bottom: 0.3rem; }
h2 small { font-size: 0.9rem; font-weight: 400; color: #5b6578; margin-left: 0.5rem; }
.lead { font-size: 1.1rem; color: #3b4559; max-width: 60rem; }
a { color: #0b5cd5; } code { font: 0.86em/1.4 ui-monospace, "SFMono-Regular", Menlo, monospace; background: #eef2f8; padding: 0 0.25em; border-radius: 3px; word-break: break-word; }
pre { background: #12263f; color: #e8eefb; padding: 0.8rem 1rem; border-radius: 6px; overflow-x: auto; }
pre code { background: none; color: inherit; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 0.88rem; }
th, td { border: 1px solid #dde3ee; padding: 0.45rem 0.6rem; vertical-align: top; text-align: left; }
thead th { background: #eef2f8; position: sticky; top: 0; }
td:nth-child(1) { width: 18%; } td:nth-child(2) { width: 34%; } td:nth-child(3) { width: 18%; } td:nth-child(5) { width: 20%; }
.kind { display: inline-block; font-size: 0.72rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.03em;
  color: #5b3b00; background: #ffe58a; border-radius: 3px; padding: 0 0.35em; }
tr.kind-operation td { background: #f5f7fb; } tr.kind-operation .kind { background: #dbe7ff; color: #12263f; }
dl.verdicts { display: grid; grid-template-columns: 9rem 1fr; gap: 0.3rem 0.75rem; max-width: 60rem; }
dl.verdicts dt { font-weight: 700; } dl.verdicts dd { margin: 0; }
.links { font-size: 0.93rem; }
`;

export function inferredPage(points: readonly InferredPoint[], links: OperationLinks): string {
  const judged = points.filter((p) => p.kind !== "operation").length;
  const sections = [...APIS].reverse().map((api) =>
    apiSection(
      api,
      points.filter((p) => p.api === api.id),
      links,
    ),
  );
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>Inferred points · Batch audience APIs</title>
  <style>${NAV_CSS}${STYLE}</style>
</head>
<body>
  ${navHtml("inferred")}
  <main>
    <h1>Inferred points</h1>
    <p class="lead">Batch's pages are the source of truth. Where they are silent, the specs make a decision,
      say so and mark it <code>x-batch-source: inferred</code>. These are all ${points.length} of them
      (${judged} that a run against the live API judges, plus one summary per operation), so you know what
      rests on an assumption and a run with real keys can confirm or correct each one.</p>
    <p>Run the conformance suite against Batch with your keys (it creates only audiences named
      <code>conf_&lt;run id&gt;_…</code> and deletes them); it ends with an <strong>Inferred points</strong>
      section that gives every point one verdict:</p>
    <dl class="verdicts">
      <dt>confirmed</dt><dd>an answer relied on the point and held (the count of such answers is shown);</dd>
      <dt>contradicted</dt><dd>Batch answered otherwise: the request, the status and a body excerpt (keys redacted),
        and the change to make in the file named below. A finding, not a failure, unless <code>--strict</code>;</dd>
      <dt>not exercised</dt><dd>no case of the run reached it.</dd>
    </dl>
    <pre><code>npx batch-audience conformance --target live --i-understand-this-writes-to-batch --report reports/live</code></pre>
    <p class="links">${APIS.map((api) => `<a href="#${api.id}">${escapeHtml(api.title)}</a>`)
      .reverse()
      .join(" · ")}</p>
${sections.join("\n")}
  </main>
</body>
</html>
`;
}
