/**
 * Bundles a bench child script (bench/support/<entry>.ts) with esbuild, which ships with tsx, into
 * `dir` as a plain ES module: children then start in well under a second and their RSS is the
 * script's own, not the TypeScript loader's (tsx adds ~37 MB of baseline).
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));

/** Bundles bench/support/<entry> into `dir`; returns the bundle's path. */
export async function bundle(dir: string, entry: string): Promise<string> {
  const { build } = await import("esbuild");
  const outfile = join(dir, entry.replace(/\.ts$/, ".mjs"));
  await build({
    entryPoints: [join(here, entry)],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    logLevel: "silent",
  });
  return outfile;
}
