/**
 * The published package as users get it: `npm pack`, install the tarball into a fresh project,
 * type-check and run a script that imports the typed client and the emulator entry, and run the
 * installed `batch-audience` binary.
 */
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, ROOT } from "../cli/build.js";

const exec = promisify(execFile);
let project: string;
let packed: { files: Array<{ path: string }>; filename: string };

const CONSUMER = `import { BatchNotFoundError, createAudienceClient, type Audience } from "batch-audience-toolkit";
import { startEmulator } from "batch-audience-toolkit/emulator";

const emulator = await startEmulator({ port: 0 });
try {
  const client = createAudienceClient({
    restKey: emulator.credentials.restKey,
    projectKey: emulator.credentials.projectKey,
    baseUrl: emulator.urls["audience-2"],
  });
  await client.create("fans", { displayName: "Fans" });
  const result = await client.bulkUpdate("fans", ["u1", "u2", { action: "add", id: "u3", attributes: { age: 30 } }]);
  const audience: Audience = await client.get("fans");
  let notFound = false;
  try {
    await client.get("missing");
  } catch (error) {
    notFound = error instanceof BatchNotFoundError && error.errorName === "NOT_FOUND";
  }
  console.log(JSON.stringify({ ok: result.ok, size: audience.nb_ids, notFound }));
} finally {
  await emulator.stop();
}
`;

/** Proves the types are real (not any): each line must be a type error. */
const MISUSE = `import { createAudienceClient } from "batch-audience-toolkit";
const client = createAudienceClient({ restKey: "r", projectKey: "p" });
// @ts-expect-error the name must be a string
void client.create(42);
// @ts-expect-error "delete" is not an update action
void client.update("fans", [{ action: "delete", id: "x" }]);
`;

beforeAll(async () => {
  await ensureBuilt();
  project = await mkdtemp(path.join(tmpdir(), "batch-audience-consumer-"));
  const { stdout } = await exec("npm", ["pack", "--json", "--pack-destination", project], { cwd: ROOT });
  packed = (JSON.parse(stdout) as Array<typeof packed>)[0]!;
  writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2),
  );
  await exec("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", path.join(project, packed.filename)], {
    cwd: project,
  });
  mkdirSync(path.join(project, "src"));
  writeFileSync(path.join(project, "src/main.ts"), CONSUMER);
  writeFileSync(path.join(project, "src/misuse.ts"), MISUSE);
  writeFileSync(
    path.join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        outDir: "out",
        // The consumer's own @types/node, borrowed from this repository to avoid another download.
        typeRoots: [path.join(ROOT, "node_modules/@types")],
        types: ["node"],
        lib: ["ES2022", "DOM"],
      },
      include: ["src"],
    }),
  );
}, 180_000);

afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

describe("published package", () => {
  it("ships the compiled code and types, and nothing else", () => {
    const files = packed.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "dist/src/index.js",
        "dist/src/index.d.ts",
        "dist/src/emulator/index.js",
        "dist/src/cli/main.js",
        "dist/generated/audience-2/schema.d.ts",
      ]),
    );
    const unexpected = files.filter(
      (f) => !/^(package\.json|README\.md|LICENSE|dist\/(src|generated)\/.+\.(js|d\.ts))$/.test(f),
    );
    expect(unexpected).toEqual([]);
    expect(files.filter((f) => /(^|\/)(test|bench|conformance|openapi|scripts)\/|\.test\.|\.test-d\./.test(f))).toEqual(
      [],
    );
  });

  it("type-checks and runs a script importing the client and the emulator", async () => {
    const tsc = path.join(ROOT, "node_modules/typescript/bin/tsc");
    await exec(process.execPath, [tsc, "-p", "."], { cwd: project });
    const { stdout } = await exec(process.execPath, ["out/main.js"], { cwd: project });
    expect(JSON.parse(stdout)).toEqual({ ok: true, size: 3, notFound: true });
  });

  it("installs the batch-audience binary", async () => {
    const bin = path.join(project, "node_modules/.bin/batch-audience");
    const { stdout } = await exec(bin, ["--version"], { cwd: project });
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await exec(bin, ["sync", "--help"], { cwd: project });
    expect(help.stdout).toMatch(/--resume/);
    // The conformance suite is not part of the package; the command says where it lives.
    const conformance = await exec(bin, ["conformance"], { cwd: project }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect((conformance as { code: number }).code).toBe(1);
    expect((conformance as { stderr: string }).stderr).toMatch(/checkout of the repository/);
  });
});
