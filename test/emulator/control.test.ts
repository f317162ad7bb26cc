import { describe, expect, test } from "vitest";
import { adds, call, useEmulator, v1For, v2For } from "./support.js";

const emulator = useEmulator();

describe("control API over HTTP", () => {
  test("members, audiences, indexing delay, stats reset and reset", async () => {
    const emu = emulator();
    const control = `${emu.baseUrl}/_emulator`;
    const api = v2For(emu);
    await api.create({ name: "ctl", type: "custom_ids" });
    const ids = Array.from({ length: 12_000 }, (_, i) => `m${i}`);
    await api.update({ name: "ctl", ids: adds(ids.slice(0, 10_000)) });
    await api.update({
      name: "ctl",
      ids: [...adds(ids.slice(10_000)), { action: "add", id: "m0", attributes: { a: "b" } }],
    });

    const key = encodeURIComponent(emu.credentials.projectKey);
    const members = await call(`${control}/members?api=audience-2&key=${key}&name=ctl`);
    expect(members.json.nb_ids).toBe(12_000);
    expect(Object.keys(members.json.members).sort()).toEqual([...ids].sort());
    expect(members.json.members.m0).toEqual({ attributes: { a: "b" } });
    expect(Object.fromEntries(emu.audienceMembers("audience-2", emu.credentials.projectKey, "ctl")!)).toEqual(
      members.json.members,
    );
    expect((await call(`${control}/members?api=audience-2&key=${key}&name=none`)).status).toBe(404);
    expect((await call(`${control}/members?api=audience-3&key=${key}&name=ctl`)).status).toBe(400);

    const audiences = await call(`${control}/audiences?api=audience-2&key=${key}`);
    expect(audiences.json.audiences).toEqual([{ name: "ctl", nb_ids: 12_000 }]);

    expect(
      (await call(`${control}/indexing-delay`, { method: "PUT", body: JSON.stringify({ ms: 60_000 }) })).status,
    ).toBe(200);
    await api.update({ name: "ctl", ids: adds(["late"]) });
    expect((await api.view("?name=ctl")).json.indexing_state).toBe("IN_PROGRESS");
    emu.setIndexingDelay(0);

    const cleared = await call(`${control}/stats/reset`, { method: "POST" });
    expect(cleared.json).toMatchObject({ requests: 0, writesApplied: 0, idsIngested: 0 });
    expect((await call(`${control}/reset`, { method: "POST" })).status).toBe(200);
    expect((await api.view("?name=ctl")).status).toBe(404);
    expect(emu.stats().audiences).toBe(0);
    expect((await v1For(emu, "1.0").list()).json.custom_audiences).toEqual([]);
    expect((await call(`${control}/nothing`)).status).toBe(404);
  });
});
