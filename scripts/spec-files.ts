/**
 * The three bundles as users download them: `<api>.yaml` (a copy of generated/<api>/openapi.yaml)
 * and `<api>.json` (the same document as JSON, derived here and never edited by hand). The package
 * build writes them to dist/specs/ (the `batch-audience-toolkit/specs/*` export) and the docs build
 * to docs-site/specs/ (the download links), so both ship the same bytes.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { APIS, type ApiEntry, paths } from "./apis.js";

export type SpecFormat = "yaml" | "json";

export const specFileName = (api: ApiEntry["id"], format: SpecFormat) => `${api}.${format}`;

/** The bundle as JSON: two-space indented, key order as in the YAML, a final newline. */
export function bundleAsJson(yamlText: string): string {
  return `${JSON.stringify(parse(yamlText), null, 2)}\n`;
}

/** Writes every API's bundle as YAML and JSON into `dir`; returns the files written. */
export async function writeSpecFiles(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const api of APIS) {
    const yamlText = await readFile(paths.bundle(api.id), "utf8");
    const yamlFile = path.join(dir, specFileName(api.id, "yaml"));
    const jsonFile = path.join(dir, specFileName(api.id, "json"));
    await writeFile(yamlFile, yamlText);
    await writeFile(jsonFile, bundleAsJson(yamlText));
    written.push(yamlFile, jsonFile);
  }
  return written;
}
