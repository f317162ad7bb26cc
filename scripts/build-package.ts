/**
 * `npm run build`: everything the published package holds, in dist/.
 *
 *   dist/src/, dist/generated/   the ES module build (tsc), what `import` and the CLI load
 *   dist/types/<entry>.d.ts      one bundled declaration file per entry (dts-bundle-generator), so an
 *   dist/types/<entry>.d.cts     entry's types hold only what it exports and never reach node:http
 *                                (a consumer needs no @types/node); .d.cts is the same text read as
 *                                CommonJS, for `require` under TypeScript's node16 resolution
 *   dist/cjs/<entry>.cjs         `require()` shims: one line loading the ES module build (Node 20.19+
 *                                can require ES modules), so require and import share one copy of
 *                                every class and `instanceof BatchError` holds across both
 *   dist/specs/<api>.yaml|json   the three bundles (`batch-audience-toolkit/specs/*`)
 *   dist/conformance/            the conformance runner and its cases (same tsc run, tests left out by
 *                                tsconfig.build.json), run by `batch-audience conformance`; it reads
 *                                the bundles from dist/specs/ (conformance/support/spec.ts)
 *   dist/scripts/apis.js         the list of APIs, which the conformance runner imports
 */
import { copyFile, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { generateDtsBundle } from "dts-bundle-generator";
import { PACKAGE_ENTRIES } from "./package-entries.js";
import { runTool } from "./run-tool.js";
import { writeSpecFiles } from "./spec-files.js";

const started = performance.now();
await rm("dist", { recursive: true, force: true });

/**
 * tsc type-checks and emits the JS, and per-file declarations into a scratch folder; bundling those
 * declarations (not the sources) costs a fifth of the CPU, which matters on a loaded 2-core machine.
 */
const DECLARATIONS = "dist/.declarations";
await runTool("tsc", ["-p", "tsconfig.build.json", "--declaration", "--declarationDir", DECLARATIONS]);
const declarationOf = (source: string) => `${DECLARATIONS}/${source.replace(/\.ts$/, ".d.ts")}`;
// No @types in this program (loading Node's quadruples the time): internal files that use them are
// skipped (skipLibCheck), and a public type that needed them would stay an unresolved import, which
// the package test's consumer (no @types/node) catches. allowedTypesLibraries keeps references out.
await writeFile(
  `${DECLARATIONS}/tsconfig.json`,
  JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      skipLibCheck: true,
      types: [],
    },
    files: PACKAGE_ENTRIES.map((entry) => path.relative(DECLARATIONS, declarationOf(entry.source))),
  }),
);
const bundles = generateDtsBundle(
  PACKAGE_ENTRIES.map((entry) => ({
    filePath: declarationOf(entry.source),
    // Only what the entry exports is exported; no `/// <reference types="node" />` may sneak in.
    libraries: { allowedTypesLibraries: [] },
    output: { noBanner: true, exportReferencedTypes: false },
  })),
  { preferredConfigPath: `${DECLARATIONS}/tsconfig.json` },
);
await rm(DECLARATIONS, { recursive: true, force: true });

await mkdir("dist/types", { recursive: true });
await mkdir("dist/cjs", { recursive: true });
for (const entry of PACKAGE_ENTRIES) {
  const types = `dist/types/${entry.name}.d.ts`;
  const i = PACKAGE_ENTRIES.indexOf(entry);
  await writeFile(types, `// Types of batch-audience-toolkit${entry.subpath.slice(1)} (bundled).\n${bundles[i]}`);
  await copyFile(types, `dist/types/${entry.name}.d.cts`);
  await writeFile(
    `dist/cjs/${entry.name}.cjs`,
    `"use strict";\n// require("batch-audience-toolkit${entry.subpath.slice(1)}"): the ES module build, loaded by require (Node 20.19+).\n` +
      `module.exports = require("../${entry.esm.replace(/^dist\//, "")}");\n`,
  );
}
const specs = await writeSpecFiles("dist/specs");
console.log(
  `built dist/ (${PACKAGE_ENTRIES.length} entries, ${specs.length} spec files) in ${Math.round(performance.now() - started)} ms`,
);
