/**
 * The docs site's landing page: what each of the three APIs is, which one to use, the generated
 * operation × version table and the spec downloads. Base URLs and authentication come from the
 * bundles; the prose is ours and follows Batch's pages (see each reference for the sources).
 */
import { APIS } from "../apis.js";
import type { ApiId, Json } from "./bundle.js";
import { CONTENT_SECURITY_POLICY, escapeHtml, NAV_CSS, navHtml } from "./page-chrome.js";
import { versionTable } from "./version-table.js";

const README = "https://github.com/batch-audience-toolkit/batch-audience-toolkit#readme";

const ABOUT: Record<ApiId, { ids: string; scope: string; useWhen: string }> = {
  "audience-2": {
    scope: "one project (Batch's Customer Engagement Platform, the “project APIs”)",
    ids: "custom user IDs, with up to 15 attributes each; create, update, replace, remove, view, list",
    useWhen:
      "your Batch account is organised in projects (you have a project key). It is the current API: pick it for new work. Every write answers 202 with an indexing token; view reports APPLIED, or REPLACED once a later replace superseded it.",
  },
  "custom-audience-1.1": {
    scope: "one app on one platform (the app's API key is in the path)",
    ids: "install IDs, with attributes and tags; adds PUT replace",
    useWhen:
      "your account is organised by app and you target installations (install IDs). 1.1 accepts install IDs only; iOS and Android take one call each, with each app's key.",
  },
  "custom-audience-1.0": {
    scope: "one app on one platform (the app's API key is in the path)",
    ids: "custom user IDs or advertising IDs (GAID / IDFA); no replace",
    useWhen:
      "your account is organised by app and your audience holds custom user IDs or advertising IDs, which 1.1 does not accept.",
  },
};

function baseUrl(doc: Json): string {
  const server = doc.servers?.[0];
  return server ? String(server.url) : "";
}

/** "X-Authorization: REST API key", "Authorization: Bearer …" plus key-carrying parameters. */
function authSummary(doc: Json): string {
  const parts: string[] = [];
  for (const requirement of doc.security ?? []) {
    for (const name of Object.keys(requirement)) {
      const scheme = doc.components.securitySchemes[name];
      if (scheme.type === "http") parts.push(`<code>Authorization: Bearer</code> REST API key`);
      else parts.push(`<code>${escapeHtml(scheme.name)}</code> REST API key`);
    }
  }
  if (JSON.stringify(doc.components?.parameters ?? {}).includes('"X-Batch-Project"'))
    parts.push(`<code>X-Batch-Project</code> project key`);
  if (String(Object.keys(doc.paths)[0]).includes("{apiKey}")) parts.push("app API key in the path");
  return parts.join(" + ");
}

function card(api: (typeof APIS)[number], doc: Json): string {
  const about = ABOUT[api.id];
  return `<section class="card">
  <h3><a href="${api.id}/index.html">${escapeHtml(api.title)}</a></h3>
  <dl>
    <dt>Scope</dt><dd>${escapeHtml(about.scope)}</dd>
    <dt>Holds</dt><dd>${escapeHtml(about.ids)}</dd>
    <dt>Base URL</dt><dd><code>${escapeHtml(baseUrl(doc))}</code></dd>
    <dt>Auth</dt><dd>${authSummary(doc)}</dd>
  </dl>
  <p><strong>Use it when</strong> ${escapeHtml(about.useWhen)}</p>
  <p class="links"><a href="${api.id}/index.html">Reference</a> · <a href="specs/${api.id}.yaml" download>YAML</a> · <a href="specs/${api.id}.json" download>JSON</a></p>
</section>`;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

function downloads(sizes: Record<string, number>): string {
  const rows = APIS.map(
    (api) => `<tr><th scope="row">${escapeHtml(api.title)}</th>
  <td><a href="specs/${api.id}.yaml" download>${api.id}.yaml</a> <small>${kb(sizes[`${api.id}.yaml`] ?? 0)}</small></td>
  <td><a href="specs/${api.id}.json" download>${api.id}.json</a> <small>${kb(sizes[`${api.id}.json`] ?? 0)}</small></td></tr>`,
  );
  return `<table class="downloads"><thead><tr><th scope="col">API</th><th scope="col">YAML</th><th scope="col">JSON</th></tr></thead>
<tbody>${rows.join("\n")}</tbody></table>`;
}

const STYLE = `
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2433; background: #fbfcfe; }
main { max-width: 78rem; margin: 0 auto; padding: 1.5rem 1.5rem 4rem; }
h1 { font-size: 2rem; margin: 1rem 0 0.25rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #dde3ee; padding-bottom: 0.3rem; }
.lead { font-size: 1.1rem; color: #3b4559; max-width: 52rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 1rem; }
.card { background: #fff; border: 1px solid #dde3ee; border-radius: 8px; padding: 0.25rem 1.1rem 0.5rem; }
.card h3 { margin: 0.9rem 0 0.5rem; } .card dl { display: grid; grid-template-columns: 5.5rem 1fr; gap: 0.2rem 0.5rem; margin: 0; font-size: 0.93rem; }
.card dt { color: #5b6578; } .card dd { margin: 0; } .card .links { font-size: 0.93rem; }
ol.choose li { margin: 0.35rem 0; }
a { color: #0b5cd5; } code { font: 0.86em/1.4 ui-monospace, "SFMono-Regular", Menlo, monospace; background: #eef2f8; padding: 0 0.25em; border-radius: 3px; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 0.9rem; }
th, td { border: 1px solid #dde3ee; padding: 0.45rem 0.6rem; vertical-align: top; text-align: left; }
thead th { background: #eef2f8; } td.absent { color: #8a93a5; text-align: center; vertical-align: middle; }
.versions td div { margin-top: 0.25rem; } .versions .fact { display: inline-block; min-width: 3.8rem; color: #5b6578; }
.versions .verb { font-weight: 700; font-size: 0.8rem; } .versions code { white-space: nowrap; }
mark { background: #fff1b8; padding: 0; } mark code { background: #ffe58a; }
.legend { font-size: 0.9rem; color: #3b4559; }
`;

export function landingPage(bundles: Record<string, Json>, sizes: Record<string, number>): string {
  const cards = [...APIS].reverse().map((api) => card(api, bundles[api.id]));
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>Batch audience APIs · references, versions and specs</title>
  <style>${NAV_CSS}${STYLE}</style>
</head>
<body>
  ${navHtml("home")}
  <main>
    <h1>Batch audience APIs</h1>
    <p class="lead">OpenAPI 3.1 references for the three generations of Batch's audience APIs, with a curl,
      TypeScript-client and <code>batch-audience</code> command-line sample on every operation. The
      samples come from each spec's own examples and are run against the toolkit's emulator by its tests.</p>

    <h2>The three APIs</h2>
    <div class="cards">
${cards.join("\n")}
    </div>

    <h2>Which one should I use?</h2>
    <ol class="choose">
      <li>Your account works with <strong>projects</strong> (Settings show a project key): <a href="audience-2/index.html">Audience API 2.x</a>.</li>
      <li>Your account works <strong>by app</strong> and the audience lists <strong>install IDs</strong>: <a href="custom-audience-1.1/index.html">Custom Audience API 1.1</a>.</li>
      <li>Your account works <strong>by app</strong> and the audience lists <strong>custom user IDs or advertising IDs</strong>: <a href="custom-audience-1.0/index.html">Custom Audience API 1.0</a>.</li>
    </ol>
    <p>From code, the <a href="${README}">batch-audience-toolkit</a> package gives a typed client for all three
      (retries, typed errors, bulk upload), the <code>batch-audience</code> command line, and a local emulator.</p>

    <h2>Operations in each version</h2>
    <p class="legend">Generated from the three specs. <mark><code>Highlighted</code></mark> values are not the
      same in every version that has the operation; “—” marks an operation a version does not have.
      Each path links to its reference.</p>
    ${versionTable(bundles)}

    <h2>Download the specs</h2>
    <p>The bundled OpenAPI 3.1 documents, as the npm package ships them
      (<code>batch-audience-toolkit/specs/&lt;api&gt;.yaml</code> and <code>.json</code>): point a mock server,
      a gateway or a code generator at them.</p>
    ${downloads(sizes)}

    <h2>About these references</h2>
    <p>Batch's documentation pages are the source of truth, and each operation links to its page. Where they
      are silent, the spec decides, says so in an <strong>Inferred:</strong> paragraph and marks the point
      <code>x-batch-source: inferred</code>, so a run against the live API can confirm or correct it:
      <a href="inferred.html">the inferred points</a> lists every one, by API, with what a live run reports.</p>
  </main>
</body>
</html>
`;
}
