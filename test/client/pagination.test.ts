import { describe, expect, it } from "vitest";
import { BatchPaginationError, createAudienceClient, createCustomAudienceClient } from "../../src/index.js";
import { fakeAudienceApi, fakeCustomAudience } from "../support/fake-batch.js";
import { useScriptedServer } from "../support/scripted-server.js";

const server = useScriptedServer();

const opts = { baseUrl: "", baseDelayMs: 1, maxDelayMs: 2, rateLimitFloorMs: 0 };

describe("1.x offset pagination", () => {
  const setup = async (count: number) => {
    const fake = fakeCustomAudience("ak", "rk");
    server.setHandler(fake.handler);
    const c = createCustomAudienceClient({ version: "1.1", apiKey: "ak", restKey: "rk", ...opts, baseUrl: server.url });
    for (let i = 0; i < count; i++) await c.create(`a${i}`);
    server.requests.length = 0;
    return c;
  };

  it("walks every page with from/limit and stops on the short page", async () => {
    const c = await setup(7);
    const names: string[] = [];
    for await (const a of c.iterate({ pageSize: 3 })) names.push(a.name);
    expect(names).toEqual(["a6", "a5", "a4", "a3", "a2", "a1", "a0"]);
    expect(server.requests.map((r) => r.url.split("?")[1])).toEqual([
      "from=0&limit=3",
      "from=3&limit=3",
      "from=6&limit=3",
    ]);
  });

  it("stops on an empty page after a full one", async () => {
    const c = await setup(4);
    const pages: number[] = [];
    for await (const p of c.listPages({ pageSize: 2 })) pages.push(p.length);
    expect(pages).toEqual([2, 2]);
    expect(server.requests).toHaveLength(3);
  });

  it("throws instead of looping when the server ignores from", async () => {
    const c = await setup(0);
    server.setHandler(() => ({ json: { custom_audiences: [{ name: "x" }, { name: "y" }] } }));
    const seen: string[] = [];
    const error = await (async () => {
      for await (const a of c.iterate({ pageSize: 2 })) seen.push(a.name);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchPaginationError);
    expect(seen).toEqual(["x", "y"]);
  });
});

describe("2.x cursor pagination", () => {
  const client = () =>
    createAudienceClient({ restKey: "rk", projectKey: "pk", ...opts, baseUrl: `${server.url}/2.11` });

  it("follows next_from until has_more is false, keeping count from the first page", async () => {
    const fake = fakeAudienceApi("rk", "pk");
    server.setHandler(fake.handler);
    const c = client();
    for (let i = 0; i < 5; i++) await c.create(`b${i}`);
    server.requests.length = 0;
    const pages = [];
    for await (const p of c.listPages({ pageSize: 2 })) pages.push(p);
    expect(pages.map((p) => p.items.map((a) => a.name))).toEqual([["b0", "b1"], ["b2", "b3"], ["b4"]]);
    expect(pages.map((p) => p.count)).toEqual([5, undefined, undefined]);
    expect(server.requests.map((r) => r.query.get("from"))).toEqual([null, "c2", "c4"]);
  });

  it("throws on a repeated cursor", async () => {
    server.setHandler(() => ({ json: { audiences: [{ name: "z" }], has_more: true, next_from: "same" } }));
    const error = await (async () => {
      for await (const _ of client().iterate()) void _;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchPaginationError);
    expect(server.requests).toHaveLength(2);
  });

  it("throws when has_more comes without a cursor", async () => {
    server.setHandler(() => ({ json: { audiences: [{ name: "z" }], has_more: true } }));
    const error = await (async () => {
      for await (const _ of client().iterate()) void _;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchPaginationError);
  });

  it("stops on an empty page even if has_more lies", async () => {
    server.setHandler(() => ({ json: { audiences: [], has_more: true, next_from: "n" } }));
    const pages = [];
    for await (const p of client().listPages()) pages.push(p);
    expect(pages).toHaveLength(1);
  });
});
