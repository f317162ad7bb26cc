/**
 * The CLI is the package's first user: it may import only the package's public entry points
 * (src/index.ts, src/emulator/index.ts, and the conformance suite's conformance/main.ts, which the
 * package ships for `batch-audience conformance`), what the parts share (src/shared/), other CLI
 * files, Node's modules and npm packages. A reach into client or emulator internals fails here.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tsFiles } from "../repo/measure-sizes.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const cli = path.join(root, "src", "cli");
const ALLOWED = [
  /^src\/index\.ts$/,
  /^src\/emulator\/index\.ts$/,
  /^conformance\/main\.ts$/,
  /^src\/shared\//,
  /^src\/cli\//,
];

/** Every module specifier of `from "…"`, `import("…")` and `export … from "…"` in a file. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g))
    found.push(match[1]!);
  return found;
}

function violations(file: string): string[] {
  const out: string[] = [];
  for (const spec of specifiers(readFileSync(file, "utf8"))) {
    if (!spec.startsWith(".")) continue; // node: modules and npm packages
    const target = path.relative(root, path.resolve(path.dirname(file), spec)).replace(/\.js$/, ".ts");
    if (!ALLOWED.some((rule) => rule.test(target))) out.push(`${path.relative(root, file)} imports ${target}`);
  }
  return out;
}

describe("the CLI imports only public entry points", () => {
  it("src/cli/**/*.ts import nothing but the entry points, src/shared/ and src/cli/", () => {
    expect(tsFiles(cli).flatMap(violations)).toEqual([]);
  });

  it("no CLI file casts through unknown (it would hide a drift from the clients' types)", () => {
    const casts = tsFiles(cli).filter((file) => /\bas unknown as\b/.test(readFileSync(file, "utf8")));
    expect(casts.map((file) => path.relative(root, file))).toEqual([]);
  });

  it("the check sees the import forms the CLI uses", () => {
    const text = `import { a } from "../client/x.js";\nexport { b } from "./y.js";\nconst m = await import("../emulator/z.js");\nimport "./side.js";`;
    expect(specifiers(text)).toEqual(["../client/x.js", "./y.js", "../emulator/z.js", "./side.js"]);
  });
});
