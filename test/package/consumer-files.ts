/**
 * The fresh project the package test installs the tarball into: an ES module program, a CommonJS
 * program, an emulator-only file checked with nothing but the ES2022 library, plain-JS readers of the
 * spec exports, and the tsconfigs. No tsconfig loads @types/node (none is installed there), and
 * skipLibCheck is off, so every declaration file the package ships is checked.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** ES module consumer: client + emulator, run after tsc. */
const ESM_MAIN = `import { BatchNotFoundError, createAudienceClient, type Audience } from "batch-audience-toolkit";
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
const ESM_MISUSE = `import { createAudienceClient } from "batch-audience-toolkit";
import { startEmulator } from "batch-audience-toolkit/emulator";
const client = createAudienceClient({ restKey: "r", projectKey: "p" });
// @ts-expect-error the name must be a string
void client.create(42);
// @ts-expect-error "delete" is not an update action
void client.update("fans", [{ action: "delete", id: "x" }]);
// @ts-expect-error the port is a number
void startEmulator({ port: "4020" });
`;

/** CommonJS consumer (TypeScript node16 resolution, CommonJS output): require both entries. */
const CJS_MAIN = `import toolkit = require("batch-audience-toolkit");
import emulatorEntry = require("batch-audience-toolkit/emulator");

async function main(): Promise<void> {
  const emulator = await emulatorEntry.startEmulator({ port: 0 });
  try {
    const client = toolkit.createCustomAudienceClient({
      version: "1.1",
      apiKey: emulator.credentials.apiKey,
      restKey: emulator.credentials.restKey,
      baseUrl: emulator.urls["custom-audience-1.1"],
    });
    await client.create("vip", { description: "VIP" });
    await client.update("vip", [{ action: "add", id: "install-1", tags: ["gold"] }]);
    const esm = await import("batch-audience-toolkit");
    let sameClass = false;
    try {
      await client.get("missing");
    } catch (error) {
      // require and import load one module: the class is the same object.
      sameClass = error instanceof esm.BatchNotFoundError && error instanceof toolkit.BatchNotFoundError;
    }
    const audience = await client.get("vip");
    console.log(JSON.stringify({ size: audience.nb_ids, sameClass, sameFactory: esm.createAudienceClient === toolkit.createAudienceClient }));
  } finally {
    await emulator.stop();
  }
}
void main();
`;

/** The emulator entry's types alone, with the ES2022 library only: no Node, no DOM. */
const EMULATOR_ONLY = `import { type EmulatorHandle, FAULT_KINDS, startEmulator } from "batch-audience-toolkit/emulator";

export async function run(): Promise<number> {
  const emulator: EmulatorHandle = await startEmulator({ port: 0, faults: { rates: { "500": 0.1 } } });
  emulator.injectFaults({ kind: FAULT_KINDS[0]!, times: 1 });
  const members = emulator.audienceMembers("audience-2", emulator.credentials.projectKey, "fans");
  await emulator.stop();
  return emulator.stats().requests + (members?.size ?? 0);
}
`;

/** Plain JavaScript: the factories read the keys from BATCH_* variables (set by the test). */
const ENV_KEYS = `import { BatchValidationError, createAudienceClient, createCustomAudienceClient } from "batch-audience-toolkit";
import { startEmulator } from "batch-audience-toolkit/emulator";

const emulator = await startEmulator({ port: 0 });
try {
  const v2 = createAudienceClient({ baseUrl: emulator.urls["audience-2"] });
  await v2.create("env");
  await v2.update("env", [{ action: "add", id: "u1" }]);
  const v11 = createCustomAudienceClient({ version: "1.1", baseUrl: emulator.urls["custom-audience-1.1"] });
  await v11.create("env");
  delete process.env.BATCH_PROJECT_KEY;
  let missing = "";
  try {
    createAudienceClient({ baseUrl: emulator.urls["audience-2"] });
  } catch (error) {
    missing = error instanceof BatchValidationError ? error.message : String(error);
  }
  console.log(JSON.stringify({ v2: (await v2.get("env")).name, v11: (await v11.get("env")).name, missing }));
} finally {
  await emulator.stop();
}
`;

/** The spec exports, read the two ways a tool would: require/import of the JSON, a path to the YAML. */
const SPECS_CJS = `const apis = ["custom-audience-1.0", "custom-audience-1.1", "audience-2"];
const out = {};
for (const api of apis) {
  out[api] = {
    json: require(\`batch-audience-toolkit/specs/\${api}.json\`),
    yamlPath: require.resolve(\`batch-audience-toolkit/specs/\${api}.yaml\`),
  };
}
console.log(JSON.stringify(out));
`;

const SPECS_ESM = `import spec from "batch-audience-toolkit/specs/audience-2.json" with { type: "json" };
console.log(JSON.stringify({ title: spec.info.title, yaml: import.meta.resolve("batch-audience-toolkit/specs/audience-2.yaml") }));
`;

const base = { target: "ES2022", strict: true, skipLibCheck: false, types: [] as string[] };

/** Writes the consumer's sources and tsconfigs into `project` (its package.json is already there). */
export function writeConsumer(project: string): void {
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    writeFileSync(path.join(project, file), text);
  };
  write("esm/main.ts", ESM_MAIN);
  write("esm/misuse.ts", ESM_MISUSE);
  write("cjs/main.cts", CJS_MAIN);
  write("emulator-only/check.ts", EMULATOR_ONLY);
  write("specs.cjs", SPECS_CJS);
  write("specs.mjs", SPECS_ESM);
  write("env-keys.mjs", ENV_KEYS);
  const tsconfig = (compilerOptions: object, include: string[]) =>
    `${JSON.stringify({ compilerOptions: { ...base, ...compilerOptions }, include }, null, 2)}\n`;
  const node = { module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2022", "DOM"] };
  write("tsconfig.esm.json", tsconfig({ ...node, outDir: "out/esm" }, ["esm"]));
  write(
    "tsconfig.cjs.json",
    tsconfig({ ...node, module: "Node16", moduleResolution: "Node16", outDir: "out/cjs" }, ["cjs"]),
  );
  write(
    "tsconfig.bundler.json",
    tsconfig({ module: "ESNext", moduleResolution: "Bundler", lib: ["ES2022", "DOM"], noEmit: true }, ["esm"]),
  );
  write("tsconfig.emulator.json", tsconfig({ ...node, lib: ["ES2022"], noEmit: true }, ["emulator-only"]));
}
