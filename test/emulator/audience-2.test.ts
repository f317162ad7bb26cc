import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { startEmulator, V2_VERSION_PATTERN, V2_VERSIONS } from "../../src/emulator/index.js";
import { adds, call, pollsFirst, statesOf, useEmulator, v2, v2For } from "./support.js";

const emulator = useEmulator();
const members = (name: string) => emulator().audienceMembers("audience-2", emulator().credentials.projectKey, name);
const RFC3339_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe("Audience API 2.x, stateful", () => {
  test("create → view → update → APPLIED → list → replace → remove → 404", async () => {
    const api = v2For(emulator());
    const created = await api.create({ name: "v2_seq", type: "custom_ids", display_name: "Seq" });
    expect(created.status).toBe(202);
    expect(created.json.indexing_token).toMatch(/^[0-9a-f]{32}$/);

    const view = await api.view("?name=v2_seq");
    expect(view.json).toMatchObject({ name: "v2_seq", display_name: "Seq", type: "CUSTOM_ID", nb_ids: 0 });
    expect(view.json.created).toMatch(RFC3339_Z);
    expect(view.json.updated).toMatch(RFC3339_Z);

    const updated = await api.update(
      {
        name: "v2_seq",
        ids: [
          ...adds(["c1", "c2"]),
          { action: "add", id: "c3", attributes: { plan: "pro" } },
          { action: "remove", id: "c1" },
        ],
      },
      pollsFirst(2),
    );
    expect(updated.status).toBe(202);
    const token = updated.json.indexing_token as string;
    const viewToken = () => api.view(`?name=v2_seq&indexing_token=${token}`);
    expect(await statesOf(viewToken, 2)).toEqual(["IN_PROGRESS", "IN_PROGRESS"]);
    expect((await viewToken()).json).toMatchObject({ indexing_state: "APPLIED", nb_ids: 2 });
    expect(members("v2_seq")).toEqual(
      new Map<string, unknown>([
        ["c2", {}],
        ["c3", { attributes: { plan: "pro" } }],
      ]),
    );

    const listed = await api.list("?limit=100");
    expect(listed.json.audiences.find((a: any) => a.name === "v2_seq")).toMatchObject({ nb_ids: 2, type: "CUSTOM_ID" });

    const replaced = await api.replace({
      name: "v2_seq",
      ids: [{ id: "n1", attributes: { "url(img)": "https://example.com/a.png" } }],
    });
    expect(replaced.status).toBe(202);
    expect(members("v2_seq")).toEqual(new Map([["n1", { attributes: { "url(img)": "https://example.com/a.png" } }]]));

    const removed = await api.remove({ name: "v2_seq" });
    expect(removed.status).toBe(202);
    expect(removed.json.indexing_token).toMatch(/^[0-9a-f]{32}$/);
    const gone = await api.view("?name=v2_seq");
    expect(gone.status).toBe(404);
    expect(gone.json.error_code).toBe("NOT_FOUND");
  });

  test("writes to an unknown audience are 400; create of a taken name is ENTITY_ALREADY_EXISTS", async () => {
    const api = v2For(emulator());
    for (const answer of [
      await api.update({ name: "nobody", ids: adds(["a"]) }),
      await api.replace({ name: "nobody", ids: [{ id: "a" }] }),
      await api.remove({ name: "nobody" }),
    ]) {
      expect(answer.status).toBe(400);
      expect(answer.json.error_code).toBe("MALFORMED_PARAMETER");
      expect(answer.json.error_message).toContain("nobody");
    }
    expect((await api.create({ name: "taken", type: "custom_ids" })).status).toBe(202);
    const again = await api.create({ name: "taken", type: "custom_ids" });
    expect(again.status).toBe(400);
    expect(again.json).toEqual({ error_code: "ENTITY_ALREADY_EXISTS", error_message: expect.any(String) });
  });

  test("a later replace turns earlier tokens REPLACED once it is applied", async () => {
    const api = v2For(emulator());
    await api.create({ name: "repl", type: "custom_ids" });
    const first = await api.update({ name: "repl", ids: adds(["a"]) });
    const stateOf = async (token: string) => (await api.view(`?name=repl&indexing_token=${token}`)).json.indexing_state;
    emulator().holdIndexing();
    let replace: Awaited<ReturnType<typeof api.replace>>;
    try {
      replace = await api.replace({ name: "repl", ids: [{ id: "b" }] });
      expect(await stateOf(replace.json.indexing_token)).toBe("IN_PROGRESS");
      expect(await stateOf(first.json.indexing_token)).toBe("APPLIED");
    } finally {
      emulator().releaseIndexing();
    }
    expect(await stateOf(first.json.indexing_token)).toBe("REPLACED");
    expect(await stateOf(replace.json.indexing_token)).toBe("APPLIED");
    const later = await api.update({ name: "repl", ids: adds(["c"]) });
    expect((await api.view(`?name=repl&indexing_token=${later.json.indexing_token}`)).json.indexing_state).toBe(
      "APPLIED",
    );
  });

  test("cursor pagination: count on the first page only, every audience once, newest first", async () => {
    const emu = await startEmulator();
    try {
      const api = v2For(emu);
      const names = Array.from({ length: 27 }, (_, i) => `cur_${String(i).padStart(2, "0")}`);
      for (const name of names) await api.create({ name, type: "custom_ids" });
      const seen: string[] = [];
      let query = "?limit=10";
      let pages = 0;
      for (;;) {
        const page = await api.list(query);
        expect(page.status).toBe(200);
        pages++;
        if (pages === 1) expect(page.json.count).toBe(27);
        else expect(page.json).not.toHaveProperty("count");
        seen.push(...page.json.audiences.map((a: any) => a.name));
        if (!page.json.has_more) {
          expect(page.json).not.toHaveProperty("next_from");
          break;
        }
        // Audiences created mid-walk are newer, so they never shift the rest of the walk.
        if (pages === 1) await api.create({ name: "created_mid_walk", type: "custom_ids" });
        query = `?limit=10&from=${encodeURIComponent(page.json.next_from)}`;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual([...names].reverse());
      for (const bad of ["?from=garbage", "?from=", "?limit=0", "?limit=101", "?limit=x"]) {
        const answer = await api.list(bad);
        expect(answer.status, bad).toBe(400);
        expect(answer.json.error_code, bad).toBe("MALFORMED_PARAMETER");
      }
      const empty = await v2(emu.urls["audience-2"], emu.credentials.restKey, "project_other").list();
      expect(empty.status).toBe(401);
    } finally {
      await emu.stop();
    }
  });

  test("view needs a valid name: MISSING_PARAMETER / MALFORMED_PARAMETER", async () => {
    const api = v2For(emulator());
    expect((await api.view("")).json.error_code).toBe("MISSING_PARAMETER");
    expect((await api.view("?name=bad%20name")).json.error_code).toBe("MALFORMED_PARAMETER");
    await api.create({ name: "tok", type: "custom_ids" });
    expect((await api.view("?name=tok&indexing_token=")).status).toBe(400);
    expect((await api.view("?name=tok&indexing_token=ffff")).json.error_code).toBe("MALFORMED_PARAMETER");
  });

  test("every 2.N version is served (the versions seen and others) and shares the project's audiences", async () => {
    const variable = parse(readFileSync("generated/audience-2/openapi.yaml", "utf8")).servers[0].variables.version;
    expect(V2_VERSIONS).toEqual(variable["x-batch-versions-seen"]);
    expect(variable.enum).toBeUndefined();
    expect(V2_VERSION_PATTERN.source).toBe(variable["x-batch-version-pattern"]);
    const emu = emulator();
    await v2For(emu).create({ name: "versions", type: "custom_ids" });
    for (const version of [...V2_VERSIONS, "2.12", "2.40"]) {
      const api = v2(`${emu.baseUrl}/${version}`, emu.credentials.restKey, emu.credentials.projectKey);
      expect((await api.view("?name=versions")).status, version).toBe(200);
    }
    for (const notTwoN of ["3.0", "2", "2.x", "v2.11"]) {
      const unknownVersion = await call(`${emu.baseUrl}/${notTwoN}/audiences/list`);
      expect(unknownVersion.status, notTwoN).toBe(404);
      expect(unknownVersion.json.error_code).toBe("ROUTE_NOT_FOUND");
    }
    const wrongMethod = await call(`${emu.urls["audience-2"]}/audiences/create`);
    expect(wrongMethod.status).toBe(404);
  });
});
