/**
 * The published package as users get it: `npm pack`, install the tarball into a fresh project
 * (no @types/node there, no Prism), then type-check and run ES module and CommonJS consumers, read
 * the spec exports, run the installed `batch-audience` binary and its conformance suite against the
 * emulator, and lint the tarball with publint and arethetypeswrong (the same tarball, so the check
 * costs no extra build or pack). One install serves every case.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { caseTitle } from "../../conformance/cases/types.js";
import { parseOptions } from "../../conformance/options.js";
import { selectCases, selectSequences } from "../../conformance/suite.js";
import { PRISM_VERSION } from "../../conformance/support/prism-bin.js";
import { APIS } from "../../scripts/apis.js";
import { exportConditions, PACKAGE_ENTRIES } from "../../scripts/package-entries.js";
import { inferredLedger } from "../../src/shared/inferred/ledger.js";
import { DEVELOPMENT_KEYS } from "../../src/shared/keys.js";
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
      /^(package\.json|README\.md|CHANGELOG\.md|LICENSE|dist\/(src|generated|conformance)\/.+\.js|dist\/scripts\/apis\.js|dist\/types\/\w+\.d\.c?ts|dist\/cjs\/\w+\.cjs|dist\/specs\/[\w.-]+\.(yaml|json))$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    // The conformance runner and cases ship (dist/conformance/); its tests, the sources and the
    // hand-written spec trees do not.
    expect(
      files.filter((f) => /(^|\/)(test|bench|openapi)\/|^conformance\/|\.test\.|\.test-d\.|vitest/.test(f)),
    ).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(["dist/conformance/main.js", "dist/conformance/cases/index.js"]));
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

  it("reads the keys from BATCH_REST_KEY, BATCH_API_KEY and BATCH_PROJECT_KEY when the options leave them out", async () => {
    const env = {
      ...process.env,
      BATCH_REST_KEY: DEVELOPMENT_KEYS.restKeys[0],
      BATCH_API_KEY: DEVELOPMENT_KEYS.apiKeys[0],
      BATCH_PROJECT_KEY: DEVELOPMENT_KEYS.projectKeys[0],
    };
    const { stdout } = await exec(process.execPath, ["env-keys.mjs"], { cwd: project, env });
    const seen = JSON.parse(stdout) as { v2: string; v11: string; missing: string };
    expect([seen.v2, seen.v11]).toEqual(["env", "env"]);
    expect(seen.missing).toMatch(/projectKey.*set BATCH_PROJECT_KEY/);
  });

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
  });
});

describe("conformance from the installed package (no checkout, no Prism)", () => {
  const cli = () => path.join(project, "node_modules/.bin/batch-audience");
  type Failure = { code: number; stdout: string; stderr: string };
  const run = (args: string[]) =>
    exec(cli(), args, { cwd: project, maxBuffer: 32 * 1024 * 1024 }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: Failure) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  it("installs no Prism: it is an optional peer dependency", () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(manifest.peerDependenciesMeta["@stoplight/prism-cli"]).toEqual({ optional: true });
    expect(existsSync(path.join(project, "node_modules/@stoplight/prism-cli"))).toBe(false);
  });

  it(
    "runs --target emulator to a green report with the same cases as a checkout and an Inferred points section",
    async () => {
      const reportDir = path.join(project, "reports/emulator");
      const { code, stdout, stderr } = await run(["conformance", "--target", "emulator", "--report", reportDir]);
      expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
      expect(stdout).toMatch(/requests go straight to the server, answers checked .* \(Prism is not installed\)/);
      expect(stdout).toMatch(/\nInferred points \(/);
      const report = JSON.parse(readFileSync(path.join(reportDir, "report.json"), "utf8"));
      // The checkout selects the same cases and sequence steps for this run.
      const options = parseOptions(["--target", "emulator"], {});
      const steps = selectSequences(options).reduce((n, s) => n + s.steps.length, 0);
      const cases = selectCases(options);
      expect(report.totals).toMatchObject({ fail: 0, finding: 0, total: cases.length + steps });
      const titles = (list: Array<{ api: string; title: string }>) => list.map((c) => `${c.api} ${c.title}`).sort();
      expect(titles(report.cases.filter((c: { kind: string }) => c.kind !== "sequence"))).toEqual(
        titles(cases.map((c) => ({ api: c.api, title: caseTitle(c) }))),
      );
      expect(report.totals.pass).toBeGreaterThan(report.totals.total * 0.9);
      // Every point of the ledger gets a verdict (operation-level marks only summarise, as in a checkout).
      const judged = inferredLedger().filter((p) => p.kind !== "operation");
      const ids = (points: Array<{ id: string }>) => points.map((p) => p.id).sort();
      expect(ids(report.inferred.points)).toEqual(ids(judged));
      expect(report.inferred.counts.contradicted).toBe(0);
      expect(report.inferred.counts.confirmed).toBeGreaterThan(0);
      for (const file of ["report.json", "junit.xml", "report.html"])
        expect(existsSync(path.join(reportDir, file))).toBe(true);
    },
    SLOW,
  );

  it("--target mock without Prism stops with the one install line (exit 2)", async () => {
    const { code, stderr } = await run(["conformance", "--target", "mock"]);
    expect(code).toBe(2);
    expect(stderr).toContain(`npm install --save-dev @stoplight/prism-cli@${PRISM_VERSION}`);
    expect(stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it("conformance --help lists the targets and the --proxy choice", async () => {
    const { code, stdout } = await run(["conformance", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: batch-audience conformance/);
    expect(stdout).toMatch(/--proxy <auto\|prism\|none>/);
  });
});
