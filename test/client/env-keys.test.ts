import { afterEach, describe, expect, it, vi } from "vitest";
import { BatchValidationError, createAudienceClient, createCustomAudienceClient } from "../../src/index.js";
import { useScriptedServer } from "../support/scripted-server.js";

const server = useScriptedServer(() => ({ status: 200, json: { name: "a", nb_ids: 0, custom_audiences: [] } }));
afterEach(() => {
  vi.unstubAllEnvs();
});

function stubKeys(keys: Record<string, string | undefined>): void {
  for (const name of ["BATCH_REST_KEY", "BATCH_API_KEY", "BATCH_PROJECT_KEY"]) vi.stubEnv(name, keys[name]);
}

describe("keys from the environment", () => {
  it("2.x reads BATCH_REST_KEY and BATCH_PROJECT_KEY when the options leave them out", async () => {
    stubKeys({ BATCH_REST_KEY: "env-rest", BATCH_PROJECT_KEY: "env-project" });
    await createAudienceClient({ baseUrl: server.url }).get("a");
    const seen = server.requests.at(-1)!.headers;
    expect([seen.authorization, seen["x-batch-project"]]).toEqual(["Bearer env-rest", "env-project"]);
  });

  it("1.x reads BATCH_API_KEY (the app key, in the path) and BATCH_REST_KEY", async () => {
    stubKeys({ BATCH_REST_KEY: "env-rest", BATCH_API_KEY: "ENVAPPKEY" });
    await createCustomAudienceClient({ version: "1.1", baseUrl: server.url }).list();
    const seen = server.requests.at(-1)!;
    expect(seen.path).toBe("/1.1/ENVAPPKEY/custom-audience");
    expect(seen.headers["x-authorization"]).toBe("env-rest");
  });

  it("explicit options win over the environment", async () => {
    stubKeys({ BATCH_REST_KEY: "env-rest", BATCH_PROJECT_KEY: "env-project" });
    await createAudienceClient({ baseUrl: server.url, restKey: "opt-rest" }).get("a");
    const seen = server.requests.at(-1)!.headers;
    expect([seen.authorization, seen["x-batch-project"]]).toEqual(["Bearer opt-rest", "env-project"]);
  });

  it.each([
    ["2.x without a project key", () => createAudienceClient({ restKey: "r" }), "projectKey", "BATCH_PROJECT_KEY"],
    [
      "1.x without an app key",
      () => createCustomAudienceClient({ version: "1.0", restKey: "r" }),
      "apiKey",
      "BATCH_API_KEY",
    ],
    [
      "1.x without a REST key",
      () => createCustomAudienceClient({ version: "1.1", apiKey: "a" }),
      "restKey",
      "BATCH_REST_KEY",
    ],
    [
      "a blank variable",
      () => {
        stubKeys({ BATCH_REST_KEY: " " });
        return createAudienceClient({ projectKey: "p" });
      },
      "restKey",
      "BATCH_REST_KEY",
    ],
  ])("%s fails at once, naming the option and the variable to set", (_, create, field, variable) => {
    stubKeys({});
    const error = (() => {
      try {
        create();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(BatchValidationError);
    expect(error).toMatchObject({ field });
    expect((error as Error).message).toContain(`set ${variable}`);
    expect(server.requests).toHaveLength(0);
  });
});
