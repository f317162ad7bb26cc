/** Documented limits and the 400 family over HTTP: which code, and which field the message names. */
import { describe, expect, test } from "vitest";
import { adds, call, useEmulator, v1For, v2For } from "./support.js";

const emulator = useEmulator();
const many = (n: number) => adds(Array.from({ length: n }, (_, i) => `id-${i}`));
const attributes15 = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`a${i}`, i]));

describe("limits and 400 errors", () => {
  test("1.x: MISSING_PARAMETER (30), MALFORMED_PARAMETER (31), MALFORMED_JSON_BODY (32) name the field", async () => {
    const api = v1For(emulator(), "1.1");
    await api.create("lim11", { type: "install_ids" });
    const cases: [Promise<{ status: number; json: any }>, number, string][] = [
      [api.update("lim11", {}), 30, "ids"],
      [api.update("lim11", { ids: [{ id: "a" }] }), 30, "ids[0].action"],
      [api.update("lim11", { ids: [{ action: "add" }] }), 30, "ids[0].id"],
      [api.update("lim11", { ids: "a" }), 31, "ids"],
      [api.update("lim11", { ids: [] }), 31, "ids"],
      [api.update("lim11", { ids: many(10_001) }), 31, "ids"],
      [api.update("lim11", { ids: [{ action: "add", id: "" }] }), 31, "ids[0].id"],
      [api.update("lim11", { ids: [{ action: "upsert", id: "a" }] }), 31, "ids[0].action"],
      [api.update("lim11", { ids: [{ action: "add", id: "a", color: "red" }] }), 31, "ids[0].color"],
      [
        api.update("lim11", { ids: [{ action: "remove", id: "a", attributes: { a: 1 } }] }),
        31,
        'only accepted with action "add"',
      ],
      [api.update("lim11", { ids: [{ action: "remove", id: "a", tags: ["t"] }] }), 31, "ids[0].tags"],
      [
        api.update("lim11", { ids: [{ action: "add", id: "a", attributes: { ...attributes15, a15: 1 } }] }),
        31,
        "at most 15 entries",
      ],
      [
        api.update("lim11", { ids: [{ action: "add", id: "a", attributes: { Plan: 1 } }] }),
        31,
        "ids[0].attributes.Plan",
      ],
      [api.update("lim11", { ids: [{ action: "add", id: "a", attributes: { a: "x".repeat(301) } }] }), 31, "300"],
      [api.update("lim11", { ids: [{ action: "add", id: "a", attributes: { a: Array(26).fill("s") } }] }), 31, "25"],
      [api.update("lim11", { ids: [{ action: "add", id: "a", attributes: { a: true } }] }), 31, "ids[0].attributes.a"],
      [
        api.update("lim11", { ids: [{ action: "add", id: "a", attributes: { "date(d)": "2024-01-01" } }] }),
        31,
        "date(d)",
      ],
      [api.update("lim11", { ids: [{ action: "add", id: "a", attributes: { "url(u)": "not a url" } }] }), 31, "url(u)"],
      [api.update("lim11", { ids: [{ action: "add", id: "a", tags: ["Upper"] }] }), 31, "ids[0].tags[0]"],
      [api.update("lim11", { ids: [...many(5), { action: "add", id: "a", bad: 1 }] }), 31, "ids[5].bad"],
      [api.update("lim11", { ids: many(1), extra: true }), 31, "extra"],
      [api.create("bad.name", { type: "install_ids" }), 31, "audienceName"],
      [api.create("a".repeat(256), { type: "install_ids" }), 31, "audienceName"],
      [api.create("lim11b", {}), 30, "type"],
      [api.create("lim11b", []), 32, "JSON object"],
    ];
    for (const [pending, code, mention] of cases) {
      const answer = await pending;
      expect(answer.status, mention).toBe(400);
      expect(answer.json.error_code, mention).toBe(code);
      expect(answer.json.error_message, mention).toContain(mention);
    }
    expect(emulator().audienceMembers("custom-audience-1.1", emulator().credentials.apiKey, "lim11")!.size).toBe(0);
  });

  test("exactly at the limits is accepted: 10,000 IDs, 15 attributes, 300-code-point strings, 25-string arrays", async () => {
    const api = v1For(emulator(), "1.1");
    await api.create("edge11", { type: "install_ids" });
    expect((await api.update("edge11", { ids: many(10_000) })).status).toBe(202);
    const edge = await api.update("edge11", {
      ids: [
        {
          action: "add",
          id: "e",
          attributes: { ...attributes15, a0: "😀".repeat(300), a1: Array(25).fill("s") },
          tags: ["ok-tag", "ünï"],
        },
      ],
    });
    expect(edge.status).toBe(202);
    expect((await api.view("edge11")).json.nb_ids).toBe(10_001);
    expect((await v1For(emulator(), "1.0").create("a".repeat(255), { type: "custom_ids" })).status).toBe(200);
  });

  test("1.0 takes neither attributes nor tags; 2.x takes attributes but not tags", async () => {
    const v10 = v1For(emulator(), "1.0");
    await v10.create("lim10", { type: "custom_ids" });
    const withAttributes = await v10.update("lim10", {
      type: "custom_ids",
      ids: [{ action: "add", id: "a", attributes: { a: 1 } }],
    });
    expect(withAttributes.json).toMatchObject({
      error_code: 31,
      error_message: expect.stringContaining("ids[0].attributes"),
    });
    const v2 = v2For(emulator());
    await v2.create({ name: "lim2", type: "custom_ids" });
    const withTags = await v2.update({ name: "lim2", ids: [{ action: "add", id: "a", tags: ["t"] }] });
    expect(withTags.json).toMatchObject({
      error_code: "MALFORMED_PARAMETER",
      error_message: expect.stringContaining("ids[0].tags"),
    });
  });

  test("2.x: the same distinctions with string codes", async () => {
    const api = v2For(emulator());
    await api.create({ name: "lim2b", type: "custom_ids" });
    const cases: [Promise<{ status: number; json: any }>, string, string][] = [
      [api.update({ ids: many(1) }), "MISSING_PARAMETER", "name"],
      [api.update({ name: "lim2b" }), "MISSING_PARAMETER", "ids"],
      [api.update({ name: "bad name", ids: many(1) }), "MALFORMED_PARAMETER", "name"],
      [api.update({ name: "lim2b", ids: many(10_001) }), "MALFORMED_PARAMETER", "10000"],
      [api.create({ name: "x" }), "MISSING_PARAMETER", "type"],
      [api.create({ name: "x", type: "CUSTOM_ID" }), "MALFORMED_PARAMETER", "type"],
      [api.remove({}), "MISSING_PARAMETER", "name"],
    ];
    for (const [pending, code, mention] of cases) {
      const answer = await pending;
      expect(answer.status, mention).toBe(400);
      expect(answer.json.error_code, mention).toBe(code);
      expect(answer.json.error_message, mention).toContain(mention);
    }
    const notJson = await call(`${emulator().urls["audience-2"]}/audiences/create`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${emulator().credentials.restKey}`,
        "X-Batch-Project": emulator().credentials.projectKey,
        "Content-Type": "application/json",
      },
      body: "{not json",
    });
    expect(notJson.json).toEqual({
      error_code: "MALFORMED_JSON_BODY",
      error_message: "The request body is not valid JSON",
    });
  });
});
