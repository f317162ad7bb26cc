/**
 * `npm run docs`: one self-contained Redoc HTML reference per API plus an index page, into
 * docs-site/ (not committed). `--inlineBundle` embeds Redoc's scripts so the pages work without a
 * CDN, which these machines (and many CI runners) cannot reach.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { APIS, paths } from "./apis.js";
import { runTool } from "./run-tool.js";

const started = performance.now();
await rm(paths.docsDir, { recursive: true, force: true });
await mkdir(paths.docsDir, { recursive: true });
await Promise.all(
  APIS.map((api) =>
    runTool("redocly", [
      "build-docs",
      paths.bundle(api.id),
      "--inlineBundle",
      "--title",
      `Batch ${api.title}`,
      "--output",
      `${paths.docsDir}/${api.id}/index.html`,
    ]),
  ),
);

const links = APIS.map(
  (api) => `      <li><a href="${api.id}/index.html">${api.title}</a> <code>${api.redoclyName}</code></li>`,
).join("\n");
await writeFile(
  `${paths.docsDir}/index.html`,
  `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Batch audience APIs: reference</title>
    <style>body { font-family: system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; line-height: 1.5 }</style>
  </head>
  <body>
    <h1>Batch audience APIs</h1>
    <p>Hand-written OpenAPI 3.1 references for the three generations of Batch's audience APIs.
      Where Batch's documentation is silent, operations say so and carry <code>x-batch-source: inferred</code>.</p>
    <ul>
${links}
    </ul>
  </body>
</html>
`,
);
console.log(
  `built ${APIS.length} API references + index into ${paths.docsDir}/ in ${Math.round(performance.now() - started)} ms`,
);
