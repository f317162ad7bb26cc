/** Every command of the built binary against the emulator: JSON output, errors, exit codes, help. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorHandle, startEmulator } from "../../src/emulator/index.js";
import { ensureBuilt } from "./build.js";
import { runCli, tempDir } from "./support.js";

let emulator: EmulatorHandle;
const SECRETS = { rest: "rest-SECRET-7f3a9c", app: "APP-SECRET-55e1", project: "project_SECRET_b7d2" };

beforeAll(async () => {
  await ensureBuilt();
  emulator = await startEmulator({
    port: 0,
    keys: { restKeys: [SECRETS.rest], apiKeys: [SECRETS.app], projectKeys: [SECRETS.project] },
  });
});
afterAll(async () => emulator?.stop());

const keyEnv = () => ({ BATCH_REST_KEY: SECRETS.rest, BATCH_API_KEY: SECRETS.app, BATCH_PROJECT_KEY: SECRETS.project });
const on = (api: string) => ["--api", api, "--base-url", emulator.baseUrl];

async function json(args: string[], expectedCode = 0): Promise<any> {
  const run = await runCli([...args, "--json"], { env: keyEnv() });
  expect(run.code, run.stderr).toBe(expectedCode);
  return JSON.parse(run.stdout);
}

describe.each([
  { api: "1.0", createArgs: ["--type", "custom_ids", "--description", "one"], replace: false, attributes: false },
  { api: "1.1", createArgs: ["--description", "one"], replace: true, attributes: true },
  { api: "2", createArgs: ["--display-name", "One"], replace: true, attributes: true },
])("API $api", ({ api, createArgs, replace, attributes }) => {
  const name = `crud_${api.replace(".", "_")}`;

  it("creates, updates, views, lists, replaces and deletes, with --json output that parses", async () => {
    expect(await json(["create", ...on(api), "--name", name, ...createArgs])).toMatchObject({
      ok: true,
      command: "create",
      audience: name,
    });
    const extra = attributes ? ["--attribute", "age:number=31", "--attribute", "plan=gold"] : [];
    const updated = await json([
      "update",
      ...on(api),
      "--name",
      name,
      "--add",
      "a",
      "b",
      "c",
      ...extra,
      "--remove",
      "zz",
      "--wait",
    ]);
    expect(updated).toMatchObject({ ok: true, command: "update", indexingState: "APPLIED" });
    expect(typeof updated.indexingToken).toBe("string");
    const viewed = await json(["view", ...on(api), "--name", name]);
    expect(viewed).toMatchObject({ name, nb_ids: 3 });
    const listed = await json(["list", ...on(api)]);
    expect(listed.map((a: { name: string }) => a.name)).toContain(name);
    expect(await json(["list", ...on(api), "--limit", "1"])).toHaveLength(1);
    if (attributes) {
      const key = api === "2" ? SECRETS.project : SECRETS.app;
      expect(
        emulator.audienceMembers(api === "2" ? "audience-2" : "custom-audience-1.1", key, name)?.get("a"),
      ).toMatchObject({
        attributes: { age: 31, plan: "gold" },
      });
    }
    if (replace) {
      expect(await json(["replace", ...on(api), "--name", name, "--id", "x", "y"])).toMatchObject({
        ok: true,
        command: "replace",
      });
      expect(await json(["view", ...on(api), "--name", name])).toMatchObject({ nb_ids: 2 });
    } else {
      const refused = await runCli(["replace", ...on(api), "--name", name, "--id", "x"], { env: keyEnv() });
      expect(refused.code).toBe(2);
    }
    // 127.0.0.1 is an emulator: delete does not ask.
    expect(await json(["delete", ...on(api), "--name", name])).toMatchObject({ ok: true, command: "delete" });
    const gone = await json(["view", ...on(api), "--name", name], 1);
    expect(gone.ok).toBe(false);
    expect(gone.error.status).toBe(404);
  });
});

describe("errors and exit codes", () => {
  it("an API failure is one line with the Batch error name and code, exit 1", async () => {
    const run = await runCli(["view", ...on("1.1"), "--name", "missing"], { env: keyEnv() });
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/getAudience failed: .+ \[HTTP 404 ROUTE_NOT_FOUND code 20\]/);
    const asJson = await json(["create", ...on("2"), "--name", "dup"]);
    expect(asJson.ok).toBe(true);
    const duplicate = await json(["create", ...on("2"), "--name", "dup"], 1);
    expect(duplicate.error).toMatchObject({
      kind: "already_exists",
      errorName: "ENTITY_ALREADY_EXISTS",
      errorCode: "ENTITY_ALREADY_EXISTS",
      status: 400,
    });
  });

  it("validation failures exit 1 before anything is sent", async () => {
    const before = emulator.stats().requests;
    const run = await runCli(["update", ...on("2"), "--name", "bad name!", "--add", "a"], { env: keyEnv() });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/invalid name: must be 1-255 characters from A-Z, a-z, 0-9, _ and - \(pattern /);
    expect(emulator.stats().requests).toBe(before);
  });

  it.each([
    [["view", "--name", "x"], /required option '--api/],
    [["view", "--api", "3", "--name", "x"], /Allowed choices are 1.0, 1.1, 2/],
    [["view", "--api", "2", "--name", "x", "--bogus"], /unknown option '--bogus'/],
    [["frobnicate"], /unknown command 'frobnicate'/],
  ])("usage errors exit 2: %j", async (args, message) => {
    const run = await runCli(args as string[]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it("missing keys are a usage error naming the variables, never their values", async () => {
    const run = await runCli(["list", "--api", "2", "--base-url", emulator.baseUrl]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/missing BATCH_REST_KEY and BATCH_PROJECT_KEY/);
  });
});

describe("keys", () => {
  it("reads keys from --dotenv and never prints them, even with --verbose and retries", async () => {
    const dir = tempDir();
    const envFile = path.join(dir, ".env");
    writeFileSync(
      envFile,
      `BATCH_REST_KEY=${SECRETS.rest}\nBATCH_API_KEY="${SECRETS.app}"\nBATCH_PROJECT_KEY=${SECRETS.project}\n`,
    );
    emulator.injectFaults({ kind: "503", times: 2 });
    const run = await runCli(["list", ...on("1.1"), "--dotenv", envFile, "--verbose", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/\[debug\] retry|retry/i);
    expect(run.stderr).toMatch(/keys from BATCH_REST_KEY, BATCH_API_KEY \(values not shown\)/);
    for (const secret of Object.values(SECRETS)) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
    // A failure whose URL carries the 1.x app key in its path: redacted too.
    const failed = await runCli(["view", ...on("1.1"), "--dotenv", envFile, "--name", "nope", "--verbose", "--json"]);
    expect(failed.code).toBe(1);
    for (const secret of Object.values(SECRETS)) expect(failed.stdout + failed.stderr).not.toContain(secret);
  });
});

describe("help", () => {
  it.each(["create", "view", "list", "update", "replace", "delete", "sync", "emulator"])(
    "%s --help shows an example",
    async (command) => {
      const run = await runCli([command, "--help"]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Examples:\n\s+\$ batch-audience /);
    },
  );

  it("conformance --help shows the suite's options and an example", async () => {
    const run = await runCli(["conformance", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--target/);
    expect(run.stdout).toMatch(/Examples[^\n]*:\n\s+\$ batch-audience conformance/);
  });

  it("the top-level help lists the two-command quick start and the exit codes", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/batch-audience emulator\n\s+\$ batch-audience sync --emulator/);
    expect(run.stdout).toMatch(/0 ok, 1 API or validation failure, 2 usage error/);
  });
});
