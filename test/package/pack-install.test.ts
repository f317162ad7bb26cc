/**
 * The published package as users get it: `npm pack`, install the tarball into a fresh project
 * (no @types/node there), then type-check and run ES module and CommonJS consumers, read the spec
 * exports, run the installed `batch-audience` binary, and lint the tarball with publint and
 * arethetypeswrong (the same tarball, so the check costs no extra build or pack).
 */
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { APIS } from "../../scripts/apis.js";
import { exportConditions, PACKAGE_ENTRIES } from "../../scripts/package-entries.js";
import { ensureBuilt, ROOT } from "../cli/build.js";
import { writeConsumer } from "./consumer-files.js";

const exec = promisify(execFile);
const tsc = path.join(ROOT, "node_modules/typescript/bin/tsc");
const bin = (name: string) => path.join(ROOT, "node_modules/.bin", name);
let project: string;
let tarball: string;
let packed: { files: Array<{ path: string }>; filename: string; size: number; unpackedSize: number };

beforeAll(async () => {
  await ensureBuilt();
  project = await mkdtemp(path.join(tmpdir(), "batch-audience-consumer-"));
  const { stdout } = await exec("npm", ["pack", "--json", "--pack-destination", project], { cwd: ROOT });
  packed = (JSON.parse(stdout) as Array<typeof packed>)[0]!;
  tarball = path.join(project, packed.filename);
  writeFileSync(
    path.join(project, "package.json"),
    `${JSON.stringify({ name: "consumer", private: true, type: "module" })}\n`,
  );
  const started = performance.now();
  await exec("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], { cwd: project });
  // Informational only (no assertion on speed): the figure the README's package section quotes.
  console.log(
    `package: ${packed.size} B packed, ${packed.unpackedSize} B unpacked, ${packed.files.length} files; ` +
      `npm install of the tarball: ${Math.round(performance.now() - started)} ms`,
  );
  writeConsumer(project);
}, 240_000);

afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

const inProject = (args: string[]) => exec(process.execPath, args, { cwd: project });
// tsc over the installed declarations (skipLibCheck off) takes seconds idle and minutes on a loaded
// 2-core machine: the steps that run it get room, with no speed expectation.
const SLOW = 300_000;

describe("published package", () => {
  it("ships the ES module build, bundled types, require shims, specs and docs, and nothing else", () => {
    const files = packed.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "CHANGELOG.md",
        "LICENSE",
        "dist/src/index.js",
        "dist/src/emulator/index.js",
        "dist/src/cli/main.js",
        ...PACKAGE_ENTRIES.flatMap((e) => [
          `dist/types/${e.name}.d.ts`,
          `dist/types/${e.name}.d.cts`,
          `dist/cjs/${e.name}.cjs`,
        ]),
        ...APIS.flatMap((api) => [`dist/specs/${api.id}.yaml`, `dist/specs/${api.id}.json`]),
      ]),
    );
    const allowed =
      /^(package\.json|README\.md|CHANGELOG\.md|LICENSE|dist\/(src|generated)\/.+\.js|dist\/types\/\w+\.d\.c?ts|dist\/cjs\/\w+\.cjs|dist\/specs\/[\w.-]+\.(yaml|json))$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    expect(files.filter((f) => /(^|\/)(test|bench|conformance|openapi|scripts)\/|\.test\.|\.test-d\./.test(f))).toEqual(
      [],
    );
  });

  it("maps every entry to import and require conditions, each with its types first", () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
    for (const entry of PACKAGE_ENTRIES) {
      expect(manifest.exports[entry.subpath]).toEqual(exportConditions(entry));
      expect(Object.keys(manifest.exports[entry.subpath].require)[0]).toBe("types");
    }
    expect(manifest.exports["./specs/*"]).toBe("./dist/specs/*");
    expect(manifest.repository.url).toMatch(/^git\+https:\/\/github\.com\//);
    expect(manifest.homepage && manifest.bugs.url && manifest.keywords.length).toBeTruthy();
  });

  it(
    "is clean for publint (strict) and arethetypeswrong (node10, node16 CJS and ESM, bundler)",
    async () => {
      const publint = await exec(bin("publint"), ["run", tarball, "--strict"], { cwd: project });
      expect(publint.stdout).toMatch(/All good!/);
      // Exit code 0 means no problem; the JSON shows which resolutions were checked.
      const attw = await exec(bin("attw"), [tarball, "--no-definitely-typed", "--format", "json"], { cwd: project });
      const report = JSON.parse(attw.stdout) as { problems: object; analysis: { entrypoints: Record<string, any> } };
      expect(report.problems).toEqual({});
      for (const entry of PACKAGE_ENTRIES) {
        const resolutions = report.analysis.entrypoints[entry.subpath].resolutions;
        expect(Object.keys(resolutions).sort()).toEqual(["bundler", "node10", "node16-cjs", "node16-esm"]);
      }
    },
    SLOW,
  );

  it(
    "type-checks without @types/node and runs an ES module consumer",
    async () => {
      await inProject([tsc, "-p", "tsconfig.esm.json"]);
      const { stdout } = await inProject(["out/esm/main.js"]);
      expect(JSON.parse(stdout)).toEqual({ ok: true, size: 3, notFound: true });
      await inProject([tsc, "-p", "tsconfig.bundler.json"]);
    },
    SLOW,
  );

  it(
    "type-checks the emulator entry with the ES2022 library only (no Node or DOM types)",
    async () => {
      await inProject([tsc, "-p", "tsconfig.emulator.json"]);
      const types = readFileSync(
        path.join(project, "node_modules/batch-audience-toolkit/dist/types/emulator.d.ts"),
        "utf8",
      );
      expect(types).not.toMatch(/node:|NodeJS\.|\bBuffer\b|reference types/);
    },
    SLOW,
  );

  it(
    "require()s both entries from CommonJS, sharing one copy of every class with import",
    async () => {
      await inProject([tsc, "-p", "tsconfig.cjs.json"]);
      const { stdout, stderr } = await inProject(["out/cjs/main.cjs"]);
      expect(JSON.parse(stdout)).toEqual({ size: 1, sameClass: true, sameFactory: true });
      expect(stderr).not.toMatch(/ExperimentalWarning/);
    },
    SLOW,
  );

  it("exports the three bundles as YAML and JSON, equal to generated/", async () => {
    const { stdout } = await inProject(["specs.cjs"]);
    const specs = JSON.parse(stdout) as Record<string, { json: object; yamlPath: string }>;
    for (const api of APIS) {
      const bundle = readFileSync(path.join(ROOT, `generated/${api.id}/openapi.yaml`), "utf8");
      expect(readFileSync(specs[api.id]!.yamlPath, "utf8")).toBe(bundle);
      expect(specs[api.id]!.json).toEqual(parse(bundle));
    }
    const esm = JSON.parse((await inProject(["specs.mjs"])).stdout) as { title: string; yaml: string };
    expect(esm.title).toBe((specs["audience-2"]!.json as { info: { title: string } }).info.title);
    expect(esm.yaml).toBe(pathToFileURL(specs["audience-2"]!.yamlPath).href);
  });

  it("has README links that work from the registry page: relative ones only to shipped files", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    const relative = targets.filter((t) => !/^(https?:|mailto:|#)/.test(t)).map((t) => t.split("#")[0]!);
    const files = new Set(packed.files.map((f) => f.path));
    expect(relative.filter((t) => !files.has(t.replace(/^\.\//, "")))).toEqual([]);
    expect(targets.length).toBeGreaterThan(5);
  });

  it("installs the batch-audience binary", async () => {
    const cli = path.join(project, "node_modules/.bin/batch-audience");
    const { stdout } = await exec(cli, ["--version"], { cwd: project });
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await exec(cli, ["sync", "--help"], { cwd: project });
    expect(help.stdout).toMatch(/--resume/);
    // The conformance suite is not part of the package yet; the command says where it lives.
    const conformance = await exec(cli, ["conformance"], { cwd: project }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect((conformance as { code: number }).code).toBe(1);
    expect((conformance as { stderr: string }).stderr).toMatch(/checkout of the repository/);
  });
});
