/**
 * What the CLI says when something is wrong or when it shows data: --json for argument errors,
 * --dotenv, messages that point the right way, one line and one exit code per file problem, the
 * list and view layouts, and the emulator's banner.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorHandle, startEmulator } from "../../src/emulator/index.js";
import { BIN, ensureBuilt } from "./build.js";
import { idOf, restricted, runCli, tempDir, track, until, writeIdsCsv } from "./support.js";

let emulator: EmulatorHandle;
const dir = tempDir();

beforeAll(async () => {
  await ensureBuilt();
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => emulator?.stop());

const on = (api = "2") => ["--emulator", emulator.baseUrl, "--api", api];

describe("--json for argument errors", () => {
  it.each([
    [["view", "--api", "2", "--name", "x", "--bogus"], /unknown option '--bogus'/],
    [["view", "--api", "2"], /required option '--name <audience>' not specified/],
    [["view", "--api", "3", "--name", "x"], /argument '3' is invalid. Allowed choices are 1.0, 1.1, 2/],
    [["sync", "--api", "2", "--name", "x", "--file", "-", "--resume"], /--resume needs a file/],
  ])("%j: stdout carries the error as JSON, exit 2", async (args, message) => {
    const run = await runCli([...(args as string[]), "--json"]);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ ok: false, error: { kind: "usage" } });
    expect(report.error.message).toMatch(message);
  });
});

describe("--dotenv", () => {
  it("a missing file is the CLI's own usage error (exit 2), not Node's", async () => {
    const run = await runCli(["list", ...on(), "--dotenv", path.join(dir, "missing.env")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`batch-audience: usage error: --dotenv ${path.join(dir, "missing.env")}: no such file\n`);
  });

  it("--env-file, which Node.js 20 takes for itself, is answered with the new name", async () => {
    const envFile = path.join(dir, "present.env");
    writeFileSync(envFile, "BATCH_REST_KEY=emulator-rest-key\n");
    const run = await runCli(["list", ...on(), "--env-file", envFile]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/usage error: --env-file is now --dotenv FILE/);
  });
});

describe("messages that point the right way", () => {
  it("a header with an unknown type suffix names the suffix and lists the valid ones", async () => {
    const file = path.join(dir, "typed.csv");
    writeFileSync(file, `id,age:integer\n${idOf(1)},3\n`);
    const run = await runCli(["sync", ...on(), "--name", "typed", "--file", file, "--dry-run"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"age:integer": unknown type ":integer" (valid suffixes: :string, :number, :array');
    expect(run.stderr).not.toContain("attribute names must be");
    const flag = await runCli(["update", ...on(), "--name", "x", "--add", "a", "--attribute", "age:integer=3"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('unknown type ":integer"');
  });

  it("another audience's checkpoint points to --checkpoint PATH, not to discarding it", async () => {
    const file = writeIdsCsv(dir, 10, "shared.csv");
    const acknowledged = { through: 0, beyond: "" };
    const theirs = { version: 2, api: "2", audience: "theirs", mode: "add", lanes: 4, acknowledged };
    writeFileSync(`${file}.batch-sync.json`, JSON.stringify({ ...theirs, input: {}, laneTokens: [], replace: null }));
    const run = await runCli(["sync", ...on(), "--name", "mine", "--file", file, "--resume"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /is the checkpoint of an unfinished sync of audience "theirs" \(--api 2, --mode add\): give this sync its own with --checkpoint PATH/,
    );
    const own = await runCli([
      "sync",
      ...on(),
      "--name",
      "mine",
      "--file",
      file,
      "--checkpoint",
      path.join(dir, "mine.json"),
    ]);
    expect(own.code, own.stderr).toBe(0);
    expect(JSON.parse(readFileSync(`${file}.batch-sync.json`, "utf8")).audience).toBe("theirs");
  });

  it("connection refused on the emulator's address says to start the emulator", async () => {
    const server = createServer();
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const port = (server.address() as { port: number }).port;
    server.close(); // nothing listens there any more
    const run = await runCli(["view", "--emulator", `http://127.0.0.1:${port}`, "--api", "2", "--name", "x"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/connection failed \(ECONNREFUSED\).*start the emulator with `batch-audience emulator`/);
  });

  it("a host that does not resolve says to check the network or --base-url", async () => {
    // A test double for the resolver: no DNS query leaves the machine.
    const preload = path.join(dir, "no-dns.mjs");
    writeFileSync(
      preload,
      `import dns from "node:dns";
const lookup = dns.lookup;
dns.lookup = (host, options, callback) => {
  const done = typeof options === "function" ? options : callback;
  if (host === "batch.invalid") return process.nextTick(done, Object.assign(new Error("getaddrinfo ENOTFOUND " + host), { code: "ENOTFOUND", hostname: host }));
  return lookup(host, options, callback);
};`,
    );
    const env = { BATCH_REST_KEY: "rest-key-1234", BATCH_PROJECT_KEY: "project_1234" };
    const run = await runCli(["view", "--api", "2", "--name", "x", "--base-url", "http://batch.invalid"], {
      env,
      nodeArgs: ["--import", preload],
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /cannot resolve batch\.invalid: check the network connection, or the host given with --base-url or BATCH_BASE_URL/,
    );
  });
});

describe("file problems: one line each, exit 2", () => {
  it.each([
    ["a missing file", () => path.join(dir, "nope.csv"), /no such file/],
    ["a folder", () => dir, /is a folder, not a file/],
  ])("%s", async (_, file, reason) => {
    const run = await runCli(["sync", ...on(), "--name", "x", "--file", file()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^batch-audience: usage error: --file ${file()}: ${reason.source}\\n$`));
  });

  it("an unreadable file", async () => {
    const folder = path.join(dir, "locked");
    mkdirSync(folder);
    const file = writeIdsCsv(folder, 3, "secret.csv");
    chmodSync(folder, 0o755);
    const { as, restore } = restricted(file, 0o600);
    try {
      const run = await runCli(["sync", ...on(), "--name", "x", "--file", file], as);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `batch-audience: usage error: --file ${file}: permission denied (this user cannot read it)\n`,
      );
    } finally {
      restore();
    }
  });
});

describe("list and view on a terminal's terms", () => {
  it("list has a header row; view and list print counts with thousands separators; --json stays raw", async () => {
    emulator.reset();
    const ids = Array.from({ length: 1234 }, (_, i) => idOf(i));
    expect((await runCli(["create", ...on(), "--name", "big"])).code).toBe(0);
    expect(
      (
        await runCli([
          "update",
          ...on(),
          "--name",
          "big",
          "--ids-json",
          JSON.stringify(ids.map((id) => ({ action: "add", id }))),
        ])
      ).code,
    ).toBe(0);
    const list = await runCli(["list", ...on()]);
    const lines = list.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+TYPE\s+IDS\s+UPDATED$/);
    expect(lines[1]).toMatch(/^big\s+CUSTOM_ID\s+1,234\s+\d{4}-/);
    const view = await runCli(["view", ...on(), "--name", "big"]);
    expect(view.stdout).toMatch(/^nb_ids: 1,234$/m);
    const json = await runCli(["view", ...on(), "--name", "big", "--json"]);
    expect(JSON.parse(json.stdout).nb_ids).toBe(1234);
  });
});

describe("the emulator's banner", () => {
  it("shows the development keys as such and never a key you set", async () => {
    const child = track(
      spawn(process.execPath, [BIN, "emulator", "--port", "0", "--project-key", "project_SECRET_77"], {
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (text: string) => (out += text));
    const exited = once(child, "exit");
    await until(() => out.includes("Ctrl-C stops it."), exited);
    child.kill("SIGINT");
    const [code] = await exited;
    expect(code).toBe(0);
    expect(out).not.toMatch(/never printed\)?:? REST built-in development key/);
    expect(out).toContain("REST built-in development key emulator-rest-key");
    expect(out).toContain("the development keys are not secrets and are shown; keys you set are never printed");
    expect(out).toContain("project 1 from --project-key");
    expect(out).not.toContain("project_SECRET_77");
  });
});
