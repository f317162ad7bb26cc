import { describe, expect, test } from "vitest";
import { useEmulator, v1For } from "./support.js";

const emulator = useEmulator();
const API = "custom-audience-1.1";
const members = (name: string) => emulator().audienceMembers(API, emulator().credentials.apiKey, name);

describe("Custom Audience 1.1, stateful", () => {
  test("create → update with attributes/tags → APPLIED → list → replace → delete → 404", async () => {
    const api = v1For(emulator(), "1.1");
    const created = await api.create("install_a", { type: "install_ids", description: "installs" });
    expect(created.status).toBe(201);
    expect(created.json.indexing_token).toMatch(/^[0-9a-f]{32}$/);

    const updated = await api.update("install_a", {
      ids: [
        { action: "add", id: "i1", attributes: { plan: "gold", "date(seen)": "2024-01-02T03:04:05Z" }, tags: ["vip"] },
        { action: "add", id: "i2" },
        { action: "add", id: "i3", tags: ["x"] },
        { action: "remove", id: "i3" },
      ],
    });
    expect(updated.status).toBe(202);
    const answer = await api.view("install_a", updated.json.indexing_token);
    expect(answer.json).toMatchObject({ name: "install_a", type: "install_ids", nb_ids: 2, indexing_state: "APPLIED" });
    expect(members("install_a")).toEqual(
      new Map<string, unknown>([
        ["i1", { attributes: { plan: "gold", "date(seen)": "2024-01-02T03:04:05Z" }, tags: ["vip"] }],
        ["i2", {}],
      ]),
    );

    const listed = await api.list();
    expect(listed.json.custom_audiences.map((a: any) => a.name)).toContain("install_a");

    const replaced = await api.replace("install_a", {
      ids: [{ id: "r1", attributes: { n: 3 }, tags: ["t"] }, { id: "r2" }, { id: "r1", attributes: { n: 4 } }],
    });
    expect(replaced.status).toBe(201);
    expect(replaced.json.indexing_token).toMatch(/^[0-9a-f]{32}$/);
    expect(members("install_a")).toEqual(
      new Map<string, unknown>([
        ["r1", { attributes: { n: 4 } }],
        ["r2", {}],
      ]),
    );
    // The replace is applied (no delay, polls or hold), and 1.x has no REPLACED state: an earlier
    // token stays APPLIED.
    expect((await api.view("install_a", replaced.json.indexing_token)).json.indexing_state).toBe("APPLIED");
    expect((await api.view("install_a", updated.json.indexing_token)).json.indexing_state).toBe("APPLIED");

    expect((await api.remove("install_a")).json).toEqual({});
    expect((await api.view("install_a")).status).toBe(404);
    expect((await api.replace("install_a", { ids: [{ id: "a" }] })).status).toBe(404);
  });

  test("1.0 and 1.1 keep separate audiences for the same app key", async () => {
    const v11 = v1For(emulator(), "1.1");
    const v10 = v1For(emulator(), "1.0");
    await v11.create("shared_name", { type: "install_ids" });
    expect((await v10.view("shared_name")).status).toBe(404);
    expect((await v10.create("shared_name", { type: "custom_ids" })).status).toBe(200);
    expect((await v11.create("shared_name", { type: "install_ids" })).json.error_code).toBe(33);
  });

  test("1.1 accepts only install_ids and rejects a 1.0-style update body", async () => {
    const api = v1For(emulator(), "1.1");
    const wrongType = await api.create("ads", { type: "advertising_ids" });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error_code).toBe(31);
    await api.create("strict11", { type: "install_ids" });
    const typed = await api.update("strict11", { type: "install_ids", ids: [{ action: "add", id: "a" }] });
    expect(typed.status).toBe(400);
    expect(typed.json.error_message).toContain("type");
  });
});
