/**
 * The package's code entry points, read by the build (scripts/build-package.ts) and the package
 * test; package.json's `exports` map must list the same files (the test checks it).
 */
export interface PackageEntry {
  /** Subpath in `exports`: "." or "./emulator". */
  readonly subpath: string;
  /** Base name of dist/types/<name>.d.ts|.d.cts and dist/cjs/<name>.cjs. */
  readonly name: string;
  /** The TypeScript source the types are bundled from. */
  readonly source: string;
  /** The ES module tsc emits for it. */
  readonly esm: string;
}

export const PACKAGE_ENTRIES: readonly PackageEntry[] = [
  { subpath: ".", name: "index", source: "src/index.ts", esm: "dist/src/index.js" },
  { subpath: "./emulator", name: "emulator", source: "src/emulator/index.ts", esm: "dist/src/emulator/index.js" },
];

/** The `exports` conditions of one entry: ESM for import, the require shim for require. */
export function exportConditions(entry: PackageEntry) {
  return {
    import: { types: `./dist/types/${entry.name}.d.ts`, default: `./${entry.esm}` },
    require: { types: `./dist/types/${entry.name}.d.cts`, default: `./dist/cjs/${entry.name}.cjs` },
  };
}
