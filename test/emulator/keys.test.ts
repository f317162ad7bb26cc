import { describe, expect, test } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import { adds, call, useEmulator, v1, v2 } from "./support.js";

const emulator = useEmulator({
  keys: { restKeys: ["rest-one", "rest-two"], apiKeys: ["APP_A", "APP_B"], projectKeys: ["project_a", "project_b"] },
});

describe("credentials", () => {
  test("1.x: a wrong or missing REST key, or an unknown app key, gets 401 AUTHENTICATION_INVALID (10)", async () => {
    const base = emulator().baseUrl;
    const cases = [
      v1(base, "1.1", "rest-wrong", "APP_A").list(),
      v1(base, "1.1", "rest-one", "APP_UNKNOWN").list(),
      call(`${base}/1.0/APP_A/custom-audience`),
      v1(base, "1.0", "rest-one", "APP_A").create("k", { type: "custom_ids" }, { "X-Authorization": "" }),
    ];
    for (const answer of await Promise.all(cases)) {
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ error_code: 10, error_message: expect.any(String) });
    }
    expect((await v1(base, "1.1", "rest-two", "APP_B").list()).status).toBe(200);
  });

  test("2.x: a wrong bearer, a missing bearer or a wrong project key gets 401 with a string code", async () => {
    const base = emulator().urls["audience-2"];
    const cases = [
      v2(base, "rest-wrong", "project_a").list(),
      v2(base, "rest-one", "project_unknown").list(),
      call(`${base}/audiences/list`, { headers: { "X-Batch-Project": "project_a" } }),
      call(`${base}/audiences/list`, { headers: { Authorization: "Basic rest-one", "X-Batch-Project": "project_a" } }),
      call(`${base}/audiences/list`, { headers: { Authorization: "Bearer rest-one" } }),
    ];
    for (const answer of await Promise.all(cases)) {
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ error_code: "AUTHENTICATION_INVALID", error_message: expect.any(String) });
    }
  });

  test("audiences are separate per app key and per project key", async () => {
    const emu = emulator();
    const appA = v1(emu.baseUrl, "1.1", "rest-one", "APP_A");
    const appB = v1(emu.baseUrl, "1.1", "rest-two", "APP_B");
    await appA.create("mine", { type: "install_ids" });
    await appA.update("mine", { ids: adds(["x"]) });
    expect((await appB.view("mine")).status).toBe(404);
    expect((await appB.create("mine", { type: "install_ids" })).status).toBe(201);
    expect(emu.audienceMembers("custom-audience-1.1", "APP_A", "mine")!.size).toBe(1);
    expect(emu.audienceMembers("custom-audience-1.1", "APP_B", "mine")!.size).toBe(0);

    const projectA = v2(emu.urls["audience-2"], "rest-one", "project_a");
    const projectB = v2(emu.urls["audience-2"], "rest-one", "project_b");
    await projectA.create({ name: "proj", type: "custom_ids" });
    expect((await projectB.view("?name=proj")).status).toBe(404);
    expect((await projectB.list()).json.count).toBe(0);
  });

  test("defaults and the '*' wildcard", async () => {
    const any = await startEmulator({ keys: { restKeys: ["*"], apiKeys: ["*"], projectKeys: ["*"] } });
    const defaults = await startEmulator();
    try {
      expect((await v1(any.baseUrl, "1.0", "whatever", "ANY").list()).status).toBe(200);
      expect((await v1(any.baseUrl, "1.0", "", "ANY").list()).status).toBe(401);
      expect((await v2(any.urls["audience-2"], "x", "y").list()).status).toBe(200);
      expect(defaults.credentials).toEqual({
        restKey: "emulator-rest-key",
        apiKey: "EMULATOR_APP_KEY",
        projectKey: "project_emulator",
      });
      expect((await v1(defaults.baseUrl, "1.0", "emulator-rest-key", "EMULATOR_APP_KEY").list()).status).toBe(200);
    } finally {
      await Promise.all([any.stop(), defaults.stop()]);
    }
  });
});
