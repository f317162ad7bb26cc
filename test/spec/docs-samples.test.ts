/**
 * The docs site's code samples work as printed: every curl sample runs (real curl) against the
 * emulator and gets a documented 2xx whose body matches the spec; every CLI sample runs the built
 * `batch-audience` against the emulator and exits 0; every TypeScript sample type-checks against the
 * package's entry with tsc. Only the host is swapped (https://api.batch.com → the emulator) and the
 * keys come from the environment variables the samples name.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { APIS } from "../../scripts/apis.js";
import { loadBundle } from "../../scripts/docs/bundle.js";
import { PRODUCTION_HOST, samplesOf } from "../../scripts/docs/code-samples.js";
import { type EmulatorHandle, startEmulator } from "../../src/emulator/index.js";
import { createAudienceClient, createCustomAudienceClient } from "../../src/index.js";
import { BIN, ensureBuilt, ROOT } from "../cli/build.js";
import { cleanEnv } from "../cli/support.js";
import { responseBodyValidator } from "../support/bundles.js";

const exec = promisify(execFile);
let emulator: EmulatorHandle;
let work: string;

beforeAll(async () => {
  await ensureBuilt();
  emulator = await startEmulator({ port: 0 });
  mkdirSync(path.join(ROOT, "test-output"), { recursive: true });
  work = mkdtempSync(path.join(ROOT, "test-output", "docs-samples-"));
}, 180_000);
afterAll(async () => {
  await emulator?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const cases = APIS.flatMap((api) => samplesOf(api.id, loadBundle(api.id)).map((s) => ({ api: api.id, ...s })));
type Case = (typeof cases)[number];

const env = () =>
  cleanEnv({
    BATCH_REST_KEY: emulator.credentials.restKey,
    BATCH_API_KEY: emulator.credentials.apiKey,
    BATCH_PROJECT_KEY: emulator.credentials.projectKey,
    BATCH_BASE_URL: emulator.baseUrl,
  });

/** An empty emulator, holding the sample's audience unless the sample creates it. */
async function prepare({ api, op, samples }: Case): Promise<void> {
  emulator.reset();
  const name = samples.audienceName;
  if (op.operationId === "createAudience" || name === undefined) return;
  const { restKey, apiKey, projectKey } = emulator.credentials;
  if (api === "audience-2") {
    await createAudienceClient({ restKey, projectKey, baseUrl: emulator.urls[api] }).create(name);
  } else if (api === "custom-audience-1.0") {
    await createCustomAudienceClient({ version: "1.0", apiKey, restKey, baseUrl: emulator.baseUrl }).create(name, {
      type: "custom_ids",
    });
  } else {
    await createCustomAudienceClient({ version: "1.1", apiKey, restKey, baseUrl: emulator.baseUrl }).create(name);
  }
}

const bash = (script: string) => exec("bash", ["-c", script], { env: env(), cwd: work });

describe.each(cases.map((c) => [`${c.api} ${c.op.operationId}`, c] as const))("docs sample %s", (_, sample) => {
  test("curl gets a documented 2xx whose body the spec accepts", async () => {
    await prepare(sample);
    expect(sample.samples.curl).toContain(PRODUCTION_HOST);
    const out = path.join(work, "body.json");
    const command = `${sample.samples.curl.replace(PRODUCTION_HOST, emulator.baseUrl)} -sS -o "${out}" -w '%{http_code}'`;
    const status = (await bash(command)).stdout.trim();
    expect(sample.op.statuses).toContain(status);
    expect(status).toMatch(/^2/);
    const text = readFileSync(out, "utf8");
    let validate: ReturnType<typeof responseBodyValidator> | undefined;
    try {
      validate = responseBodyValidator(sample.api, sample.op.operationId, status);
    } catch {
      validate = undefined; // this status documents no JSON body
    }
    if (validate) expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
  });

  test("the CLI command runs and succeeds", async () => {
    await prepare(sample);
    expect(sample.samples.cli).toMatch(/^npx batch-audience /);
    const command = `${sample.samples.cli.replace(/^npx batch-audience/, `"${process.execPath}" "${BIN}"`)} --json`;
    // exec rejects on a non-zero exit; --json prints one document, `ok: false` on failure.
    const { stdout } = await bash(command);
    const document = JSON.parse(stdout) as Record<string, unknown>;
    expect(document.ok).not.toBe(false);
    expect(document.error).toBeUndefined();
  });
});

test("every TypeScript sample type-checks against the package entry", async () => {
  const dir = path.join(work, "ts");
  mkdirSync(dir, { recursive: true });
  for (const { api, op, samples } of cases)
    writeFileSync(path.join(dir, `${api}-${op.operationId}.ts`), samples.typescript);
  // A canary proves the check sees real types: its line must be an error, or tsc fails.
  writeFileSync(
    path.join(dir, "canary.ts"),
    `import { createAudienceClient } from "batch-audience-toolkit";\n` +
      `const client = createAudienceClient({ restKey: "r", projectKey: "p" });\n` +
      `// @ts-expect-error an update takes operations, not a number\nvoid client.update("fans", 42);\n`,
  );
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ["node"],
      typeRoots: [path.join(ROOT, "node_modules/@types")],
      lib: ["ES2022", "DOM"],
      paths: { "batch-audience-toolkit": [path.join(ROOT, "src/index.ts")] },
    },
    include: ["*.ts"],
  };
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
  const tsc = path.join(ROOT, "node_modules/typescript/bin/tsc");
  const result = await exec(process.execPath, [tsc, "-p", dir]).catch((error: { stdout: string }) => error);
  expect((result as { stdout: string }).stdout).toBe("");
  expect(cases.length).toBeGreaterThanOrEqual(17);
}, 300_000);
