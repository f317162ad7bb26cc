/**
 * Where Prism is. In a checkout it is a devDependency; in the published package it is an optional
 * peer dependency (about 40 MB of dependencies that only `--target mock` and the validating proxy
 * need), so it is looked up from the package's own location first (a project that installed it
 * next to batch-audience-toolkit), then from the current directory's project.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** The Prism version this suite is tested with (the devDependency and the peer dependency pin). */
export const PRISM_VERSION = "5.14.2";
/** The one line that makes Prism available to the installed package. */
export const PRISM_INSTALL_LINE = `npm install --save-dev @stoplight/prism-cli@${PRISM_VERSION}`;

/** Prism is needed (`--target mock`, or `--proxy prism`) but cannot be found. */
export class PrismNotInstalled extends Error {
  override name = "PrismNotInstalled";
  constructor(readonly needs: string) {
    super(
      `${needs} needs Prism, which is not installed (it is an optional peer dependency of batch-audience-toolkit). ` +
        `Install it in your project with: ${PRISM_INSTALL_LINE} ` +
        "(--target emulator, url and live need no Prism).",
    );
  }
}

function prismEntryFrom(base: string): string | undefined {
  try {
    const manifestPath = createRequire(base).resolve("@stoplight/prism-cli/package.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin?: string | Record<string, string> };
    const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin?.prism;
    const entry = bin ? path.join(path.dirname(manifestPath), bin) : undefined;
    return entry && existsSync(entry) ? entry : undefined;
  } catch {
    return undefined;
  }
}

let cached: { entry: string | undefined } | undefined;

/** The JavaScript entry of Prism's CLI (run with `node`), or undefined when Prism is not installed. */
export function findPrism(): string | undefined {
  cached ??= {
    entry: prismEntryFrom(import.meta.url) ?? prismEntryFrom(path.join(process.cwd(), "package.json")),
  };
  return cached.entry;
}

/** The Prism entry, or a PrismNotInstalled error saying what needed it and how to install it. */
export function requirePrism(needs: string): string {
  const entry = findPrism();
  if (!entry) throw new PrismNotInstalled(needs);
  return entry;
}
