import { describe, expectTypeOf, it } from "vitest";
import {
  type Audience,
  type AudiencePage,
  type BulkResult,
  type CustomAudience,
  type CustomAudienceSummary,
  createAudienceClient,
  createCustomAudienceClient,
  type IndexingOutcome,
} from "../../src/index.js";

const c11 = createCustomAudienceClient({ version: "1.1", apiKey: "a", restKey: "r" });
const c10 = createCustomAudienceClient({ version: "1.0", apiKey: "a", restKey: "r" });
const c2 = createAudienceClient({ restKey: "r", projectKey: "p" });

describe("high-level methods", () => {
  it("return the generated shapes", () => {
    expectTypeOf(c11.get("a")).resolves.toEqualTypeOf<CustomAudience<"1.1">>();
    expectTypeOf(c10.list()).resolves.toEqualTypeOf<CustomAudienceSummary<"1.0">[]>();
    expectTypeOf(c2.get("a")).resolves.toEqualTypeOf<Audience>();
    expectTypeOf(c2.list()).resolves.toEqualTypeOf<AudiencePage>();
    expectTypeOf(c2.bulkUpdate("a", ["x"])).resolves.toEqualTypeOf<BulkResult>();
    expectTypeOf(c2.waitForIndexing("a", "t")).resolves.toEqualTypeOf<IndexingOutcome<Audience>>();
    expectTypeOf<CustomAudience<"1.1">["indexing_state"]>().toEqualTypeOf<"IN_PROGRESS" | "APPLIED">();
    expectTypeOf<Audience["indexing_state"]>().toEqualTypeOf<"APPLIED" | "IN_PROGRESS" | "REPLACED">();
  });

  it("reject wrong version-specific calls", () => {
    // @ts-expect-error 1.0 create must name the audience type
    void c10.create("a");
    // @ts-expect-error 1.0 has custom_ids / advertising_ids, not install_ids
    void c10.create("a", { type: "install_ids" });
    // @ts-expect-error 1.0 has no replace
    void c10.replace("a", [{ id: "x" }]);
    // @ts-expect-error 1.0 update items carry no attributes
    void c10.update("a", [{ action: "add", id: "x", attributes: { a: 1 } }], { type: "custom_ids" });
    // @ts-expect-error 1.x update items need an action
    void c11.update("a", [{ id: "x" }]);
    // @ts-expect-error remove operations carry no attributes
    void c2.update("a", [{ action: "remove", id: "x", attributes: { a: 1 } }]);
    // @ts-expect-error 2.x has no tags
    void c2.replace("a", [{ id: "x", tags: ["t"] }]);
    // @ts-expect-error 2.x list cursors are strings
    void c2.list({ from: 3 });
    void c11.update("a", [{ action: "add", id: "x", tags: ["t"], attributes: { "date(d)": "2024-01-01T00:00:00" } }]);
  });
});

describe("raw clients", () => {
  it("type paths, params and bodies from the generated specs", async () => {
    const ok = await c11.raw.GET("/1.1/{apiKey}/custom-audience/{audienceName}", {
      params: { path: { audienceName: "a" }, query: { indexing_token: "t" } },
    });
    expectTypeOf(ok.data).toEqualTypeOf<CustomAudience<"1.1"> | undefined>();
    await c11.raw.GET("/1.1/{apiKey}/custom-audience", { params: { query: { limit: 10 } } });
    await c2.raw.POST("/audiences/update", { body: { name: "a", ids: [{ action: "add", id: "x" }] } });
    const view = await c2.raw.GET("/audiences/view", { params: { query: { name: "a" } } });
    expectTypeOf(view.data).toEqualTypeOf<Audience | undefined>();

    // @ts-expect-error unknown path
    await c11.raw.GET("/1.1/{apiKey}/custom-audiences");
    // @ts-expect-error a 1.0 path on the 1.1 client
    await c11.raw.GET("/1.0/{apiKey}/custom-audience");
    const replaceBody = { params: { path: { audienceName: "a" } }, body: { ids: [] } };
    // @ts-expect-error PUT replace does not exist on 1.0
    await c10.raw.PUT("/1.0/{apiKey}/custom-audience/{audienceName}", replaceBody);
    const withApiKey = { params: { path: { audienceName: "a", apiKey: "k" } } };
    // @ts-expect-error the client fills in apiKey; passing it is refused
    await c11.raw.DELETE("/1.1/{apiKey}/custom-audience/{audienceName}", withApiKey);
    // @ts-expect-error audienceName is required
    await c11.raw.DELETE("/1.1/{apiKey}/custom-audience/{audienceName}", { params: { path: {} } });
    await c11.raw.POST("/1.1/{apiKey}/custom-audience/{audienceName}", {
      params: { path: { audienceName: "a" } },
      // @ts-expect-error 1.1 audiences are install_ids
      body: { type: "custom_ids" },
    });
    // @ts-expect-error view needs the name query parameter
    await c2.raw.GET("/audiences/view", {});
    // @ts-expect-error 2.x writes are POST
    await c2.raw.PATCH("/audiences/update", { body: { name: "a", ids: [] } });
    await c2.raw.POST("/audiences/update", {
      // @ts-expect-error unknown action
      body: { name: "a", ids: [{ action: "toggle", id: "x" }] },
    });
    // @ts-expect-error list limit is a number
    await c2.raw.GET("/audiences/list", { params: { query: { limit: "10" } } });
  });
});
