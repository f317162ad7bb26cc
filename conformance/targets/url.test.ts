import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseOptions } from "../options.js";
import { runSuite, type SuiteResult } from "../suite.js";
import { type PrismHandle, startPrism } from "../support/prism.js";
import { bundlePath } from "../support/spec.js";
import { FAKE_CREDENTIALS } from "./types.js";
import { urlCredentials, urlTarget } from "./url.js";

describe("url target", () => {
  test("uses keys from the environment when set and redacts only real ones", () => {
    const env = { BATCH_REST_KEY: "real-rest-key-123", BATCH_API_KEY: "", BATCH_PROJECT_KEY: " project_real " };
    const credentials = urlCredentials(env);
    expect(credentials).toEqual({
      restKey: "real-rest-key-123",
      apiKey: FAKE_CREDENTIALS.apiKey,
      projectKey: "project_real",
    });
    const target = urlTarget(
      { "custom-audience-1.0": "http://a", "custom-audience-1.1": "http://b", "audience-2": "http://c" },
      credentials,
    );
    expect(target).toMatchObject({ name: "url", kind: "real", violations: "none" });
    expect(target.secrets.sort()).toEqual(["project_real", "real-rest-key-123"]);
  });

  describe("end to end against a server that is already running (a Prism mock standing in)", () => {
    let server: PrismHandle;
    let result: SuiteResult;
    beforeAll(async () => {
      server = await startPrism({ specPath: bundlePath("custom-audience-1.1"), extraArgs: ["-v", "error"] });
      const options = parseOptions(
        [
          "--target",
          "url",
          "--api",
          "custom-audience-1.1",
          "--url",
          `custom-audience-1.1=${server.baseUrl}`,
          "--generated",
          "0",
          "--poll-deadline",
          "1",
        ],
        {},
      );
      result = await runSuite(options, { out: { write: () => true }, env: {} });
    });
    afterAll(async () => {
      await server?.stop();
    });

    test("real-target rules apply: no Prefer, so documented answers pass and states are not faked", () => {
      const byTitle = new Map(result.results.map((r) => [r.title, r]));
      expect(byTitle.get("createAudience → 201 type only")?.outcome).toBe("pass");
      expect(byTitle.get("getAudience → 401 REST key missing")?.outcome).toBe("pass");
      // A stateless server cannot know the audience was never created: the real-target case fails.
      expect(byTitle.get("getAudience → 404 audience never created")?.outcome).toBe("fail");
      expect(byTitle.get("getAudience → 500 server error")?.outcome).toBe("skipped");
      expect(result.exitCode).toBe(1);
    });

    test("sequences run on it and catch what a stateless server cannot do", () => {
      const steps = result.results.filter((r) => r.kind === "sequence");
      expect(steps.length).toBe(16);
      // Prism's mock never forgets an audience: the view after delete fails, and the second create is accepted.
      expect(steps.find((r) => r.title.endsWith("getAudience → 404 view after delete"))?.outcome).toBe("fail");
      expect(
        steps.find((r) => r.title.endsWith("createAudience → 400 create the same name again: already exists"))?.outcome,
      ).toBe("fail");
      expect(steps.find((r) => r.title.endsWith("createAudience → 201 create"))?.outcome).toBe("pass");
    });
  });
});
