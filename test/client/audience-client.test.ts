import { beforeEach, describe, expect, it } from "vitest";
import {
  BatchAlreadyExistsError,
  BatchAuthenticationError,
  BatchBadRequestError,
  BatchNotFoundError,
  BatchValidationError,
  createAudienceClient,
} from "../../src/index.js";
import { type FakeBatch, fakeAudienceApi } from "../support/fake-batch.js";
import { useScriptedServer } from "../support/scripted-server.js";

const REST_KEY = "rest-2x-SECRET";
const PROJECT_KEY = "project_0664hxvwffvbpn278gxdyhsadddqgna6";
const fast = { baseDelayMs: 1, maxDelayMs: 5 };

const server = useScriptedServer();
let fake: FakeBatch;
beforeEach(() => {
  fake = fakeAudienceApi(REST_KEY, PROJECT_KEY);
  server.setHandler(fake.handler);
  server.requests.length = 0;
});

const client = () =>
  createAudienceClient({ restKey: REST_KEY, projectKey: PROJECT_KEY, baseUrl: `${server.url}/2.11`, ...fast });

describe("audience 2.x client", () => {
  it("sends bearer auth and the project header, and maps every write to its route", async () => {
    const c = client();
    const created = await c.create("aud", { displayName: "My audience" });
    expect(created.indexingToken).toMatch(/^tok/);
    const first = server.requests[0]!;
    expect(first.path).toBe("/2.11/audiences/create");
    expect(first.headers.authorization).toBe(`Bearer ${REST_KEY}`);
    expect(first.headers["x-batch-project"]).toBe(PROJECT_KEY);
    expect(first.json).toEqual({ name: "aud", type: "custom_ids", display_name: "My audience" });

    await c.update("aud", [
      {
        action: "add",
        id: "c1",
        attributes: { "date(last)": "2024-01-01T00:00:00Z", "url(pic)": "https://x.io/a.png" },
      },
      { action: "add", id: "c2" },
    ]);
    await c.replace("aud", [{ id: "c3" }]);
    expect([...fake.audiences.get("aud")!.members.keys()]).toEqual(["c3"]);
    const view = await c.get("aud");
    expect(view).toMatchObject({ name: "aud", nb_ids: 1, indexing_state: "APPLIED" });
    expect(server.requests.at(-1)!.url).toBe("/2.11/audiences/view?name=aud");
    const removed = await c.delete("aud");
    expect(removed.indexingToken).toMatch(/^tok/);
    expect(server.requests.map((r) => r.path)).toEqual([
      "/2.11/audiences/create",
      "/2.11/audiences/update",
      "/2.11/audiences/replace",
      "/2.11/audiences/view",
      "/2.11/audiences/remove",
    ]);
  });

  it("defaults to https://api.batch.com/2.11 and lets a version be chosen", async () => {
    const seen: string[] = [];
    const stub = async (input: Request | string | URL): Promise<Response> => {
      seen.push(String(input instanceof Request ? input.url : input));
      return new Response(JSON.stringify({ indexing_token: "t" }), {
        status: 202,
        headers: { "content-type": "application/json" },
      });
    };
    await createAudienceClient({ restKey: REST_KEY, projectKey: PROJECT_KEY, fetch: stub }).create("a");
    await createAudienceClient({ restKey: REST_KEY, projectKey: PROJECT_KEY, version: "2.8", fetch: stub }).create("a");
    expect(seen).toEqual(["https://api.batch.com/2.11/audiences/create", "https://api.batch.com/2.8/audiences/create"]);
    expect(() => createAudienceClient({ restKey: REST_KEY, projectKey: PROJECT_KEY, version: "3" })).toThrow(
      BatchValidationError,
    );
  });

  it("raw calls need no project header at the call site", async () => {
    const c = client();
    await c.create("r1");
    const { data, response } = await c.raw.GET("/audiences/view", { params: { query: { name: "r1" } } });
    expect(response.status).toBe(200);
    expect(data?.indexing_state).toBe("APPLIED");
    expect(server.requests.at(-1)!.headers["x-batch-project"]).toBe(PROJECT_KEY);
  });

  it("maps duplicate names to BatchAlreadyExistsError, by code or by message", async () => {
    const c = client();
    await c.create("twice");
    const byCode = await c.create("twice").catch((e: unknown) => e);
    expect(byCode).toBeInstanceOf(BatchAlreadyExistsError);
    expect((byCode as BatchAlreadyExistsError).errorCode).toBe("ENTITY_ALREADY_EXISTS");
    server.enqueue({ status: 400, json: { error_code: "INVALID", error_message: "Audience twice already exists" } });
    const byMessage = await c.create("twice").catch((e: unknown) => e);
    expect(byMessage).toBeInstanceOf(BatchAlreadyExistsError);
    expect((byMessage as BatchAlreadyExistsError).mayBeOwnEarlierAttempt).toBe(false);
  });

  it("flags already-exists after a 5xx attempt as possibly its own", async () => {
    const c = client();
    await c.create("maybe");
    server.enqueue({ status: 502, body: "<html>bad gateway</html>", headers: { "content-type": "text/html" } });
    const error = await c.create("maybe").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchAlreadyExistsError);
    expect((error as BatchAlreadyExistsError).mayBeOwnEarlierAttempt).toBe(true);
  });

  it("names the offending field of a 400 when the message does", async () => {
    server.enqueue({
      status: 400,
      json: { error_code: "MALFORMED_PARAMETER", error_message: "Malformed parameter: ids[3].attributes" },
    });
    const error = await client()
      .update("a", [{ action: "add", id: "x" }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchBadRequestError);
    expect((error as BatchBadRequestError).field).toBe("ids[3].attributes");
  });

  it("throws typed errors for unknown audiences and bad keys", async () => {
    expect(
      await client()
        .get("none")
        .catch((e: unknown) => e),
    ).toBeInstanceOf(BatchNotFoundError);
    const bad = createAudienceClient({
      restKey: "nope",
      projectKey: PROJECT_KEY,
      baseUrl: `${server.url}/2.11`,
      ...fast,
    });
    expect(await bad.list().catch((e: unknown) => e)).toBeInstanceOf(BatchAuthenticationError);
  });

  it("validates 2.x-specific rules before sending", async () => {
    const c = client();
    // The spec lets a date omit its zone; a day that does not exist is refused (RFC 3339).
    const noSuchDay = await c
      .update("a", [{ action: "add", id: "x", attributes: { "date(d)": "2024-02-30T00:00:00" } }])
      .catch((e: unknown) => e);
    expect((noSuchDay as BatchValidationError).field).toBe("ids[0].attributes.date(d)");
    const tags = await c.replace("a", [{ id: "x", tags: ["t"] } as never]).catch((e: unknown) => e);
    expect((tags as BatchValidationError).field).toBe("ids[0].tags");
    const name = await c.create("with space").catch((e: unknown) => e);
    expect((name as BatchValidationError).field).toBe("name");
    expect(server.requests).toHaveLength(0);
  });
});
