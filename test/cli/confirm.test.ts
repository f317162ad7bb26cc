/**
 * No surprise writes: delete, replace, sync --mode replace and sync --mode remove ask on a terminal
 * (showing the audience, the API and its number of IDs), need --yes without one, and do not ask an
 * emulator.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_KEYS, type EmulatorHandle, startEmulator } from "../../src/emulator/index.js";
import { createAudienceClient } from "../../src/index.js";
import { BIN, ensureBuilt } from "./build.js";
import { idOf, runCli, tempDir, writeIdsCsv } from "./support.js";
import { TtySession } from "./tty.js";

let emulator: EmulatorHandle;
const dir = tempDir();
const KEYS = {
  BATCH_REST_KEY: DEFAULT_KEYS.restKeys[0]!,
  BATCH_PROJECT_KEY: DEFAULT_KEYS.projectKeys[0]!,
  BATCH_API_KEY: DEFAULT_KEYS.apiKeys[0]!,
};

beforeAll(async () => {
  await ensureBuilt();
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => emulator?.stop());
beforeEach(() => emulator.reset());

/**
 * The local emulator reached through an address the exemption does not list (an IPv4-mapped
 * loopback address), so the CLI treats it as a real Batch host.
 */
const remote = () => ["--base-url", `http://[::ffff:127.0.0.1]:${emulator.port}`];
const size = (name: string) => emulator.audienceMembers("audience-2", KEYS.BATCH_PROJECT_KEY, name)?.size;

/** An audience "fans" holding `ids` IDs, made in-process (quicker than two CLI runs). */
async function fans(ids = 3): Promise<void> {
  const client = createAudienceClient({
    restKey: KEYS.BATCH_REST_KEY,
    projectKey: KEYS.BATCH_PROJECT_KEY,
    baseUrl: emulator.urls["audience-2"],
  });
  await client.create("fans");
  await client.update(
    "fans",
    Array.from({ length: ids }, (_, i) => ({ action: "add" as const, id: idOf(i) })),
  );
  expect(size("fans")).toBe(ids);
}

describe("without a terminal", () => {
  const file = () => writeIdsCsv(dir, 5, "five.csv");
  it.each([
    ["delete", () => ["delete", "--api", "2", "--name", "fans"]],
    ["replace", () => ["replace", "--api", "2", "--name", "fans", "--id", "x"]],
    ["sync --mode replace", () => ["sync", "--api", "2", "--name", "fans", "--file", file(), "--mode", "replace"]],
    ["sync --mode remove", () => ["sync", "--api", "2", "--name", "fans", "--file", file(), "--mode", "remove"]],
  ])("%s against a Batch host needs --yes, and sends nothing without it", async (_, args) => {
    await fans();
    const requests = emulator.stats().requests;
    const refused = await runCli([...args(), ...remote()], { env: KEYS });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /audience "fans" \(Audience API 2\.11 at \[::ffff:7f00:1\]:\d+\): add --yes to confirm/,
    );
    expect(emulator.stats().requests).toBe(requests);
    expect(size("fans")).toBe(3);

    const confirmed = await runCli([...args(), ...remote(), "--yes"], { env: KEYS });
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(size("fans")).not.toBe(3);
  });

  it("an emulator (--emulator, or a 127.0.0.1 / localhost base URL) is not asked", async () => {
    await fans();
    expect((await runCli(["delete", "--emulator", emulator.baseUrl, "--api", "2", "--name", "fans"])).code).toBe(0);
    await fans();
    const local = ["--base-url", `http://localhost:${emulator.port}`];
    expect((await runCli(["delete", ...local, "--api", "2", "--name", "fans"], { env: KEYS })).code).toBe(0);
    expect(size("fans")).toBeUndefined();
  });
});

describe("on a terminal", () => {
  const deleteFans = () => [process.execPath, BIN, "delete", "--api", "2", "--name", "fans", ...remote()];

  it("asks with the audience, the API and its size; anything but yes changes nothing", async () => {
    await fans(1234);
    const tty = new TtySession(deleteFans(), { cols: 160, rows: 20, env: KEYS });
    await tty.waitFor(/\[y\/N\] $/);
    expect(tty.output).toMatch(
      /delete audience "fans" \(Audience API 2\.11 at \[::ffff:7f00:1\]:\d+\), which holds 1,234 IDs\? \[y\/N\] $/,
    );
    tty.type("n\r");
    const { code, screen } = await tty.finish();
    expect(code).toBe(1);
    expect(screen.join("\n")).toMatch(/not confirmed: nothing was changed/);
    expect(size("fans")).toBe(1234);
  });

  it("goes ahead on yes", async () => {
    await fans();
    const tty = new TtySession(deleteFans(), { cols: 160, rows: 20, env: KEYS });
    await tty.waitFor(/which holds 3 IDs\? \[y\/N\] $/);
    tty.type("y\r");
    const { code, screen } = await tty.finish();
    expect(code).toBe(0);
    expect(screen).toContain("deleted fans");
    expect(size("fans")).toBeUndefined();
  });

  it("sync --mode remove asks before the first request that changes anything", async () => {
    await fans();
    const file = writeIdsCsv(dir, 2, "two.csv");
    const command = [process.execPath, BIN, "sync", "--api", "2", "--name", "fans", "--file", file, "--mode", "remove"];
    const tty = new TtySession([...command, ...remote()], { cols: 200, rows: 20, env: KEYS });
    await tty.waitFor(/remove the IDs of .*two\.csv from audience "fans" .*which holds 3 IDs\? \[y\/N\] $/);
    const writes = emulator.stats().writesApplied;
    tty.type("\x03"); // Ctrl-C at the question means no
    const { code } = await tty.finish();
    expect(code).toBe(1);
    expect(emulator.stats().writesApplied).toBe(writes);
    expect(size("fans")).toBe(3);
  });
});
