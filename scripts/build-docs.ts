/**
 * `npm run docs`: the docs site in docs-site/ (not committed), self-contained (no request leaves
 * the page's own host; test/spec/docs-site.test.ts counts them in Chromium):
 *
 *   index.html             landing page: the three APIs, when to use which, the operation × version
 *                          table, spec downloads
 *   inferred.html          the inferred-points ledger, grouped by API (what is assumed, where, what a
 *                          live run reports)
 *   <api>/index.html       Redoc reference with curl / TypeScript / CLI samples on every operation
 *   specs/<api>.yaml|json  the bundles, as the package ships them
 */
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { inferredLedger } from "../src/shared/inferred/ledger.js";
import { APIS, paths } from "./apis.js";
import { loadBundle, operationsOf } from "./docs/bundle.js";
import { inferredPage } from "./docs/inferred-page.js";
import { landingPage } from "./docs/landing.js";
import { buildReferencePage } from "./docs/reference-page.js";
import { operationAnchor } from "./docs/version-table.js";
import { writeSpecFiles } from "./spec-files.js";

const started = performance.now();
const docsDir = paths.docsDir;
await rm(docsDir, { recursive: true, force: true });
const scratch = await mkdtemp(path.join(tmpdir(), "batch-audience-docs-"));
try {
  const specFiles = await writeSpecFiles(path.join(docsDir, "specs"));
  const sizes = Object.fromEntries(
    await Promise.all(specFiles.map(async (file) => [path.basename(file), (await stat(file)).size] as const)),
  );
  await Promise.all(APIS.map((api) => buildReferencePage(api, docsDir, scratch)));
  const bundles = Object.fromEntries(APIS.map((api) => [api.id, loadBundle(api.id)]));
  await writeFile(path.join(docsDir, "index.html"), landingPage(bundles, sizes));
  const links = Object.fromEntries(
    APIS.map((api) => [
      api.id,
      new Map(operationsOf(api.id, bundles[api.id]).map((op) => [op.operationId, operationAnchor(op)])),
    ]),
  );
  await writeFile(path.join(docsDir, "inferred.html"), inferredPage(inferredLedger(), links));
} finally {
  await rm(scratch, { recursive: true, force: true });
}
console.log(
  `built ${APIS.length} API references, the landing page, the inferred points and spec downloads into ${docsDir}/ in ` +
    `${Math.round(performance.now() - started)} ms`,
);
