import { beforeEach, describe, expect, it } from "vitest";
import {
  BatchAlreadyExistsError,
  BatchAuthenticationError,
  BatchNotFoundError,
  BatchValidationError,
  createCustomAudienceClient,
} from "../../src/index.js";
import { type FakeBatch, fakeCustomAudience } from "../support/fake-batch.js";
import { useScriptedServer } from "../support/scripted-server.js";

const API_KEY = "app-key-ABC123";
const REST_KEY = "rest-key-XYZ789";
const fast = { baseDelayMs: 1, maxDelayMs: 5, rateLimitFloorMs: 0 };

const server = useScriptedServer();
let fake: FakeBatch;
beforeEach(() => {
  fake = fakeCustomAudience(API_KEY, REST_KEY);
  server.setHandler(fake.handler);
  server.requests.length = 0;
});

const client11 = () =>
  createCustomAudienceClient({ version: "1.1", apiKey: API_KEY, restKey: REST_KEY, baseUrl: server.url, ...fast });
const client10 = () =>
  createCustomAudienceClient({ version: "1.0", apiKey: API_KEY, restKey: REST_KEY, baseUrl: server.url, ...fast });

describe("custom audience 1.1 client", () => {
  it("creates, updates, replaces, views, lists and deletes through the high-level methods", async () => {
    const client = client11();
    const created = await client.create("fans", { description: "Fans" });
    expect(created.indexingToken).toMatch(/^tok/);
    const req = server.requests[0]!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe(`/1.1/${API_KEY}/custom-audience/fans`);
    expect(req.headers["x-authorization"]).toBe(REST_KEY);
    expect(req.json).toEqual({ type: "install_ids", description: "Fans" });

    const updated = await client.update("fans", [
      { action: "add", id: "i1", attributes: { age: 3, "date(seen)": "2024-01-02T03:04:05" }, tags: ["vip"] },
      { action: "add", id: "i2" },
      { action: "remove", id: "i1" },
    ]);
    expect(updated.indexingToken).toMatch(/^tok/);
    expect(server.requests.at(-1)!.method).toBe("PATCH");
    expect([...fake.audiences.get("fans")!.members.keys()]).toEqual(["i2"]);

    await client.replace("fans", [{ id: "i9", tags: ["a"] }]);
    expect(server.requests.at(-1)!.method).toBe("PUT");
    expect([...fake.audiences.get("fans")!.members.keys()]).toEqual(["i9"]);

    const view = await client.get("fans", { indexingToken: updated.indexingToken });
    expect(view).toMatchObject({ name: "fans", nb_ids: 1, indexing_state: "APPLIED" });
    expect(server.requests.at(-1)!.query.get("indexing_token")).toBe(updated.indexingToken);

    const page = await client.list({ limit: 5 });
    expect(page.map((a) => a.name)).toEqual(["fans"]);
    expect(server.requests.at(-1)!.url).toBe(`/1.1/${API_KEY}/custom-audience?limit=5`);

    await client.delete("fans");
    expect(server.requests.at(-1)!.method).toBe("DELETE");
    expect(fake.audiences.has("fans")).toBe(false);
  });

  it("exposes a raw openapi-fetch client with auth middleware and the app key filled in", async () => {
    const client = client11();
    await client.create("raw1", {});
    const { data, error, response } = await client.raw.GET("/1.1/{apiKey}/custom-audience/{audienceName}", {
      params: { path: { audienceName: "raw1" } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.name).toBe("raw1");
    // A path with no other parameter never reaches the path serializer: the middleware fills it in.
    const list = await client.raw.GET("/1.1/{apiKey}/custom-audience", {});
    expect(list.response.status).toBe(200);
    expect(server.requests.at(-1)!.path).toBe(`/1.1/${API_KEY}/custom-audience`);
    const missing = await client.raw.GET("/1.1/{apiKey}/custom-audience/{audienceName}", {
      params: { path: { audienceName: "nope" } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toEqual({ error_code: 20, error_message: "Audience nope not found" });
  });

  it("throws typed errors: already exists (not our own attempt), not found, authentication", async () => {
    const client = client11();
    await client.create("dup", {});
    const dup = await client.create("dup", {}).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(BatchAlreadyExistsError);
    expect((dup as BatchAlreadyExistsError).mayBeOwnEarlierAttempt).toBe(false);
    expect((dup as BatchAlreadyExistsError).errorCode).toBe(33);
    expect((dup as BatchAlreadyExistsError).errorName).toBe("ENTITY_ALREADY_EXISTS");

    const missing = await client.get("ghost").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(BatchNotFoundError);
    expect((missing as BatchNotFoundError).operation.operationId).toBe("getAudience");
    expect((missing as BatchNotFoundError).operation.url).toContain("/1.1/[REDACTED]/custom-audience/ghost");

    const wrong = createCustomAudienceClient({
      version: "1.1",
      apiKey: API_KEY,
      restKey: "bad",
      baseUrl: server.url,
      ...fast,
    });
    const auth = await wrong.list().catch((e: unknown) => e);
    expect(auth).toBeInstanceOf(BatchAuthenticationError);
    expect(server.requests.filter((r) => r.headers["x-authorization"] === "bad")).toHaveLength(1);
  });

  it("flags an already-exists answer that may be its own earlier attempt lost to a reset", async () => {
    const client = client11();
    await client.create("lost", {});
    server.requests.length = 0;
    server.enqueue({ reset: true });
    const error = await client.create("lost", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchAlreadyExistsError);
    expect((error as BatchAlreadyExistsError).mayBeOwnEarlierAttempt).toBe(true);
    expect((error as BatchAlreadyExistsError).attempts).toBe(2);
  });

  it("validates before sending anything", async () => {
    const client = client11();
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => client.create("bad name", {}), "audienceName"],
      [() => client.create("x".repeat(256), {}), "audienceName"],
      [() => client.update("ok", []), "ids.length"],
      [() => client.update("ok", [{ action: "remove", id: "a", tags: ["t"] } as never]), "ids[0].tags"],
      [() => client.update("ok", [{ action: "add", id: "a", tags: ["UPPER"] }]), "ids[0].tags[0]"],
      [() => client.replace("ok", [{ id: "" }]), "ids[0].id"],
      [() => client.list({ limit: 101 }), "limit"],
      [() => client.list({ from: -1 }), "from"],
    ];
    for (const [call, field] of cases) {
      const error = await call().catch((e: unknown) => e);
      expect(error, field).toBeInstanceOf(BatchValidationError);
      expect((error as BatchValidationError).field).toBe(field);
    }
    expect(server.requests).toHaveLength(0);
  });

  it("refuses more than 10,000 IDs in one update call", async () => {
    const client = client11();
    const ids = Array.from({ length: 10_001 }, (_, i) => ({ action: "add" as const, id: `i${i}` }));
    const error = await client.update("big", ids).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchValidationError);
    expect((error as BatchValidationError).value).toBe("10001");
    expect(server.requests).toHaveLength(0);
  });
});

describe("custom audience 1.0 client", () => {
  it("sends type in create and update bodies and has no replace", async () => {
    const client = client10();
    await client.create("legacy", { type: "custom_ids" });
    await client.update("legacy", [{ action: "add", id: "u1" }], { type: "custom_ids" });
    expect(server.requests.map((r) => r.path)).toEqual([
      `/1.0/${API_KEY}/custom-audience/legacy`,
      `/1.0/${API_KEY}/custom-audience/legacy`,
    ]);
    expect(server.requests[1]!.json).toEqual({ type: "custom_ids", ids: [{ action: "add", id: "u1" }] });
    expect("replace" in client).toBe(false);
    const error = await client
      .update("legacy", [{ action: "add", id: "u1", attributes: { a: 1 } } as never], { type: "custom_ids" })
      .catch((e: unknown) => e);
    expect((error as BatchValidationError).field).toBe("ids[0].attributes");
  });

  it("accepts the documented 200 {} create answer (no indexing token)", async () => {
    server.enqueue({ status: 200, json: {} });
    const result = await client10().create("old", { type: "advertising_ids" });
    expect(result.indexingToken).toBeUndefined();
  });
});
