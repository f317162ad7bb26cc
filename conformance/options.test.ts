import { describe, expect, test } from "vitest";
import { UsageError } from "../src/shared/usage-error.js";
import { isStateful, parseOptions } from "./options.js";
import { DEFAULT_SEED } from "./support/generated.js";
import { LIVE_CONFIRM_FLAG } from "./targets/live.js";

describe("CLI options", () => {
  test("defaults: mock target, all APIs, generated cases on, concurrency 8", () => {
    const o = parseOptions([], {});
    expect(o).toMatchObject({
      target: "mock",
      apis: ["custom-audience-1.0", "custom-audience-1.1", "audience-2"],
      seed: DEFAULT_SEED,
      concurrency: 8,
      confirmed: false,
      help: false,
    });
    expect(o.reportDir).toBeUndefined();
  });
  test("CONFORMANCE_TARGET selects the target, --target wins over it", () => {
    expect(parseOptions([], { CONFORMANCE_TARGET: "live" }).target).toBe("live");
    expect(parseOptions(["--target", "mock"], { CONFORMANCE_TARGET: "live" }).target).toBe("mock");
  });
  test("live: confirmation flag, sequential by default", () => {
    const o = parseOptions(["--target", "live", LIVE_CONFIRM_FLAG], {});
    expect(o.confirmed).toBe(true);
    expect(o.concurrency).toBe(1);
  });
  test("emulator: no keys or confirmation needed, concurrent by default, stateful", () => {
    const o = parseOptions([], { CONFORMANCE_TARGET: "emulator" });
    expect(o).toMatchObject({ target: "emulator", concurrency: 8, confirmed: false });
    expect(o.pollDeadlineMs).toBeUndefined();
    expect(isStateful("emulator") && isStateful("live") && isStateful("url") && !isStateful("mock")).toBe(true);
  });
  test("--v2-version takes any 2.N, not only the versions seen (Batch's server variable is open)", () => {
    expect(parseOptions([], {}).v2Version).toBe("2.11");
    for (const version of ["2.5", "2.13", "2.99"])
      expect(parseOptions(["--v2-version", version], {}).v2Version).toBe(version);
  });
  test("--strict, --record and --diverge (emulator only, known profiles)", () => {
    expect(parseOptions([], {})).toMatchObject({ strict: false, divergences: [] });
    const o = parseOptions(
      ["--target", "emulator", "--strict", "--record", "run.har", "--diverge", "update-201", "--diverge", "update-201"],
      {},
    );
    expect(o).toMatchObject({ strict: true, recordFile: "run.har", divergences: ["update-201"] });
    expect(() => parseOptions(["--diverge", "update-201"], {})).toThrow(/--diverge only applies to --target emulator/);
    expect(() => parseOptions(["--target", "emulator", "--diverge", "chaos"], {})).toThrow(/unknown --diverge chaos/);
  });
  test("--proxy: auto by default, prism or none on emulator and live only", () => {
    expect(parseOptions(["--target", "emulator"], {}).proxy).toBe("auto");
    expect(parseOptions(["--target", "emulator", "--proxy", "none"], {}).proxy).toBe("none");
    expect(parseOptions(["--target", "live", "--proxy", "prism"], {}).proxy).toBe("prism");
    expect(() => parseOptions(["--target", "emulator", "--proxy", "envoy"], {})).toThrow(/unknown --proxy "envoy"/);
    expect(() => parseOptions(["--proxy", "none"], {})).toThrow(/--proxy only applies to --target emulator and/);
  });
  test("--poll-deadline is in seconds", () => {
    expect(parseOptions(["--target", "live", "--poll-deadline", "120"], {}).pollDeadlineMs).toBe(120_000);
    expect(() => parseOptions(["--poll-deadline", "0"], {})).toThrow(/--poll-deadline must be an integer >= 1/);
  });
  test("url target needs a URL per selected API", () => {
    expect(() => parseOptions(["--target", "url", "--url", "custom-audience-1.1=http://127.0.0.1:9000"], {})).toThrow(
      /needs --url for custom-audience-1.0, audience-2/,
    );
    const o = parseOptions(
      ["--target", "url", "--api", "custom-audience-1.1", "--url", "custom-audience-1.1=http://127.0.0.1:9000"],
      {},
    );
    expect(o.urls).toEqual({ "custom-audience-1.1": "http://127.0.0.1:9000" });
  });
  test.each([
    [["--target", "prod"], /unknown target "prod"/],
    [["--api", "custom-audience-3"], /unknown API/],
    [["--target", "url", "--url", "nonsense"], /--url expects/],
    [["--target", "url", "--api", "audience-2", "--url", "audience-2=not a url"], /is not a URL/],
    [["--url", "audience-2=http://127.0.0.1:1"], /only applies to --target url/],
    [["--seed", "1.5"], /--seed must be an integer/],
    [["--concurrency", "0"], /--concurrency must be an integer >= 1/],
    [["--bogus"], /Unknown option/],
    [["--v2-version", "3.0"], /--v2-version must look like 2.11/],
    [["--v2-version", "2"], /--v2-version must look like 2.11/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseOptions(argv, {})).toThrow(UsageError);
    expect(() => parseOptions(argv, {})).toThrow(message);
  });
  test("--report, --generated 0, --help", () => {
    const o = parseOptions(["--report", "out", "--generated", "0", "-h"], {});
    expect(o).toMatchObject({ reportDir: "out", generatedPerOperation: 0, help: true });
  });
});
