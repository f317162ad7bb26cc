/**
 * One API reference page: Redoc (embedded, `--inlineBundle`) over a copy of the bundle that gains
 * code samples on every operation and a clean title, wrapped in the site's template (navigation,
 * Content-Security-Policy). The copy lives in a temporary folder: generated/ and openapi/ never
 * change, and the downloads stay the plain bundles.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ApiEntry } from "../apis.js";
import { runTool } from "../run-tool.js";
import { type Json, loadBundle } from "./bundle.js";
import { addCodeSamples, SAMPLE_LANGUAGES } from "./code-samples.js";
import { CONTENT_SECURITY_POLICY, NAV_CSS, navHtml } from "./page-chrome.js";

const TEMPLATE = "scripts/docs/redoc-template.hbs";

/** Redoc lists only the sample languages its options name; the keys match the samples' labels. */
const REDOC_OPTIONS = {
  codeSamples: {
    languages: SAMPLE_LANGUAGES.map(({ key, label, lang }) => ({ key, label, lang })),
  },
};

/**
 * Redoc renders "<title> (<version>)": a title that already ends with the version would read
 * "Batch Custom Audience API 1.1 (1.1)", so the copy drops it from the title.
 */
export function cleanTitle(info: Json): string {
  const title = String(info.title);
  const version = String(info.version);
  return title.endsWith(` ${version}`) ? title.slice(0, -version.length - 1) : title;
}

/**
 * Redoc's footer shows Redocly's logo from a CDN; the page gets a local image instead, so nothing
 * is requested from another host. Any other CDN address left in the page fails the build.
 */
const LOCAL_LOGO = `data:image/svg+xml,${encodeURIComponent(
  `<svg xmlns="http://www.w3.org/2000/svg" width="58" height="16" viewBox="0 0 58 16"><text x="0" y="12" font-family="system-ui,sans-serif" font-size="12" font-weight="600" fill="#0044d4">Redocly</text></svg>`,
)}`;
const CDN_ASSETS: Record<string, string> = {
  "https://cdn.redoc.ly/redoc/logo-mini-full.svg": LOCAL_LOGO,
  "https://cdn.redoc.ly/redoc/logo-mini.svg": LOCAL_LOGO,
};

export function localizeAssets(html: string): string {
  let out = html;
  for (const [remote, local] of Object.entries(CDN_ASSETS)) out = out.split(remote).join(local);
  const left = out.match(/https:\/\/cdn\.redoc\.ly\/[^"`'\s)]*/);
  if (left) throw new Error(`docs page still loads ${left[0]} from a CDN: add it to CDN_ASSETS`);
  return out;
}

export async function buildReferencePage(api: ApiEntry, docsDir: string, scratch: string): Promise<void> {
  const doc = loadBundle(api.id);
  addCodeSamples(api.id, doc);
  doc.info.title = cleanTitle(doc.info);
  const input = path.join(scratch, `${api.id}.json`);
  await writeFile(input, JSON.stringify(doc));
  const output = path.join(docsDir, api.id, "index.html");
  await runTool("redocly", [
    "build-docs",
    input,
    "--inlineBundle",
    "--openapi",
    JSON.stringify(REDOC_OPTIONS),
    "--title",
    `${api.title} reference · Batch audience APIs`,
    "--template",
    TEMPLATE,
    "--templateOptions.csp",
    CONTENT_SECURITY_POLICY,
    "--templateOptions.navCss",
    NAV_CSS,
    "--templateOptions.nav",
    navHtml(api.id),
    "--output",
    output,
  ]);
  await writeFile(output, localizeAssets(await readFile(output, "utf8")));
}
