import { describe, expect, test } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import { adds, pollsFirst, statesOf, useEmulator, v1For } from "./support.js";

const emulator = useEmulator();
const API = "custom-audience-1.0";

describe("Custom Audience 1.0, stateful", () => {
  test("create → view → update → APPLIED → list → delete → 404", async () => {
    const api = v1For(emulator(), "1.0");
    const created = await api.create("seq_a", { type: "custom_ids", description: "first" });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({});

    const fresh = await api.view("seq_a");
    expect(fresh.status).toBe(200);
    expect(fresh.json).toMatchObject({ name: "seq_a", type: "custom_ids", description: "first", nb_ids: 0 });
    expect(fresh.json.created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);

    const updated = await api.update(
      "seq_a",
      {
        type: "custom_ids",
        ids: [...adds(["u1", "u2", "u3"]), { action: "remove", id: "u2" }, { action: "add", id: "u3" }],
      },
      pollsFirst(2),
    );
    expect(updated.status).toBe(202);
    const token = updated.json.indexing_token as string;
    expect(token).toMatch(/^[0-9a-f]{32}$/);

    expect(await statesOf(() => api.view("seq_a", token), 2)).toEqual(["IN_PROGRESS", "IN_PROGRESS"]);
    const answer = await api.view("seq_a", token);
    expect(answer.json.indexing_state).toBe("APPLIED");
    expect(answer.json.nb_ids).toBe(2);
    expect([...emulator().audienceMembers(API, emulator().credentials.apiKey, "seq_a")!.keys()].sort()).toEqual([
      "u1",
      "u3",
    ]);

    const listed = await api.list("?limit=100");
    expect(listed.status).toBe(200);
    expect(listed.json.custom_audiences.find((a: any) => a.name === "seq_a")).toMatchObject({
      nb_ids: 2,
      type: "custom_ids",
    });

    const deleted = await api.remove("seq_a");
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({});
    const gone = await api.view("seq_a");
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual({ error_code: 20, error_message: expect.any(String) });
    expect((await api.remove("seq_a")).status).toBe(404);
    expect((await api.update("seq_a", { type: "custom_ids", ids: adds(["x"]) })).status).toBe(404);
  });

  test("an existing name gets ENTITY_ALREADY_EXISTS (400, 33); after delete the name is free", async () => {
    const api = v1For(emulator(), "1.0");
    expect((await api.create("dup", { type: "advertising_ids" })).status).toBe(200);
    const again = await api.create("dup", { type: "custom_ids" });
    expect(again.status).toBe(400);
    expect(again.json.error_code).toBe(33);
    await api.remove("dup");
    expect((await api.create("dup", { type: "custom_ids" })).status).toBe(200);
  });

  test("update with the other ID type is MALFORMED_PARAMETER naming type", async () => {
    const api = v1For(emulator(), "1.0");
    await api.create("typed", { type: "advertising_ids" });
    const wrong = await api.update("typed", { type: "custom_ids", ids: adds(["a"]) });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error_code).toBe(31);
    expect(wrong.json.error_message).toContain("type");
    expect(emulator().audienceMembers(API, emulator().credentials.apiKey, "typed")!.size).toBe(0);
  });

  test("view without a token reports the last write; an unknown token is MALFORMED_PARAMETER", async () => {
    const api = v1For(emulator(), "1.0");
    await api.create("lastwrite", { type: "custom_ids" });
    await api.update("lastwrite", { type: "custom_ids", ids: adds(["a"]) });
    expect((await api.view("lastwrite")).json.indexing_state).toBe("APPLIED");
    await api.update("lastwrite", { type: "custom_ids", ids: adds(["b"]) }, pollsFirst(1));
    expect(await statesOf(() => api.view("lastwrite"), 2)).toEqual(["IN_PROGRESS", "APPLIED"]);
    const unknown = await api.view("lastwrite", "0".repeat(32));
    expect(unknown.status).toBe(400);
    expect(unknown.json.error_code).toBe(31);
  });

  test("PUT (replace) is not a 1.0 route", async () => {
    const api = v1For(emulator(), "1.0");
    await api.create("noput", { type: "custom_ids" });
    const put = await api.replace("noput", { ids: [{ id: "a" }] });
    expect(put.status).toBe(404);
    expect(put.json.error_code).toBe(20);
  });

  test("offset pagination walks every audience once, newest first", async () => {
    const emu = await startEmulator();
    try {
      const api = v1For(emu, "1.0");
      const names = Array.from({ length: 23 }, (_, i) => `page_${String(i).padStart(2, "0")}`);
      for (const name of names) expect((await api.create(name, { type: "custom_ids" })).status).toBe(200);
      const seen: string[] = [];
      for (let from = 0; ; from += 10) {
        const page = await api.list(`?from=${from}&limit=10`);
        expect(page.status).toBe(200);
        seen.push(...page.json.custom_audiences.map((a: any) => a.name));
        if (page.json.custom_audiences.length < 10) break;
      }
      expect(seen).toEqual([...names].reverse());
      expect((await api.list()).json.custom_audiences).toHaveLength(10);
      for (const bad of ["?limit=0", "?limit=101", "?from=-1", "?from=abc", "?limit=2.5"]) {
        const answer = await api.list(bad);
        expect(answer.status, bad).toBe(400);
        expect(answer.json.error_code, bad).toBe(31);
      }
    } finally {
      await emu.stop();
    }
  });
});
