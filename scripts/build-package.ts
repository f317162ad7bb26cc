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
 *
 * A later compiled conformance runner goes to dist/conformance/ (same tsc run) and reads the
 * bundles from dist/specs/.
 */
import { copyFile, mkdir, rm, writeFile } from "node:fs/promises";
import { generateDtsBundle } from "dts-bundle-generator";
import { PACKAGE_ENTRIES } from "./package-entries.js";
import { runTool } from "./run-tool.js";
import { writeSpecFiles } from "./spec-files.js";

const started = performance.now();
await rm("dist", { recursive: true, force: true });

/** tsc type-checks and emits JS; declarations come from the bundler below. */
const compile = runTool("tsc", ["-p", "tsconfig.build.json"]);

function bundleTypes(): void {
  const bundles = generateDtsBundle(
    PACKAGE_ENTRIES.map((entry) => ({
      filePath: entry.source,
      // Only what the entry exports is exported; no `/// <reference types="node" />` may sneak in.
      libraries: { allowedTypesLibraries: [] },
      output: { noBanner: true, exportReferencedTypes: false },
    })),
    { preferredConfigPath: "tsconfig.build.json" },
  );
  PACKAGE_ENTRIES.forEach((entry, i) => {
    bundledTypes.set(
      entry.name,
      `// Types of batch-audience-toolkit${entry.subpath.slice(1)} (bundled).\n${bundles[i]}`,
    );
  });
}
const bundledTypes = new Map<string, string>();
bundleTypes();
await compile;

await mkdir("dist/types", { recursive: true });
await mkdir("dist/cjs", { recursive: true });
for (const entry of PACKAGE_ENTRIES) {
  const types = `dist/types/${entry.name}.d.ts`;
  await writeFile(types, bundledTypes.get(entry.name)!);
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
