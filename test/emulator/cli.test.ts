import { spawn } from "node:child_process";
import { describe, expect, test } from "vitest";
import { parseCli } from "../../src/emulator/cli.js";
import { UsageError } from "../../src/shared/usage-error.js";

describe("command line", () => {
  test("parses keys from flags or environment, faults and delays", () => {
    const config = parseCli(
      [
        "--port",
        "0",
        "--rest-key",
        "r1",
        "--rest-key",
        "r2",
        "--fault-rate",
        "429=0.1",
        "--fault-rate",
        "drop=0.05",
        "--indexing-delay-ms",
        "25",
        "--indexing-polls",
        "2",
        "--hold-indexing",
        "--fault-operations",
        "update,replace",
      ],
      { EMULATOR_PROJECT_KEYS: "p1, p2" },
    );
    expect(config.options).toMatchObject({
      port: 0,
      keys: { restKeys: ["r1", "r2"], projectKeys: ["p1", "p2"] },
      indexingDelayMs: 25,
      indexingPolls: 2,
      holdIndexing: true,
      faults: { rates: { "429": 0.1, drop: 0.05 }, operations: ["update", "replace"] },
    });
    expect(config.keySources.restKeys).toBe("2 from --rest-key");
    expect(config.keySources.projectKeys).toBe("2 from $EMULATOR_PROJECT_KEYS");
    expect(config.keySources.apiKeys).toContain("built-in");
    expect(JSON.stringify(config.keySources)).not.toMatch(/r1|p1/);
  });

  test("rejects bad values with a usage error", () => {
    for (const argv of [
      ["--port", "x"],
      ["--fault-rate", "boom=0.1"],
      ["--fault-rate", "429=2"],
      ["--nope"],
      ["--v2-version", "3.0"],
      ["--fault-operations", "upsert"],
      ["--indexing-polls", "1.5"],
      ["--indexing-polls", "-1"],
    ]) {
      expect(() => parseCli(argv, {}), argv.join(" ")).toThrow(UsageError);
    }
  });

  test("scripts/emulator.ts prints its URLs and key sources (not key values) and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/emulator.ts", "--port", "0"], {
      env: { ...process.env, EMULATOR_REST_KEYS: "secret-rest-value" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    // Waits for the banner's last line or the child's exit, however long a loaded machine takes
    // to start tsx (the test timeout catches a hang).
    await new Promise<void>((resolve) => {
      const seen = (chunk: Buffer) => {
        output += chunk.toString();
        if (/Rate limits/.test(output)) resolve();
      };
      child.stdout.on("data", seen);
      child.stderr.on("data", seen);
      child.once("exit", () => resolve());
    });
    try {
      const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      expect(base, output).toBeDefined();
      expect(output).toContain("1 from $EMULATOR_REST_KEYS");
      expect(output).not.toContain("secret-rest-value");
      const answer = await fetch(`${base}/1.0/EMULATOR_APP_KEY/custom-audience`, {
        headers: { "X-Authorization": "secret-rest-value" },
      });
      expect(answer.status).toBe(200);
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    expect(child.exitCode).toBe(0);
  });

  test("--help prints the options", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/emulator.ts", "--help"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(0);
    expect(output).toContain("--fault-rate");
    expect(output).toContain("X-Emulator-Fault");
  });
});
